"""Issue 11, through the pages as rendered: the time a courier's cash was handed over, a failed
delivery turned into a pickup (what the shopper pays and is told), the couriers' cash balance
when orders end otherwise, and a shopper cancelling an order paid by card."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from accounts.models import Role
from orders.cancellation import cancel_shipments
from orders.models import (
    CashHandover,
    DeliveryMethod,
    OutboxEmail,
    PaymentStatus,
    Refund,
    RefundStatus,
    ShipmentEvent,
    ShipmentStatus,
)
from tests import factories
from tests.storefront.test_manage_cancel import coop, fresh, manager, paid
from tests.storefront.test_manage_cash import handover_form, reported, rows, shop, thousands
from tests.storefront.test_manage_desk import order_for, walk
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in, submit_refused

__all__ = ["coop", "manager", "paid", "shop"]  # fixtures shared with the pages' own tests
S = ShipmentStatus

JAKARTA = ZoneInfo("Asia/Jakarta")


def delivered_days_ago(db_session, shop, days: int) -> None:  # type: ignore[no-untyped-def]
    """Move the fixture's deliveries back in time, as if the cash were brought in late."""
    when = datetime.now(UTC) - timedelta(days=days)
    db_session.execute(
        update(ShipmentEvent)
        .where(
            ShipmentEvent.shipment_id.in_([s.id for s in shop["shipments"]]),
            ShipmentEvent.status == ShipmentStatus.DELIVERED,
        )
        .values(created_at=when)
    )
    db_session.commit()


def local(moment: datetime) -> str:
    """As the form's date-and-time box holds it: the city's time, to the minute."""
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")


# --- 1. When the cash was received ---------------------------------------------------------


def test_the_handover_form_offers_the_time_received_and_defaults_to_now(web, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    shown = datetime.strptime(form["received_at"].value, "%Y-%m-%dT%H:%M").replace(tzinfo=JAKARTA)
    assert abs(shown - datetime.now(UTC)) < timedelta(minutes=2)


def test_a_handover_recorded_later_keeps_the_time_the_cash_was_received(web, db_session, shop):
    delivered_days_ago(db_session, shop, 3)
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    received = (datetime.now(JAKARTA) - timedelta(days=2)).replace(
        hour=14, minute=30, second=0, microsecond=0
    )
    form["amount"] = thousands(reported(shop))
    form["received_at"] = local(received)
    receipt = form.submit().follow()
    handover = db_session.scalars(select(CashHandover)).one()
    stored = handover.received_at
    stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    assert stored == received
    assert "14:30" in receipt.text and received.strftime("%Y") in receipt.text
    history = web.get("/kelola/kurir/setoran")
    assert "14:30" in history.text
    day = received.date().isoformat()
    on_the_day = web.get("/kelola/kurir/setoran", {"dari": day, "sampai": day})
    assert "14:30" in on_the_day.text


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (lambda: datetime.now(UTC) + timedelta(hours=3), "tidak mungkin diterima di masa depan"),
        (lambda: datetime.now(UTC) - timedelta(days=40), "paling jauh 31 hari"),
        (lambda: datetime.now(UTC) - timedelta(days=5), "sebelum pesanan itu diantar"),
    ],
    ids=["future", "too-far-back", "before-delivery"],
)
def test_an_impossible_time_received_is_refused_in_indonesian(
    web, db_session, shop, moment, reason
):
    delivered_days_ago(db_session, shop, 4)
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    refused = submit_refused(form, amount=thousands(reported(shop)), received_at=local(moment()))
    assert refused.status_int == 422
    assert reason in " ".join(errors(refused)), errors(refused)
    assert rows(db_session) == (0, 0)


def test_a_garbled_time_received_is_refused_in_indonesian(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    refused = submit_refused(form, amount=thousands(reported(shop)), received_at="kemarin sore")
    assert "Tulis tanggal dan jam" in " ".join(errors(refused)), errors(refused)
    assert rows(db_session) == (0, 0)


def test_a_cleared_time_received_means_now(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    form["amount"] = thousands(reported(shop))
    form["received_at"] = ""
    form.submit().follow()
    stored = db_session.scalars(select(CashHandover)).one().received_at
    stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    assert abs(stored - datetime.now(UTC)) < timedelta(minutes=1)


# --- 2. A failed delivery turned into a pickup no longer charges for delivery ----------------


@pytest.fixture
def cod_failed(web, db_session):  # type: ignore[no-untyped-def]
    """A cash-on-delivery order whose delivery failed, and its gallery's manager signed in."""
    gallery = factories.gallery(db_session)
    product = factories.product(db_session, gallery=gallery, price=10_000, stock=10)
    order = order_for(db_session, product)
    walk(db_session, order.shipments[0], S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    manager = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    db_session.commit()
    log_in(web, manager)
    return order


def pickup_button(web, shipment_id: int):  # type: ignore[no-untyped-def]
    url = f"/kelola/pengiriman/{shipment_id}"
    page = web.get(url)
    (form,) = [
        f
        for f in page.forms.values()
        if f.action.endswith(f"{url}/atur-ulang") and f["cara"].value == "pickup"
    ]
    return form


def email_text(db_session, kind: str) -> str:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    (row,) = db_session.scalars(select(OutboxEmail).where(OutboxEmail.event_type == kind)).all()
    message = email.message_from_string(row.payload["mime"], policy=email.policy.default)
    body = message.get_body(("plain",))
    assert body is not None
    return " ".join(body.get_content().split())


def assert_totals_add_up(order) -> None:  # type: ignore[no-untyped-def]
    assert order.total == order.subtotal + order.delivery_total
    assert order.delivery_total == sum(s.delivery_fee for s in order.shipments)
    assert order.subtotal == sum(s.subtotal for s in order.shipments)


def test_a_cash_order_turned_into_a_pickup_drops_the_delivery_fee_from_the_cash_due(
    web, db_session, cod_failed
):
    shipment = cod_failed.shipments[0]
    fee, goods, total = shipment.delivery_fee, shipment.subtotal, cod_failed.total
    assert fee > 0 and shipment.cod_amount == goods + fee
    pickup_button(web, shipment.id).submit().follow()
    order, shipment = fresh(db_session, cod_failed, shipment)
    assert shipment.delivery_method is DeliveryMethod.PICKUP
    assert (shipment.cod_amount, shipment.delivery_fee) == (goods, 0)
    assert order.total == total - fee
    assert_totals_add_up(order)
    assert db_session.scalars(select(Refund)).all() == []
    said = email_text(db_session, "email.delivery_rearranged")
    assert f"di galeri Anda membayar tunai Rp {thousands(goods)}" in said
    url = f"/kelola/pengiriman/{shipment.id}"
    form_for(web.get(url), f"{url}/status").submit()  # the shopper comes and pays
    shipment = fresh(db_session, shipment)
    assert shipment.status is S.COLLECTED and shipment.cod_collected == goods


def test_a_card_order_turned_into_a_pickup_refunds_the_delivery_fee_after_the_commit(
    web, db_session, manager, paid, fake_stripe
):
    order, payment = paid
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    db_session.commit()
    fee, total = shipment.delivery_fee, order.total
    assert fee > 0
    landed = pickup_button(web, shipment.id).submit().follow()
    assert "Rp" in flash_text(landed) and "Stripe" in flash_text(landed)
    order, payment, shipment = fresh(db_session, order, payment, shipment)
    (refund,) = db_session.scalars(select(Refund)).all()
    assert (refund.amount, refund.shipment_id) == (fee, shipment.id)
    assert refund.idempotency_key == f"refund-fee-{shipment.id}-1"
    assert refund.status == RefundStatus.SUCCEEDED and len(fake_stripe.refunds) == 1
    assert payment.refunded_amount == fee and payment.status == PaymentStatus.PARTLY_REFUNDED
    assert (shipment.delivery_fee, shipment.cod_amount, order.total) == (0, 0, total - fee)
    assert_totals_add_up(order)
    said = email_text(db_session, "email.delivery_rearranged")
    assert f"Rp {thousands(fee)} yang Anda bayar untuk pengantaran sedang dikembalikan" in said
    # the shopper never comes: the gallery cancels, and the goods' money follows the fee back
    done = cancel_shipments(db_session, [shipment], reason="Tidak diambil", actor="manager")
    (goods,) = done.refunds
    assert (goods.amount, goods.idempotency_key) == (
        shipment.subtotal,
        f"refund-shipment-{shipment.id}-1",
    )
    db_session.refresh(payment)
    assert payment.refunded_amount == fee + shipment.subtotal


def test_a_fee_refund_stripe_could_not_be_asked_about_stays_to_send_again(
    web, db_session, manager, paid, fake_stripe
):
    order, _payment = paid
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    db_session.commit()
    fake_stripe.fail_refunds = 1
    landed = pickup_button(web, shipment.id).submit().follow()
    assert "Stripe" in flash_text(landed)
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.REQUESTED  # kept, with the retry button
    shipment = fresh(db_session, shipment)
    assert shipment.delivery_method is DeliveryMethod.PICKUP and shipment.delivery_fee == 0
    form_for(landed, f"/kelola/pengembalian/{refund.id}/kirim-ulang").submit()
    assert fresh(db_session, refund).status == RefundStatus.SUCCEEDED


# --- 3. The couriers' cash balance when an order ends otherwise -----------------------------


def balance_cell(page, name: str) -> str:  # type: ignore[no-untyped-def]
    """The text of the courier's row in the balances table."""
    rows = [row for row in page.html.select("tr") if name in row.get_text()]
    assert rows, f"{name} not in the balances"
    return " ".join(rows[0].get_text().split())


def test_a_delivered_cod_order_cannot_be_cancelled_so_its_cash_stays_on_the_balance(
    web, db_session, shop
):
    log_in(web, shop["manager"])
    owed = f"Rp {thousands(reported(shop))}"
    assert owed in balance_cell(web.get("/kelola/kurir/tunai"), "Ojek Pak Darto")
    delivered = shop["shipments"][2]
    url = f"/kelola/pengiriman/{delivered.id}/batal"
    page = web.get(url)
    assert "tidak bisa dibatalkan lagi di sini" in page.text
    token = page.html.select_one("input[name=csrf_token]")["value"]
    for scope in ("shipment", "order"):  # a hand-built post: the page offers no button
        posted = web.post(
            url,
            {"csrf_token": token, "scope": scope, "reason": "shopper_asked"},
            expect_errors=True,
        )
        assert posted.status_int == 409
    order = delivered.order
    shopper_page = web.get(f"/pesanan/{order.code}", {"token": order.access_token})
    assert f"/pesanan/{order.code}/batal" not in shopper_page.text  # nor can the shopper
    delivered = fresh(db_session, delivered)
    assert delivered.status is S.DELIVERED and delivered.order.status.value == "completed"
    assert owed in balance_cell(web.get("/kelola/kurir/tunai"), "Ojek Pak Darto")
    # and once handed over, it is settled: nothing open, nothing owed
    _page, form = handover_form(web, shop)
    form["amount"] = thousands(reported(shop))
    form.submit().follow()
    assert "Ojek Pak Darto" not in web.get("/kelola/kurir/tunai").text.split("Riwayat setoran")[0]


def test_a_failed_cod_delivery_is_never_cash_outstanding(web, db_session, cod_failed):
    shipment = cod_failed.shipments[0]
    courier_page = web.get("/kelola/kurir/tunai")
    assert "Tidak ada kurir yang memegang uang galeri." in courier_page.text
    assert cod_failed.code not in courier_page.text
    problems = web.get("/kelola/pengiriman", {"tab": "masalah"})
    assert cod_failed.code in problems.text
    assert "Uang COD belum disetor" not in problems.text
    assert "Pengantaran gagal" in problems.text
    picker = web.get("/kelola/kurir/setoran/baru")
    assert cod_failed.code not in picker.text
    assert fresh(db_session, shipment).cod_collected is None


# --- 4. A shopper cancels an order paid by card ----------------------------------------------


def shopper_cancel_form(web, order):  # type: ignore[no-untyped-def]
    page = web.get(f"/pesanan/{order.code}", {"token": order.access_token})
    return form_for(page, f"/pesanan/{order.code}/batal")


def test_a_shopper_cancelling_a_paid_card_order_gets_the_card_refunded(
    web, db_session, paid, fake_stripe
):
    order, payment = paid
    form = shopper_cancel_form(web, order)
    form["reason"] = "Salah pilih ukuran"
    landed = form.submit().follow()
    amount = f"Rp {thousands(payment.amount)}"
    assert f"{amount} yang Anda bayar sedang dikembalikan ke kartu Anda" in flash_text(landed)
    order, payment = fresh(db_session, order, payment)
    assert order.status.value == "cancelled"
    (refund,) = db_session.scalars(select(Refund)).all()
    refund_id = refund.id
    assert (refund.payment_id, refund.shipment_id, refund.amount) == (payment.id, None, order.total)
    assert refund.idempotency_key == f"refund-payment-{payment.id}-1"
    assert refund.status == RefundStatus.SUCCEEDED and len(fake_stripe.refunds) == 1
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == payment.amount
    said = email_text(db_session, "email.cancelled")
    assert f"Anda membayar {amount} dengan kartu. Uang itu sedang dikembalikan" in said
    again = form.submit().follow()  # the same form sent again: nothing more
    assert "tidak bisa dibatalkan lagi" in flash_text(again)
    assert [r.id for r in db_session.scalars(select(Refund))] == [refund_id]
    assert len(fake_stripe.refunds) == 1


def test_a_shopper_refund_stripe_could_not_be_asked_about_waits_on_the_payment_record(
    web, db_session, paid, fake_stripe
):
    order, payment = paid
    fake_stripe.fail_refunds = 1
    landed = shopper_cancel_form(web, order).submit().follow()
    assert "sedang dikembalikan ke kartu Anda" in flash_text(landed)
    order = fresh(db_session, order)
    assert order.status.value == "cancelled"  # the cancellation stands
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.REQUESTED and refund.amount == payment.amount


def test_a_shopper_cancelling_an_unpaid_cash_order_is_told_nothing_is_charged(web, db_session):
    product = factories.product(db_session, price=10_000, stock=5)
    order = order_for(db_session, product)
    db_session.commit()
    landed = shopper_cancel_form(web, order).submit().follow()
    assert flash_text(landed) == f"Pesanan {order.code} dibatalkan. Tidak ada biaya."
    assert db_session.scalars(select(Refund)).all() == []
