"""Read-side services for a cooperative's managers about orders: scoped to one cooperative."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession, get_by_id
from catalog.exceptions import NotFound
from catalog.models import Gallery
from orders.models import CourierEvent, OutboxMessage, Shipment, ShipmentStatus

OPEN = (
    ShipmentStatus.CONFIRMED,
    ShipmentStatus.PACKING,
    ShipmentStatus.READY,
    ShipmentStatus.COURIER_ASSIGNED,
    ShipmentStatus.PICKED_UP,
)


def shipments_of(
    session: DbSession, cooperative_id: int, status: ShipmentStatus | None = None
) -> Select[Shipment]:
    """The cooperative's shipments (open ones by default), oldest first."""
    stmt = (
        select(Shipment)
        .join(Shipment.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .options(joinedload(Shipment.order), joinedload(Shipment.gallery))
        .options(selectinload(Shipment.lines))
    )
    if status is None:
        stmt = stmt.where(Shipment.status.in_(OPEN)).order_by(Shipment.created_at, Shipment.id)
    else:
        stmt = stmt.where(Shipment.status == status).order_by(Shipment.created_at.desc())
    return stmt


def shipment_of(session: DbSession, cooperative_id: int, shipment_id: int) -> Shipment:
    shipment = get_by_id(session, Shipment, shipment_id)
    if shipment is None or shipment.gallery.cooperative_id != cooperative_id:
        raise NotFound("shipment")
    return shipment


def dispatch_log(session: DbSession, shipment: Shipment) -> Sequence[OutboxMessage]:
    """The messages sent to the courier dispatcher for a shipment, with their attempts."""
    stmt = (
        select(OutboxMessage)
        .where(OutboxMessage.shipment_id == shipment.id)
        .options(selectinload(OutboxMessage.delivery_attempts))
        .order_by(OutboxMessage.id)
    )
    return session.scalars(stmt).all()


def open_counts(session: DbSession, cooperative_id: int) -> dict[str, int]:
    stmt = (
        select(Shipment.status, func.count())
        .join(Shipment.gallery)
        .where(Gallery.cooperative_id == cooperative_id, Shipment.status.in_(OPEN))
        .group_by(Shipment.status)
    )
    return {status.value: n for status, n in session.execute(stmt)}


def new_order_count(session: DbSession, cooperative_id: int) -> int:
    """Shipments confirmed and not yet being packed: the console menu's "Orders (n)"."""
    stmt = (
        select(func.count())
        .select_from(Shipment)
        .join(Shipment.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .where(Shipment.status == ShipmentStatus.CONFIRMED)
    )
    return session.scalar(stmt) or 0


def courier_reports(session: DbSession, shipment: Shipment) -> Sequence[CourierEvent]:
    """What couriers reported about a shipment, applied or not, in arrival order."""
    stmt = (
        select(CourierEvent)
        .where(CourierEvent.shipment_id == shipment.id)
        .order_by(CourierEvent.received_at, CourierEvent.id)
    )
    return session.scalars(stmt).all()
