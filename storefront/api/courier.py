"""Courier reports from a gallery's ojek dispatcher: ``POST /api/v1/courier/events``.

Signed the Standard Webhooks way with the gallery's courier secret. The body names the shipment;
that is untrusted until the signature, computed over the raw body with *that shipment's
gallery's* secret, checks out. Only then is the body validated and the report applied (by
orders.courier, the same code Gerai's own courier page uses).

Nothing is revealed before the signature checks out: a shipment that does not exist, one whose
gallery has no secret and a wrong signature all get the same 401 with the same body, after the
same work (a missing secret is checked against a random one), so the endpoint cannot be used
to find out which shipments exist or which galleries have a dispatcher. Each webhook-id counts
once *per gallery*: ids are the senders' own, and one gallery's cannot silence another's.

Answers (docs/COURIER.md has the integrator's version):

- 200 ``{"outcome": "applied"}``: done. 200 ``{"outcome": "duplicate"}``: this webhook-id was
  handled before for this gallery (a retry); nothing changed. Stop retrying on any 2xx.
- 400: the body is not JSON or names no shipment, or (after the signature checked out) is not a
  valid event: fix the sender. 401: signature headers missing; or the signature does not check
  out — wrong, timestamp older or newer than five minutes, no such shipment, or its gallery has
  no secret (one answer for all of these). 404: the order code does not match the shipment
  (only after the signature checked out).
- 409 ``{"outcome": "stale" | "impossible", "status": <current>}``: understood and recorded,
  but not applied — the shipment is already past that step (stale) or the event does not fit
  it (impossible, e.g. delivered before picked up). Do not retry a 409.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from typing import Any

from flask import request
from flask.views import MethodView
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from catalog import db
from catalog.db import MAX_ID
from orders import actors, signing
from orders import courier as c
from orders.models import Shipment, ShipmentStatus
from storefront.api.schemas import ApiErrorSchema, text
from storefront.api.views import Blueprint, abort
from storefront.database import start_writing
from storefront.mail import queue_order_email

log = logging.getLogger(__name__)

# What the endpoint answers: the outcome (and the shipment's state), with 409 when not applied.
Answer = dict[str, str] | tuple[dict[str, str], int]

blp = Blueprint(
    "api_courier",
    __name__,
    url_prefix="/api/v1",
    description="Reports from a gallery's courier dispatcher (signed Standard Webhooks).",
)


class CourierSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = text(required=True, min_length=1, max_length=120)
    phone = text(load_default="", max_length=20)
    plate = text(load_default="", max_length=20)


class CourierEventDataSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    shipment_id = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID)
    )
    order_code = text(required=True, min_length=1, max_length=12)
    courier = fields.Nested(
        CourierSchema, metadata={"description": "Required for `courier_assigned`."}
    )
    cod_collected = fields.Integer(
        strict=True,
        allow_none=True,
        validate=validate.Range(min=0, max=MAX_ID),
        metadata={"description": "`delivered`: cash collected from the shopper, in rupiah."},
    )
    reason = text(
        load_default="",
        max_length=255,
        metadata={"description": "`failed` (and optionally others): why, in the courier's words."},
    )
    occurred_at = fields.AwareDateTime(
        metadata={"description": "When it happened at the dispatcher (informational)."}
    )
    external_status = text(
        max_length=60,
        metadata={"description": "The dispatcher's own status name (informational)."},
    )


class CourierEventSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    type = fields.String(
        required=True, validate=validate.OneOf([t.value for t in c.CourierEventType])
    )
    data = fields.Nested(CourierEventDataSchema, required=True)

    @validates_schema
    def courier_details(self, event: dict[str, Any], **_kw: Any) -> None:
        if event["type"] == "courier_assigned" and "courier" not in event["data"]:
            raise ValidationError({"data": {"courier": ["Required for courier_assigned."]}})


class CourierOutcomeSchema(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf([o.value for o in c.Outcome]))
    status = fields.String(
        required=True,
        validate=validate.OneOf([s.value for s in ShipmentStatus]),
        metadata={"description": "The shipment's state after the event."},
    )


EXAMPLES = {
    "courier_assigned": {
        "type": "courier_assigned",
        "data": {
            "shipment_id": 123,
            "order_code": "GR-7K3F9Q",
            "courier": {"name": "Pak Darto", "phone": "+6281234567890", "plate": "B 3456 TNG"},
        },
    },
    "picked_up": {"type": "picked_up", "data": {"shipment_id": 123, "order_code": "GR-7K3F9Q"}},
    "delivered": {
        "type": "delivered",
        "data": {"shipment_id": 123, "order_code": "GR-7K3F9Q", "cod_collected": 58000},
    },
    "failed": {
        "type": "failed",
        "data": {
            "shipment_id": 123,
            "order_code": "GR-7K3F9Q",
            "reason": "Penerima tidak bisa dihubungi",
        },
    },
    "no_driver": {"type": "no_driver", "data": {"shipment_id": 123, "order_code": "GR-7K3F9Q"}},
}
SIGNATURE_DOC = (
    "Signed the Standard Webhooks way with the gallery's courier secret: headers `webhook-id`, "
    "`webhook-timestamp` (Unix seconds, within five minutes) and `webhook-signature` "
    "(`v1,<base64 HMAC-SHA256 of id.timestamp.body>`). Each webhook-id counts once per "
    "gallery. The signature is checked with the secret of the gallery of the shipment the body "
    "names; a shipment that does not exist, a gallery without a secret and a wrong signature "
    "all get the same 401."
)
# The one answer to a request whose signature does not check out, whatever the reason.
REFUSED = "Wrong or expired webhook signature."
# What a request naming no verifiable shipment is checked against: the same work as a real
# check (so the time taken says nothing either), and no sender can know it.
DECOY_SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
SIGNATURE_HEADERS = [
    {
        "in": "header",
        "name": name,
        "required": True,
        "description": what + " Without it: 401.",
        "schema": {"type": "string", "minLength": 1},
    }
    for name, what in (
        ("webhook-id", "The sender's id of this event; handled once per gallery."),
        ("webhook-timestamp", "When it was signed, in Unix seconds (within five minutes)."),
        ("webhook-signature", "`v1,<base64 HMAC-SHA256 of id.timestamp.body>`."),
    )
]


def _signature_headers() -> dict[str, str]:
    headers = {name: request.headers.get(name, "") for name in signing.HEADERS}
    if not all(headers.values()):
        abort(401, message="Missing webhook-id, webhook-timestamp or webhook-signature.")
    return headers


def _untrusted_shipment_id(raw: bytes) -> int:
    """Where the body says it belongs; only used to find whose secret to check it with."""
    try:
        body = json.loads(raw)
        shipment_id = body["data"]["shipment_id"]
    except (ValueError, TypeError, KeyError):
        abort(400, message="The body is not a courier event: JSON with data.shipment_id.")
    if not isinstance(shipment_id, int) or isinstance(shipment_id, bool):
        abort(400, message="data.shipment_id must be an integer.")
    return shipment_id


def _signed_shipment(shipment_id: int, raw: bytes, headers: dict[str, str]) -> Shipment:
    """The shipment the body names, once the signature checks out with its gallery's secret.

    Every way of failing (no such shipment, no secret, a wrong or expired signature) ends in
    the same 401, so the answer says nothing about shipments or galleries.
    """
    shipment = _shipment_with_gallery(shipment_id)
    secret = shipment.gallery.courier_secret if shipment is not None else None
    try:
        signing.verify(secret or DECOY_SECRET, headers, raw)
    except signing.UnusableSecret:  # a stored secret the library cannot read is our fault
        log.exception("Courier event for shipment %s: unusable gallery secret", shipment_id)
        abort(401, message=REFUSED)
    except signing.BadSignature as error:
        why = error if secret else "no such shipment, or its gallery has no secret"
        log.warning("Courier event for shipment %s refused: %s", shipment_id, why)
        abort(401, message=REFUSED)
    if shipment is None or not secret:  # the decoy cannot be signed with; never reached
        abort(401, message=REFUSED)
    return shipment


def _shipment_with_gallery(shipment_id: int) -> Shipment | None:
    """The shipment with its gallery in one query, whether or not it exists."""
    if shipment_id > MAX_ID:
        return None
    stmt = select(Shipment).where(Shipment.id == shipment_id).options(joinedload(Shipment.gallery))
    return db.session.scalar(stmt)


def _report(event: dict[str, Any]) -> c.CourierReport:
    data, courier = event["data"], event["data"].get("courier") or {}
    return c.CourierReport(
        type=c.CourierEventType(event["type"]),
        courier_name=courier.get("name", "").strip(),
        courier_phone=courier.get("phone", "").strip(),
        courier_plate=courier.get("plate", "").strip(),
        cod_collected=data.get("cod_collected"),
        reason=data.get("reason", ""),
    )


def queue_emails(shipment: Shipment, applied: c.Applied) -> None:
    """Tell the shopper what the report means for them (sent after the commit)."""
    for kind in applied.emails:
        queue_order_email(db.session, kind, shipment.order, shipment=shipment)


@blp.route("/courier/events")
class CourierEvents(MethodView):
    @blp.doc(
        description=SIGNATURE_DOC,
        parameters=SIGNATURE_HEADERS,
        requestBody={
            "required": True,
            "content": {
                "application/json": {
                    "schema": CourierEventSchema,
                    "examples": {k: {"value": v} for k, v in EXAMPLES.items()},
                }
            },
        },
    )
    @blp.response(200, CourierOutcomeSchema, description="Applied, or a duplicate webhook-id.")
    @blp.alt_response(
        400,
        schema=ApiErrorSchema,
        description="Not JSON or names no shipment; or, once the signature checked out, not a "
        "valid courier event (`errors` says where).",
    )
    @blp.alt_response(
        401,
        schema=ApiErrorSchema,
        description="Missing, wrong or expired signature. Also, with the same body: no such "
        "shipment, or its gallery has no courier secret.",
    )
    @blp.alt_response(
        404,
        schema=ApiErrorSchema,
        description="The order code does not match the shipment (signature checked out).",
    )
    @blp.alt_response(
        409,
        schema=CourierOutcomeSchema,
        description="Stale or impossible for the shipment's state: recorded, not applied. "
        "Do not retry.",
    )
    @blp.alt_response(413, schema=ApiErrorSchema, description="The body is too large.")
    def post(self) -> Answer:
        """Report what happened to a delivery: assigned, picked up, delivered, failed…"""
        headers = _signature_headers()
        raw = request.get_data(cache=True)
        shipment_id = _untrusted_shipment_id(raw)
        shipment = _signed_shipment(shipment_id, raw, headers)
        try:
            event = CourierEventSchema().load(json.loads(raw))
        except ValidationError as error:
            abort(400, message="Not a valid courier event.", messages=error.messages)
        if event["data"]["order_code"].upper() != shipment.order.code:
            abort(404, message="No such shipment for that order code.")
        return _apply(shipment_id, event, headers["webhook-id"])


def _apply(shipment_id: int, event: dict[str, Any], webhook_id: str) -> Answer:
    start_writing(db.session)
    shipment = db.session.get(Shipment, shipment_id)
    assert shipment is not None
    applied = c.handle_report(
        db.session,
        shipment,
        _report(event),
        webhook_id=webhook_id,
        payload=event | {"data": _jsonable(event["data"])},
        actor=actors.DISPATCHER,
    )
    queue_emails(shipment, applied)
    body = {"outcome": applied.outcome.value, "status": applied.status.value}
    if applied.outcome in (c.Outcome.STALE, c.Outcome.IMPOSSIBLE):
        db.session.commit()  # keep the record of the refused event for the dispatch log
        return body, 409
    return body


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "occurred_at" in out:
        out["occurred_at"] = out["occurred_at"].isoformat()
    return out
