"""Settlement (bagi hasil): what a cooperative owes each member for the goods it sold for them.

What counts, for one member and a period that ends on day ``last`` (the gallery's day):

- sales: the member's order lines whose shipment was delivered or collected before the end of
  ``last`` and that no paid settlement has counted yet. Lines from before the period's first
  day are there too: they were in a statement that carried over (below the minimum payout) or
  in a gap between periods. Nothing sold is ever left out, and nothing is counted twice: a
  line's ``settlement_id`` is set once, when its settlement is marked paid.
- refunds of delivered goods (``orders.aftersale``) recorded before the end of ``last`` and not
  yet counted. A refund of a line an earlier settlement already paid is an *adjustment*: the
  member gives back their share of it in this settlement.

The figures: gross = the sales' totals; commission = the cooperative's commission on each line
at the rate the order line snapshotted (rounded half up per line, ``orders.aftersale
.commission_on``) less the commission given back with refunds; refunds = the money given back;
net = gross - commission - refunds, what the member is paid. Below the cooperative's minimum
payout (or below zero), a statement cannot be paid: it carries over into the next period.

Marking a statement paid writes a :class:`Settlement` with the figures and points its lines and
refunds at it, by UPDATEs that only match rows still uncounted: of two managers at the same
moment, one wins and the other is told the statement changed. A paid settlement is frozen: no
code path changes it or its rows, and a new period must start after the last paid one.

Every figure is aggregated by the database (sums grouped by member), never by a Python loop
over lines, so a month of a busy cooperative stays fast.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from catalog import backoffice
from catalog.db import DbSession, as_utc, is_valid_id, updated_rows
from catalog.exceptions import NotFound
from catalog.i18n import N_
from catalog.models import Cooperative, Gallery, Member
from catalog.money import rupiah
from orders.exceptions import OrderError
from orders.models import (
    LineRefund,
    Order,
    OrderLine,
    PayoutMethod,
    Settlement,
    Shipment,
)
from orders.reports import Period
from orders.states import COMPLETED

MAX_REFERENCE = 120
CHANGED = N_(
    "The statement changed since it was opened (a new sale or refund): check it and mark it "
    "paid again."
)


class SettlementRefused(OrderError):
    """A settlement the rules do not allow; ``field`` names the input to show the message at."""

    def __init__(self, field: str, message: str, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class SettlementNotFound(OrderError):
    """Not the cooperative's member or settlement (the view answers 404)."""


class Standing(enum.StrEnum):
    PAYABLE = "payable"
    BELOW_MINIMUM = "below_minimum"  # carries over into the next period
    NOTHING = "nothing"
    PAID = "paid"  # a paid settlement covers the period's last day


@dataclass(frozen=True)
class Totals:
    gross: int = 0
    commission: int = 0
    refunds: int = 0
    adjustments: int = 0  # the part of ``refunds`` for lines an earlier settlement paid
    line_count: int = 0
    refund_count: int = 0
    carried_over: int = 0  # the part of ``gross`` sold before the period's first day

    @property
    def net(self) -> int:
        return self.gross - self.commission - self.refunds

    @property
    def empty(self) -> bool:
        return not self.line_count and not self.refund_count

    @classmethod
    def frozen(cls, settlement: Settlement) -> Totals:
        """A paid settlement's snapshot."""
        return cls(
            gross=settlement.gross,
            commission=settlement.commission,
            refunds=settlement.refunds,
            adjustments=settlement.adjustments,
            line_count=settlement.line_count,
            refund_count=settlement.refund_count,
        )

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Totals)))


@dataclass(frozen=True)
class MemberStanding:
    """One row of the cooperative's settlement list for a period: the open statement's
    figures, or the frozen ones of the paid settlement that covers the period."""

    member_id: int
    owner_name: str
    business_name: str
    phone: str
    totals: Totals
    standing: Standing
    paid_up_to: date | None  # the last day of the member's latest paid settlement
    settlement: Settlement | None  # the paid settlement that covers the period, if any

    @property
    def settlement_id(self) -> int | None:
        return self.settlement.id if self.settlement is not None else None


@dataclass(frozen=True)
class SaleRow:
    line_id: int
    order_code: str
    completed_at: datetime
    product_name: str
    unit: str
    quantity: int
    unit_price: int
    line_total: int
    rate_percent: int
    commission: int
    carried_over: bool

    @property
    def member_share(self) -> int:
        return self.line_total - self.commission


@dataclass(frozen=True)
class RefundRow:
    refund_id: int
    order_code: str
    product_name: str
    quantity: int
    amount: int
    commission: int
    method: str
    reason: str
    created_at: datetime
    adjustment: bool  # its line was paid in an earlier settlement

    @property
    def member_share(self) -> int:
        """What the member gives back: the money less the commission returned with it."""
        return self.amount - self.commission


@dataclass(frozen=True)
class Statement:
    """One member's statement: open (not paid yet) or a paid settlement's frozen rows."""

    member: Member
    period: Period
    totals: Totals
    sales: Sequence[SaleRow]
    refunds: Sequence[RefundRow]
    min_payout: int
    settlement: Settlement | None = None
    paid_up_to: date | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def standing(self) -> Standing:
        return _standing(self.totals, self.min_payout, paid=self.settlement is not None)


@dataclass(frozen=True)
class Payout:
    """The manager's "mark paid" form."""

    member_id: int
    period: Period
    paid_on: date
    method: PayoutMethod
    reference: str
    expected_net: int  # the net the manager saw: a statement that changed since is refused
    submission: str
    paid_by_id: int | None = None
    paid_by: str = ""


# --- The rows a statement counts ----------------------------------------------------------


def line_commission() -> ColumnElement[int]:
    """A line's commission in SQL, rounded half up to the rupiah (integer division on both
    databases)."""
    return (OrderLine.line_total * OrderLine.commission_rate_percent + 50) // 100


def _open_sales(cooperative_id: int, before: datetime) -> Select:
    """The cooperative's sold lines not counted by a paid settlement, sold before ``before``."""
    return (
        select()
        .select_from(OrderLine)
        .join(Shipment, OrderLine.shipment_id == Shipment.id)
        .join(Gallery, Shipment.gallery_id == Gallery.id)
        .where(
            Gallery.cooperative_id == cooperative_id,
            OrderLine.settlement_id.is_(None),
            Shipment.status.in_(COMPLETED),
            Shipment.completed_at < before,
        )
    )


def _open_refunds(cooperative_id: int, before: datetime) -> Select:
    """The refunds of delivered goods of the cooperative's members not counted yet."""
    return (
        select()
        .select_from(LineRefund)
        .join(Member, LineRefund.member_id == Member.id)
        .join(OrderLine, LineRefund.order_line_id == OrderLine.id)
        .where(
            Member.cooperative_id == cooperative_id,
            LineRefund.settlement_id.is_(None),
            LineRefund.created_at < before,
        )
    )


def _sale_sums(since: datetime) -> tuple[ColumnElement[int], ...]:
    carried = case((Shipment.completed_at < since, OrderLine.line_total), else_=0)
    return (
        func.coalesce(func.sum(OrderLine.line_total), 0),
        func.coalesce(func.sum(line_commission()), 0),
        func.count(OrderLine.id),
        func.coalesce(func.sum(carried), 0),
    )


def _refund_sums() -> tuple[ColumnElement[int], ...]:
    paid_before = case((OrderLine.settlement_id.is_not(None), LineRefund.amount), else_=0)
    return (
        func.coalesce(func.sum(LineRefund.amount), 0),
        func.coalesce(func.sum(LineRefund.commission), 0),
        func.count(LineRefund.id),
        func.coalesce(func.sum(paid_before), 0),
    )


def _totals(sales: Sequence[Any] | None, refunds: Sequence[Any] | None) -> Totals:
    gross, commission, lines, carried = (int(v) for v in (sales or (0, 0, 0, 0)))
    refunded, given_back, count, adjustments = (int(v) for v in (refunds or (0, 0, 0, 0)))
    return Totals(
        gross=gross,
        commission=commission - given_back,
        refunds=refunded,
        adjustments=adjustments,
        line_count=lines,
        refund_count=count,
        carried_over=carried,
    )


def _standing(totals: Totals, min_payout: int, *, paid: bool) -> Standing:
    if paid:
        return Standing.PAID
    if totals.empty:
        return Standing.NOTHING
    if totals.net <= 0 or totals.net < min_payout:
        return Standing.BELOW_MINIMUM
    return Standing.PAYABLE


# --- The cooperative's list for a period ----------------------------------------------------


def standings(
    session: DbSession, cooperative_id: int, period: Period, zone: ZoneInfo
) -> list[MemberStanding]:
    """Every member of the cooperative with their open statement up to the period's end (or
    the paid settlement that covers it), members with money first, then by name."""
    since, before = period.bounds(zone)
    coop = session.get(Cooperative, cooperative_id)
    if coop is None:
        raise SettlementNotFound(N_("No such cooperative."))
    by_member = OrderLine.member_id
    sales = {
        row[0]: row[1:]
        for row in session.execute(
            _open_sales(cooperative_id, before)
            .add_columns(by_member, *_sale_sums(since))
            .group_by(by_member)
        )
    }
    refunds = {
        row[0]: row[1:]
        for row in session.execute(
            _open_refunds(cooperative_id, before)
            .add_columns(LineRefund.member_id, *_refund_sums())
            .group_by(LineRefund.member_id)
        )
    }
    paid_up_to = _paid_up_to(session, cooperative_id)
    covering = _covering(session, cooperative_id, period.last)
    members = session.execute(
        select(Member.id, Member.owner_name, Member.business_name, Member.phone, Member.is_active)
        .where(Member.cooperative_id == cooperative_id)
        .order_by(Member.business_name, Member.id)
    ).all()
    rows = []
    for member_id, owner, business, phone, active in members:
        paid = covering.get(member_id)
        if paid is not None:
            totals = Totals.frozen(paid)
        else:
            totals = _totals(sales.get(member_id), refunds.get(member_id))
        if not active and totals.empty and paid is None:
            continue
        standing = _standing(totals, coop.min_payout, paid=paid is not None)
        rows.append(
            MemberStanding(
                member_id=member_id,
                owner_name=owner,
                business_name=business,
                phone=phone,
                totals=totals,
                standing=standing,
                paid_up_to=paid_up_to.get(member_id),
                settlement=paid,
            )
        )
    order = {Standing.PAYABLE: 0, Standing.BELOW_MINIMUM: 1, Standing.PAID: 2, Standing.NOTHING: 3}
    return sorted(rows, key=lambda row: order[row.standing])


def _paid_up_to(session: DbSession, cooperative_id: int) -> dict[int, date]:
    stmt = (
        select(Settlement.member_id, func.max(Settlement.period_end))
        .where(Settlement.cooperative_id == cooperative_id)
        .group_by(Settlement.member_id)
    )
    return {row[0]: row[1] for row in session.execute(stmt)}


def _covering(session: DbSession, cooperative_id: int, day: date) -> dict[int, Settlement]:
    """Member → the paid settlement whose period holds ``day``."""
    stmt = select(Settlement).where(
        Settlement.cooperative_id == cooperative_id,
        Settlement.period_start <= day,
        Settlement.period_end >= day,
    )
    return {paid.member_id: paid for paid in session.scalars(stmt)}


# --- One member's statement --------------------------------------------------------------


def member_of(session: DbSession, cooperative_id: int, member_id: int) -> Member:
    try:
        return backoffice.member_of(session, cooperative_id, member_id)
    except NotFound:
        raise SettlementNotFound(N_("No such member.")) from None


def open_statement(
    session: DbSession, cooperative_id: int, member_id: int, period: Period, zone: ZoneInfo
) -> Statement:
    """The member's statement not paid yet, up to the period's last day."""
    member = member_of(session, cooperative_id, member_id)
    since, before = period.bounds(zone)
    sales_filter = _open_sales(cooperative_id, before).where(OrderLine.member_id == member_id)
    refunds_filter = _open_refunds(cooperative_id, before).where(LineRefund.member_id == member_id)
    totals = _totals(
        session.execute(sales_filter.add_columns(*_sale_sums(since))).one(),
        session.execute(refunds_filter.add_columns(*_refund_sums())).one(),
    )
    return Statement(
        member=member,
        period=period,
        totals=totals,
        sales=_sale_rows(session, sales_filter, since),
        refunds=_refund_rows(session, refunds_filter),
        min_payout=member.cooperative.min_payout,
        paid_up_to=_paid_up_to(session, cooperative_id).get(member_id),
    )


def paid_statement(session: DbSession, settlement: Settlement, zone: ZoneInfo) -> Statement:
    """A paid settlement with the rows it counted (its figures are the frozen snapshot)."""
    period = Period(settlement.period_start, settlement.period_end)
    since, _ = period.bounds(zone)
    sales_filter = (
        select()
        .select_from(OrderLine)
        .join(Shipment, OrderLine.shipment_id == Shipment.id)
        .where(OrderLine.settlement_id == settlement.id)
    )
    refunds_filter = (
        select()
        .select_from(LineRefund)
        .join(OrderLine, LineRefund.order_line_id == OrderLine.id)
        .where(LineRefund.settlement_id == settlement.id)
    )
    totals = Totals.frozen(settlement)
    return Statement(
        member=settlement.member,
        period=period,
        totals=totals,
        sales=_sale_rows(session, sales_filter, since),
        refunds=_refund_rows(session, refunds_filter, settled_in=settlement.id),
        min_payout=settlement.member.cooperative.min_payout,
        settlement=settlement,
    )


def _sale_rows(session: DbSession, stmt: Select, since: datetime) -> list[SaleRow]:
    columns = stmt.join(Order, OrderLine.order_id == Order.id).add_columns(
        OrderLine.id,
        Order.code,
        Shipment.completed_at,
        OrderLine.product_name,
        OrderLine.unit,
        OrderLine.quantity,
        OrderLine.unit_price,
        OrderLine.line_total,
        OrderLine.commission_rate_percent,
        line_commission(),
    )
    return [
        _sale_row(row, since)
        for row in session.execute(columns.order_by(Shipment.completed_at, OrderLine.id))
    ]


def _sale_row(row: Sequence[Any], since: datetime) -> SaleRow:
    line_id, code, completed, name, unit, quantity, price, total, rate, commission = row
    return SaleRow(
        line_id=line_id,
        order_code=code,
        completed_at=completed,
        product_name=name,
        unit=unit,
        quantity=quantity,
        unit_price=price,
        line_total=total,
        rate_percent=rate,
        commission=commission,
        carried_over=as_utc(completed) < since,
    )


def _refund_row(row: Sequence[Any]) -> RefundRow:
    refund_id, code, name, quantity, amount, commission, method, reason, created, adjust = row
    return RefundRow(
        refund_id=refund_id,
        order_code=code,
        product_name=name,
        quantity=quantity,
        amount=amount,
        commission=commission,
        method=str(method),
        reason=reason,
        created_at=created,
        adjustment=bool(adjust),
    )


def _refund_rows(
    session: DbSession, stmt: Select, *, settled_in: int | None = None
) -> list[RefundRow]:
    """``settled_in``: for a paid settlement, an adjustment is a refund whose line another
    settlement counted; for an open statement, one whose line any paid settlement counted."""
    adjustment: ColumnElement[bool] = (
        OrderLine.settlement_id.is_not(None)
        if settled_in is None
        else OrderLine.settlement_id != settled_in
    )
    columns = stmt.join(Order, OrderLine.order_id == Order.id).add_columns(
        LineRefund.id,
        Order.code,
        OrderLine.product_name,
        LineRefund.quantity,
        LineRefund.amount,
        LineRefund.commission,
        LineRefund.method,
        LineRefund.reason,
        LineRefund.created_at,
        adjustment,
    )
    return [
        _refund_row(row)
        for row in session.execute(columns.order_by(LineRefund.created_at, LineRefund.id))
    ]


# --- Paying a member -----------------------------------------------------------------------


def settlement_of(session: DbSession, cooperative_id: int, settlement_id: int) -> Settlement:
    if not is_valid_id(settlement_id):
        raise SettlementNotFound(N_("No such settlement."))
    found = session.get(Settlement, settlement_id)
    if found is None or found.cooperative_id != cooperative_id:
        raise SettlementNotFound(N_("No such settlement."))
    return found


def settlements_of_member(session: DbSession, member_id: int) -> Sequence[Settlement]:
    """The member's paid settlements, newest first."""
    stmt = (
        select(Settlement)
        .where(Settlement.member_id == member_id)
        .order_by(Settlement.period_end.desc(), Settlement.id.desc())
    )
    return session.scalars(stmt).all()


def by_submission(session: DbSession, cooperative_id: int, submission: str) -> Settlement | None:
    return session.scalar(
        select(Settlement).where(
            Settlement.submission == submission[:64], Settlement.cooperative_id == cooperative_id
        )
    )


def check_period(period: Period, today: date, paid_up_to: date | None) -> None:
    """A period to settle: over by today at the latest, and after the last paid one."""
    if period.last > today:
        raise SettlementRefused(
            "sampai",
            N_("A settlement period cannot end in the future (after %(today)s)."),
            today=today.isoformat(),
        )
    if paid_up_to is not None and period.first <= paid_up_to:
        raise SettlementRefused(
            "dari",
            N_("This member is paid up to %(day)s: a new period starts after that day."),
            day=paid_up_to.isoformat(),
        )


def _check_payout(data: Payout, today: date) -> str:
    reference = " ".join(data.reference.split())
    if len(reference) > MAX_REFERENCE:
        raise SettlementRefused(
            "reference", N_("Keep the reference to %(count)s characters."), count=MAX_REFERENCE
        )
    if data.method is PayoutMethod.TRANSFER and not reference:
        raise SettlementRefused(
            "reference", N_("Give the bank transfer's reference, so the member can find it.")
        )
    if data.paid_on > today:
        raise SettlementRefused("paid_on", N_("The payment date cannot be in the future."))
    if data.paid_on < data.period.first:
        raise SettlementRefused(
            "paid_on", N_("The payment date cannot be before the period starts.")
        )
    return reference


def _lock_member(session: DbSession, member_id: int) -> None:
    """One payout of a member at a time (PostgreSQL): the second waits, then sees the first."""
    session.execute(select(Member.id).where(Member.id == member_id).with_for_update(of=Member))


def mark_paid(
    session: DbSession, cooperative_id: int, data: Payout, zone: ZoneInfo, today: date
) -> Settlement:
    """Record that the member was paid their statement for the period; flushes, never commits.

    Returns the settlement recorded before under the same submission (a form sent twice).
    Raises SettlementNotFound, or SettlementRefused with nothing written: a period in the
    future or overlapping a paid one, a statement below the minimum payout or changed since
    the manager saw it, or a bad payment date or reference.
    """
    earlier = by_submission(session, cooperative_id, data.submission)
    if earlier is not None:
        return earlier
    member = member_of(session, cooperative_id, data.member_id)
    _lock_member(session, member.id)
    paid_up_to = _paid_up_to(session, cooperative_id).get(member.id)
    check_period(data.period, today, paid_up_to)
    reference = _check_payout(data, today)
    statement = open_statement(session, cooperative_id, member.id, data.period, zone)
    totals = statement.totals
    if totals.net != data.expected_net:
        raise SettlementRefused("expected_net", CHANGED)
    if totals.empty:
        raise SettlementRefused("expected_net", N_("Nothing to settle in this period."))
    minimum = member.cooperative.min_payout
    if totals.net <= 0 or totals.net < minimum:
        raise SettlementRefused(
            "expected_net",
            N_(
                "%(net)s is below the minimum payout of %(minimum)s: it carries over to the "
                "next period."
            ),
            net=rupiah(totals.net),
            minimum=rupiah(minimum),
        )
    settlement = Settlement(
        cooperative_id=cooperative_id,
        member_id=member.id,
        period_start=data.period.first,
        period_end=data.period.last,
        gross=totals.gross,
        commission=totals.commission,
        refunds=totals.refunds,
        adjustments=totals.adjustments,
        net=totals.net,
        line_count=totals.line_count,
        refund_count=totals.refund_count,
        paid_on=data.paid_on,
        method=data.method,
        reference=reference,
        paid_by_id=data.paid_by_id,
        paid_by=data.paid_by[:120],
        submission=data.submission[:64],
    )
    try:
        with session.begin_nested():
            session.add(settlement)
            session.flush()
            _claim(session, statement, settlement.id)
    except IntegrityError:  # the same form at the same moment, or the same period: it won
        found = by_submission(session, cooperative_id, data.submission)
        if found is not None:
            return found
        raise SettlementRefused("expected_net", CHANGED) from None
    except _Taken:
        raise SettlementRefused("expected_net", CHANGED) from None
    return settlement


class _Taken(Exception):
    """Some rows were counted by another settlement between reading and claiming them."""


def _claim(session: DbSession, statement: Statement, settlement_id: int) -> None:
    """Point the statement's rows at the settlement; all of them or nothing (``_Taken``)."""
    line_ids = [row.line_id for row in statement.sales]
    refund_ids = [row.refund_id for row in statement.refunds]
    for model, ids in ((OrderLine, line_ids), (LineRefund, refund_ids)):
        for chunk in _chunks(ids):
            claimed = updated_rows(
                session,
                update(model)
                .where(model.id.in_(chunk), model.settlement_id.is_(None))
                .values(settlement_id=settlement_id),
            )
            if claimed != len(chunk):
                raise _Taken()
    claimed_rows = {(OrderLine, i) for i in line_ids} | {(LineRefund, i) for i in refund_ids}
    for row in list(session.identity_map.values()):
        if (type(row), getattr(row, "id", None)) in claimed_rows:
            session.expire(row, ["settlement_id"])


def _chunks(ids: Sequence[int], size: int = 500) -> list[Sequence[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def counted_rows(session: DbSession, settlement_id: int) -> Totals:
    """A settlement's figures recomputed from the rows that point at it: equal to its snapshot
    for as long as nothing changes it (the property tests check exactly that)."""
    line = aliased(OrderLine)
    sales = session.execute(
        select(
            func.coalesce(func.sum(OrderLine.line_total), 0),
            func.coalesce(func.sum(line_commission()), 0),
            func.count(OrderLine.id),
        ).where(OrderLine.settlement_id == settlement_id)
    ).one()
    refunds = session.execute(
        select(
            func.coalesce(func.sum(LineRefund.amount), 0),
            func.coalesce(func.sum(LineRefund.commission), 0),
            func.count(LineRefund.id),
            func.coalesce(
                func.sum(case((line.settlement_id != settlement_id, LineRefund.amount), else_=0)),
                0,
            ),
        )
        .join(line, LineRefund.order_line_id == line.id)
        .where(LineRefund.settlement_id == settlement_id)
    ).one()
    return _totals((*sales, 0), refunds)
