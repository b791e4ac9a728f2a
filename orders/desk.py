"""The orders desk: a cooperative's shipments in tabs (new, packing, ready, with the courier,
done, problems, cancelled), filtered by date, gallery and a search, counted in SQL.

Every shipment falls in at most one tab (:func:`tab_of`, one CASE expression): the problems
come first (a failed delivery, a ready delivery the dispatcher found no driver for, a cancelled
order whose card payment arrived after all, a delivered COD shipment whose cash the courier has
not handed over yet), then the tab of the shipment's state: a COD delivery is done when its
cash is in. Shipments still waiting for a card payment are in none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload

from catalog.db import DbSession
from catalog.models import Gallery
from catalog.queries import Page, clamp_page
from catalog.text import escape_like
from orders.cash import cash_outstanding
from orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
    Shipment,
    ShipmentStatus,
)
from orders.redispatch import no_driver

S = ShipmentStatus
PROBLEMS = "masalah"
TAB_STATES: dict[str, tuple[ShipmentStatus, ...]] = {
    "baru": (S.CONFIRMED,),
    "dikemas": (S.PACKING,),
    "siap": (S.READY,),
    "kurir": (S.COURIER_ASSIGNED, S.PICKED_UP),
    "selesai": (S.DELIVERED, S.COLLECTED),
    "batal": (S.CANCELLED,),
}
TABS = ("baru", "dikemas", "siap", "kurir", "selesai", PROBLEMS, "batal")
# Tabs of finished shipments read newest first; the work queues oldest first.
NEWEST_FIRST = frozenset({"selesai", "batal"})
DEFAULT_TAB = "baru"
PICKABLE = (S.CONFIRMED, S.PACKING)  # what the day's pick list gathers


@dataclass(frozen=True)
class DeskFilters:
    """What the desk's URL asks for; times are UTC bounds of the chosen days."""

    tab: str = DEFAULT_TAB
    since: datetime | None = None
    until: datetime | None = None
    gallery_id: int | None = None
    q: str = ""


def paid_after_cancel() -> ColumnElement[bool]:
    """A cancelled shipment of an order whose card payment is paid (and not refunded)."""
    paid = exists().where(
        Payment.order_id == Shipment.order_id, Payment.status == PaymentStatus.PAID
    )
    return and_(Shipment.status == S.CANCELLED, paid)


def problem_rules() -> list[tuple[str, ShipmentStatus, ColumnElement[bool]]]:
    """The desk's problems in the order they are named, each with the one state it can happen
    in: the shipments of the other tabs are found by their states (through the index), less
    the problems of those states."""
    return [
        ("failed", S.FAILED, Shipment.status == S.FAILED),
        ("no_driver", S.READY, no_driver()),
        ("paid_after_cancel", S.CANCELLED, paid_after_cancel()),
        ("cash_outstanding", S.DELIVERED, cash_outstanding()),
    ]


PROBLEM_STATES = tuple(state for _kind, state, _rule in problem_rules())


def tab_of() -> ColumnElement[str | None]:
    """The one tab a shipment is in (NULL: waiting for payment)."""
    whens = [(rule, PROBLEMS) for _kind, _state, rule in problem_rules()]
    whens += [(Shipment.status.in_(states), tab) for tab, states in TAB_STATES.items()]
    return case(*whens, else_=None)


def in_tab(tab: str) -> ColumnElement[bool]:
    """The shipments of one tab: what ``tab_of() == tab`` says, in a form the index serves."""
    rules = problem_rules()
    if tab == PROBLEMS:
        return and_(Shipment.status.in_(PROBLEM_STATES), or_(*(rule for _k, _s, rule in rules)))
    states = TAB_STATES.get(tab, ())
    clashing = [~rule for _kind, state, rule in rules if state in states]
    return and_(Shipment.status.in_(states), *clashing)


def problem_kind() -> ColumnElement[str | None]:
    """Why a shipment is in the problems tab: failed, no_driver, paid_after_cancel or
    cash_outstanding."""
    return case(*((rule, kind) for kind, _state, rule in problem_rules()), else_=None)


def _scoped(stmt: Select, cooperative_id: int, filters: DeskFilters) -> Select:
    """The cooperative's shipments under the filters (the order is joined only to search)."""
    galleries = select(Gallery.id).where(Gallery.cooperative_id == cooperative_id)
    stmt = stmt.where(Shipment.gallery_id.in_(galleries.scalar_subquery()))
    if filters.gallery_id:
        stmt = stmt.where(Shipment.gallery_id == filters.gallery_id)
    if filters.since is not None:
        stmt = stmt.where(Shipment.created_at >= filters.since)
    if filters.until is not None:
        stmt = stmt.where(Shipment.created_at < filters.until)
    if filters.q:
        found = select(Order.id).where(search_matches(filters.q))
        stmt = stmt.where(Shipment.order_id.in_(found.scalar_subquery()))
    return stmt


def search_matches(q: str) -> ColumnElement[bool]:
    """An order code, part of the shopper's name, or a phone number as people type it."""
    text = q.strip()
    digits = phone_digits(text)
    if digits:  # only digits and separators: a phone, or the digits of a code, never a name
        bare = re.sub(r"\D", "", text)
        return or_(Order.phone.like(f"%{digits}%"), Order.code.like(f"%{bare}%"))
    like = f"%{escape_like(text)}%"
    return or_(Order.code.ilike(like, escape="\\"), Order.customer_name.ilike(like, escape="\\"))


def phone_digits(text: str) -> str:
    """The digits of a typed phone number as stored (E.164 without '+': 0812… -> 62812…), or ''
    when the text is not a phone number (at least five digits, only separators besides)."""
    if not re.fullmatch(r"\+?[\d\s().-]+", text):
        return ""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return ""
    return "62" + digits[1:] if digits.startswith("0") else digits


def _in_tab_ids(cooperative_id: int, filters: DeskFilters) -> Select:
    """The ids of one tab's shipments in the queue's order: oldest first, or newest first in
    the tabs of finished ones. The problems come from one query per rule, each limited to
    its state (a rule's own index answers it), put together."""
    if filters.tab == PROBLEMS:
        parts = [
            _scoped(select(Shipment.id, Shipment.created_at), cooperative_id, filters).where(
                Shipment.status == state, rule
            )
            for _kind, state, rule in problem_rules()
        ]
        found = union_all(*parts).subquery()
        return select(found.c.id).order_by(found.c.created_at, found.c.id)
    stmt = _scoped(select(Shipment.id), cooperative_id, filters).where(in_tab(filters.tab))
    if filters.tab in NEWEST_FIRST:
        return stmt.order_by(Shipment.created_at.desc(), Shipment.id.desc())
    return stmt.order_by(Shipment.created_at, Shipment.id)


@dataclass(frozen=True)
class Desk:
    """What the desk shows: every tab's count and one page of the chosen tab."""

    counts: dict[str, int]
    page: Page[tuple[Shipment, str | None]]


def desk(
    session: DbSession, cooperative_id: int, filters: DeskFilters, number: int, per_page: int
) -> Desk:
    """The tabs' counts and one page of the chosen tab, whose total is its count."""
    counts = tab_counts(session, cooperative_id, filters)
    total = counts.get(filters.tab, 0)
    return Desk(counts, desk_page(session, cooperative_id, filters, number, per_page, total))


def desk_page(
    session: DbSession,
    cooperative_id: int,
    filters: DeskFilters,
    number: int,
    per_page: int,
    total: int,
) -> Page[tuple[Shipment, str | None]]:
    """One page of the tab's (shipment, problem) rows, the tab holding ``total`` shipments
    (:func:`tab_counts`); an out-of-range number is clamped.

    The page's ids are found first (from the index, without the rows' other columns), then
    only those shipments are loaded with what the cards show.
    """
    number = clamp_page(number, per_page, total)
    ids_stmt = _in_tab_ids(cooperative_id, filters)
    ids = session.scalars(ids_stmt.limit(per_page).offset((number - 1) * per_page)).all()
    problem = problem_kind() if filters.tab == PROBLEMS else null()
    loaded = session.execute(
        select(Shipment, problem.label("problem"))
        .where(Shipment.id.in_(ids))
        .options(
            joinedload(Shipment.order), joinedload(Shipment.gallery), selectinload(Shipment.lines)
        )
    ).unique()
    by_id = {row[0].id: (row[0], row[1]) for row in loaded}
    items = [by_id[i] for i in ids if i in by_id]
    return Page(items=items, page=number, per_page=per_page, total=total)


def tab_counts(session: DbSession, cooperative_id: int, filters: DeskFilters) -> dict[str, int]:
    """How many shipments each tab holds under the same filters: shipments counted per state
    (the index answers), then the problems of each rule among the shipments of its state
    (only where that state has any), moved from the state's tab to the problems tab."""
    n = func.count()
    per_state = _scoped(select(Shipment.status, n).select_from(Shipment), cooperative_id, filters)
    by_state = {row[0]: int(row[1]) for row in session.execute(per_state.group_by(Shipment.status))}
    counts = dict.fromkeys(TABS, 0)
    for tab, states in TAB_STATES.items():
        counts[tab] = sum(by_state.get(state, 0) for state in states)
    for _kind, state, rule in problem_rules():
        if not by_state.get(state):
            continue
        found = session.scalar(
            _scoped(select(n).select_from(Shipment), cooperative_id, filters).where(
                Shipment.status == state, rule
            )
        )
        counts[PROBLEMS] += found or 0
        for tab, states in TAB_STATES.items():
            if state in states:  # a failed one is in no other tab to take it from
                counts[tab] -= found or 0
    return counts


@dataclass(frozen=True)
class PickLine:
    product_id: int
    name: str
    unit: str
    member: str
    quantity: int
    orders: int


def pick_list(session: DbSession, cooperative_id: int, gallery_id: int) -> Sequence[PickLine]:
    """Everything to take off a gallery's shelves: confirmed and packing shipments' lines, per
    product, with the total quantity and the number of orders."""
    stmt = (
        select(
            OrderLine.product_id,
            OrderLine.product_name,
            OrderLine.unit,
            OrderLine.member_name,
            func.sum(OrderLine.quantity),
            func.count(func.distinct(OrderLine.shipment_id)),
        )
        .join(OrderLine.shipment)
        .join(Shipment.gallery)
        .join(Shipment.order)
        .where(Gallery.cooperative_id == cooperative_id, Shipment.gallery_id == gallery_id)
        .where(Shipment.status.in_(PICKABLE), Order.status == OrderStatus.CONFIRMED)
        .group_by(
            OrderLine.product_id, OrderLine.product_name, OrderLine.unit, OrderLine.member_name
        )
        .order_by(OrderLine.product_name, OrderLine.product_id)
    )
    return [PickLine(*row) for row in session.execute(stmt)]


def pick_shipments(session: DbSession, cooperative_id: int, gallery_id: int) -> Sequence[Shipment]:
    """The shipments the pick list gathers, for its list of order codes."""
    stmt = (
        select(Shipment)
        .join(Shipment.gallery)
        .join(Shipment.order)
        .where(Gallery.cooperative_id == cooperative_id, Shipment.gallery_id == gallery_id)
        .where(Shipment.status.in_(PICKABLE), Order.status == OrderStatus.CONFIRMED)
        .options(joinedload(Shipment.order))
        .order_by(Shipment.created_at, Shipment.id)
    )
    return session.scalars(stmt).all()
