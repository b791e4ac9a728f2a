"""Courier reports move a delivery shipment only along the transition table, each webhook-id once;
couriers on Gerai's own page claim a ready shipment, and of two racing couriers exactly one wins."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from accounts.models import Role, User
from catalog.db import begin_write
from catalog.models import (
    Gallery,
    Product,
)
from orders import courier as c
from orders.fulfilment import mark_packing, mark_ready
from orders.models import (
    CourierEvent,
    DeliveryMethod,
    OrderStatus,
    PaymentMethod,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from tests import factories
from tests.orders import helpers

S = ShipmentStatus
T = c.CourierEventType
_ids = itertools.count(1)


def place(session, product, method=DeliveryMethod.DELIVERY, payment=PaymentMethod.COD):  # type: ignore[no-untyped-def]
    return helpers.place(session, product, method, payment, quantity=2, note="Pagar hijau")


def make_ready(session, shipment: Shipment) -> Shipment:  # type: ignore[no-untyped-def]
    mark_packing(session, shipment, actor="test")
    mark_ready(session, shipment, actor="test", callback_url="http://test/api/v1/courier/events")
    return shipment


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    return factories.product(db_session, price=10_000, stock=10, weight_g=250)


@pytest.fixture
def shipment(db_session, product) -> Shipment:  # type: ignore[no-untyped-def]
    """A ready COD delivery shipment: Rp 20.000 of goods plus the delivery fee to collect."""
    return make_ready(db_session, place(db_session, product).shipments[0])


def send(session, shipment, kind, webhook_id=None, **fields):  # type: ignore[no-untyped-def]
    report = c.CourierReport(type=T(kind), **fields)
    return c.handle_report(
        session,
        shipment,
        report,
        webhook_id=webhook_id or f"msg_{next(_ids)}",
        payload={"type": kind},
        actor="dispatcher",
    )


DRIVER = {"courier_name": "Pak Darto", "courier_phone": "+6281200001111", "courier_plate": "B 1 X"}


def test_the_whole_trip_assigned_picked_up_delivered_completes_the_order(db_session, shipment):
    assigned = send(db_session, shipment, "courier_assigned", **DRIVER)
    assert (assigned.outcome, assigned.status, assigned.emails) == (
        "applied",
        S.COURIER_ASSIGNED,
        (),
    )
    assert (shipment.courier_name, shipment.courier_plate) == ("Pak Darto", "B 1 X")

    picked = send(db_session, shipment, "picked_up")
    assert (picked.outcome, picked.status) == ("applied", S.PICKED_UP)
    assert picked.emails == ("handed_to_courier",)

    delivered = send(db_session, shipment, "delivered", cod_collected=shipment.cod_amount)
    assert (delivered.outcome, delivered.status) == ("applied", S.DELIVERED)
    assert delivered.emails == ("delivered",) and delivered.notes == ()
    assert shipment.cod_collected == shipment.cod_amount > 20_000
    assert shipment.order.status is OrderStatus.COMPLETED
    timeline = [e.status for e in shipment.events]
    assert timeline[-3:] == [S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED]
    outcomes = db_session.scalars(
        select(CourierEvent.outcome).where(CourierEvent.shipment_id == shipment.id)
    ).all()
    assert outcomes == ["applied"] * 3


def test_the_same_webhook_id_counts_once(db_session, shipment):
    assert send(db_session, shipment, "courier_assigned", "msg_same", **DRIVER).outcome == "applied"
    again = send(db_session, shipment, "courier_assigned", "msg_same", courier_name="Other")
    assert again.outcome == "duplicate" and shipment.courier_name == "Pak Darto"
    rows = select(func.count()).where(CourierEvent.webhook_id == "msg_same")
    assert db_session.scalar(rows) == 1
    # a duplicate is a duplicate whatever it claims to be: even a different type
    assert send(db_session, shipment, "failed", "msg_same").outcome == "duplicate"
    assert shipment.status is S.COURIER_ASSIGNED


def test_a_webhook_id_counts_once_per_gallery_not_across_galleries(db_session, shipment):
    """Dispatchers choose their own ids: another gallery's reused id is its own event."""
    other = make_ready(db_session, place(db_session, factories.product(db_session)).shipments[0])
    assert other.gallery_id != shipment.gallery_id

    assert send(db_session, shipment, "courier_assigned", "msg_x", **DRIVER).outcome == "applied"
    theirs = send(db_session, other, "courier_assigned", "msg_x", courier_name="Bu Sri")
    assert (theirs.outcome, theirs.status) == ("applied", S.COURIER_ASSIGNED)
    assert send(db_session, shipment, "picked_up", "msg_x").outcome == "duplicate"

    db_session.expire_all()
    assert (shipment.status, shipment.courier_name) == (S.COURIER_ASSIGNED, "Pak Darto")
    assert (other.status, other.courier_name) == (S.COURIER_ASSIGNED, "Bu Sri")
    rows = db_session.execute(
        select(CourierEvent.gallery_id, CourierEvent.outcome)
        .where(CourierEvent.webhook_id == "msg_x")
        .order_by(CourierEvent.id)
    ).all()
    assert rows == [(shipment.gallery_id, "applied"), (other.gallery_id, "applied")]


@pytest.mark.parametrize(
    ("history", "late", "outcome"),
    [
        (["courier_assigned", "picked_up"], "courier_assigned", "stale"),
        (["courier_assigned", "picked_up"], "picked_up", "stale"),
        (["courier_assigned", "picked_up", "delivered"], "picked_up", "stale"),
        (["courier_assigned", "picked_up", "delivered"], "delivered", "stale"),
        (["courier_assigned", "picked_up", "delivered"], "failed", "stale"),
        (["courier_assigned", "picked_up", "delivered"], "no_driver", "stale"),
        (["courier_assigned", "picked_up"], "no_driver", "stale"),
        (["failed"], "delivered", "stale"),
        (["failed"], "courier_assigned", "stale"),
        ([], "picked_up", "impossible"),
        ([], "delivered", "impossible"),
        ([], "returned", "impossible"),
        (["courier_assigned"], "delivered", "impossible"),
    ],
)
def test_stale_and_out_of_order_events_are_never_applied(
    db_session, shipment, history, late, outcome
):
    for kind in history:
        assert send(db_session, shipment, kind, **(DRIVER if kind == "courier_assigned" else {}))
    before = (shipment.status, len(shipment.events), shipment.courier_name, shipment.cod_collected)
    result = send(db_session, shipment, late, courier_name="Late Driver", cod_collected=1)
    assert result.outcome == outcome and result.emails == ()
    assert result.status is shipment.status
    db_session.expire(shipment, ["events"])
    after = (shipment.status, len(shipment.events), shipment.courier_name, shipment.cod_collected)
    assert after == before
    row = db_session.scalars(select(CourierEvent).order_by(CourierEvent.id.desc())).first()
    assert (row.event_type, row.outcome) == (late, outcome)


def test_events_for_a_shipment_not_yet_ready_or_picked_up_at_the_gallery_are_impossible(
    db_session, product
):
    packing = place(db_session, product).shipments[0]
    mark_packing(db_session, packing, actor="test")
    assert send(db_session, packing, "courier_assigned", **DRIVER).outcome == "impossible"
    pickup = make_ready(db_session, place(db_session, product, DeliveryMethod.PICKUP).shipments[0])
    for kind in ("courier_assigned", "failed", "no_driver", "cancelled"):
        assert send(db_session, pickup, kind, **DRIVER).outcome == "impossible"
    assert (packing.status, pickup.status) == (S.PACKING, S.READY)


@pytest.mark.parametrize("steps", [[], ["courier_assigned"], ["courier_assigned", "picked_up"]])
def test_failed_from_any_step_before_delivery_keeps_the_reason(db_session, shipment, steps):
    for kind in steps:
        send(db_session, shipment, kind, **DRIVER)
    result = send(db_session, shipment, "failed", reason="Rumah  kosong, diskon 50% ditolak")
    assert (result.outcome, shipment.status) == ("applied", S.FAILED)
    # the note goes through _() in templates: a '%' would break the page, so it is full-width
    assert shipment.events[-1].note == "Rumah kosong, diskon 50％ ditolak"
    assert send(db_session, shipment, "failed").outcome == "stale"


def test_failed_without_a_reason_gets_a_note(db_session, shipment):
    send(db_session, shipment, "failed")
    assert shipment.events[-1].note == c.NOTE_FAILED


def test_goods_returned_after_a_failure_keep_it_failed_with_a_note(db_session, shipment):
    for kind in ("courier_assigned", "picked_up", "failed", "returned"):
        assert send(db_session, shipment, kind, **DRIVER).outcome == "applied"
    assert shipment.status is S.FAILED
    assert [e.note for e in shipment.events[-2:]] == [c.NOTE_FAILED, c.NOTE_RETURNED]
    assert shipment.events[-1].status is S.FAILED


def test_returned_without_a_failure_first_fails_the_shipment(db_session, shipment):
    send(db_session, shipment, "courier_assigned", **DRIVER)
    send(db_session, shipment, "picked_up")
    assert send(db_session, shipment, "returned").outcome == "applied"
    assert shipment.status is S.FAILED and shipment.events[-1].note == c.NOTE_RETURNED


def test_no_driver_sends_an_assigned_shipment_back_to_ready_for_another_courier(
    db_session, shipment
):
    send(db_session, shipment, "courier_assigned", **DRIVER)
    result = send(db_session, shipment, "no_driver")
    assert (result.outcome, shipment.status) == ("applied", S.READY)
    assert shipment.courier_name == "" and shipment.courier_user_id is None
    assert shipment.events[-1].note == c.NOTE_NO_DRIVER
    # the dispatcher (or another driver) can take it again
    assert send(db_session, shipment, "courier_assigned", **DRIVER).outcome == "applied"


def test_no_driver_on_a_ready_shipment_leaves_it_ready_and_alerts_the_manager(db_session, shipment):
    events = len(shipment.events)
    result = send(db_session, shipment, "no_driver")
    assert (result.outcome, shipment.status) == ("applied", S.READY)
    assert len(shipment.events) == events + 1
    assert (shipment.events[-1].status, shipment.events[-1].note) == (S.READY, c.NOTE_NO_DRIVER)


def test_a_booking_cancelled_before_pickup_goes_back_to_ready_after_pickup_fails(
    db_session, product
):
    early = make_ready(db_session, place(db_session, product).shipments[0])
    send(db_session, early, "courier_assigned", **DRIVER)
    assert send(db_session, early, "cancelled").outcome == "applied"
    assert early.status is S.READY and early.courier_name == ""
    assert early.events[-1].note == c.NOTE_BOOKING_CANCELLED

    late = make_ready(db_session, place(db_session, product).shipments[0])
    send(db_session, late, "courier_assigned", **DRIVER)
    send(db_session, late, "picked_up")
    assert send(db_session, late, "cancelled").outcome == "applied"
    assert late.status is S.FAILED and late.events[-1].note == c.NOTE_CANCELLED_AFTER_PICKUP
    assert late.order.status is OrderStatus.CONFIRMED  # the order is not cancelled by a courier


def test_a_new_courier_takes_over_before_pickup(db_session, shipment):
    send(db_session, shipment, "courier_assigned", **DRIVER)
    same = send(db_session, shipment, "courier_assigned", **DRIVER)
    assert same.outcome == "stale"
    other = DRIVER | {"courier_name": "Bang Udin", "courier_plate": "B 2 Y"}
    result = send(db_session, shipment, "courier_assigned", **other)
    assert (result.outcome, shipment.status) == ("applied", S.COURIER_ASSIGNED)
    assert (shipment.courier_name, shipment.courier_plate) == ("Bang Udin", "B 2 Y")
    assert shipment.events[-1].note == c.NOTE_COURIER_CHANGED


@pytest.mark.parametrize(
    ("collected", "note"),
    [(None, c.NOTE_COD_MISSING), (5_000, c.NOTE_COD_DIFFERS), (999_999, c.NOTE_COD_DIFFERS)],
)
def test_cod_cash_that_differs_is_applied_but_flagged(db_session, shipment, collected, note):
    send(db_session, shipment, "courier_assigned", **DRIVER)
    send(db_session, shipment, "picked_up")
    result = send(db_session, shipment, "delivered", cod_collected=collected)
    assert (result.outcome, shipment.status) == ("applied", S.DELIVERED)
    assert shipment.cod_collected == collected and result.notes == (note,)
    assert shipment.events[-1].note == note


def test_card_paid_delivery_needs_no_cash(db_session, product):
    order = place(db_session, product, payment=PaymentMethod.CARD)
    from orders.lifecycle import confirm_order

    confirm_order(db_session, order)
    shipment = make_ready(db_session, order.shipments[0])
    assert shipment.cod_amount == 0
    for kind in ("courier_assigned", "picked_up", "delivered"):
        send(db_session, shipment, kind, **DRIVER)
    assert shipment.status is S.DELIVERED and shipment.events[-1].note == ""


# --- Gerai's own courier page: claiming ---------------------------------------------------------


def courier_of(session, gallery: Gallery, name: str = "Ojek Pak Darto") -> c.CourierIdentity:  # type: ignore[no-untyped-def]
    user = factories.user(session, role=Role.COURIER, gallery=gallery, name=name, phone="0812")
    return c.CourierIdentity(user.id, gallery.id, user.name, user.phone, "B 7 ZZ")


def test_a_courier_claims_a_ready_shipment_of_their_gallery(db_session, shipment):
    darto = courier_of(db_session, shipment.gallery)
    assert [s.id for s in c.open_jobs(db_session, shipment.gallery_id)] == [shipment.id]
    claimed = c.claim_shipment(db_session, shipment.id, darto)
    assert claimed is shipment and shipment.status is S.COURIER_ASSIGNED
    assert (shipment.courier_user_id, shipment.courier_name) == (darto.user_id, "Ojek Pak Darto")
    assert (shipment.courier_plate, shipment.events[-1].actor) == (
        "B 7 ZZ",
        f"courier:{darto.user_id}",
    )
    assert c.open_jobs(db_session, shipment.gallery_id) == []
    assert [s.id for s in c.my_jobs(db_session, darto.user_id)] == [shipment.id]
    other = courier_of(db_session, shipment.gallery, "Bang Udin")
    with pytest.raises(c.ClaimRefused):
        c.claim_shipment(db_session, shipment.id, other)
    assert shipment.courier_user_id == darto.user_id


def test_no_claims_across_galleries_or_on_externally_dispatched_shipments(db_session, shipment):
    stranger = courier_of(db_session, factories.gallery(db_session))
    with pytest.raises(c.ClaimRefused):
        c.claim_shipment(db_session, shipment.id, stranger)
    shipment.gallery.courier_endpoint_url = "https://ojek.example/deliveries"
    shipment.gallery.courier_secret = "whsec_" + "A" * 32
    db_session.flush()
    assert c.open_jobs(db_session, shipment.gallery_id) == []
    with pytest.raises(c.ClaimRefused):
        c.claim_shipment(db_session, shipment.id, courier_of(db_session, shipment.gallery))
    assert shipment.status is S.READY


def test_a_claimed_job_that_finds_no_driver_is_free_to_claim_again(db_session, shipment):
    darto = courier_of(db_session, shipment.gallery)
    c.claim_shipment(db_session, shipment.id, darto)
    send(db_session, shipment, "no_driver")
    assert shipment.courier_user_id is None
    c.claim_shipment(db_session, shipment.id, courier_of(db_session, shipment.gallery, "Udin"))
    assert shipment.courier_name == "Udin"


def test_cash_held_sums_todays_cod_deliveries_of_one_courier(db_session, product):
    darto = courier_of(db_session, product.gallery)
    total = 0
    for _ in range(2):
        shipment = make_ready(db_session, place(db_session, product).shipments[0])
        c.claim_shipment(db_session, shipment.id, darto)
        send(db_session, shipment, "picked_up")
        send(db_session, shipment, "delivered", cod_collected=shipment.cod_amount)
        total += shipment.cod_amount
    start = db_session.scalar(select(func.min(ShipmentEvent.created_at)))
    done = c.delivered_since(db_session, start, courier_user_id=darto.user_id)
    assert len(done) == 2 and c.cash_held(done) == total
    coop = c.delivered_since(db_session, start, cooperative_id=product.gallery.cooperative_id)
    assert len(coop) == 2


# --- two couriers, one job, real connections -----------------------------------------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with helpers.migrated_engine(tmp_path_factory, "claim") as engine:
        yield engine


def seed_gallery(engine: Engine) -> tuple[int, int, list[c.CourierIdentity]]:
    """A gallery with one product and two couriers, committed for real."""
    with Session(engine) as s:
        gallery = factories.gallery(s, lat=-6.35, lng=106.67)
        product = factories.product(
            s, gallery=gallery, name="Gula Aren", price=10_000, unit="pcs", stock=1_000
        )
        couriers = []
        for name in ("Darto", "Udin"):
            user = User(email=f"{name}@gerai.example", name=name, role=Role.COURIER)
            user.gallery, user.password_hash = gallery, "x"
            couriers.append(user)
        s.add_all([product, *couriers])
        s.commit()
        who = [c.CourierIdentity(u.id, gallery.id, u.name, "0812") for u in couriers]
        return product.id, gallery.id, who


def ready_shipment(engine: Engine, product_id: int) -> int:
    with Session(engine) as s:
        order = place(s, s.get(Product, product_id))
        shipment = make_ready(s, order.shipments[0])
        s.commit()
        return shipment.id


def claim_at_once(engine: Engine, shipment_id: int, couriers: list[c.CourierIdentity]) -> list:
    start = threading.Barrier(len(couriers))

    def claim(courier: c.CourierIdentity) -> int | None:
        start.wait()
        with Session(engine) as s:
            begin_write(s)
            try:
                c.claim_shipment(s, shipment_id, courier)
            except c.ClaimRefused:
                s.rollback()
                return None
            s.commit()
            return courier.user_id

    with ThreadPoolExecutor(len(couriers)) as pool:
        return list(pool.map(claim, couriers))


def test_two_couriers_claiming_the_same_job_at_once_exactly_one_wins(engine):
    product_id, _gallery_id, couriers = seed_gallery(engine)
    for _round in range(8):
        shipment_id = ready_shipment(engine, product_id)
        results = claim_at_once(engine, shipment_id, couriers)
        winners = [r for r in results if r is not None]
        assert len(winners) == 1, results
        with Session(engine) as s:
            shipment = s.get(Shipment, shipment_id)
            assert shipment.status is S.COURIER_ASSIGNED
            assert shipment.courier_user_id == winners[0]
            assigned = select(func.count()).where(
                ShipmentEvent.shipment_id == shipment_id,
                ShipmentEvent.status == S.COURIER_ASSIGNED,
            )
            assert s.scalar(assigned) == 1


def test_cash_since_midnight_in_jakarta_counts_a_delivery_at_one_in_the_morning(
    db_session, product
):
    """SQLite keeps no zone: a Jakarta midnight must be compared as 17:00 UTC the day before,
    or a delivery at 01:00 Jakarta (18:00 UTC) would fall outside "since midnight"."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from orders.states import set_shipment_status

    shipment = make_ready(db_session, place(db_session, product).shipments[0])
    for status in (S.COURIER_ASSIGNED, S.PICKED_UP, S.DELIVERED):
        set_shipment_status(db_session, shipment, status)
    shipment.completed_at = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)
    db_session.flush()
    midnight = datetime(2026, 12, 8, tzinfo=ZoneInfo("Asia/Jakarta"))
    found = c.delivered_since(db_session, midnight)
    assert [s.id for s, _at in found] == [shipment.id]
    assert (
        c.delivered_since(db_session, datetime(2026, 12, 8, 2, tzinfo=ZoneInfo("Asia/Jakarta")))
        == []
    )
