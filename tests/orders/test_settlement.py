"""Settlement (bagi hasil, orders.settlement) and refunds of delivered goods (orders.aftersale):
the figures, carrying over, freezing, adjustments, the refusals, a race of two managers on
separate connections, and a property over random months of a gallery. Both databases."""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from catalog.consignment import NoteInput, record_note
from catalog.db import begin_write
from catalog.models import MovementKind, NoteKind, Product, StockMovement
from orders import aftersale
from orders import settlement as st8
from orders.cancellation import cancel_shipments
from orders.models import (
    DeliveryMethod,
    LineRefund,
    OrderLine,
    PaymentMethod,
    PayoutMethod,
    Settlement,
    Shipment,
    ShipmentStatus,
)
from orders.reports import Period
from orders.states import set_shipment_status
from tests import factories
from tests.orders import helpers

ZONE = ZoneInfo("Asia/Jakarta")
S = ShipmentStatus
TODAY = datetime.now(ZONE).date()
BASE = TODAY - timedelta(days=60)
_keys = itertools.count(1)


def key() -> str:
    return f"k{next(_keys)}-{secrets.token_hex(4)}"


def on_day(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZONE).astimezone(UTC)


def deliver(session, shipment: Shipment, day: date) -> Shipment:  # type: ignore[no-untyped-def]
    """Take a shipment to delivered (or collected, for pickup) as the system, on ``day``."""
    steps = [S.PACKING, S.READY]
    if shipment.delivery_method is DeliveryMethod.PICKUP:
        steps.append(S.COLLECTED)
    else:
        steps += [S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED]
    for status in steps:
        set_shipment_status(session, shipment, status)
    assert shipment.completed_at is not None  # the transition function stamps it
    shipment.completed_at = on_day(day)
    session.flush()
    return shipment


def sell(session, product: Product, quantity: int, day: date, **kw) -> OrderLine:  # type: ignore[no-untyped-def]
    order = helpers.place(session, product, quantity=quantity, **kw)
    deliver(session, order.shipments[0], day)
    return order.lines[0]


def refund(session, coop: int, line: OrderLine, quantity: int, day: date | None = None):  # type: ignore[no-untyped-def]
    returned = aftersale.refund_delivered(
        session,
        coop,
        aftersale.ReturnInput(line.id, quantity, "Rusak saat diterima", key(), actor="test"),
    )
    if day is not None:
        returned.created_at = on_day(day)
        session.flush()
    return returned


def pay(session, coop: int, member_id: int, period: Period, **kw) -> Settlement:  # type: ignore[no-untyped-def]
    statement = st8.open_statement(session, coop, member_id, period, ZONE)
    payout = st8.Payout(
        member_id=member_id,
        period=period,
        paid_on=kw.pop("paid_on", period.last),
        method=kw.pop("method", PayoutMethod.CASH),
        reference=kw.pop("reference", ""),
        expected_net=kw.pop("expected_net", statement.totals.net),
        submission=kw.pop("submission", key()),
        paid_by="Bu Manajer",
    )
    return st8.mark_paid(session, coop, payout, ZONE, TODAY)


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    coop = gallery.cooperative
    coop.min_payout = 20_000
    member = factories.member(db_session, cooperative=coop, commission_rate_percent=15)
    cheap = factories.product(db_session, gallery=gallery, member=member, price=10_005, stock=100)
    dear = factories.product(db_session, gallery=gallery, member=member, price=50_000, stock=100)
    return {"coop": coop, "member": member, "cheap": cheap, "dear": dear, "gallery": gallery}


def period(first: int, last: int) -> Period:
    return Period(BASE + timedelta(days=first), BASE + timedelta(days=last))


def test_a_statement_counts_delivered_lines_at_their_snapshotted_rates(db_session, shop):
    coop, member = shop["coop"].id, shop["member"]
    first = sell(db_session, shop["cheap"], 1, BASE + timedelta(days=2))  # 15%: 1.500,75 → 1.501
    member.commission_rate_percent = 10  # later lines snapshot 10%; the first keeps 15%
    second = sell(db_session, shop["dear"], 2, BASE + timedelta(days=3))
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=40))  # after the period
    helpers.place(db_session, shop["dear"], quantity=1)  # not delivered: not counted
    pickup = helpers.place(db_session, shop["cheap"], method=DeliveryMethod.PICKUP)
    deliver(db_session, pickup.shipments[0], BASE + timedelta(days=4))
    statement = st8.open_statement(db_session, coop, member.id, period(0, 29), ZONE)
    totals = statement.totals
    assert (first.commission_rate_percent, second.commission_rate_percent) == (15, 10)
    assert totals.gross == 10_005 + 100_000 + 10_005
    assert totals.commission == 1_501 + 10_000 + 1_001
    assert totals.net == totals.gross - totals.commission and totals.refunds == 0
    assert [row.line_id for row in statement.sales][:2] == [first.id, second.id]
    assert statement.standing is st8.Standing.PAYABLE


def test_below_the_minimum_it_carries_over_into_the_next_period(db_session, shop):
    coop, member = shop["coop"].id, shop["member"]
    line = sell(db_session, shop["cheap"], 1, BASE + timedelta(days=5))  # net 8.504 < 20.000
    november = period(0, 29)
    statement = st8.open_statement(db_session, coop, member.id, november, ZONE)
    assert statement.standing is st8.Standing.BELOW_MINIMUM
    with pytest.raises(st8.SettlementRefused, match="below the minimum payout"):
        pay(db_session, coop, member.id, november)
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=35))
    december = period(30, 59)
    statement = st8.open_statement(db_session, coop, member.id, december, ZONE)
    assert statement.totals.carried_over == 10_005
    assert [row.carried_over for row in statement.sales] == [True, False]
    paid = pay(db_session, coop, member.id, december)
    assert db_session.get(OrderLine, line.id).settlement_id == paid.id
    assert paid.net == 10_005 - 1_501 + 50_000 - 7_500


def test_a_paid_settlement_is_frozen_and_its_period_closed(db_session, shop):
    coop, member = shop["coop"].id, shop["member"]
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=3))
    november = period(0, 29)
    paid = pay(db_session, coop, member.id, november, submission="same-form")
    again = pay(db_session, coop, member.id, november, submission="same-form", expected_net=1)
    assert again.id == paid.id  # the same form twice: once
    with pytest.raises(st8.SettlementRefused, match="paid up to") as refused:
        pay(db_session, coop, member.id, period(29, 40))
    assert refused.value.field == "dari"
    before = st8.counted_rows(db_session, paid.id)
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=10))  # late news about November
    assert st8.counted_rows(db_session, paid.id) == before
    late = st8.open_statement(db_session, coop, member.id, period(30, 59), ZONE)
    assert late.totals.gross == 50_000 and late.totals.carried_over == 50_000
    assert db_session.scalar(select(func.count()).select_from(Settlement)) == 1


def test_a_refund_after_payment_is_an_adjustment_in_the_next_period(db_session, shop):
    coop, member = shop["coop"].id, shop["member"]
    line = sell(db_session, shop["dear"], 3, BASE + timedelta(days=3))
    paid = pay(db_session, coop, member.id, period(0, 29))
    assert paid.net == 150_000 - 22_500
    refund(db_session, coop, line, 1, BASE + timedelta(days=33))
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=34))
    december = st8.open_statement(db_session, coop, member.id, period(30, 59), ZONE)
    totals = december.totals
    assert (totals.refunds, totals.adjustments) == (50_000, 50_000)
    assert totals.commission == 7_500 - 7_500  # the sale's commission less the one given back
    assert totals.net == 50_000 - 50_000
    assert [row.adjustment for row in december.refunds] == [True]
    assert st8.counted_rows(db_session, paid.id).gross == 150_000  # November is untouched


def test_a_line_refunded_in_steps_gives_back_exactly_its_commission(db_session, shop):
    coop = shop["coop"].id
    line = sell(db_session, shop["cheap"], 3, BASE + timedelta(days=3))  # 30.015 → 4.502
    parts = [refund(db_session, coop, line, 1) for _ in range(3)]
    assert sum(p.commission for p in parts) == (30_015 * 15 + 50) // 100
    with pytest.raises(aftersale.ReturnRefused, match="refunded already"):
        refund(db_session, coop, line, 1)
    statement = st8.open_statement(db_session, coop, shop["member"].id, period(0, 60), ZONE)
    assert statement.totals.net == 0 and statement.standing is st8.Standing.BELOW_MINIMUM


def test_refunds_of_delivered_goods_refuse_bad_input(db_session, shop):
    coop = shop["coop"].id
    line = sell(db_session, shop["dear"], 2, BASE + timedelta(days=3))
    with pytest.raises(aftersale.ReturnRefused, match="between 1 and 2"):
        refund(db_session, coop, line, 3)
    with pytest.raises(aftersale.ReturnRefused) as no_reason:
        aftersale.refund_delivered(
            db_session, coop, aftersale.ReturnInput(line.id, 1, " \t ", key())
        )
    assert no_reason.value.field == "reason"
    other = factories.cooperative(db_session)
    with pytest.raises(aftersale.LineNotFound):
        refund(db_session, other.id, line, 1)
    undelivered = helpers.place(db_session, shop["dear"]).lines[0]
    with pytest.raises(aftersale.LineNotFound):
        refund(db_session, coop, undelivered, 1)
    form = aftersale.ReturnInput(line.id, 1, "Salah kirim", "one-form", restock=True)
    first = aftersale.refund_delivered(db_session, coop, form)
    assert aftersale.refund_delivered(db_session, coop, form).id == first.id
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == 1
    assert first.method.value == "cash"  # a cash-on-delivery order: paid back at the counter
    back = db_session.scalars(
        select(StockMovement).where(
            StockMovement.kind == MovementKind.RESTOCK, StockMovement.product_id == shop["dear"].id
        )
    ).all()
    assert [(m.product_id, m.quantity) for m in back] == [(shop["dear"].id, 1)]


def test_periods_in_the_future_and_wrong_inputs_are_refused(db_session, shop):
    coop, member = shop["coop"].id, shop["member"]
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=3))
    with pytest.raises(st8.SettlementRefused, match="future") as future:
        pay(db_session, coop, member.id, Period(BASE, TODAY + timedelta(days=1)))
    assert future.value.field == "sampai"
    with pytest.raises(st8.SettlementRefused, match="reference"):
        pay(db_session, coop, member.id, period(0, 29), method=PayoutMethod.TRANSFER)
    with pytest.raises(st8.SettlementRefused, match="changed since"):
        pay(db_session, coop, member.id, period(0, 29), expected_net=1)
    with pytest.raises(st8.SettlementRefused, match="future"):
        pay(db_session, coop, member.id, period(0, 29), paid_on=TODAY + timedelta(days=1))
    other = factories.member(db_session)
    with pytest.raises(st8.SettlementNotFound):
        pay(db_session, coop, other.id, period(0, 29))
    with pytest.raises(st8.SettlementNotFound):
        st8.open_statement(db_session, coop, 2**40, period(0, 29), ZONE)
    assert db_session.scalar(select(func.count()).select_from(Settlement)) == 0


def test_the_list_gives_each_member_their_standing(db_session, shop):
    coop = shop["coop"]
    small = factories.member(db_session, cooperative=coop)
    idle = factories.member(db_session, cooperative=coop)
    small_product = factories.product(
        db_session, gallery=shop["gallery"], member=small, price=5_000
    )
    sell(db_session, shop["dear"], 1, BASE + timedelta(days=3))
    sell(db_session, small_product, 1, BASE + timedelta(days=3))
    rows = {r.member_id: r for r in st8.standings(db_session, coop.id, period(0, 29), ZONE)}
    assert rows[shop["member"].id].standing is st8.Standing.PAYABLE
    assert rows[small.id].standing is st8.Standing.BELOW_MINIMUM
    assert rows[idle.id].standing is st8.Standing.NOTHING
    assert rows[shop["member"].id].totals.gross == 50_000
    paid = pay(db_session, coop.id, shop["member"].id, period(0, 29))
    rows = {r.member_id: r for r in st8.standings(db_session, coop.id, period(0, 29), ZONE)}
    assert rows[shop["member"].id].standing is st8.Standing.PAID
    assert rows[shop["member"].id].settlement_id == paid.id
    assert rows[shop["member"].id].paid_up_to == BASE + timedelta(days=29)


# --- two managers marking the same statement paid at the same moment ----------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with helpers.migrated_engine(tmp_path_factory, "settlement_race") as engine:
        yield engine


def test_two_managers_paying_the_same_statement_pay_it_once(engine):
    with Session(engine, expire_on_commit=False) as s:
        gallery = factories.gallery(s)
        member = factories.member(s, cooperative=gallery.cooperative)
        product = factories.product(
            s, gallery=gallery, member=member, price=40_000, stock=50, with_image=False
        )
        for _ in range(3):
            sell(s, product, 1, BASE + timedelta(days=3))
        s.commit()
        coop, member_id = gallery.cooperative_id, member.id
        expected = st8.open_statement(s, coop, member_id, period(0, 29), ZONE).totals.net
    start = threading.Barrier(2)

    def mark(_: int) -> str:
        start.wait()
        with Session(engine) as s:
            begin_write(s)
            try:
                pay(s, coop, member_id, period(0, 29), expected_net=expected)
            except st8.SettlementRefused:
                s.rollback()
                return "refused"
            s.commit()
            return "paid"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(mark, range(2)))
    assert outcomes == ["paid", "refused"]
    with Session(engine) as s:
        [paid] = s.scalars(select(Settlement).where(Settlement.member_id == member_id)).all()
        assert paid.net == expected and paid.line_count == 3
        counted = s.scalar(
            select(func.count()).where(OrderLine.settlement_id == paid.id).select_from(OrderLine)
        )
        assert counted == 3


# --- a property over random months of one gallery ------------------------------------------

SELL = st.tuples(
    st.just("sell"), st.integers(0, 2), st.integers(1, 4), st.sampled_from([True, True, False])
)
CANCEL = st.tuples(st.just("cancel"), st.integers(0, 2))
REFUND = st.tuples(st.just("refund"), st.integers(0, 20), st.integers(1, 2), st.booleans())
INTAKE = st.tuples(st.just("intake"), st.integers(0, 2), st.integers(1, 20))
RETURN = st.tuples(st.just("return"), st.integers(0, 2), st.integers(1, 5))
PAY = st.tuples(st.just("pay"), st.integers(0, 1), st.integers(0, 2))
WAIT = st.tuples(st.just("wait"), st.integers(1, 4))
STEPS = st.lists(
    st.one_of(SELL, SELL, SELL, CANCEL, REFUND, INTAKE, RETURN, PAY, PAY, WAIT, WAIT),
    min_size=10,
    max_size=30,
)


def commission(amount: int, rate: int) -> int:
    """The rounding rule, written out independently: half a rupiah and up rounds up."""
    whole, rest = divmod(amount * rate, 100)
    return whole + (1 if rest >= 50 else 0)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_random_months_keep_every_rupiah_and_unit_accounted_for(db_session, steps):
    db_session.expunge_all()  # each example starts afresh: the last one was rolled back
    with db_session.begin_nested() as outer:
        world = _World(db_session)
        for step in steps:
            world.do(step)
            world.check()
        outer.rollback()


class _World:
    """A cooperative with two members and three products, and what should be true of it."""

    def __init__(self, session) -> None:  # type: ignore[no-untyped-def]
        self.s = session
        gallery = factories.gallery(session)
        self.coop = gallery.cooperative
        self.coop.min_payout = 15_000
        self.members = [
            factories.member(session, cooperative=self.coop, commission_rate_percent=rate)
            for rate in (15, 7)
        ]
        self.products = [
            factories.product(
                session, gallery=gallery, member=self.members[i % 2], price=price, stock=30
            )
            for i, price in enumerate((10_005, 23_333, 7_499))
        ]
        self.start_stock = {p.id: p.stock for p in self.products}
        self.day = BASE
        self.open: list[Shipment] = []  # placed, not delivered
        self.sold: list[OrderLine] = []  # delivered or collected
        self.frozen: dict[int, st8.Totals] = {}

    def do(self, step: tuple) -> None:  # type: ignore[type-arg]
        getattr(self, f"_{step[0]}")(*step[1:])

    def _sell(self, which: int, quantity: int, now: bool) -> None:
        product = self.products[which]
        self.s.refresh(product)
        if product.stock < quantity:
            return
        payment = PaymentMethod.COD
        order = helpers.place(self.s, product, quantity=quantity, payment=payment)
        if now:
            deliver(self.s, order.shipments[0], self.day)
            self.sold.append(order.lines[0])
        else:
            self.open.append(order.shipments[0])

    def _cancel(self, which: int) -> None:
        if not self.open:
            return
        shipment = self.open.pop(which % len(self.open))
        if which == 2:  # the courier gets there after all
            deliver(self.s, shipment, self.day)
            self.sold.extend(shipment.lines)
            return
        cancel_shipments(self.s, [shipment], reason="Stok habis", actor="test")

    def _refund(self, which: int, quantity: int, restock: bool) -> None:
        if not self.sold:
            return
        line = self.sold[which % len(self.sold)]
        left = line.quantity - aftersale.refunded_units(self.s, line.id)
        if left <= 0:
            return
        data = aftersale.ReturnInput(line.id, min(quantity, left), "Rusak", key(), restock=restock)
        returned = aftersale.refund_delivered(self.s, self.coop.id, data)
        returned.created_at = on_day(self.day)
        self.s.flush()

    def _intake(self, which: int, quantity: int) -> None:
        product = self.products[which]
        self._note(NoteKind.INTAKE, product, quantity)

    def _return(self, which: int, quantity: int) -> None:
        product = self.products[which]
        self.s.refresh(product)
        if product.stock >= quantity:
            self._note(NoteKind.RETURN, product, quantity)

    def _note(self, kind: NoteKind, product: Product, quantity: int) -> None:
        record_note(
            self.s,
            self.coop.id,
            NoteInput(
                kind=kind,
                gallery_id=product.gallery_id,
                member_id=product.member_id,
                quantities={product.id: quantity},
                submission=key(),
                note_date=self.day,
            ),
        )

    def _pay(self, which: int, days_back: int) -> None:
        member = self.members[which]
        up_to = st8._paid_up_to(self.s, self.coop.id).get(member.id)
        first = up_to + timedelta(days=1) if up_to else BASE
        last = self.day - timedelta(days=days_back)
        if last < first:
            event("pay skipped")
            return
        chosen = Period(first, last)
        statement = st8.open_statement(self.s, self.coop.id, member.id, chosen, ZONE)
        try:
            paid = pay(self.s, self.coop.id, member.id, chosen)
        except st8.SettlementRefused as refused:
            event(f"refused {refused.message[:30]}")
            assert statement.standing is not st8.Standing.PAYABLE
            return
        assert statement.standing is st8.Standing.PAYABLE
        assert paid.net >= self.coop.min_payout
        event("a settlement paid")
        if paid.adjustments:
            event("a refund after payment adjusted")
        self.frozen[paid.id] = st8.counted_rows(self.s, paid.id)

    def _wait(self, days: int) -> None:
        self.day = min(self.day + timedelta(days=days), TODAY)

    def check(self) -> None:
        self.s.flush()
        settlements = self.s.scalars(select(Settlement)).all()
        for paid in settlements:
            # a paid settlement never changes, and its figures are its rows'
            rows = st8.counted_rows(self.s, paid.id)
            assert rows == self.frozen[paid.id]
            assert (paid.gross, paid.commission, paid.refunds, paid.adjustments) == (
                rows.gross, rows.commission, rows.refunds, rows.adjustments,
            )  # fmt: skip
            assert paid.net + paid.commission + paid.refunds == paid.gross
        self._check_money(settlements)
        self._check_stock()

    def _check_money(self, settlements) -> None:  # type: ignore[no-untyped-def]
        """Every delivered line and every refund is counted once, in the paid settlements or
        the open statement, and the member's money adds up to the sales less the refunds."""
        everything = Period(BASE, TODAY)
        for member in self.members:
            lines = [line for line in self.sold if line.member_id == member.id]
            refunds = self.s.scalars(
                select(LineRefund).where(LineRefund.member_id == member.id)
            ).all()
            ours = [p for p in settlements if p.member_id == member.id]
            still_open = st8.open_statement(self.s, self.coop.id, member.id, everything, ZONE)
            gross = sum(p.gross for p in ours) + still_open.totals.gross
            assert gross == sum(line.line_total for line in lines)
            counted = sum(p.line_count for p in ours) + still_open.totals.line_count
            assert counted == len(lines)  # no line in two settlements, none left out
            refunded = sum(r.amount for r in refunds)
            assert sum(p.refunds for p in ours) + still_open.totals.refunds == refunded
            sale_commission = sum(
                commission(line.line_total, line.commission_rate_percent) for line in lines
            )
            owed = sum(line.line_total for line in lines) - sale_commission
            owed -= sum(r.amount - r.commission for r in refunds)
            assert sum(p.net for p in ours) + still_open.totals.net == owed
            for line in lines:
                given_back = sum(r.commission for r in refunds if r.order_line_id == line.id)
                refunded_all = sum(r.amount for r in refunds if r.order_line_id == line.id)
                if refunded_all == line.line_total:
                    assert given_back == commission(line.line_total, line.commission_rate_percent)

    def _check_stock(self) -> None:
        for product in self.products:
            self.s.refresh(product)
            moved = self.s.scalar(
                select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
                    StockMovement.product_id == product.id
                )
            )
            assert self.start_stock[product.id] + moved == product.stock >= 0
