"""Orders through the JSON API, for a mobile client: the same rules and errors as the web."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_babel import gettext as _

from catalog import db
from catalog.exceptions import NotFound
from orders import checkout as co
from orders import lookup
from orders.exceptions import CheckoutInvalid, OutOfStock, PricesChanged
from orders.models import DeliveryMethod, Order, PaymentMethod
from storefront.api import order_schemas as schemas
from storefront.api.schemas import RETRY_AFTER, ApiErrorSchema
from storefront.api.views import Blueprint, abort
from storefront.extensions import limiter
from storefront.shop import order_hooks

blp = Blueprint(
    "api_orders", __name__, url_prefix="/api/v1", description="Placing and following orders."
)

# Refusals that depend on what the catalog holds or how the site is set up (card payments), not
# on the request's form (which the schema states, so a schema-valid request never meets the
# others): 409, like a sold-out product.
CATALOG_CONFLICTS = frozenset({"delivery", "kelurahan_id", "payment_method"})
ORDER_CODE = {
    "in": "path",
    "name": "code",
    "description": "The order's code, e.g. GR-7K3F9Q.",
    "schema": {"type": "string", "minLength": 1, "pattern": "^[^/\\x00-\\x1f\\x7f]+$"},
}


def _request(data: dict[str, Any]) -> co.CheckoutRequest:
    customer = data["customer"]
    return co.CheckoutRequest(
        customer=co.Customer(
            name=customer["name"],
            phone=customer["phone"],
            email=customer.get("email"),
            address=customer.get("address", ""),
            kelurahan_id=customer.get("kelurahan_id"),
            lat=customer.get("lat"),
            lng=customer.get("lng"),
        ),
        lines=[
            co.LineRequest(line["product_id"], line["quantity"], line.get("expected_price"))
            for line in data["lines"]
        ],
        choices={
            choice["gallery_id"]: co.GalleryChoice(
                DeliveryMethod(choice["method"]), choice.get("note", "")
            )
            for choice in data.get("deliveries", [])
        },
        payment_method=PaymentMethod(data["payment_method"]),
    )


@blp.route("/orders")
class Orders(MethodView):
    # the same per-IP limit as the web checkout: placing an order takes stock at once
    decorators = [limiter.limit("30 per minute", methods=["POST"])]

    @blp.arguments(schemas.OrderCreateSchema)
    @blp.response(201, schemas.OrderCreatedSchema)
    @blp.alt_response(
        400,
        schema=ApiErrorSchema,
        description="Not what the schema states (`errors` says where), not JSON, or text with "
        "control characters.",
    )
    @blp.alt_response(
        409,
        schema=ApiErrorSchema,
        description="The catalog refuses it: a product is not sold, short or its price changed; "
        "a gallery of the order has no delivery choice or does not deliver that far "
        "(`field`: `delivery`); no such kelurahan (`field`: `kelurahan_id`); or `card` while "
        "card payments are not available, or for a total too large for a card "
        "(`field`: `payment_method`): choose `cod`.",
    )
    @blp.alt_response(413, schema=ApiErrorSchema, description="The body is too large.")
    @blp.alt_response(
        429,
        schema=ApiErrorSchema,
        headers=RETRY_AFTER,
        description="More than 30 orders a minute from one address.",
    )
    def post(self, data: dict[str, Any]) -> dict[str, object]:
        """Place an order (cash on delivery, or card: then follow `payment_url`)."""
        try:
            order = order_hooks.place(_request(data))
        except CheckoutInvalid as refusal:
            status = 409 if refusal.field in CATALOG_CONFLICTS else 400
            abort(status, message=_(refusal.message, **refusal.params), field=refusal.field)
        except (OutOfStock, PricesChanged) as refusal:
            abort(409, message=_(refusal.message, **refusal.params))
        payment_url = None
        if order.payment_method == PaymentMethod.CARD:
            payment_url = order_hooks.card_payment_url(order)
        return {"order": order, "token": order.access_token, "payment_url": payment_url}


@blp.route("/orders/<code>", parameters=[ORDER_CODE])
class OrderDetail(MethodView):
    @blp.arguments(schemas.OrderTokenSchema, location="query", as_kwargs=True)
    @blp.response(200, schemas.OrderSchema)
    @blp.alt_response(
        400, schema=ApiErrorSchema, description="No token, or text with control characters."
    )
    @blp.alt_response(
        404, schema=ApiErrorSchema, description="No such order, or the token does not match."
    )
    def get(self, code: str, token: str) -> Order:
        """An order's state, shipments and timeline, for the holder of its token."""
        try:
            return lookup.visible_order(db.session, code, token=token)
        except NotFound:
            abort(404, message="Order not found.")
