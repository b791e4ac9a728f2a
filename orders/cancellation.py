"""A manager cancels a shipment (one gallery's part of an order) or every part of an order that
is theirs, with a reason: stock back once, the order's state follows, card money refunded.

Cancellable until the courier has it: confirmed, packing or ready. ``courier_assigned`` is not:
the dispatcher has sent a driver who may be picking the parcel up at this moment, and Gerai
cannot call them off; a "no driver" report brings the shipment back to ready (cancellable), and
a failed delivery ends it. Nothing is changed unless every part asked for can be cancelled.
Rows are locked shipment, then order, then payment: the order the courier and payment code
lock them in.

The Refund rows are written here, in the cancelling transaction; Stripe is asked after it has
committed (``orders.refunds.send_refund``), so a failed call leaves a visible "retry" state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from catalog.db import DbSession
from catalog.i18n import N_
from orders.exceptions import CancelRefused
from orders.fulfilment import complete_order_if_done
from orders.lifecycle import cancel_order, release_shipment_stock, release_stock
from orders.models import Order, OrderStatus, PaymentMethod, Refund, Shipment, ShipmentStatus
from orders.refunds import (
    owed_back,
    received_payment,
    refund_paid_after_cancel,
    request_refund,
    shipment_share,
)
from orders.states import move_order, set_shipment_status

# The reasons a manager picks from (stored as the words, with the free text after them).
REASONS: dict[str, str] = {
    "sold_out": N_("Item sold out or damaged"),
    "shopper_asked": N_("The shopper asked to cancel"),
    "cannot_deliver": N_("Cannot deliver to this address"),
    "gallery_closed": N_("The gallery is closed"),
    "other": N_("Another reason"),
}
CANCELLABLE = frozenset({ShipmentStatus.CONFIRMED, ShipmentStatus.PACKING, ShipmentStatus.READY})
NO_REASON = N_("Say why it is cancelled.")


@dataclass
class Cancellation:
    """What one cancellation did: the parts cancelled, the refunds to send, the order's fate."""

    shipments: list[Shipment]
    refunds: list[Refund] = field(default_factory=list)
    order_cancelled: bool = False


def can_cancel(shipment: Shipment) -> bool:
    return shipment.status in CANCELLABLE and shipment.order.status == OrderStatus.CONFIRMED


def _locked(session: DbSession, shipments: Sequence[Shipment]) -> list[Shipment]:
    """The shipments read again and locked (PostgreSQL), in id order: of two managers
    cancelling at once, the second sees the first one's result."""
    stmt = (
        select(Shipment)
        .where(Shipment.id.in_([s.id for s in shipments]))
        .order_by(Shipment.id)
        .with_for_update(of=Shipment)
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(stmt))


def _locked_order(session: DbSession, order_id: int) -> Order:
    """The order row, read again and locked after its shipments (the courier code's order:
    shipment, then order): two managers cancelling two parts at once take turns here, so the
    second sees the first one's part cancelled when it decides whether the order is."""
    stmt = (
        select(Order)
        .where(Order.id == order_id)
        .with_for_update(of=Order)
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).one()


def cancel_shipments(
    session: DbSession,
    shipments: Sequence[Shipment],
    *,
    reason: str,
    actor: str,
    actor_id: int | None = None,
) -> Cancellation:
    """Cancel these shipments of one order, all or none; flush. CancelRefused says why not."""
    reason = " ".join(reason.split())
    if not reason:
        raise CancelRefused(NO_REASON)
    if not shipments or len({s.order_id for s in shipments}) != 1:
        raise CancelRefused(N_("Choose the parts of one order to cancel."))
    with session.begin_nested():  # a refusal half-way leaves nothing changed
        parts = _locked(session, shipments)
        order = _locked_order(session, parts[0].order_id)
        for shipment in parts:
            if not can_cancel(shipment):
                raise CancelRefused(
                    N_(
                        "The part from %(gallery)s can no longer be cancelled here: it is "
                        "with the courier, finished or cancelled already."
                    ),
                    gallery=shipment.gallery.name,
                )
        done = Cancellation(parts)
        for shipment in parts:
            set_shipment_status(
                session, shipment, ShipmentStatus.CANCELLED, note=reason, actor=actor
            )
            shipment.cancel_reason = reason[:255]
            release_shipment_stock(session, shipment, reason=reason, actor_id=actor_id)
        if order.payment_method == PaymentMethod.CARD:
            done.refunds = _refund_shares(session, order, parts, reason=reason, actor=actor)
        done.order_cancelled = _order_follows(session, order, reason=reason, actor=actor)
        session.flush()
    return done


def _refund_shares(
    session: DbSession, order: Order, parts: Sequence[Shipment], *, reason: str, actor: str
) -> list[Refund]:
    refunds = []
    for shipment in parts:
        share = shipment_share(shipment)
        payment = received_payment(order, share)
        if payment is None or share <= 0:
            continue
        refunds.append(
            request_refund(session, payment, share, shipment=shipment, reason=reason, actor=actor)
        )
    return refunds


def _order_follows(session: DbSession, order: Order, *, reason: str, actor: str) -> bool:
    """Every part cancelled: the order is; otherwise it completes when the rest is done."""
    session.flush()
    statuses = session.scalars(select(Shipment.status).where(Shipment.order_id == order.id))
    if all(status == ShipmentStatus.CANCELLED for status in statuses):
        if move_order(
            session,
            order,
            OrderStatus.CANCELLED,
            actor=actor,
            note=reason,
            only_from={OrderStatus.CONFIRMED},
        ):
            order.cancel_reason = reason[:255]
            release_stock(session, order, reason=reason)  # each shipment's is back already
            return True
        return False
    complete_order_if_done(session, order, actor=actor)
    return False


def cancellable_parts(order: Order, cooperative_id: int) -> list[Shipment]:
    """The order's shipments of this cooperative's galleries."""
    return [s for s in order.shipments if s.gallery.cooperative_id == cooperative_id]


def shopper_cancels(session: DbSession, order: Order, *, reason: str, actor: str) -> Cancellation:
    """The shopper cancels their order (``orders.lifecycle.can_shopper_cancel`` checked by the
    caller); flush. What was paid by card is refunded in full: one Refund per payment, keyed by
    the payment, for the caller to send after the commit. Nothing happens if the order was
    final already (another request cancelled or completed it first)."""
    done = Cancellation(list(order.shipments))
    if not cancel_order(session, order, reason=reason, actor=actor):
        return done
    done.order_cancelled = True
    for payment in order.payments:
        if owed_back(payment) > 0:
            done.refunds.append(
                refund_paid_after_cancel(session, payment, actor=actor, reason=reason)
            )
    return done
