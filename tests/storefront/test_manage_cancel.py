"""The manager's cancel form and payment record, as rendered, with card refunds through the
fake Stripe (the real ``stripe`` library over HTTP) and Stripe's signed refund webhooks."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import MovementKind, StockMovement
from orders.models import (
    OrderStatus,
    OutboxEmail,
    PaymentStatus,
    Refund,
    RefundStatus,
    ShipmentStatus,
    StripeEvent,
)
from orders.payments import StripeGateway, handle_event, start_checkout
from tests import factories
from tests.stripe_fake import SECRET_KEY, place_card_order, signed_webhook
from tests.webforms import errors, flash_text, form_for, signed_in, submit_refused

URLS = {"success_url": "https://gerai.test/ok", "cancel_url": "https://gerai.test/batal"}


@pytest.fixture
def coop(db_session):  # type: ignore[no-untyped-def]
    return factories.cooperative(db_session)


@pytest.fixture
def manager(web, db_session, coop):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.MANAGER, cooperative=coop)


@pytest.fixture
def paid(db_session, stripe_app, fake_stripe, coop):  # type: ignore[no-untyped-def]
    """A confirmed card order with a part from each of two galleries of the cooperative."""
    products = [
        factories.product(
            db_session, gallery=factories.gallery(db_session, cooperative=coop), price=p, stock=4
        )
        for p in (25_000, 40_000)
    ]
    order = place_card_order(db_session, products, delivery=True, email="rina@example.com")
    gateway = StripeGateway(SECRET_KEY, api_base=fake_stripe.url)
    payment = start_checkout(db_session, gateway, order, **URLS)
    fake_stripe.pay(payment.session_id)
    handle_event(db_session, fake_stripe.event("checkout.session.completed", payment.session_id))
    db_session.commit()  # a refused request's rollback must not take the order with it
    return order, payment


def fresh(session, *rows):  # type: ignore[no-untyped-def]
    """The rows read again: each request ends by closing the session the test shares."""
    session.expire_all()
    found = [session.get(type(row), row.id) for row in rows]
    return found if len(found) > 1 else found[0]


def cancel_page(web, shipment):  # type: ignore[no-untyped-def]
    url = f"/kelola/pengiriman/{shipment.id}/batal"
    return form_for(web.get(url), url)


def test_the_reason_is_required_and_nothing_changes_without_it(web, db_session, manager, paid):
    order, payment = paid
    shipment = order.shipments[0]
    page = web.get(f"/kelola/pengiriman/{shipment.id}")
    assert "Batalkan pengiriman" in page.text
    refused = submit_refused(cancel_page(web, shipment))
    assert "Pilih alasan pembatalan." in " ".join(errors(refused))
    form = form_for(refused, f"/kelola/pengiriman/{shipment.id}/batal")
    refused = submit_refused(form, reason="other", detail="")
    assert "Tuliskan alasannya untuk pembeli." in " ".join(errors(refused))
    shipment, payment = fresh(db_session, shipment, payment)
    assert shipment.status == ShipmentStatus.CONFIRMED and payment.refunded_amount == 0
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 0
    assert shipment.lines[0].product.stock == 3


def test_cancelling_a_part_refunds_it_returns_stock_and_emails_the_shopper(
    web, db_session, manager, paid, fake_stripe
):
    order, payment = paid
    shipment, other = order.shipments
    form = cancel_page(web, shipment)
    form["reason"] = "sold_out"
    form["detail"] = "Kemasan bocor"
    landed = form.submit().follow()
    assert "dikembalikan" in flash_text(landed).lower() or "stripe" in flash_text(landed).lower()
    order, payment, shipment, other = fresh(db_session, order, payment, shipment, other)
    assert shipment.status == ShipmentStatus.CANCELLED and other.status == ShipmentStatus.CONFIRMED
    assert order.status == OrderStatus.CONFIRMED
    assert shipment.cancel_reason == "Barang habis atau rusak: Kemasan bocor"
    assert shipment.lines[0].product.stock == 4
    ledger = db_session.scalars(
        select(StockMovement).where(StockMovement.shipment_id == shipment.id)
    ).all()
    assert [(m.kind, m.quantity) for m in ledger] == [(MovementKind.RELEASE, 1)]
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.amount == shipment.subtotal + shipment.delivery_fee
    assert payment.status == PaymentStatus.PARTLY_REFUNDED
    (email,) = db_session.scalars(
        select(OutboxEmail).where(OutboxEmail.event_type == "email.shipment_cancelled")
    ).all()
    assert email.payload["to"].endswith("rina@example.com>")
    # The payment record shows the refund: amount, status, who.
    assert "Dikembalikan" in landed.text and manager.name in landed.text
    # The same form sent again (a double submit) cancels and refunds nothing more.
    again = form.submit(expect_errors=True)
    assert again.status_int == 409 and errors(again)
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 1
    assert len(fake_stripe.refunds) == 1


def test_cancelling_the_whole_order_cancels_it_and_refunds_everything(
    web, db_session, manager, paid
):
    order, payment = paid
    form = cancel_page(web, order.shipments[1])
    form["scope"] = "order"
    form["reason"] = "gallery_closed"
    form.submit().follow()
    order, payment = fresh(db_session, order, payment)
    assert order.status == OrderStatus.CANCELLED
    assert {s.status for s in order.shipments} == {ShipmentStatus.CANCELLED}
    assert payment.status == PaymentStatus.REFUNDED and payment.refunded_amount == order.total


def test_another_cooperatives_shipment_is_not_found(web, db_session, manager, paid):
    own = paid[0].shipments[0].id
    stranger = factories.product(db_session, stock=2)  # a gallery of another cooperative
    foreign = place_card_order(db_session, [stranger]).shipments[0].id
    db_session.commit()
    assert web.get(f"/kelola/pengiriman/{foreign}/batal", expect_errors=True).status_int == 404
    token = form_for(web.get(f"/kelola/pengiriman/{own}/batal"), f"/kelola/pengiriman/{own}/batal")
    posted = web.post(
        f"/kelola/pengiriman/{foreign}/batal",
        {"csrf_token": token["csrf_token"].value, "reason": "sold_out", "scope": "shipment"},
        expect_errors=True,
    )
    assert posted.status_int == 404


def test_a_refund_left_unsent_is_sent_again_from_the_payment_record(
    web, db_session, manager, paid, fake_stripe
):
    order, _payment = paid
    shipment = order.shipments[0]
    fake_stripe.fail_refunds = 1
    form = cancel_page(web, shipment)
    form["reason"] = "shopper_asked"
    landed = form.submit().follow()
    assert "Stripe" in flash_text(landed)
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.REQUESTED
    assert fresh(db_session, shipment).status == ShipmentStatus.CANCELLED  # it stands
    retry = form_for(landed, f"/kelola/pengembalian/{refund.id}/kirim-ulang")
    retry.submit().follow()
    refund = fresh(db_session, refund)
    assert refund.status == RefundStatus.SUCCEEDED and len(fake_stripe.refunds) == 1


def test_the_refund_webhook_is_handled_once(client, db_session, paid, fake_stripe, manager, web):
    order, payment = paid
    fake_stripe.refund_status = "pending"
    form = cancel_page(web, order.shipments[0])
    form["reason"] = "sold_out"
    form.submit()
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.PENDING
    fake_stripe.move_refund(refund.stripe_refund_id, "succeeded")
    body, headers = signed_webhook(
        fake_stripe.refund_event("refund.updated", refund.stripe_refund_id)
    )
    first = client.post("/api/v1/stripe/webhook", data=body, headers=headers)
    second = client.post("/api/v1/stripe/webhook", data=body, headers=headers)
    assert (first.json["outcome"], second.json["outcome"]) == ("refund_updated", "duplicate")
    refund, payment = fresh(db_session, refund, payment)
    assert refund.status == RefundStatus.SUCCEEDED and len(refund.events) == 3
    assert payment.status == PaymentStatus.PARTLY_REFUNDED
    assert db_session.scalar(select(func.count()).select_from(StripeEvent)) == 2  # + checkout


def test_a_payment_after_cancel_is_refunded_from_the_console_once(
    web, db_session, manager, coop, stripe_app, fake_stripe
):
    product = factories.product(
        db_session, gallery=factories.gallery(db_session, cooperative=coop), price=30_000
    )
    order = place_card_order(db_session, [product], email="rina@example.com")
    gateway = StripeGateway(SECRET_KEY, api_base=fake_stripe.url)
    payment = start_checkout(db_session, gateway, order, **URLS)
    handle_event(db_session, fake_stripe.event("checkout.session.expired", payment.session_id))
    fake_stripe.pay(payment.session_id)
    handle_event(db_session, fake_stripe.event("checkout.session.completed", payment.session_id))
    db_session.commit()
    page = web.get(f"/kelola/pengiriman/{order.shipments[0].id}")
    assert "Batalkan pengiriman" not in page.text  # cancelled already
    button = form_for(page, f"/kelola/pembayaran/{payment.id}/kembalikan")
    landed = button.submit().follow()
    assert "Kembalikan dana" not in landed.text  # nothing owed any more
    payment = fresh(db_session, payment)
    assert payment.status == PaymentStatus.REFUNDED and len(fake_stripe.refunds) == 1
    again = button.submit().follow()  # the old page's button, pressed again
    assert errors(again) or "Tidak ada" in flash_text(again)
    assert len(fake_stripe.refunds) == 1
