"""Marshmallow schemas: they validate API input and generate the OpenAPI document."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from catalog.models import Product, ProductImage
from catalog.search import Sort
from catalog.search.engine import MAX_PRICE
from storefront.i18n import rupiah
from storefront.templating import media_url
from storefront.urls import public_url

SLUG = validate.Regexp(r"^[a-z0-9-]{1,160}$", error="Not a valid slug.")
# What storefront/hostile.py refuses in any text the API reads, before a view runs: control
# characters other than tab, LF and CR. Stated on every text field (and enforced there too).
NO_CONTROL = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
TEXT_RULE = "No control characters other than tab, LF and CR."


def text(*, min_length: int = 0, max_length: int, **kwargs: Any) -> fields.String:
    """A text field of ``min_length`` to ``max_length`` characters without control characters;
    the pattern carries the lengths too, so generated examples keep to them."""
    rules = [
        validate.Length(min=min_length, max=max_length),
        validate.Regexp(f"^{NO_CONTROL}{{{min_length},{max_length}}}$", error=TEXT_RULE),
    ]
    return fields.String(validate=rules, **kwargs)


class StrictInteger(fields.Integer):
    """A JSON integer: not a string of digits, not 1.0 (marshmallow refuses booleans already)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)


class StrictFloat(fields.Float):
    """A JSON number: not a string of digits, not a boolean."""

    def _validated(self, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class ApiErrorSchema(Schema):
    """Every refusal of the API (storefront/errors.py renders it)."""

    code = fields.Integer(required=True, metadata={"description": "The HTTP status."})
    status = fields.String(required=True, metadata={"example": "Bad Request"})
    message = fields.String(required=True, metadata={"description": "What is wrong, in words."})
    errors = fields.Dict(
        metadata={"description": "Input validation: what is wrong, by location and field."}
    )
    field = fields.String(
        metadata={"description": "The field a business rule refused (e.g. `phone`)."}
    )


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until the rate limit's window ends.",
        "schema": {"type": "integer", "minimum": 1},
        "required": True,
    }
}


PRICE = validate.Range(min=0, max=MAX_PRICE)
SORTS = [s.value for s in Sort if s is not Sort.NEAREST]


class ProductQuerySchema(Schema):
    q = text(
        load_default="",
        max_length=100,
        metadata={
            "description": (
                "What a shopper typed, read as the shop's search reads it: in the name, "
                "description, category, producer or gallery; spelling variants, synonyms, "
                "word starts and small typos are understood."
            )
        },
    )
    category = fields.String(validate=SLUG, metadata={"description": "Category slug."})
    kecamatan = fields.String(validate=SLUG, metadata={"description": "Kecamatan slug."})
    gallery = fields.String(validate=SLUG, metadata={"description": "Gallery slug."})
    min_price = fields.Integer(
        validate=PRICE,
        metadata={
            "description": "Lowest price, whole rupiah (a range given the wrong way "
            "round is turned around)."
        },
    )
    max_price = fields.Integer(validate=PRICE, metadata={"description": "Highest price."})
    in_stock = fields.Boolean(
        load_default=False, metadata={"description": "Only products in stock."}
    )
    halal = fields.Boolean(load_default=False, metadata={"description": "Only halal products."})
    sort = fields.String(
        load_default=Sort.RELEVANCE.value,
        validate=validate.OneOf(SORTS),
        metadata={
            "description": "Order: relevance (best match, in stock first; without `q`, in "
            "stock and popular first), price_low, price_high or newest."
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=24, validate=validate.Range(min=1, max=100))


class GalleryQuerySchema(Schema):
    kecamatan = fields.String(validate=SLUG, metadata={"description": "Kecamatan slug."})


class SlugNamedSchema(Schema):
    """What every public row shows first: its slug (the URL's) and its name. A base only:
    the document names the schemas built on it, never this one."""

    slug = fields.String()
    name = fields.String()


class KecamatanRefSchema(SlugNamedSchema):
    """A kecamatan named in another row."""


class CategoryRefSchema(SlugNamedSchema):
    name_en = fields.String()


class GalleryRefSchema(SlugNamedSchema):
    kecamatan = fields.Nested(KecamatanRefSchema)


class NumberedSchema(Schema):
    """A row shown in full: its id, then its slug and name."""

    id = fields.Integer()
    slug = fields.String()
    name = fields.String()


class ProducerSchema(Schema):
    business_name = fields.String()
    owner_name = fields.String()


class ImageSchema(Schema):
    alt = fields.String()
    width = fields.Integer()
    height = fields.Integer()
    urls = fields.Method("variant_urls", metadata={"description": "Variant URL by width."})

    def variant_urls(self, image: ProductImage) -> dict[str, str]:
        return {str(w): media_url(image, w) for w in sorted(image.variant_widths)}


class ProductSchema(NumberedSchema):
    description = fields.String()
    price = fields.Integer(metadata={"description": "Whole rupiah."})
    price_display = fields.Method("display_price", metadata={"example": "Rp 25.000"})
    unit = fields.String()
    weight_g = fields.Integer()
    stock = fields.Integer()
    in_stock = fields.Boolean()
    is_halal = fields.Boolean()
    pirt_number = fields.String(allow_none=True)
    category = fields.Nested(CategoryRefSchema)
    gallery = fields.Nested(GalleryRefSchema)
    producer = fields.Nested(ProducerSchema, attribute="member")
    images = fields.List(fields.Nested(ImageSchema))
    url = fields.Method("page_url", metadata={"description": "The shopper's page."})

    def display_price(self, product: Product) -> str:
        return rupiah(product.price)

    def page_url(self, product: Product) -> str:
        return public_url("shop.product", slug=product.slug)


class FacetValueSchema(Schema):
    key = fields.String(metadata={"description": "The value to pass as the filter (a slug)."})
    label = fields.String(metadata={"description": "Its name (Indonesian)."})
    count = fields.Integer(
        metadata={"description": "Products it would show, under the other filters."}
    )
    chosen = fields.Boolean(metadata={"description": "Whether the request filters by it."})


class FacetsSchema(Schema):
    """Counts for every filter value, each facet under the request's other filters."""

    categories = fields.List(fields.Nested(FacetValueSchema))
    kecamatan = fields.List(fields.Nested(FacetValueSchema))
    galleries = fields.List(fields.Nested(FacetValueSchema))
    in_stock = fields.Integer(metadata={"description": "Products in stock."})
    halal = fields.Integer(metadata={"description": "Halal products."})
    price_low = fields.Integer(
        allow_none=True, metadata={"description": "The lowest price among the matches."}
    )
    price_high = fields.Integer(
        allow_none=True, metadata={"description": "The highest price among the matches."}
    )


class ProductPageSchema(Schema):
    items = fields.List(fields.Nested(ProductSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()
    facets = fields.Nested(FacetsSchema)
    suggestion = fields.String(
        allow_none=True,
        metadata={
            "description": 'The query with its mistyped words corrected ("did you mean"), or null.',
            "example": "batik tulis",
        },
    )


class GallerySchema(NumberedSchema):
    cooperative = fields.Function(lambda g: g.cooperative.name)
    kecamatan = fields.Nested(KecamatanRefSchema)
    address = fields.String()
    lat = fields.Float()
    lng = fields.Float()
    opening_hours = fields.String()
    whatsapp = fields.String()
    description = fields.String()
    url = fields.Function(lambda g: public_url("shop.gallery", slug=g.slug))


class GalleryListSchema(Schema):
    items = fields.List(fields.Nested(GallerySchema))
