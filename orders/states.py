"""The order and shipment state machines: one table each, one function each to move.

Anything not in a table is refused with InvalidTransition; every shipment move is recorded
as a ShipmentEvent so shoppers and managers see the same timeline.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from catalog.i18n import N_
from orders.exceptions import InvalidTransition
from orders.models import (
    DeliveryMethod,
    Order,
    OrderStatus,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)

OS = OrderStatus
S = ShipmentStatus

ORDER_TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    OS.PENDING_PAYMENT: frozenset({OS.CONFIRMED, OS.CANCELLED}),
    OS.CONFIRMED: frozenset({OS.COMPLETED, OS.CANCELLED}),
    OS.COMPLETED: frozenset(),
    OS.CANCELLED: frozenset(),
}

SHIPMENT_TRANSITIONS: dict[ShipmentStatus, frozenset[ShipmentStatus]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.PACKING, S.CANCELLED}),
    S.PACKING: frozenset({S.READY, S.CANCELLED}),
    S.READY: frozenset({S.COURIER_ASSIGNED, S.COLLECTED, S.FAILED, S.CANCELLED}),
    S.COURIER_ASSIGNED: frozenset({S.PICKED_UP, S.READY, S.FAILED, S.CANCELLED}),
    S.PICKED_UP: frozenset({S.DELIVERED, S.FAILED, S.CANCELLED}),
    S.DELIVERED: frozenset(),
    S.COLLECTED: frozenset(),
    S.FAILED: frozenset(),
    S.CANCELLED: frozenset(),
}

# Pickup shipments skip the courier steps; delivery shipments are never "collected".
PICKUP_ONLY = frozenset({S.COLLECTED})
DELIVERY_ONLY = frozenset({S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED})
FINISHED = frozenset({S.DELIVERED, S.COLLECTED, S.FAILED, S.CANCELLED})


def can_move_order(order: Order, new: OrderStatus) -> bool:
    return new in ORDER_TRANSITIONS[order.status]


def set_order_status(order: Order, new: OrderStatus) -> None:
    """Move an order along ORDER_TRANSITIONS or raise InvalidTransition."""
    if not can_move_order(order, new):
        raise InvalidTransition(
            N_("An order that is %(old)s cannot become %(new)s."), old=order.status, new=new
        )
    order.status = new


def can_move_shipment(shipment: Shipment, new: ShipmentStatus) -> bool:
    if new not in SHIPMENT_TRANSITIONS[shipment.status]:
        return False
    if shipment.delivery_method == DeliveryMethod.PICKUP:
        return new not in DELIVERY_ONLY
    return new not in PICKUP_ONLY


def set_shipment_status(
    session: Session,
    shipment: Shipment,
    new: ShipmentStatus,
    *,
    note: str = "",
    actor: str = "",
) -> ShipmentEvent:
    """Move a shipment along SHIPMENT_TRANSITIONS, recording the step, or raise."""
    if not can_move_shipment(shipment, new):
        raise InvalidTransition(
            N_("A shipment that is %(old)s cannot become %(new)s."),
            old=shipment.status,
            new=new,
        )
    shipment.status = new
    event = ShipmentEvent(shipment=shipment, status=new, note=note[:255], actor=actor[:60])
    session.add(event)
    session.flush()
    return event
