"""Couriers' cash handed over to the gallery (orders.cash): balances, the once-only rule, a race
of two managers on separate connections, and a property over random deliveries and handovers.
Both databases."""

from __future__ import annotations

import itertools
import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from accounts.models import Role
from catalog.db import begin_write
from catalog.models import Gallery
from orders import actors, cash
from orders import courier as c
from orders.models import CashHandover, CashHandoverItem, Shipment
from tests import factories
from tests.orders import helpers
from tests.orders.test_courier import make_ready, place

T = c.CourierEventType
_ids = itertools.count(1)


def deliver_by_account(session, shipment: Shipment, courier, collected: int | None) -> None:  # type: ignore[no-untyped-def]
    identity = c.CourierIdentity(courier.id, courier.gallery_id, courier.name, courier.phone)
    c.claim_shipment(session, shipment.id, identity)
    _report(session, shipment, actors.courier(courier.id), c.CourierReport(T.PICKED_UP))
    report = c.CourierReport(T.DELIVERED, cod_collected=collected)
    _report(session, shipment, actors.courier(courier.id), report)


def deliver_by_driver(session, shipment: Shipment, phone: str, collected: int | None) -> None:  # type: ignore[no-untyped-def]
    """A dispatcher's driver: the same phone written either way is the same courier."""
    assigned = c.CourierReport(T.COURIER_ASSIGNED, courier_name="Pak Udin", courier_phone=phone)
    _report(session, shipment, "dispatcher", assigned)
    _report(session, shipment, "dispatcher", c.CourierReport(T.PICKED_UP))
    _report(session, shipment, "dispatcher", c.CourierReport(T.DELIVERED, cod_collected=collected))


def _report(session, shipment: Shipment, actor: str, report: c.CourierReport) -> None:  # type: ignore[no-untyped-def]
    result = c.handle_report(
        session, shipment, report, webhook_id=f"cash_{next(_ids)}", payload={}, actor=actor
    )
    assert result.outcome == c.Outcome.APPLIED, (report, result)


def handover(session, coop_id: int, key: str, shipments, amount: int, manager_id: int, **kw):  # type: ignore[no-untyped-def]
    return cash.record_handover(
        session,
        cooperative_id=coop_id,
        courier=key,
        shipment_ids=[s.id for s in shipments],
        amount=amount,
        received_by_id=manager_id,
        submission=kw.pop("submission", secrets.token_urlsafe(12)),
        **kw,
    )


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    product = factories.product(db_session, gallery=gallery, price=10_000, stock=500)
    courier = factories.user(db_session, role=Role.COURIER, gallery=gallery, name="Darto")
    manager = factories.user(db_session, role=Role.MANAGER, cooperative=gallery.cooperative)
    return {"gallery": gallery, "product": product, "courier": courier, "manager": manager}


def test_a_phone_written_two_ways_is_one_driver(db_session, shop):
    first = make_ready(db_session, place(db_session, shop["product"]).shipments[0])
    second = make_ready(db_session, place(db_session, shop["product"]).shipments[0])
    deliver_by_driver(db_session, first, "+62 812-0000-1111", 30_000)
    deliver_by_driver(db_session, second, "0812 0000 1111", 20_000)
    assert (
        cash.courier_key(first)
        == cash.courier_key(second)
        == (f"g{shop['gallery'].id}-p081200001111")
    )
    [balance] = cash.balances(db_session, shop["gallery"].cooperative_id)
    assert balance.balance == 50_000 and len(balance.open) == 2 and not balance.own_page


def test_a_shortfall_carries_over_and_a_shipment_is_handed_over_once(db_session, shop):
    coop = shop["gallery"].cooperative_id
    shipments = [
        make_ready(db_session, place(db_session, shop["product"]).shipments[0]) for _ in range(2)
    ]
    for shipment in shipments:
        deliver_by_account(db_session, shipment, shop["courier"], shipment.cod_amount)
    key = cash.courier_key(shipments[0])
    due = shipments[0].cod_amount
    recorded = handover(db_session, coop, key, shipments[:1], due - 1_000, shop["manager"].id)
    assert (recorded.expected, recorded.difference) == (due, -1_000)
    [balance] = cash.balances(db_session, coop)
    assert balance.balance == shipments[1].cod_amount + 1_000 and balance.shortfall == 1_000
    with pytest.raises(cash.AlreadyHandedOver):
        handover(db_session, coop, key, shipments, 99_000, shop["manager"].id)
    assert db_session.scalar(select(func.count()).select_from(CashHandover)) == 1
    again = handover(
        db_session, coop, key, shipments[:1], 5, shop["manager"].id, submission=recorded.submission
    )
    assert again.id == recorded.id and again.amount == due - 1_000  # the same form, once


def test_a_handover_dates_its_shipments_and_only_open_cash_stays_in_the_partial_index(
    db_session, shop
):
    coop = shop["gallery"].cooperative_id
    shipments = [
        make_ready(db_session, place(db_session, shop["product"]).shipments[0]) for _ in range(2)
    ]
    for shipment in shipments:
        deliver_by_account(db_session, shipment, shop["courier"], shipment.cod_amount)
    key = cash.courier_key(shipments[0])
    recorded = handover(
        db_session, coop, key, shipments[:1], shipments[0].cod_amount, shop["manager"].id
    )
    db_session.flush()
    assert shipments[0].cash_handed_over_at == recorded.received_at
    assert shipments[1].cash_handed_over_at is None
    galleries = select(Gallery.id).where(Gallery.cooperative_id == coop).scalar_subquery()
    still_open = select(Shipment.id).where(
        Shipment.gallery_id.in_(galleries), cash.cash_outstanding()
    )
    assert db_session.scalars(still_open).all() == [shipments[1].id]
    if db_session.get_bind().dialect.name == "sqlite":  # the terms the partial index states
        compiled = still_open.compile(db_session.get_bind())
        values = tuple(compiled.params[name] for name in compiled.positiontup or ())
        plan = db_session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + str(compiled), values
        )
        assert "ix_shipment_cash_open" in " ".join(str(row[-1]) for row in plan.all())


# --- two managers at the same moment, on separate connections ------------------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with helpers.migrated_engine(tmp_path_factory, "cash_race") as engine:
        yield engine


def test_two_managers_handing_over_the_same_cash_count_it_once(engine):
    with Session(engine, expire_on_commit=False) as s:
        gallery = factories.gallery(s)
        product = factories.product(s, gallery=gallery, price=10_000, stock=50, with_image=False)
        courier = factories.user(s, role=Role.COURIER, gallery=gallery)
        managers = [
            factories.user(s, role=Role.MANAGER, cooperative=gallery.cooperative) for _ in range(2)
        ]
        shipments = [make_ready(s, place(s, product).shipments[0]) for _ in range(3)]
        for shipment in shipments:
            deliver_by_account(s, shipment, courier, shipment.cod_amount)
        s.commit()
        coop, key = gallery.cooperative_id, cash.courier_key(shipments[0])
        ids, total = [x.id for x in shipments], sum(x.cod_amount for x in shipments)
    start = threading.Barrier(2)

    def receive(manager_id: int) -> str:
        start.wait()
        with Session(engine) as s:
            begin_write(s)
            try:
                cash.record_handover(
                    s, cooperative_id=coop, courier=key, shipment_ids=ids, amount=total,
                    received_by_id=manager_id, submission=secrets.token_urlsafe(12),
                )  # fmt: skip
            except cash.AlreadyHandedOver:
                s.rollback()
                return "refused"
            s.commit()
            return "recorded"

    for _round in range(1):
        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(receive, [m.id for m in managers]))
    assert outcomes == ["recorded", "refused"]
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(CashHandover)) == 1
        items = s.scalars(select(CashHandoverItem.shipment_id)).all()
        assert sorted(items) == sorted(ids)
        assert cash.balances(s, coop) == []


# --- a property over random deliveries and handovers ---------------------------------------

# (courier 0-2, cash reported as an offset from the amount due; None: nothing reported)
DELIVERY = st.tuples(
    st.just("deliver"), st.integers(0, 2), st.sampled_from([0, 0, -2_000, 1_000, None])
)
# (courier 0-2, which of its open shipments (bit mask), the amount as an offset from expected)
HANDOVER = st.tuples(
    st.just("handover"),
    st.integers(0, 2),
    st.integers(0, 7),
    st.sampled_from([0, -1_000, 500, -(10**9)]),
)
STEPS = st.lists(st.one_of(DELIVERY, HANDOVER), min_size=1, max_size=10)
PHONES = ["+62 811-2222-333", "0811 2222 333"]  # one driver, written two ways


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_random_deliveries_and_handovers_keep_every_courier_balance_straight(db_session, steps):
    db_session.expunge_all()  # each example starts afresh: the last one was rolled back
    with db_session.begin_nested() as outer:
        gallery = factories.gallery(db_session)
        product = factories.product(db_session, gallery=gallery, price=10_000, stock=500)
        couriers = [
            factories.user(db_session, role=Role.COURIER, gallery=gallery, name=name)
            for name in ("Darto", "Sri")
        ]
        manager = factories.user(db_session, role=Role.MANAGER, cooperative=gallery.cooperative)
        manager_id, coop = manager.id, gallery.cooperative_id
        reported = [0, 0, 0]
        handed = [0, 0, 0]
        keys: list[str | None] = [None, None, None]
        for step in steps:
            if step[0] == "deliver":
                _kind, who, offset = step
                shipment = make_ready(db_session, place(db_session, product).shipments[0])
                collected = None if offset is None else shipment.cod_amount + offset
                if who < 2:
                    deliver_by_account(db_session, shipment, couriers[who], collected)
                else:
                    deliver_by_driver(db_session, shipment, PHONES[len(steps) % 2], collected)
                keys[who] = cash.courier_key(shipment)
                reported[who] += collected or 0
            else:
                _kind, who, mask, offset = step
                key = keys[who]
                if key is None:
                    continue
                balance = cash.balance_of(db_session, coop, key)
                chosen = [o.shipment for i, o in enumerate(balance.open) if mask >> (i % 3) & 1]
                expected = sum(cash.reported(s) for s in chosen)
                try:
                    recorded = handover(
                        db_session, coop, key, chosen, expected + offset, manager_id
                    )
                except cash.CashRefused:
                    assert not chosen or expected + offset < 0
                    continue
                handed[who] += recorded.amount
                # the same shipments again are refused, whatever the amount
                with pytest.raises(cash.AlreadyHandedOver):
                    handover(db_session, coop, key, chosen, expected, manager_id)
            _check(db_session, coop, keys, reported, handed)
        outer.rollback()


def _check(session, coop: int, keys, reported, handed) -> None:  # type: ignore[no-untyped-def]
    balances = {b.key: b for b in cash.balances(session, coop)}
    for who, key in enumerate(keys):
        if key is None:
            continue
        expected_balance = reported[who] - handed[who]
        got = balances[key].balance if key in balances else 0
        assert got == expected_balance, (who, got, expected_balance)
    items = session.scalars(select(CashHandoverItem)).all()
    assert len({i.shipment_id for i in items}) == len(items)  # no shipment in two handovers
    rows = session.scalars(select(CashHandover)).all()
    assert all(h.expected == sum(i.reported for i in h.items) for h in rows)
    assert sum(h.difference for h in rows) == sum(h.amount for h in rows) - sum(
        i.reported for i in items
    )
    assert sum(h.amount for h in rows) == sum(handed)
