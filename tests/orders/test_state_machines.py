"""The four state machines: one table and one move function each, an event row per move."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from orders import courier as c
from orders.dispatch import Outcome as HttpOutcome
from orders.dispatch import record, retry_dead
from orders.exceptions import InvalidTransition
from orders.fulfilment import enqueue
from orders.lifecycle import cancel_order, confirm_order
from orders.models import (
    DeliveryMethod,
    OrderEvent,
    OrderStatus,
    OutboxEvent,
    OutboxStatus,
    Payment,
    PaymentEvent,
    PaymentMethod,
    PaymentStatus,
    ShipmentEvent,
    ShipmentStatus,
)
from orders.states import (
    FINISHED,
    SHIPMENT_STEPS,
    SHIPMENT_TRANSITIONS,
    move_order,
    move_outbox,
    move_payment,
    next_steps,
    set_shipment_status,
)
from tests import factories
from tests.orders import helpers

S = ShipmentStatus
T = c.CourierEventType
_sessions = itertools.count(1)


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    return factories.product(db_session, price=10_000, stock=100_000, weight_g=250)


place = helpers.place


def count(session, model, **where) -> int:  # type: ignore[no-untyped-def]
    stmt = select(func.count()).select_from(model)
    for name, value in where.items():
        stmt = stmt.where(getattr(model, name) == value)
    return session.scalar(stmt) or 0


# --- Shipments: random moves by random actors ----------------------------------------------

ACTORS = ["manager:1", "courier:2", "dispatcher", "shopper", "stripe", "sweeper", "system", ""]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(list(DeliveryMethod)),
    payment=st.sampled_from(list(PaymentMethod)),
    moves=st.lists(st.tuples(st.sampled_from(ACTORS), st.sampled_from(list(S))), max_size=12),
)
def test_random_shipment_moves_stay_in_the_table_and_leave_one_event_each(
    db_session, product, method, payment, moves
):
    shipment = place(db_session, product, method, payment).shipments[0]
    for actor, target in moves:
        before = shipment.status
        events = count(db_session, ShipmentEvent, shipment_id=shipment.id)
        offered = target in next_steps(shipment, actor)
        try:
            set_shipment_status(db_session, shipment, target, actor=actor)
        except InvalidTransition:
            assert not offered
            assert shipment.status == before
            assert count(db_session, ShipmentEvent, shipment_id=shipment.id) == events
            continue
        assert offered
        assert shipment.status == target
        assert any(
            step.source == before and step.target == target and method in step.methods
            for step in SHIPMENT_STEPS
        )
        assert count(db_session, ShipmentEvent, shipment_id=shipment.id) == events + 1
        assert shipment.events[-1].status == target
        assert shipment.events[-1].actor == actor


def test_a_tagged_actor_takes_only_its_own_steps(db_session, product):
    shipment = place(db_session, product).shipments[0]
    with pytest.raises(InvalidTransition):
        set_shipment_status(db_session, shipment, S.PACKING, actor="courier:5")
    set_shipment_status(db_session, shipment, S.PACKING, actor="manager:1")
    set_shipment_status(db_session, shipment, S.READY, actor="manager:1")
    with pytest.raises(InvalidTransition):
        set_shipment_status(db_session, shipment, S.COURIER_ASSIGNED, actor="manager:1")
    set_shipment_status(db_session, shipment, S.COURIER_ASSIGNED, actor="courier:5")
    assert [e.status for e in shipment.events][-3:] == [S.PACKING, S.READY, S.COURIER_ASSIGNED]


def test_next_steps_are_the_buttons_each_actor_sees(db_session, product):
    delivery = place(db_session, product).shipments[0]
    pickup = place(db_session, product, DeliveryMethod.PICKUP).shipments[0]
    # A manager may also cancel until the courier has it (orders.cancellation).
    assert next_steps(delivery, "manager:1") == (S.PACKING, S.CANCELLED)
    assert next_steps(delivery, "courier:2") == ()
    for shipment in (delivery, pickup):
        set_shipment_status(db_session, shipment, S.PACKING, actor="manager:1")
        assert next_steps(shipment, "manager:1") == (S.READY, S.CANCELLED)
        set_shipment_status(db_session, shipment, S.READY, actor="manager:1")
    assert next_steps(pickup, "manager:1") == (S.COLLECTED, S.CANCELLED)
    assert next_steps(delivery, "manager:1") == (S.CANCELLED,)
    assert next_steps(delivery, "courier:2") == (S.COURIER_ASSIGNED,)
    set_shipment_status(db_session, delivery, S.COURIER_ASSIGNED, actor="courier:2")
    assert next_steps(delivery, "courier:2") == (S.PICKED_UP, S.FAILED)
    set_shipment_status(db_session, delivery, S.PICKED_UP, actor="courier:2")
    assert next_steps(delivery, "courier:2") == (S.DELIVERED, S.FAILED)


def test_finished_shipments_are_the_ones_the_table_sends_nowhere():
    assert {s for s, targets in SHIPMENT_TRANSITIONS.items() if not targets} == FINISHED
    assert {S.DELIVERED, S.COLLECTED, S.FAILED, S.CANCELLED} == FINISHED


# --- Courier rules derived from the shipment table -----------------------------------------


def _old_refusal(status: S, method: DeliveryMethod, kind: T) -> c.Outcome | None:
    """The courier rules as they were written by hand before being derived from the table."""
    progress = {S.READY: 0, S.COURIER_ASSIGNED: 1, S.PICKED_UP: 2, S.DELIVERED: 3}
    target_step = {T.COURIER_ASSIGNED: 1, T.PICKED_UP: 2, T.DELIVERED: 3}
    if method != DeliveryMethod.DELIVERY or status in {S.PENDING, S.CONFIRMED, S.PACKING}:
        return c.Outcome.IMPOSSIBLE
    if kind == T.RETURNED:
        if status == S.READY:
            return c.Outcome.IMPOSSIBLE
        ok = (S.COURIER_ASSIGNED, S.PICKED_UP, S.FAILED)
        return None if status in ok else c.Outcome.STALE
    if status in {S.DELIVERED, S.COLLECTED, S.FAILED, S.CANCELLED}:
        return c.Outcome.STALE
    if kind in target_step:
        step, now = target_step[kind], progress[status]
        if step < now or (step == now and kind != T.COURIER_ASSIGNED):
            return c.Outcome.STALE
        if step > now + 1:
            return c.Outcome.IMPOSSIBLE
        return None
    if kind == T.NO_DRIVER and status == S.PICKED_UP:
        return c.Outcome.STALE
    return None


class _Fake:
    def __init__(self, status: S, method: DeliveryMethod) -> None:
        self.status, self.delivery_method = status, method


@pytest.mark.parametrize("method", list(DeliveryMethod))
@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("kind", list(T))
def test_courier_rules_from_the_table_match_the_rules_as_written_before(kind, status, method):
    shipment = _Fake(status, method)
    expected = _old_refusal(status, method, kind)
    assert c._refusal(shipment, kind, c.actors.DISPATCHER) == expected  # type: ignore[arg-type]


def test_cancelled_booking_goes_back_to_ready_before_pickup_and_fails_after():
    assert c.report_target(S.READY, T.CANCELLED) == S.READY
    assert c.report_target(S.COURIER_ASSIGNED, T.CANCELLED) == S.READY
    assert c.report_target(S.PICKED_UP, T.CANCELLED) == S.FAILED
    assert c.ACTIVE == (S.COURIER_ASSIGNED, S.PICKED_UP)


# --- Orders ---------------------------------------------------------------------------------


def test_order_moves_write_one_order_event_and_losers_write_none(db_session, product):
    order = place(db_session, product, payment=PaymentMethod.CARD)
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert confirm_order(db_session, order, actor="stripe") is True
    assert confirm_order(db_session, order, actor="stripe") is False
    assert cancel_order(db_session, order, reason="x", only_unpaid=True) is False
    events = db_session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)).all()
    assert [(e.status, e.actor) for e in events] == [(OrderStatus.CONFIRMED, "stripe")]
    assert order.shipments[0].status is S.CONFIRMED


def test_a_cancelled_order_records_its_reason_even_when_no_shipment_moves(db_session, product):
    order = place(db_session, product)
    shipment = order.shipments[0]
    for target in (S.PACKING, S.READY, S.FAILED):
        set_shipment_status(db_session, shipment, target)
    shipment_events = count(db_session, ShipmentEvent, shipment_id=shipment.id)
    assert cancel_order(db_session, order, reason="Barang rusak", actor="shopper") is True
    db_session.expire_all()
    assert order.status is OrderStatus.CANCELLED
    assert count(db_session, ShipmentEvent, shipment_id=shipment.id) == shipment_events
    event = db_session.scalars(select(OrderEvent).where(OrderEvent.order_id == order.id)).one()
    assert (event.status, event.note, event.actor) == (
        OrderStatus.CANCELLED,
        "Barang rusak",
        "shopper",
    )


def test_order_moves_the_table_never_allows_are_refused(db_session, product):
    order = place(db_session, product)
    with pytest.raises(InvalidTransition):
        move_order(db_session, order, OrderStatus.PENDING_PAYMENT)
    with pytest.raises(InvalidTransition):
        move_order(db_session, order, OrderStatus.CANCELLED, only_from={OrderStatus.COMPLETED})
    assert move_order(db_session, order, OrderStatus.COMPLETED) is True
    assert move_order(db_session, order, OrderStatus.CANCELLED) is False
    db_session.expire_all()
    assert order.status is OrderStatus.COMPLETED
    assert count(db_session, OrderEvent, order_id=order.id) == 1


# --- Card payments --------------------------------------------------------------------------


def _payment(session, product) -> Payment:  # type: ignore[no-untyped-def]
    order = place(session, product, payment=PaymentMethod.CARD)
    payment = Payment(
        order_id=order.id,
        session_id=f"cs_test_{next(_sessions)}",
        amount=order.total,
        status=PaymentStatus.PENDING,
    )
    session.add(payment)
    session.flush()
    return payment


def test_payment_moves_write_one_event_and_settle_once(db_session, product):
    payment = _payment(db_session, product)
    assert move_payment(db_session, payment, PaymentStatus.EXPIRED, actor="sweeper") is True
    assert move_payment(db_session, payment, PaymentStatus.FAILED) is False  # only from pending
    assert move_payment(db_session, payment, PaymentStatus.PAID, actor="stripe") is True
    assert move_payment(db_session, payment, PaymentStatus.PAID) is False
    db_session.expire_all()
    assert payment.status is PaymentStatus.PAID and payment.paid_at is not None
    events = db_session.scalars(
        select(PaymentEvent).where(PaymentEvent.payment_id == payment.id).order_by(PaymentEvent.id)
    ).all()
    assert [(e.status, e.actor) for e in events] == [
        (PaymentStatus.EXPIRED, "sweeper"),
        (PaymentStatus.PAID, "stripe"),
    ]
    with pytest.raises(InvalidTransition):
        move_payment(db_session, payment, PaymentStatus.PENDING)


# --- Outbox messages ------------------------------------------------------------------------


def test_outbox_moves_write_one_event_each(db_session, product):
    shipment = place(db_session, product).shipments[0]
    message = enqueue(db_session, shipment, "delivery.requested", {})
    now = datetime.now(UTC)
    record(db_session, message, HttpOutcome(None, "timeout", "", 10), now, final=True)
    assert message.status is OutboxStatus.DEAD
    with pytest.raises(InvalidTransition):
        move_outbox(db_session, message, OutboxStatus.SENT)
    message.gallery.courier_endpoint_url = "https://kurir.example/hook"
    message.gallery.courier_secret = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    retry_dead(db_session, message, now, actor="manager:1")
    record(db_session, message, HttpOutcome(204, "", "", 10), now)
    db_session.expire_all()
    assert message.status is OutboxStatus.SENT
    events = db_session.scalars(
        select(OutboxEvent).where(OutboxEvent.message_id == message.id).order_by(OutboxEvent.id)
    ).all()
    assert [(e.status, e.actor) for e in events] == [
        (OutboxStatus.DEAD, "system"),
        (OutboxStatus.PENDING, "manager:1"),
        (OutboxStatus.SENT, "system"),
    ]
    assert events[0].note == "timeout"
    assert len(message.delivery_attempts) == 2
