"""Confirming and cancelling orders; stock given back exactly once.

Confirmation and cancellation race (a payment webhook, the success page, the expiry sweeper,
the shopper's cancel button). Each is a conditional UPDATE on the order's status, so exactly
one of the racers wins and the others change nothing (``orders.states.move_order``).
"""

from __future__ import annotations

from sqlalchemy import update

from catalog.db import DbSession, updated_rows, utcnow
from catalog.models import MovementKind
from catalog.stock import change_stock
from orders.models import Order, OrderStatus, Shipment, ShipmentStatus
from orders.states import FINISHED, move_order, set_shipment_status

PACKING_OR_LATER = frozenset(
    {
        ShipmentStatus.PACKING,
        ShipmentStatus.READY,
        ShipmentStatus.COURIER_ASSIGNED,
        ShipmentStatus.PICKED_UP,
        ShipmentStatus.DELIVERED,
        ShipmentStatus.COLLECTED,
    }
)


def confirm_order(session: DbSession, order: Order, *, actor: str = "") -> bool:
    """pending_payment -> confirmed (its shipments too); False if someone else got there first."""
    if not move_order(session, order, OrderStatus.CONFIRMED, actor=actor):
        return False
    for shipment in order.shipments:
        if shipment.status == ShipmentStatus.PENDING:
            set_shipment_status(session, shipment, ShipmentStatus.CONFIRMED, actor=actor)
    session.flush()
    return True


def can_shopper_cancel(order: Order) -> bool:
    """A shopper may cancel until a gallery starts packing."""
    if order.status not in (OrderStatus.PENDING_PAYMENT, OrderStatus.CONFIRMED):
        return False
    return not any(s.status in PACKING_OR_LATER for s in order.shipments)


def cancel_order(
    session: DbSession,
    order: Order,
    *,
    reason: str,
    actor: str = "",
    only_unpaid: bool = False,
) -> bool:
    """Cancel and give the stock back exactly once; False if it was already final.

    ``only_unpaid`` is for expiry (Stripe's or the sweeper's): it cancels only an order still
    waiting for payment, so a payment confirmed a moment earlier wins the race.
    """
    only_from = {OrderStatus.PENDING_PAYMENT} if only_unpaid else None
    if not move_order(
        session, order, OrderStatus.CANCELLED, actor=actor, note=reason, only_from=only_from
    ):
        return False
    order.cancel_reason = reason[:255]
    for shipment in order.shipments:
        if shipment.status not in FINISHED:
            set_shipment_status(
                session, shipment, ShipmentStatus.CANCELLED, note=reason, actor=actor
            )
    release_stock(session, order, reason=reason)
    session.flush()
    return True


def release_stock(session: DbSession, order: Order, *, reason: str) -> bool:
    """Return every line's quantity to stock, once: a second call changes nothing.

    Each shipment's lines come back through :func:`release_shipment_stock`, so a shipment a
    manager cancelled earlier (its stock back already) is not given back a second time.
    """
    claimed = updated_rows(
        session,
        update(Order)
        .where(Order.id == order.id, Order.stock_released_at.is_(None))
        .values(stock_released_at=utcnow()),
    )
    session.expire(order, ["stock_released_at"])
    if claimed != 1:
        return False
    for shipment in order.shipments:
        release_shipment_stock(session, shipment, reason=reason)
    return True


def release_shipment_stock(
    session: DbSession, shipment: Shipment, *, reason: str, actor_id: int | None = None
) -> bool:
    """Return one shipment's lines to stock, once (a conditional claim on the shipment row);
    each ledger row is a release naming the shipment. False if it was given back before."""
    claimed = updated_rows(
        session,
        update(Shipment)
        .where(Shipment.id == shipment.id, Shipment.stock_released_at.is_(None))
        .values(stock_released_at=utcnow()),
    )
    session.expire(shipment, ["stock_released_at"])
    if claimed != 1:
        return False
    code = shipment.order.code
    for line in sorted(shipment.lines, key=lambda line: line.product_id):
        change_stock(
            session,
            line.product,
            line.quantity,
            MovementKind.RELEASE,
            reason=f"{code}: {reason}"[:255],
            actor_id=actor_id,
            shipment_id=shipment.id,
        )
    return True
