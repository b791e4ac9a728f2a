"""Couriers' cash: the COD money couriers collect and hand over to their gallery.

A courier reports the cash collected per shipment when delivering (``Shipment.cod_collected``,
from Gerai's courier page or a dispatcher's ``delivered`` event). A manager records each
handover: the amount actually received, when, by whom, and which delivered COD shipments it
settles. The expected amount is the cash reported for those shipments; the difference
(handed over − expected) is kept on the handover: below zero the courier is short (kurang),
above it over (lebih).

Who "a courier" is, for the balance (:func:`courier_key`), always within one gallery, since
cash is handed over at the counter of the gallery that packed the goods:

- a Gerai courier account (``Shipment.courier_user_id``): the account, whatever name it shows;
- a driver of an external dispatcher, known only by what the dispatcher reported: the phone
  number (normalised, so ``+62812…`` and ``0812…`` are one driver), since names are spelled
  differently from one booking to the next and phones are what the gallery calls; a report
  without a phone falls back to the name (case and spacing ignored).

A courier's running balance, across days, is the cash reported collected minus the cash
handed over: the reported cash of the shipments not yet handed over plus what earlier
handovers fell short (a surplus counts against it).

Each shipment is in at most one handover: ``cash_handover_item.shipment_id`` is unique, so a
double submit or two managers at the same moment cannot count it twice (the second insert
fails, and the whole handover with it). A form's one-time ``submission`` key is unique too: the
same form sent twice finds the handover the first one recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession, as_utc, utcnow
from catalog.i18n import N_
from catalog.models import Gallery
from orders.exceptions import OrderError
from orders.models import CashHandover, CashHandoverItem, Shipment, ShipmentEvent, ShipmentStatus

# Above this a typed amount is taken for a slip of the finger, whatever is expected.
MAX_HANDOVER = 100_000_000
# ... and above this many times the cash due or reported for the shipments ticked.
ABSURD_FACTOR = 10
# How far back a handover may be dated: late bookkeeping of last month, not of last year.
MAX_BACKDATE = timedelta(days=31)
# The form gives minutes, and the manager's phone clock may run a little ahead of the server.
CLOCK_SLACK = timedelta(minutes=2)


class CashRefused(OrderError):
    """A handover that breaks a rule; ``field`` names the input to show the message at."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class AlreadyHandedOver(CashRefused):
    """A ticked shipment's cash was handed over already (perhaps a moment ago, by another)."""


class NotFound(OrderError):
    """The courier or a shipment is not the cooperative's (the view answers 404)."""


def normalise_phone(phone: str) -> str:
    """Digits of an Indonesian phone number with the country code as a leading 0."""
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("62") else digits


def courier_key(shipment: Shipment) -> str:
    """Who holds the shipment's cash, within its gallery (see the module docstring)."""
    if shipment.courier_user_id is not None:
        who = f"u{shipment.courier_user_id}"
    elif phone := normalise_phone(shipment.courier_phone):
        who = f"p{phone}"
    else:
        who = "n" + " ".join(shipment.courier_name.split()).casefold()
    return f"g{shipment.gallery_id}-{who}"[:80]


def cash_outstanding() -> ColumnElement[bool]:
    """A delivered cash-on-delivery shipment whose cash no handover has covered yet: the courier
    still holds it (the orders desk lists these among its problems).

    The terms are those of the partial index ``ix_shipment_cash_open`` (``CASH_OPEN_SQL``),
    with the constants written into the SQL: a planner matches a partial index only against
    terms it can see, and a bound parameter may hide them.
    """
    return and_(
        Shipment.status == literal_column(f"'{ShipmentStatus.DELIVERED.value}'"),
        Shipment.cod_amount > literal_column("0"),
        Shipment.cash_handed_over_at.is_(None),
    )


def reported(shipment: Shipment) -> int:
    """The cash the courier reported collecting (nothing reported counts as none)."""
    return shipment.cod_collected or 0


@dataclass
class OpenCash:
    """A delivered COD shipment whose cash is not handed over yet, and when it was delivered."""

    shipment: Shipment
    delivered_at: datetime | None


@dataclass
class CourierBalance:
    """One courier's cash at one gallery: what is open and what earlier handovers left."""

    key: str
    gallery: Gallery
    name: str
    phone: str
    own_page: bool
    open: list[OpenCash] = field(default_factory=list)
    shortfall: int = 0  # sum over past handovers of expected − amount (negative: surplus)
    handed_over: int = 0  # sum of the amounts of past handovers
    handovers: int = 0

    @property
    def open_reported(self) -> int:
        return sum(reported(o.shipment) for o in self.open)

    @property
    def open_due(self) -> int:
        return sum(o.shipment.cod_amount for o in self.open)

    @property
    def balance(self) -> int:
        """Cash reported collected minus cash handed over, across days."""
        return self.open_reported + self.shortfall


def _open_statement(cooperative_id: int) -> Select[Shipment, datetime | None]:
    """The cooperative's delivered shipments whose cash is still with the courier, oldest
    delivery first (found through the desk's index on the gallery, state and COD amount)."""
    galleries = select(Gallery.id).where(Gallery.cooperative_id == cooperative_id)
    return (
        select(Shipment, Shipment.completed_at)
        .where(Shipment.gallery_id.in_(galleries.scalar_subquery()), cash_outstanding())
        .options(joinedload(Shipment.order), joinedload(Shipment.gallery))
        .order_by(Shipment.completed_at, Shipment.id)
    )


def balances(session: DbSession, cooperative_id: int) -> list[CourierBalance]:
    """Every courier of the cooperative's galleries with open cash or a balance left."""
    groups: dict[str, CourierBalance] = {}
    for shipment, at in session.execute(_open_statement(cooperative_id)).all():
        key = courier_key(shipment)
        group = groups.get(key)
        if group is None:
            group = groups[key] = CourierBalance(
                key=key,
                gallery=shipment.gallery,
                name=shipment.courier_name or "—",
                phone=shipment.courier_phone,
                own_page=shipment.courier_user_id is not None,
            )
        group.name = shipment.courier_name or group.name  # the latest name shown
        group.phone = shipment.courier_phone or group.phone
        group.open.append(OpenCash(shipment, at))
    past = session.execute(
        select(
            CashHandover.courier_key,
            func.sum(CashHandover.expected - CashHandover.amount),
            func.sum(CashHandover.amount),
            func.count(),
            func.max(CashHandover.id),
        )
        .join(CashHandover.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .group_by(CashHandover.courier_key)
    ).all()
    latest_ids = {}
    for key, shortfall, handed, count, latest_id in past:
        group = groups.get(key)
        if group is None:
            if not shortfall:
                continue  # settled: nothing open, nothing owed
            latest_ids[key] = latest_id
            group = groups[key] = CourierBalance(key, None, "", "", False)  # type: ignore[arg-type]
        group.shortfall, group.handed_over, group.handovers = int(shortfall), int(handed), count
    if latest_ids:  # couriers with only a balance left: named by their latest handover
        rows = session.scalars(
            select(CashHandover)
            .where(CashHandover.id.in_(latest_ids.values()))
            .options(joinedload(CashHandover.gallery))
        )
        for row in rows:
            group = groups[row.courier_key]
            group.gallery, group.name, group.phone = (
                row.gallery,
                row.courier_name,
                row.courier_phone,
            )
            group.own_page = row.courier_user_id is not None
    return sorted(groups.values(), key=lambda g: (g.gallery.name, g.name.casefold(), g.key))


def balance_of(session: DbSession, cooperative_id: int, key: str) -> CourierBalance:
    """One courier's balance; NotFound when the cooperative never had such a courier."""
    for group in balances(session, cooperative_id):
        if group.key == key:
            return group
    latest = session.scalar(  # a courier who handed everything over: nothing open, balance 0
        select(CashHandover)
        .join(CashHandover.gallery)
        .where(CashHandover.courier_key == key, Gallery.cooperative_id == cooperative_id)
        .order_by(CashHandover.id.desc())
        .limit(1)
    )
    if latest is None:
        raise NotFound(N_("No such courier."))
    return CourierBalance(
        key,
        latest.gallery,
        latest.courier_name,
        latest.courier_phone,
        latest.courier_user_id is not None,
    )


def check_amount(amount: int, expected: int, due: int) -> None:
    """Refuse a negative or absurd amount (far above what the shipments could hold)."""
    if amount < 0:
        raise CashRefused("amount", N_("The amount received cannot be negative."))
    reference = max(expected, due)
    if amount > MAX_HANDOVER or (reference and amount > reference * ABSURD_FACTOR):
        raise CashRefused(
            "amount",
            N_("%(amount)s is far more than the cash of the ticked orders; check the amount."),
            amount=amount,
        )


def delivered_times(session: DbSession, ids: Sequence[int]) -> dict[int, datetime]:
    """When each of these shipments was (last) delivered."""
    rows = session.execute(
        select(ShipmentEvent.shipment_id, func.max(ShipmentEvent.created_at))
        .where(ShipmentEvent.shipment_id.in_(ids), ShipmentEvent.status == ShipmentStatus.DELIVERED)
        .group_by(ShipmentEvent.shipment_id)
    ).all()
    return {shipment_id: as_utc(at) for shipment_id, at in rows}


def check_received_at(
    received_at: datetime, shipments: Sequence[Shipment], delivered: dict[int, datetime]
) -> None:
    """Refuse a time in the future, more than :data:`MAX_BACKDATE` ago, or before one of the
    shipments was delivered (the form gives minutes, so the delivery's minute is enough)."""
    now = utcnow()
    if received_at > now + CLOCK_SLACK:
        raise CashRefused("received_at", N_("The cash cannot have been received in the future."))
    if received_at < now - MAX_BACKDATE:
        raise CashRefused(
            "received_at",
            N_("A handover can be dated at most %(days)s days back."),
            days=MAX_BACKDATE.days,
        )
    for shipment in shipments:
        at = delivered.get(shipment.id)
        if at is not None and received_at < at.replace(second=0, microsecond=0):
            raise CashRefused(
                "received_at",
                N_("The cash of %(code)s cannot have been received before it was delivered."),
                code=shipment.order.code,
            )


def record_handover(
    session: DbSession,
    *,
    cooperative_id: int,
    courier: str,
    shipment_ids: Sequence[int],
    amount: int,
    received_by_id: int,
    submission: str,
    note: str = "",
    received_at: datetime | None = None,
) -> CashHandover:
    """Record the cash ``courier`` handed over for ``shipment_ids``; flushes, never commits.

    Returns the handover recorded under ``submission`` before, if any (a form sent twice).
    Raises NotFound for a courier or shipment that is not the cooperative's, CashRefused for
    input that breaks a rule (also a ``received_at``, default now, in the future, too far
    back or before a shipment was delivered) and AlreadyHandedOver when a shipment's cash was
    handed over already, also by a concurrent request: then nothing is written.
    """
    earlier = by_submission(session, cooperative_id, submission)
    if earlier is not None:
        return earlier
    ids = sorted(set(shipment_ids))
    if not ids:
        raise CashRefused("shipments", N_("Tick at least one order whose cash is handed over."))
    if any(not 0 < i <= 2**31 - 1 for i in ids):
        raise NotFound(N_("No such order."))
    shipments = session.scalars(
        select(Shipment)
        .join(Shipment.gallery)
        .where(Shipment.id.in_(ids), Gallery.cooperative_id == cooperative_id)
        .options(selectinload(Shipment.order))
    ).all()
    if len(shipments) != len(ids) or any(courier_key(s) != courier for s in shipments):
        raise NotFound(N_("No such order."))
    if any(s.status != ShipmentStatus.DELIVERED or s.cod_amount <= 0 for s in shipments):
        raise NotFound(N_("No such order."))
    taken = session.scalars(
        select(CashHandoverItem.shipment_id).where(CashHandoverItem.shipment_id.in_(ids))
    ).all()
    if taken:
        raise _already(shipments, set(taken))
    expected = sum(reported(s) for s in shipments)
    check_amount(amount, expected, sum(s.cod_amount for s in shipments))
    # In UTC: SQLite keeps no zone, and reads every stored time back as UTC.
    received_at = as_utc(received_at).astimezone(UTC) if received_at is not None else utcnow()
    check_received_at(received_at, shipments, delivered_times(session, ids))
    latest = max(shipments, key=lambda s: s.id)
    handover = CashHandover(
        gallery_id=latest.gallery_id,
        courier_key=courier,
        courier_user_id=latest.courier_user_id,
        courier_name=latest.courier_name[:120],
        courier_phone=latest.courier_phone[:20],
        amount=amount,
        expected=expected,
        received_by_id=received_by_id,
        received_at=received_at,
        note=" ".join(note.split())[:255],
        submission=submission[:64],
        items=[
            CashHandoverItem(shipment_id=s.id, reported=reported(s), due=s.cod_amount)
            for s in shipments
        ],
    )
    try:
        with session.begin_nested():
            session.add(handover)
            for shipment in shipments:
                shipment.cash_handed_over_at = received_at
    except IntegrityError:  # another request handed the cash over (or sent this form) first
        earlier = by_submission(session, cooperative_id, submission)
        if earlier is not None:
            return earlier
        raise _already(shipments, set(shipments_handed_over(session, ids))) from None
    return handover


def _already(shipments: Sequence[Shipment], taken: set[int]) -> AlreadyHandedOver:
    codes = ", ".join(s.order.code for s in shipments if s.id in taken) or "—"
    return AlreadyHandedOver(
        "shipments",
        N_("The cash of %(codes)s was handed over already (perhaps just now); see the list."),
        codes=codes,
    )


def shipments_handed_over(session: DbSession, ids: Sequence[int]) -> Sequence[int]:
    return session.scalars(
        select(CashHandoverItem.shipment_id).where(CashHandoverItem.shipment_id.in_(ids))
    ).all()


def by_submission(session: DbSession, cooperative_id: int, submission: str) -> CashHandover | None:
    return session.scalar(
        select(CashHandover)
        .join(CashHandover.gallery)
        .where(CashHandover.submission == submission[:64], Gallery.cooperative_id == cooperative_id)
    )


def handover_of(session: DbSession, cooperative_id: int, handover_id: int) -> CashHandover:
    """A handover of the cooperative with its shipments; NotFound otherwise."""
    if not 0 < handover_id <= 2**31 - 1:
        raise NotFound(N_("No such handover."))
    row = session.scalar(
        select(CashHandover)
        .join(CashHandover.gallery)
        .where(CashHandover.id == handover_id, Gallery.cooperative_id == cooperative_id)
        .options(
            joinedload(CashHandover.gallery),
            selectinload(CashHandover.items)
            .joinedload(CashHandoverItem.shipment)
            .joinedload(Shipment.order),
        )
    )
    if row is None:
        raise NotFound(N_("No such handover."))
    return row


def handovers(
    session: DbSession,
    cooperative_id: int,
    *,
    courier: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Select[CashHandover]:
    """The cooperative's handovers, newest first, filtered by courier and time (to paginate)."""
    stmt = (
        select(CashHandover)
        .join(CashHandover.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .options(joinedload(CashHandover.gallery), selectinload(CashHandover.items))
        .order_by(CashHandover.received_at.desc(), CashHandover.id.desc())
    )
    if courier:
        stmt = stmt.where(CashHandover.courier_key == courier)
    if since is not None:
        stmt = stmt.where(CashHandover.received_at >= since)
    if until is not None:
        stmt = stmt.where(CashHandover.received_at < until)
    return stmt


def couriers_handed_over(session: DbSession, cooperative_id: int) -> list[tuple[str, str]]:
    """(key, name) of every courier who ever handed cash over to the cooperative: the filter."""
    rows = session.execute(
        select(CashHandover.courier_key, func.max(CashHandover.courier_name))
        .join(CashHandover.gallery)
        .where(Gallery.cooperative_id == cooperative_id)
        .group_by(CashHandover.courier_key)
    ).all()
    return sorted(((k, n) for k, n in rows), key=lambda r: r[1].casefold())
