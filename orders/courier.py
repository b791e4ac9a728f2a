"""Courier reports: one place that applies them, for the inbound webhook and the courier page.

A report (``courier_assigned``, ``picked_up``, ``delivered``, ``failed``, ``cancelled``,
``no_driver``, ``returned``) moves a delivery shipment only along the shipment table
(``orders.states.SHIPMENT_STEPS``), through ``set_shipment_status``. Which report may follow
which state is not a second model: each report names the state it moves to
(:data:`REPORT_TARGETS`), and :func:`_refusal` reads the riders' steps of the table.

Every report is first recorded as a CourierEvent under its webhook-id (in a SAVEPOINT, so two
deliveries of the same id racing each other store one row); a second report with the same id is
a ``duplicate`` and changes nothing. A report that describes a step the shipment has already
passed (or a shipment that is finished) is ``stale``; one that would skip steps (its state is
further along the table) or does not fit the shipment at all is ``impossible``. Neither is
applied.

Decisions (documented for integrators in docs/COURIER.md):

- ``cancelled`` means the *dispatcher* cancelled the booking, not that the order is cancelled.
  Before pickup the shipment goes back to ``ready`` (the courier is cleared, so the gallery can
  book again or hand it to another ojek); after pickup the goods are with a driver whose job was
  cancelled, so the shipment becomes ``failed`` for the manager to sort out. Gerai's own
  ``cancelled`` shipment state (stock released) is only ever reached by cancelling the order.
- ``no_driver``: no courier was found. From ``courier_assigned`` the shipment goes back to
  ``ready``; when it is already ``ready`` it stays there. Either way a timeline entry (status
  ``ready``, a fixed note) is written: that is the manager's alert on the shipment page.
- ``returned``: the goods came back to the gallery after a failed delivery. A ``failed``
  shipment stays ``failed`` and gets a timeline note; from ``courier_assigned`` or
  ``picked_up`` it becomes ``failed`` with that note (a dispatcher that reports the return
  without a separate failure).
- ``courier_assigned`` on a shipment that already has a courier (not yet picked up) is a
  reassignment: the courier's details are replaced and the timeline says so.
- A ``delivered`` report whose COD cash differs from ``cod_amount`` is applied; the amount
  reported is stored and the timeline entry says it differs, for the manager to reconcile.

The domain knows nothing of the storefront: :class:`Applied` lists the shopper emails the caller
should queue (``handed_to_courier`` on pickup, ``delivered`` on delivery).
"""

from __future__ import annotations

import enum
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession, updated_rows, utcnow
from catalog.i18n import N_
from catalog.models import Gallery
from orders import actors
from orders.actors import ActorKind
from orders.exceptions import OrderError
from orders.fulfilment import complete_order_if_done
from orders.models import (
    CourierEvent,
    DeliveryMethod,
    Order,
    Shipment,
    ShipmentStatus,
)
from orders.states import (
    FINISHED,
    can_move_shipment,
    reachable,
    set_shipment_status,
    shipment_graph,
    shipment_note,
)

log = logging.getLogger(__name__)
S = ShipmentStatus


class CourierEventType(enum.StrEnum):
    COURIER_ASSIGNED = "courier_assigned"
    PICKED_UP = "picked_up"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"
    NO_DRIVER = "no_driver"
    RETURNED = "returned"


class Outcome(enum.StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    STALE = "stale"
    IMPOSSIBLE = "impossible"


# Timeline notes are fixed msgids (templates translate them); the shopper sees them too.
NOTE_COURIER_CHANGED = N_("Another courier took over the delivery.")
NOTE_NO_DRIVER = N_("No courier was found yet; the gallery will arrange the delivery.")
NOTE_BOOKING_CANCELLED = N_("The courier booking was cancelled; the gallery will book again.")
NOTE_CANCELLED_AFTER_PICKUP = N_("The courier booking was cancelled after pickup.")
NOTE_RETURNED = N_("The goods came back to the gallery.")
NOTE_FAILED = N_("The courier could not deliver.")
NOTE_COD_DIFFERS = N_("The cash collected differs from the amount due; the gallery will check.")
NOTE_COD_MISSING = N_("The cash collected was not reported; the gallery will check.")
# The gallery arranging a stuck delivery again (orders.redispatch), on the timeline.
NOTE_REDISPATCHED = N_("The gallery asked the courier dispatcher for a driver again.")
NOTE_TO_OWN_COURIERS = N_("The gallery's own couriers will deliver this order.")
NOTE_TO_PICKUP = N_("The order will be picked up at the gallery instead.")
# A ready delivery whose latest timeline entry is one of these waits for the gallery to act.
NO_DRIVER_NOTES = (NOTE_NO_DRIVER, NOTE_BOOKING_CANCELLED)

# The state each report moves a shipment to. ``cancelled`` goes back to ``ready`` while the
# table allows it and to ``failed`` after that (see the module docstring).
REPORT_TARGETS: dict[CourierEventType, ShipmentStatus] = {
    CourierEventType.COURIER_ASSIGNED: S.COURIER_ASSIGNED,
    CourierEventType.PICKED_UP: S.PICKED_UP,
    CourierEventType.DELIVERED: S.DELIVERED,
    CourierEventType.FAILED: S.FAILED,
    CourierEventType.CANCELLED: S.READY,
    CourierEventType.NO_DRIVER: S.READY,
    CourierEventType.RETURNED: S.FAILED,
}
# Reports that, at their target already, are applied as a note (or a reassignment).
REPEATABLE = frozenset(
    {
        CourierEventType.COURIER_ASSIGNED,
        CourierEventType.CANCELLED,
        CourierEventType.NO_DRIVER,
        CourierEventType.RETURNED,
    }
)
# The steps a dispatcher may take on a delivery: every courier report is judged against them.
RIDER_GRAPH = shipment_graph(DeliveryMethod.DELIVERY, ActorKind.DISPATCHER)
# States a rider can neither move nor is finished with: the gallery has not made them ready.
BEFORE_READY = frozenset(s for s, targets in RIDER_GRAPH.items() if not targets) - FINISHED
# States a courier holds the shipment in: where riders move it, short of the end or the shelf.
_RIDER_TARGETS = frozenset().union(*RIDER_GRAPH.values())
ACTIVE = tuple(s for s in S if s in _RIDER_TARGETS and s not in FINISHED | {S.READY})


class ClaimRefused(OrderError):
    """Another courier claimed the shipment first, or it is no longer waiting for one."""


@dataclass(frozen=True)
class CourierReport:
    """What a courier says happened; fields beyond ``type`` matter only to some types."""

    type: CourierEventType
    courier_name: str = ""
    courier_phone: str = ""
    courier_plate: str = ""
    cod_collected: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Applied:
    """The result of a report: its outcome, the shipment's state now, emails to queue."""

    outcome: Outcome
    status: ShipmentStatus
    emails: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())


def new_event_id() -> str:
    """A webhook-id for reports made on Gerai's own courier page."""
    return "gerai_" + secrets.token_urlsafe(18)


def free_text(text: str, limit: int = 255) -> str:
    """A courier's own words made safe for the timeline, whose notes templates pass to _():
    a '%' there would be read as a format placeholder, so it becomes the full-width '％'."""
    return " ".join(text.split()).replace("%", "％")[:limit]


def record_event(
    session: DbSession,
    webhook_id: str,
    shipment: Shipment,
    event_type: str,
    payload: Mapping[str, Any],
) -> CourierEvent | None:
    """Store the report under its webhook-id; None if the shipment's gallery stored that id
    before (or just now). Ids are the senders' own, so they are unique per gallery only."""
    row = CourierEvent(
        webhook_id=webhook_id[:128],
        gallery_id=shipment.gallery_id,
        shipment_id=shipment.id,
        event_type=event_type[:40],
        payload=dict(payload),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # delivered before, or right now by a concurrent request
        return None
    return row


def handle_report(
    session: DbSession,
    shipment: Shipment,
    report: CourierReport,
    *,
    webhook_id: str,
    payload: Mapping[str, Any],
    actor: str,
) -> Applied:
    """Record the report once under ``webhook_id`` and apply it if it fits; never raises."""
    row = record_event(session, webhook_id, shipment, report.type.value, payload)
    if row is None:
        log.info("Courier event %s for shipment %s: duplicate", webhook_id, shipment.id)
        return Applied(Outcome.DUPLICATE, shipment.status)
    result = apply_report(session, shipment, report, actor=actor)
    row.outcome = result.outcome.value
    session.flush()
    level = logging.INFO if result.outcome == Outcome.APPLIED else logging.WARNING
    log.log(
        level,
        "Courier event %s (%s) for shipment %s: %s, now %s",
        webhook_id,
        report.type.value,
        shipment.id,
        result.outcome.value,
        result.status.value,
    )
    return result


def apply_report(
    session: DbSession, shipment: Shipment, report: CourierReport, *, actor: str
) -> Applied:
    """Apply one report to a delivery shipment (row locked first), or say why not."""
    _lock(session, shipment)
    refusal = _refusal(shipment, report.type, actor)
    if refusal is not None:
        return Applied(refusal, shipment.status)
    return HANDLERS[report.type](session, shipment, report, actor)


def _lock(session: DbSession, shipment: Shipment) -> None:
    """Re-read the shipment under a row lock (PostgreSQL) so concurrent reports serialise."""
    stmt = select(Shipment).where(Shipment.id == shipment.id).with_for_update(of=Shipment)
    session.execute(stmt.execution_options(populate_existing=True))


def report_target(status: ShipmentStatus, kind: CourierEventType) -> ShipmentStatus:
    """The state a report moves a shipment in ``status`` to."""
    target = REPORT_TARGETS[kind]
    if kind == CourierEventType.CANCELLED and status != S.READY:
        return target if target in RIDER_GRAPH[status] else S.FAILED
    return target


def _refusal(shipment: Shipment, kind: CourierEventType, actor: str) -> Outcome | None:
    """Why a report cannot apply (stale or impossible), or None when it can.

    Read off the riders' steps of the shipment table: a report whose state the shipment is in
    already is applied only when it may repeat (a note); one the table allows next is applied
    if ``actor`` may take that step; one further along the table would skip a step
    (impossible); anything else is behind the shipment (stale).
    """
    status = shipment.status
    if shipment.delivery_method != DeliveryMethod.DELIVERY or status in BEFORE_READY:
        return Outcome.IMPOSSIBLE
    if kind == CourierEventType.RETURNED and status == S.READY:
        return Outcome.IMPOSSIBLE  # nothing left the gallery
    if status == REPORT_TARGETS[kind] and kind in REPEATABLE:
        return None
    target = report_target(status, kind)
    if status in FINISHED:
        return Outcome.STALE
    if target in RIDER_GRAPH[status]:
        return None if can_move_shipment(shipment, target, actor) else Outcome.IMPOSSIBLE
    if reachable(RIDER_GRAPH, status, target):
        return Outcome.IMPOSSIBLE  # it would skip a step: send the missing one first
    return Outcome.STALE


def _assigned(session: DbSession, shipment: Shipment, report: CourierReport, actor: str) -> Applied:
    details = (report.courier_name[:120], report.courier_phone[:20], report.courier_plate[:20])
    current = (shipment.courier_name, shipment.courier_phone, shipment.courier_plate)
    if shipment.status == S.COURIER_ASSIGNED:
        if details == current:
            return Applied(Outcome.STALE, shipment.status)
        _set_courier(shipment, *details)
        _note(session, shipment, NOTE_COURIER_CHANGED, actor)
        return Applied(Outcome.APPLIED, shipment.status, notes=(NOTE_COURIER_CHANGED,))
    _set_courier(shipment, *details)
    set_shipment_status(session, shipment, S.COURIER_ASSIGNED, actor=actor)
    return Applied(Outcome.APPLIED, shipment.status)


def _picked_up(session: DbSession, shipment: Shipment, _r: CourierReport, actor: str) -> Applied:
    set_shipment_status(session, shipment, S.PICKED_UP, actor=actor)
    return Applied(Outcome.APPLIED, shipment.status, emails=("handed_to_courier",))


def _delivered(
    session: DbSession, shipment: Shipment, report: CourierReport, actor: str
) -> Applied:
    note = cod_note(shipment.cod_amount, report.cod_collected)
    if report.cod_collected is not None:
        shipment.cod_collected = report.cod_collected
    set_shipment_status(session, shipment, S.DELIVERED, note=note, actor=actor)
    complete_order_if_done(session, shipment.order, actor=actor)
    session.flush()
    return Applied(
        Outcome.APPLIED, shipment.status, emails=("delivered",), notes=(note,) if note else ()
    )


def cod_note(due: int, collected: int | None) -> str:
    """The timeline note for the cash a courier reports: empty when it matches."""
    if collected is None:
        return NOTE_COD_MISSING if due else ""
    return NOTE_COD_DIFFERS if collected != due else ""


def _failed(session: DbSession, shipment: Shipment, report: CourierReport, actor: str) -> Applied:
    note = free_text(report.reason) or NOTE_FAILED
    set_shipment_status(session, shipment, S.FAILED, note=note, actor=actor)
    return Applied(Outcome.APPLIED, shipment.status, notes=(note,))


def _cancelled(session: DbSession, shipment: Shipment, _r: CourierReport, actor: str) -> Applied:
    if report_target(shipment.status, CourierEventType.CANCELLED) == S.FAILED:  # after pickup
        note = NOTE_CANCELLED_AFTER_PICKUP
        set_shipment_status(session, shipment, S.FAILED, note=note, actor=actor)
    else:
        note = NOTE_BOOKING_CANCELLED
        _back_to_ready(session, shipment, note, actor)
    return Applied(Outcome.APPLIED, shipment.status, notes=(note,))


def _no_driver(session: DbSession, shipment: Shipment, _r: CourierReport, actor: str) -> Applied:
    _back_to_ready(session, shipment, NOTE_NO_DRIVER, actor)
    log.warning("No courier found for shipment %s: back to ready", shipment.id)
    return Applied(Outcome.APPLIED, shipment.status, notes=(NOTE_NO_DRIVER,))


def _returned(session: DbSession, shipment: Shipment, _r: CourierReport, actor: str) -> Applied:
    if shipment.status == S.FAILED:
        _note(session, shipment, NOTE_RETURNED, actor)
    else:
        set_shipment_status(session, shipment, S.FAILED, note=NOTE_RETURNED, actor=actor)
    return Applied(Outcome.APPLIED, shipment.status, notes=(NOTE_RETURNED,))


def _back_to_ready(session: DbSession, shipment: Shipment, note: str, actor: str) -> None:
    """Free the shipment for another courier; an already-ready one gets the note only."""
    _set_courier(shipment, "", "", "")
    shipment.courier_user_id = None
    if shipment.status == S.READY:
        _note(session, shipment, note, actor)
    else:
        set_shipment_status(session, shipment, S.READY, note=note, actor=actor)


def _set_courier(shipment: Shipment, name: str, phone: str, plate: str) -> None:
    shipment.courier_name, shipment.courier_phone, shipment.courier_plate = name, phone, plate


def _note(session: DbSession, shipment: Shipment, note: str, actor: str) -> None:
    """A timeline entry that does not move the shipment (its status is repeated)."""
    shipment_note(session, shipment, note, actor)


HANDLERS = {
    CourierEventType.COURIER_ASSIGNED: _assigned,
    CourierEventType.PICKED_UP: _picked_up,
    CourierEventType.DELIVERED: _delivered,
    CourierEventType.FAILED: _failed,
    CourierEventType.CANCELLED: _cancelled,
    CourierEventType.NO_DRIVER: _no_driver,
    CourierEventType.RETURNED: _returned,
}


# --- Gerai's own courier page -------------------------------------------------------------


@dataclass(frozen=True)
class CourierIdentity:
    """Who claims: the courier's user id and what the shopper sees of them."""

    user_id: int
    gallery_id: int
    name: str
    phone: str
    plate: str = ""


def claim_shipment(session: DbSession, shipment_id: int, courier: CourierIdentity) -> Shipment:
    """Take a ready shipment of the courier's gallery; exactly one of two racing couriers wins.

    The claim is one conditional UPDATE (ready and unclaimed, or no row changes), so the second
    courier's update finds the row taken; the move to courier_assigned follows in the same
    transaction through set_shipment_status. Raises ClaimRefused when the row was not taken.
    """
    claimed = updated_rows(
        session,
        update(Shipment)
        .where(
            Shipment.id == shipment_id,
            on_courier_page(courier.gallery_id),
            Shipment.status == S.READY,
            Shipment.delivery_method == DeliveryMethod.DELIVERY,
            Shipment.courier_user_id.is_(None),
        )
        .values(
            courier_user_id=courier.user_id,
            courier_name=courier.name[:120],
            courier_phone=courier.phone[:20],
            courier_plate=courier.plate[:20],
            updated_at=utcnow(),
        ),
    )
    if claimed != 1:
        raise ClaimRefused(N_("Another courier took this delivery, or it is no longer waiting."))
    shipment = session.get(Shipment, shipment_id, populate_existing=True)
    assert shipment is not None
    set_shipment_status(
        session, shipment, S.COURIER_ASSIGNED, actor=actors.courier(courier.user_id)
    )
    payload = {"shipment_id": shipment.id, "courier_user_id": courier.user_id}
    row = record_event(session, new_event_id(), shipment, "courier_assigned", payload)
    if row is not None:
        row.outcome = Outcome.APPLIED.value
    session.flush()
    return shipment


def own_page_galleries(gallery_id: int) -> Any:
    """The gallery, if Gerai's courier page serves it (``Gallery.uses_external_dispatcher``)."""
    return select(Gallery.id).where(
        Gallery.id == gallery_id, not_(Gallery.uses_external_dispatcher)
    )


def on_courier_page(gallery_id: int) -> ColumnElement[bool]:
    """Shipments of the gallery that Gerai's courier page serves: all of a gallery without a
    dispatcher, and those the gallery handed to its own couriers (``Shipment.own_couriers``)."""
    return and_(
        Shipment.gallery_id == gallery_id,
        or_(Shipment.gallery_id.in_(own_page_galleries(gallery_id)), Shipment.own_couriers),
    )


def open_jobs(session: DbSession, gallery_id: int) -> Sequence[Shipment]:
    """Ready, unclaimed delivery shipments of a gallery that no external dispatcher handles."""
    stmt = (
        select(Shipment)
        .where(
            on_courier_page(gallery_id),
            Shipment.status == S.READY,
            Shipment.delivery_method == DeliveryMethod.DELIVERY,
            Shipment.courier_user_id.is_(None),
        )
        .options(joinedload(Shipment.order), joinedload(Shipment.gallery))
        .order_by(Shipment.updated_at, Shipment.id)
    )
    return session.scalars(stmt).all()


def my_jobs(session: DbSession, user_id: int) -> Sequence[Shipment]:
    """The courier's shipments still under way (claimed or picked up)."""
    stmt = (
        select(Shipment)
        .where(Shipment.courier_user_id == user_id, Shipment.status.in_(ACTIVE))
        .options(joinedload(Shipment.order), joinedload(Shipment.gallery))
        .order_by(Shipment.updated_at, Shipment.id)
    )
    return session.scalars(stmt).all()


def job_for(session: DbSession, shipment_id: int, gallery_id: int) -> Shipment | None:
    """A delivery shipment of the courier's gallery, with what the job page shows."""
    if not 0 < shipment_id <= 2**31 - 1:
        return None
    stmt = (
        select(Shipment)
        .where(
            Shipment.id == shipment_id,
            Shipment.gallery_id == gallery_id,
            Shipment.delivery_method == DeliveryMethod.DELIVERY,
        )
        .options(
            joinedload(Shipment.order).joinedload(Order.kelurahan),
            joinedload(Shipment.gallery),
            selectinload(Shipment.lines),
            selectinload(Shipment.events),
        )
    )
    return session.scalar(stmt)


def delivered_since(
    session: DbSession,
    since: datetime,
    *,
    cooperative_id: int | None = None,
    courier_user_id: int | None = None,
) -> Sequence[tuple[Shipment, datetime]]:
    """Delivered COD shipments (with when) since ``since``, of a cooperative or one courier."""
    stmt = (
        select(Shipment, Shipment.completed_at)
        .where(
            Shipment.status == S.DELIVERED,
            Shipment.cod_amount > 0,
            Shipment.completed_at >= since,
        )
        .options(joinedload(Shipment.order), joinedload(Shipment.gallery))
        .order_by(Shipment.completed_at, Shipment.id)
    )
    if courier_user_id is not None:
        stmt = stmt.where(Shipment.courier_user_id == courier_user_id)
    if cooperative_id is not None:
        galleries = select(Gallery.id).where(Gallery.cooperative_id == cooperative_id)
        stmt = stmt.where(Shipment.gallery_id.in_(galleries.scalar_subquery()))
    return [(row[0], row[1]) for row in session.execute(stmt) if row[1] is not None]


def cash_held(shipments: Sequence[tuple[Shipment, datetime]]) -> int:
    """The COD cash those deliveries put in the courier's hands."""
    return sum(s.cod_collected or 0 for s, _at in shipments)
