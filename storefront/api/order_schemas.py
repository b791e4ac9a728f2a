"""Schemas of the orders API (input validation and the generated OpenAPI document)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from catalog.db import MAX_ID
from orders.checkout import MAX_LINES, MAX_QUANTITY
from storefront.api.schemas import NO_CONTROL, TEXT_RULE, StrictFloat, StrictInteger, text
from storefront.i18n import rupiah

# The Indonesian mobile numbers the API takes, as catalog.phones reads them: +62, 62 or 0, then
# 8, a digit other than 0 or 4 and 7 to 10 more digits (libphonenumber's Indonesian mobile
# numbers), a single space or hyphen allowed between digits. Every number it matches is valid.
PHONE_PATTERN = r"^(?:\+62|62|0)[ -]?8[1-35-9](?:[ -]?[0-9]){7,10}$"
PHONE_RULE = (
    "An Indonesian mobile number: `+62`, `62` or `0`, then `8`, a digit other than 0 or 4 and "
    "7 to 10 more digits; a single space or hyphen may separate digits "
    "(`0812-3456-7890`, `+62 812 3456 7890`). Stored as +62…"
)
# A name holds something other than spaces; runs of spaces are collapsed when it is stored.
NAME_PATTERN = rf"^{NO_CONTROL}*[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f]{NO_CONTROL}*$"
ADDRESS_NEEDED = "Give the delivery address (customer.address) for a delivery."
PAYMENT_RULE = (
    "`cod`: cash on delivery (or at pickup). `card`: pay through Stripe at `payment_url`; only "
    "while card payments are available (the site has Stripe set up) and for totals Stripe can "
    "charge, else 409 (`field`: `payment_method`): card payments are not available now; "
    "choose cash on delivery."
)


def _id(description: str, example: int | None = None, **kwargs: Any) -> fields.Integer:
    metadata: dict[str, Any] = {"description": description}
    if example is not None:
        metadata["example"] = example
    return StrictInteger(validate=validate.Range(min=1, max=MAX_ID), metadata=metadata, **kwargs)


class CustomerSchema(Schema):
    name = fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=120),
            validate.Regexp(NAME_PATTERN, error="Give a name: not only spaces. " + TEXT_RULE),
        ],
        metadata={"example": "Rina Wulandari"},
    )
    phone = fields.String(
        required=True,
        validate=[
            validate.Length(max=30),
            validate.Regexp(PHONE_PATTERN, error="Not an Indonesian mobile number."),
        ],
        metadata={"example": "0812-3456-7890", "description": PHONE_RULE},
    )
    email = fields.Email(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"example": "rina@gerai.example"},
    )
    address = text(
        load_default="",
        max_length=255,
        metadata={"description": "Required (not only spaces) when a delivery is chosen."},
    )
    kelurahan_id = _id(
        "Where to deliver when there is no lat/lng; an unknown kelurahan gives 409.",
        load_default=None,
        allow_none=True,
    )
    lat = StrictFloat(load_default=None, allow_none=True, validate=validate.Range(-11, 6))
    lng = StrictFloat(load_default=None, allow_none=True, validate=validate.Range(95, 141))


class LineInputSchema(Schema):
    product_id = _id(
        "A product on sale; one that is not (or no longer) sold gives 409.",
        example=1,
        required=True,
    )
    quantity = StrictInteger(
        required=True, validate=validate.Range(min=1, max=MAX_QUANTITY), metadata={"example": 1}
    )
    expected_price = StrictInteger(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "The price the shopper saw; a different one gives 409."},
    )


class DeliveryInputSchema(Schema):
    gallery_id = _id(
        "A gallery of the order's products; each of them needs a choice, else 409.",
        example=1,
        required=True,
    )
    method = fields.String(
        required=True,
        validate=validate.OneOf(["delivery", "pickup"]),
        metadata={"example": "pickup"},
    )
    note = text(load_default="", max_length=1000)


class OrderCreateSchema(Schema):
    customer = fields.Nested(CustomerSchema, required=True)
    lines = fields.List(
        fields.Nested(LineInputSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_LINES),
    )
    deliveries = fields.List(
        fields.Nested(DeliveryInputSchema),
        required=True,
        validate=validate.Length(min=1, max=MAX_LINES),
        metadata={
            "description": "One choice per gallery of the order's products (others are ignored)."
        },
    )
    payment_method = fields.String(
        load_default="cod",
        validate=validate.OneOf(["cod", "card"]),
        metadata={"description": PAYMENT_RULE},
    )

    @validates_schema
    def address_for_delivery(self, order: dict[str, Any], **_kw: Any) -> None:
        delivered = any(d["method"] == "delivery" for d in order.get("deliveries", []))
        address = order.get("customer", {}).get("address", "")
        if delivered and not address.strip():
            raise ValidationError({"customer": {"address": [ADDRESS_NEEDED]}})


# The same rule for the document (JSON Schema cannot say it on one field): either a non-blank
# address, or only pickups.
ORDER_CREATE_RULES = {
    "description": ADDRESS_NEEDED,
    "anyOf": [
        {
            "properties": {
                "customer": {
                    "required": ["address"],
                    "properties": {"address": {"pattern": "\\S"}},
                }
            }
        },
        {"properties": {"deliveries": {"items": {"properties": {"method": {"enum": ["pickup"]}}}}}},
    ],
}


class OrderTokenSchema(Schema):
    token = text(required=True, min_length=1, max_length=128)


class UtcDateTime(fields.DateTime):
    """A moment in ISO 8601 with its offset: Gerai stores UTC, and SQLite gives it back naive."""

    def _serialize(self, value: datetime | None, attr: Any, obj: Any, **kwargs: Any) -> Any:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


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
    created_at = UtcDateTime()


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
    created_at = UtcDateTime()
    expires_at = UtcDateTime(allow_none=True)
    shipments = fields.List(fields.Nested(ShipmentSchema))


class OrderCreatedSchema(Schema):
    order = fields.Nested(OrderSchema)
    token = fields.String(metadata={"description": "Keep it: GET /orders/{code}?token=…"})
    payment_url = fields.String(
        allow_none=True, metadata={"description": "Stripe Checkout, for card orders."}
    )
