"""A delivery that got stuck (no driver found, or the delivery failed) arranged again by the
gallery: ask the courier dispatcher again, hand it to the gallery's own couriers (Gerai's
courier page), or turn it into a pickup at the gallery.

A stuck shipment is a failed delivery, or a ready delivery whose latest timeline entry says the
dispatcher found no driver or cancelled the booking (orders.courier writes those notes). A
failed shipment is reopened to ``ready`` by the shipment table's reopening step; a ready one
keeps its state and gets a timeline entry. Either way the entry names the manager, and the
caller tells the shopper (:data:`SHOPPER_EMAIL`).

A pickup is not a delivery, so the shopper no longer pays for one: the shipment's delivery fee
is dropped from it and from the order's totals; on a cash order the cash due drops with it, on a
card order the fee paid is refunded (a Refund for the shipment, written here; the caller asks
Stripe after the commit, as a cancellation does).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, or_, select

from catalog.db import DbSession
from catalog.i18n import N_
from orders.courier import (
    NO_DRIVER_NOTES,
    NOTE_REDISPATCHED,
    NOTE_TO_OWN_COURIERS,
    NOTE_TO_PICKUP,
)
from orders.exceptions import InvalidTransition
from orders.fulfilment import DELIVERY_REQUESTED, delivery_payload, enqueue
from orders.models import (
    DeliveryMethod,
    OrderStatus,
    OutboxMessage,
    PaymentMethod,
    Refund,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from orders.refunds import received_payment, request_refund
from orders.states import set_shipment_status, shipment_note

S = ShipmentStatus
SHOPPER_EMAIL = "delivery_rearranged"  # storefront.mail's kind for the shopper's email

NOT_STUCK = N_("Only a delivery that failed or found no driver can be arranged again.")
ORDER_CLOSED = N_("The order is no longer open, so its delivery cannot be arranged again.")
NO_DISPATCHER = N_("This gallery has no courier dispatcher to ask.")
FEE_REFUND_REASON = N_("Picked up at the gallery instead of delivered: the delivery fee back")


class Rearrangement(enum.StrEnum):
    DISPATCHER = "dispatcher"
    OWN_COURIERS = "own_couriers"
    PICKUP = "pickup"


NOTES = {
    Rearrangement.DISPATCHER: NOTE_REDISPATCHED,
    Rearrangement.OWN_COURIERS: NOTE_TO_OWN_COURIERS,
    Rearrangement.PICKUP: NOTE_TO_PICKUP,
}


@dataclass
class Rearranged:
    """What arranging a delivery again started: a new delivery request to the dispatcher, or
    (a pickup of a card order) the refund of the delivery fee, to send after the commit."""

    request: OutboxMessage | None = None
    refund: Refund | None = None


def _latest_note() -> ColumnElement[str]:
    return (
        select(ShipmentEvent.note)
        .where(ShipmentEvent.shipment_id == Shipment.id)
        .order_by(ShipmentEvent.id.desc())
        .limit(1)
        .correlate(Shipment)
        .scalar_subquery()
    )


def no_driver() -> ColumnElement[bool]:
    """A ready delivery whose latest timeline entry says the dispatcher found no driver (or
    cancelled the booking): the one SQL form of that rule, for the desk and :func:`is_stuck`."""
    return and_(
        Shipment.status == S.READY,
        Shipment.delivery_method == DeliveryMethod.DELIVERY,
        _latest_note().in_(NO_DRIVER_NOTES),
    )


def stuck() -> ColumnElement[bool]:
    """A delivery that failed, or is ready after the dispatcher found no driver for it."""
    failed = and_(Shipment.status == S.FAILED, Shipment.delivery_method == DeliveryMethod.DELIVERY)
    return or_(failed, no_driver())


def is_stuck(session: DbSession, shipment: Shipment) -> bool:
    """Whether :func:`stuck` holds for this shipment (its flushed state)."""
    session.flush()
    return bool(session.scalar(select(exists().where(Shipment.id == shipment.id, stuck()))))


def choices(session: DbSession, shipment: Shipment) -> tuple[Rearrangement, ...]:
    """What the gallery may do with the shipment now (none unless it is stuck)."""
    if shipment.order.status != OrderStatus.CONFIRMED or not is_stuck(session, shipment):
        return ()
    found = tuple(Rearrangement)
    if not shipment.gallery.uses_external_dispatcher:
        found = tuple(c for c in found if c != Rearrangement.DISPATCHER)
    return found


def rearrange(
    session: DbSession,
    shipment: Shipment,
    how: Rearrangement,
    *,
    actor: str,
    callback_url: str,
) -> Rearranged:
    """Arrange a stuck delivery again as ``how``; the new delivery request or fee refund.

    Raises InvalidTransition (with a message for the manager) when the shipment is not stuck,
    its order is closed, or there is no dispatcher to ask.
    """
    if shipment.order.status != OrderStatus.CONFIRMED:
        raise InvalidTransition(ORDER_CLOSED)
    if not is_stuck(session, shipment):
        raise InvalidTransition(NOT_STUCK)
    if how == Rearrangement.DISPATCHER and not shipment.gallery.uses_external_dispatcher:
        raise InvalidTransition(NO_DISPATCHER)
    _clear_courier(shipment)
    shipment.own_couriers = how == Rearrangement.OWN_COURIERS
    _back_to_ready(session, shipment, NOTES[how], actor)
    if how == Rearrangement.PICKUP:
        # After the move is flushed: a pickup shipment *becoming* ready would also queue the
        # plain "ready for pickup" email; the shopper gets the one that explains the change.
        shipment.delivery_method = DeliveryMethod.PICKUP
        refund = drop_delivery_fee(session, shipment, actor=actor)
        session.flush()
        return Rearranged(refund=refund)
    if how == Rearrangement.DISPATCHER:
        payload = delivery_payload(shipment, callback_url)
        return Rearranged(request=enqueue(session, shipment, DELIVERY_REQUESTED, payload))
    return Rearranged()


def drop_delivery_fee(session: DbSession, shipment: Shipment, *, actor: str) -> Refund | None:
    """Take the delivery fee off a shipment that is picked up instead: off the cash due, or
    refunded to the card it was paid with; the order's totals follow. The refund, if any."""
    fee = shipment.delivery_fee
    if fee <= 0:
        return None
    order = shipment.order
    refund = None
    if order.payment_method == PaymentMethod.COD:
        shipment.cod_amount = max(shipment.cod_amount - fee, 0)
    elif (payment := received_payment(order, fee)) is not None:
        refund = request_refund(
            session,
            payment,
            fee,
            shipment=shipment,
            reason=FEE_REFUND_REASON,
            actor=actor,
            delivery_fee=True,
        )
    shipment.delivery_fee = 0
    order.delivery_total -= fee
    order.total -= fee
    return refund


def _back_to_ready(session: DbSession, shipment: Shipment, note: str, actor: str) -> None:
    if shipment.status == S.FAILED:
        set_shipment_status(session, shipment, S.READY, note=note, actor=actor, reopen=True)
    else:
        shipment_note(session, shipment, note, actor)
    session.flush()


def _clear_courier(shipment: Shipment) -> None:
    shipment.courier_name = shipment.courier_phone = shipment.courier_plate = ""
    shipment.courier_user_id = None
