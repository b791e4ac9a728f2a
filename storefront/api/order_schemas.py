"""Schemas of the orders API (input validation and the generated OpenAPI document)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from catalog.db import MAX_ID
from orders.checkout import MAX_LINES, MAX_QUANTITY
from storefront.i18n import rupiah


class CustomerSchema(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    phone = fields.String(
        required=True,
        validate=validate.Length(min=6, max=30),
        metadata={"example": "0812-3456-7890"},
    )
    email = fields.Email(load_default=None, allow_none=True)
    address = fields.String(load_default="", validate=validate.Length(max=255))
    kelurahan_id = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    lat = fields.Float(load_default=None, allow_none=True, validate=validate.Range(-11, 6))
    lng = fields.Float(load_default=None, allow_none=True, validate=validate.Range(95, 141))


class LineInputSchema(Schema):
    product_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_QUANTITY))
    expected_price = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1),
        metadata={"description": "The price the shopper saw; a different one gives 409."},
    )


class DeliveryInputSchema(Schema):
    gallery_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    method = fields.String(required=True, validate=validate.OneOf(["delivery", "pickup"]))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class OrderCreateSchema(Schema):
    customer = fields.Nested(CustomerSchema, required=True)
    lines = fields.List(
        fields.Nested(LineInputSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_LINES),
    )
    deliveries = fields.List(
        fields.Nested(DeliveryInputSchema),
        load_default=list,
        metadata={"description": "One choice per gallery in the order."},
    )
    payment_method = fields.String(load_default="cod", validate=validate.OneOf(["cod", "card"]))


class OrderTokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=128))


def enum_value(attribute: str) -> fields.Function:
    """An enum attribute shown as its value (``"pending"``); read-only in the document."""
    return fields.Function(lambda row: getattr(row, attribute).value)


def money() -> fields.Integer:
    """An amount in whole rupiah, as every amount of the orders API is given."""
    return fields.Integer()


class LineSchema(Schema):
    product_id = fields.Integer()
    product_name = fields.String()
    unit = fields.String()
    unit_price = money()
    quantity = fields.Integer()
    line_total = money()


class EventSchema(Schema):
    status = enum_value("status")
    note = fields.String()
    created_at = fields.DateTime()


class ShipmentSchema(Schema):
    gallery = fields.Function(lambda s: {"slug": s.gallery.slug, "name": s.gallery.name})
    status = enum_value("status")
    delivery_method = enum_value("delivery_method")
    delivery_fee = money()
    subtotal = money()
    cod_amount = money()
    courier_name = fields.String()
    courier_plate = fields.String()
    lines = fields.List(fields.Nested(LineSchema))
    events = fields.List(fields.Nested(EventSchema))


class OrderSchema(Schema):
    code = fields.String()
    status = enum_value("status")
    payment_method = enum_value("payment_method")
    subtotal = money()
    delivery_total = money()
    total = money()
    total_display = fields.Function(lambda o: rupiah(o.total), metadata={"example": "Rp 25.000"})
    created_at = fields.DateTime()
    expires_at = fields.DateTime(allow_none=True)
    shipments = fields.List(fields.Nested(ShipmentSchema))


class OrderCreatedSchema(Schema):
    order = fields.Nested(OrderSchema)
    token = fields.String(metadata={"description": "Keep it: GET /orders/{code}?token=…"})
    payment_url = fields.String(
        allow_none=True, metadata={"description": "Stripe Checkout, for card orders."}
    )
