"""Marshmallow schemas: they validate API input and generate the OpenAPI document."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from catalog.models import Product, ProductImage
from storefront.i18n import rupiah
from storefront.templating import media_url
from storefront.urls import public_url

SLUG = validate.Regexp(r"^[a-z0-9-]{1,160}$", error="Not a valid slug.")


class ProductQuerySchema(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=100),
        metadata={"description": "Words to find in name, description or producer."},
    )
    category = fields.String(validate=SLUG, metadata={"description": "Category slug."})
    kecamatan = fields.String(validate=SLUG, metadata={"description": "Kecamatan slug."})
    gallery = fields.String(validate=SLUG, metadata={"description": "Gallery slug."})
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


class ProductPageSchema(Schema):
    items = fields.List(fields.Nested(ProductSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


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
