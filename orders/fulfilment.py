"""A gallery fulfils its shipment: packing, ready (which calls the courier), collected.

Marking a delivery shipment ready writes a ``delivery.requested`` message to the outbox in the
same transaction; the dispatch worker sends it to the gallery's courier endpoint later.
"""

from __future__ import annotations

import secrets
from typing import Any

from catalog.db import DbSession
from orders.models import (
    DeliveryMethod,
    Order,
    OrderStatus,
    OutboxMessage,
    OutboxStatus,
    Shipment,
    ShipmentStatus,
)
from orders.states import FINISHED, move_order, set_shipment_status

DELIVERY_REQUESTED = "delivery.requested"


def new_message_id() -> str:
    """A Standard Webhooks message id: stable across retries so receivers can drop duplicates."""
    return "msg_" + secrets.token_urlsafe(18)


def delivery_payload(shipment: Shipment, callback_url: str) -> dict[str, Any]:
    """What an ojek dispatcher needs to send a driver: where from, where to, what, how much."""
    order, gallery = shipment.order, shipment.gallery
    return {
        "shipment_id": shipment.id,
        "order_code": order.code,
        "pickup": {
            "name": gallery.name,
            "address": gallery.address,
            "lat": gallery.lat,
            "lng": gallery.lng,
            "whatsapp": gallery.whatsapp,
        },
        "dropoff": {
            "name": order.customer_name,
            "phone": order.phone,
            "address": order.address,
            "lat": order.lat,
            "lng": order.lng,
            "note": shipment.note,
        },
        "items": [
            {"name": line.product_name, "quantity": line.quantity} for line in shipment.lines
        ],
        "weight_g": sum(line.product.weight_g * line.quantity for line in shipment.lines),
        "cod_amount": shipment.cod_amount,
        "currency": "IDR",
        "callback_url": callback_url,
    }


def enqueue(
    session: DbSession, shipment: Shipment, event_type: str, payload: dict[str, Any]
) -> OutboxMessage:
    message = OutboxMessage(
        message_id=new_message_id(),
        event_type=event_type,
        gallery_id=shipment.gallery_id,
        shipment_id=shipment.id,
        payload={"type": event_type, "data": payload},
        status=OutboxStatus.PENDING,
    )
    session.add(message)
    session.flush()
    return message


def uses_external_dispatcher(shipment: Shipment) -> bool:
    """A delivery of a gallery whose dispatcher takes it (``Gallery.uses_external_dispatcher``)."""
    return (
        shipment.delivery_method == DeliveryMethod.DELIVERY
        and shipment.gallery.uses_external_dispatcher
    )


def mark_packing(session: DbSession, shipment: Shipment, *, actor: str) -> None:
    set_shipment_status(session, shipment, ShipmentStatus.PACKING, actor=actor)


def mark_ready(
    session: DbSession, shipment: Shipment, *, actor: str, callback_url: str
) -> OutboxMessage | None:
    """Ready to hand over; a gallery with a courier endpoint gets a delivery request queued."""
    set_shipment_status(session, shipment, ShipmentStatus.READY, actor=actor)
    if uses_external_dispatcher(shipment):
        return enqueue(
            session, shipment, DELIVERY_REQUESTED, delivery_payload(shipment, callback_url)
        )
    return None


def mark_collected(session: DbSession, shipment: Shipment, *, actor: str) -> None:
    """The shopper picked the shipment up at the gallery (and paid, for COD)."""
    set_shipment_status(session, shipment, ShipmentStatus.COLLECTED, actor=actor)
    if shipment.order.payment_method.value == "cod":
        shipment.cod_collected = shipment.cod_amount
    complete_order_if_done(session, shipment.order, actor=actor)


def complete_order_if_done(session: DbSession, order: Order, *, actor: str = "") -> None:
    """A confirmed order whose every shipment reached its end is completed."""
    if order.status != OrderStatus.CONFIRMED:
        return
    if all(s.status in FINISHED for s in order.shipments):
        move_order(session, order, OrderStatus.COMPLETED, actor=actor)
