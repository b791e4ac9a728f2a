"""Money back for delivered goods, from the shipment page's "Kembalikan dana" form as rendered:
card refunds through the fake Stripe, cash refunds at the counter, the limits and the restock."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import MovementKind, StockMovement
from orders.fulfilment import mark_collected, mark_packing, mark_ready
from orders.models import (
    DeliveryMethod,
    LineRefund,
    PaymentMethod,
    Refund,
    RefundMethod,
    RefundStatus,
    Shipment,
)
from orders.payments import StripeGateway, handle_event, start_checkout
from tests import factories
from tests.orders.helpers import place
from tests.stripe_fake import SECRET_KEY
from tests.webforms import errors, flash_text, form_for, signed_in, submit_refused

URLS = {"success_url": "https://gerai.test/ok", "cancel_url": "https://gerai.test/batal"}


def collected(session, shipment: Shipment) -> Shipment:  # type: ignore[no-untyped-def]
    mark_packing(session, shipment, actor="test")
    mark_ready(session, shipment, actor="test", callback_url="")
    mark_collected(session, shipment, actor="test")
    session.commit()
    return shipment


@pytest.fixture
def coop(db_session):  # type: ignore[no-untyped-def]
    return factories.cooperative(db_session)


@pytest.fixture
def manager(web, db_session, coop):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.MANAGER, cooperative=coop)


@pytest.fixture
def product(db_session, coop):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session, cooperative=coop)
    return factories.product(db_session, gallery=gallery, price=20_000, stock=10)


@pytest.fixture
def card_sale(db_session, stripe_app, fake_stripe, product):  # type: ignore[no-untyped-def]
    """Three units of the product paid by card and collected at the gallery."""
    order = place(db_session, product, DeliveryMethod.PICKUP, PaymentMethod.CARD, quantity=3)
    gateway = StripeGateway(SECRET_KEY, api_base=fake_stripe.url)
    payment = start_checkout(db_session, gateway, order, **URLS)
    fake_stripe.pay(payment.session_id)
    handle_event(db_session, fake_stripe.event("checkout.session.completed", payment.session_id))
    return collected(db_session, order.shipments[0])


@pytest.fixture
def cod_sale(db_session, product):  # type: ignore[no-untyped-def]
    """Two units paid in cash at pickup."""
    order = place(db_session, product, DeliveryMethod.PICKUP, PaymentMethod.COD, quantity=2)
    return collected(db_session, order.shipments[0])


def refund_form(web, shipment: Shipment):  # type: ignore[no-untyped-def]
    """The refund form reached from the shipment page's link, as a manager clicks it."""
    page = web.get(f"/kelola/pengiriman/{shipment.id}")
    line = shipment.lines[0]
    url = f"/kelola/pengiriman/{shipment.id}/kembalikan-dana/{line.id}"
    assert url in page.text and "Kembalikan dana" in page.text
    return form_for(page.click(href=url), url)


def test_a_card_refund_is_recorded_and_sent_to_stripe(
    web, db_session, manager, card_sale, fake_stripe
):
    form = refund_form(web, card_sale)
    form["quantity"] = "2"
    form["reason"] = "Kemasan sobek"
    landed = form.submit().follow()
    assert "Rp 40.000" in flash_text(landed) and "Stripe" in flash_text(landed)
    (returned,) = db_session.scalars(select(LineRefund)).all()
    assert (returned.quantity, returned.amount, returned.method) == (2, 40_000, RefundMethod.CARD)
    assert returned.reason == "Kemasan sobek" and not returned.restocked
    refund = db_session.get(Refund, returned.refund_id)
    assert refund.idempotency_key == f"refund-return-{returned.id}-1"
    assert refund.amount == 40_000 and refund.status == RefundStatus.SUCCEEDED
    (sent,) = fake_stripe.refunds.values()
    assert sent["amount"] == 40_000 * 100 or sent["amount"] == 40_000
    assert f"refund-return-{returned.id}-1" in fake_stripe.idempotent
    # The shipment page lists it: amount, units, to the card, Stripe's answer.
    section = landed.text[landed.text.index('id="returns"') :]
    assert "Rp 40.000" in section and "2 unit" in section and "ke kartu" in section
    # One unit is left to refund: the form offers it, and refuses two.
    form = refund_form(web, card_sale)
    refused = submit_refused(form, quantity="2", reason="Rusak")
    assert "Pilih antara 1 dan 1 unit." in " ".join(errors(refused))
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == 1


def test_stripe_unreachable_keeps_the_refund_to_send_again(
    web, db_session, manager, card_sale, fake_stripe
):
    fake_stripe.fail_refunds = 1
    form = refund_form(web, card_sale)
    form["quantity"] = "1"
    form["reason"] = "Salah rasa"
    landed = form.submit().follow()
    assert "Stripe" in flash_text(landed)
    (refund,) = db_session.scalars(select(Refund)).all()
    assert refund.status == RefundStatus.REQUESTED
    retry = form_for(landed, f"/kelola/pengembalian/{refund.id}/kirim-ulang")
    retry.submit().follow()
    db_session.expire_all()
    (returned,) = db_session.scalars(select(LineRefund)).all()
    assert db_session.get(Refund, returned.refund_id).status == RefundStatus.SUCCEEDED


def test_a_cash_refund_says_to_pay_at_the_counter(web, db_session, manager, cod_sale):
    form = refund_form(web, cod_sale)
    form["quantity"] = "1"
    form["reason"] = "Kedaluwarsa"
    landed = form.submit().follow()
    assert "bayarkan Rp 20.000 tunai kepada pembeli di galeri" in flash_text(landed)
    (returned,) = db_session.scalars(select(LineRefund)).all()
    assert returned.method == RefundMethod.CASH and returned.refund_id is None
    assert db_session.scalar(select(func.count()).select_from(Refund)) == 0
    assert "tunai di galeri" in landed.text[landed.text.index('id="returns"') :]


def test_more_units_than_left_are_refused_with_a_message(web, db_session, manager, cod_sale):
    url = f"/kelola/pengiriman/{cod_sale.id}/kembalikan-dana/{cod_sale.lines[0].id}"
    refused = submit_refused(refund_form(web, cod_sale), quantity="3", reason="Rusak")
    assert "Pilih antara 1 dan 2 unit." in " ".join(errors(refused))
    form = form_for(refused, url)
    refused = submit_refused(form, quantity="1", reason="  ")
    assert "Alasan" in " ".join(errors(refused))
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == 0


def test_a_double_submit_records_once(web, db_session, manager, cod_sale):
    form = refund_form(web, cod_sale)
    form["quantity"] = "1"
    form["reason"] = "Rusak"
    form.submit().follow()
    again = form.submit().follow()
    assert "sudah tercatat" in flash_text(again)
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == 1


def test_restock_puts_the_units_back_with_a_ledger_row(web, db_session, manager, cod_sale, product):
    before = product.stock
    form = refund_form(web, cod_sale)
    form["quantity"] = "2"
    form["reason"] = "Pembeli berubah pikiran"
    form["restock"] = True
    form.submit().follow()
    db_session.expire_all()
    assert db_session.get(type(product), product.id).stock == before + 2
    movement = db_session.scalars(
        select(StockMovement).where(
            StockMovement.shipment_id == cod_sale.id, StockMovement.kind == MovementKind.RESTOCK
        )
    ).one()
    assert movement.quantity == 2 and movement.product_id == product.id
    # Every unit is refunded now: the shipment page offers no more refund for the line.
    page = web.get(f"/kelola/pengiriman/{cod_sale.id}")
    assert "Kembalikan dana" not in page.text and "kembali ke stok" in page.text


def test_another_cooperatives_line_is_not_found(web, db_session, manager, cod_sale):
    stranger = factories.product(db_session, stock=3)
    foreign = place(db_session, stranger, DeliveryMethod.PICKUP, PaymentMethod.COD).shipments[0]
    foreign_id, foreign_line = collected(db_session, foreign).id, foreign.lines[0].id
    own_url = f"/kelola/pengiriman/{cod_sale.id}/kembalikan-dana/{cod_sale.lines[0].id}"
    url = f"/kelola/pengiriman/{foreign_id}/kembalikan-dana/{foreign_line}"
    assert web.get(url, expect_errors=True).status_int == 404
    own = form_for(web.get(own_url), own_url)
    data = {"csrf_token": own["csrf_token"].value, "submission": "k" * 20, "quantity": "1"}
    data["reason"] = "Rusak"
    assert web.post(url, data, expect_errors=True).status_int == 404
    # Its line under the own shipment's URL is not found either.
    mixed = own_url.rsplit("/", 1)[0] + f"/{foreign_line}"
    assert web.post(mixed, data, expect_errors=True).status_int == 404
    assert db_session.scalar(select(func.count()).select_from(LineRefund)) == 0


def test_a_shipment_not_delivered_offers_no_refund(web, db_session, manager, product):
    shipment = place(db_session, product, DeliveryMethod.PICKUP, PaymentMethod.COD).shipments[0]
    db_session.commit()
    page = web.get(f"/kelola/pengiriman/{shipment.id}")
    assert "Kembalikan dana" not in page.text and "kembalikan-dana" not in page.text
    url = f"/kelola/pengiriman/{shipment.id}/kembalikan-dana/{shipment.lines[0].id}"
    assert web.get(url, expect_errors=True).status_int == 404
