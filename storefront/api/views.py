"""Read endpoints of the JSON API: products and galleries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import flask_smorest
from flask import Flask
from flask.views import MethodView
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from catalog import db
from catalog import queries as q
from catalog.db import MAX_ID
from catalog.models import Gallery, Product
from catalog.search import Found, SearchQuery, Sort, find, load
from storefront import cache
from storefront.api import schemas
from storefront.api.schemas import ApiErrorSchema
from storefront.extensions import api, csrf

# flask_smorest ships no types: this is its ``abort`` as it behaves. It always raises (an
# HTTPException whose ``data`` carries the message), so the type checker may treat what
# follows a call as unreachable, as it does after Flask's own ``abort``.
abort: Callable[..., NoReturn] = flask_smorest.abort


class Parser(FlaskParser):
    """Invalid query parameters are a client error: 400, not webargs' default 422."""

    DEFAULT_VALIDATION_STATUS = 400


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = Parser()


blp = Blueprint(
    "api", __name__, url_prefix="/api/v1", description="Products and galleries of Gerai."
)


@blp.route("/products")
class Products(MethodView):
    @blp.arguments(schemas.ProductQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, schemas.ProductPageSchema)
    @blp.alt_response(400, schema=ApiErrorSchema, description="Invalid query parameters.")
    def get(self, page: int, per_page: int, sort: str, **filters: Any) -> dict[str, object]:
        """Search and page through the products shoppers can see, with the counts of every
        filter value and a corrected query when words were mistyped; the shop's search."""
        query = SearchQuery(sort=Sort(sort), **filters)
        matched = cache.cached(
            "api-products",
            (query, page, per_page),
            lambda: find(db.session, query, page, per_page, memo=cache.memo),
            Found,
        )
        results, counted = load(db.session, matched)
        found = results.page
        return {
            "items": found.items,
            "page": found.page,
            "per_page": found.per_page,
            "total": found.total,
            "pages": found.pages,
            "facets": counted,
            "suggestion": results.suggestion,
        }


PRODUCT_ID = {
    "in": "path",
    "name": "product_id",
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
}


@blp.route("/products/<int:product_id>", parameters=[PRODUCT_ID])
class ProductDetail(MethodView):
    @blp.response(200, schemas.ProductSchema)
    @blp.alt_response(404, schema=ApiErrorSchema, description="No such product (on sale).")
    def get(self, product_id: int) -> Product:
        """One product, with its photos, producer and gallery."""
        return q.get_product(db.session, product_id=product_id)


@blp.route("/galleries")
class Galleries(MethodView):
    @blp.arguments(schemas.GalleryQuerySchema, location="query", as_kwargs=True)
    @blp.response(200, schemas.GalleryListSchema)
    @blp.alt_response(400, schema=ApiErrorSchema, description="Invalid query parameters.")
    @blp.alt_response(404, schema=ApiErrorSchema, description="No such kecamatan.")
    def get(self, kecamatan: str | None = None) -> dict[str, Sequence[Gallery]]:
        """The open galleries, optionally of one kecamatan."""
        place = q.get_kecamatan(db.session, kecamatan) if kecamatan else None
        return {"items": q.galleries_in(db.session, place)}


def register_api(app: Flask) -> None:
    from storefront.api.courier import blp as courier_blp
    from storefront.api.order_schemas import ORDER_CREATE_RULES, OrderCreateSchema
    from storefront.api.orders import blp as orders_blp

    # Every answer is documented with its own status and schema: no catch-all "default".
    api.DEFAULT_ERROR_RESPONSE_NAME = None
    # A rule across fields, which the generated schema cannot state by itself.
    api.spec.components.schema("OrderCreate", ORDER_CREATE_RULES, schema=OrderCreateSchema)
    for blueprint in (blp, orders_blp, courier_blp):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
