"""Couriers' cash handed over to the gallery, through the manager's pages as rendered: the
balance, the handover form and its refusals, the receipt, the history; each shipment's cash
counted once, also when the form is sent twice."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from orders import actors
from orders import courier as c
from orders.models import CashHandover, CashHandoverItem, Shipment
from tests import factories
from tests.orders.test_courier import make_ready, place
from tests.storefront.test_hostile_input import csrf_token
from tests.webforms import PASSWORD, errors, flash_text, form_for, log_in, submit_refused

NEW = "/kelola/kurir/setoran/baru"


def deliver(session, shipment: Shipment, courier, collected: int | None) -> Shipment:  # type: ignore[no-untyped-def]
    """The courier claims, picks up and delivers the shipment, reporting ``collected``."""
    identity = c.CourierIdentity(courier.id, courier.gallery_id, courier.name, courier.phone)
    c.claim_shipment(session, shipment.id, identity)
    actor = actors.courier(courier.id)
    for report in (
        c.CourierReport(c.CourierEventType.PICKED_UP),
        c.CourierReport(c.CourierEventType.DELIVERED, cod_collected=collected),
    ):
        c.handle_report(
            session, shipment, report, webhook_id=c.new_event_id(), payload={}, actor=actor
        )
    return shipment


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    product = factories.product(db_session, gallery=gallery, price=10_000, stock=50)
    courier = factories.user(
        db_session, role=Role.COURIER, gallery=gallery, name="Ojek Pak Darto", phone="0812111"
    )
    manager = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=gallery.cooperative
    )
    shipments = []
    for collected in (None, 0, 5_000):  # due, due, and less than due
        shipment = make_ready(db_session, place(db_session, product).shipments[0])
        deliver(db_session, shipment, courier, collected)
        shipments.append(shipment)
    shipments[0].cod_collected = shipments[0].cod_amount  # reported in full
    shipments[1].cod_collected = shipments[1].cod_amount
    db_session.commit()
    return {"gallery": gallery, "courier": courier, "manager": manager, "shipments": shipments}


def key(shop) -> str:  # type: ignore[no-untyped-def]
    return f"g{shop['gallery'].id}-u{shop['courier'].id}"


def reported(shop) -> int:  # type: ignore[no-untyped-def]
    return sum(s.cod_collected for s in shop["shipments"])


def handover_form(web, shop):  # type: ignore[no-untyped-def]
    page = web.get("/kelola/kurir/tunai")
    assert "Ojek Pak Darto" in page.text
    form_page = page.click(href=re.escape(f"{NEW}?courier=") + ".*")
    return form_page, form_for(form_page, NEW)


def rows(db_session) -> tuple[int, int]:
    db_session.expire_all()
    return (
        db_session.scalar(select(func.count()).select_from(CashHandover)),
        db_session.scalar(select(func.count()).select_from(CashHandoverItem)),
    )


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_a_handover_short_of_the_reported_cash_is_recorded_flagged_and_printed(
    web, db_session, shop
):
    log_in(web, shop["manager"])
    page, form = handover_form(web, shop)
    total = reported(shop)
    assert f"Rp {thousands(total)}" in page.text  # the balance before
    ticked = [f.value for f in form.fields["shipment"] if f.checked]
    assert len(ticked) == 3  # all ticked by default
    form["amount"] = f"Rp {thousands(total - 2_000)}"
    form["note"] = "uang receh kurang"
    receipt = form.submit().follow()
    assert "Setoran dicatat" in flash_text(receipt) or "Handover recorded" in flash_text(receipt)
    assert "kurang Rp 2.000" in receipt.text
    for shipment in shop["shipments"]:
        assert shipment.order.code in receipt.text
    assert receipt.text.count("signature-line") == 2
    handover = db_session.scalars(select(CashHandover)).one()
    assert (handover.amount, handover.expected, handover.difference) == (
        total - 2_000,
        total,
        -2_000,
    )
    assert handover.received_by_id == shop["manager"].id and handover.note == "uang receh kurang"
    assert len(handover.items) == 3
    cod = web.get("/kelola/kurir/tunai")
    assert "Rp 2.000" in cod.text  # the shortfall stays on the courier's balance
    picker = web.get(NEW)  # the courier is still listed: the shortfall is open
    assert "Ojek Pak Darto" in picker.text and "kurang sebelumnya: Rp 2.000" in picker.text
    history = web.get("/kelola/kurir/setoran")
    assert "kurang Rp 2.000" in history.text and "Ojek Pak Darto" in history.text
    filtered = web.get("/kelola/kurir/setoran", {"kurir": key(shop), "dari": "2000-01-01"})
    assert "kurang Rp 2.000" in filtered.text
    nothing = web.get("/kelola/kurir/setoran", {"kurir": "g0-u0"})
    assert "kurang Rp 2.000" not in nothing.text and "Tidak ada setoran" in nothing.text
    for paper in ("58mm", "80mm", "a4"):
        printed = web.get(f"/kelola/kurir/setoran/{handover.id}?kertas={paper}")
        assert f'class="receipt-page paper-{paper}"' in printed.text
        assert "print.css" in printed.text


def test_unticked_orders_stay_open_on_the_balance(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    first = shop["shipments"][0]
    for box in form.fields["shipment"]:
        box.checked = box.value == str(first.id)
    form["amount"] = str(first.cod_collected)
    form.submit().follow()
    assert rows(db_session) == (1, 1)
    page, form = handover_form(web, shop)
    assert first.order.code not in page.text
    assert f"Rp {thousands(reported(shop) - first.cod_collected)}" in page.text
    assert len(form.fields["shipment"]) == 2


def test_the_same_form_sent_twice_counts_once(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    form["amount"] = thousands(reported(shop))
    first = form.submit()
    second = form.submit()
    assert first.status_int == second.status_int == 303
    assert first.location == second.location  # the same receipt
    assert rows(db_session) == (1, 3)


def test_a_second_form_for_cash_already_handed_over_is_refused(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, stale = handover_form(web, shop)  # another manager's tab, opened before
    _page, form = handover_form(web, shop)
    first = shop["shipments"][0]
    for box in form.fields["shipment"]:
        box.checked = box.value == str(first.id)
    form["amount"] = thousands(first.cod_collected)
    form.submit()
    refused = submit_refused(stale, amount=thousands(reported(shop)))
    assert refused.status_int == 409
    message = " ".join(errors(refused))
    assert "sudah diserahkan" in message and first.order.code in message
    assert rows(db_session) == (1, 1)  # the stale form wrote nothing
    again = form_for(refused, NEW)  # the page shows what is left to hand over
    assert {box.value for box in again.fields["shipment"]} == {
        str(s.id) for s in shop["shipments"][1:]
    }


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("-5.000", "negatif"),
        ("banyak", "rupiah"),
        ("", "Tulis jumlah"),
        ("200.000.000", "jauh lebih"),
        ("999.999", "jauh lebih"),  # more than ten times the cash of the orders
    ],
)
def test_amounts_that_make_no_sense_are_refused(web, db_session, shop, amount, reason):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    refused = submit_refused(form, amount=amount)
    assert reason in " ".join(errors(refused)), errors(refused)
    assert rows(db_session) == (0, 0)


def test_no_order_ticked_is_refused(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    for box in form.fields["shipment"]:
        box.checked = False
    refused = submit_refused(form, amount="10.000")
    assert "Centang" in " ".join(errors(refused))
    assert rows(db_session) == (0, 0)


def test_another_cooperatives_courier_shipments_and_receipts_are_404(web, db_session, shop):
    log_in(web, shop["manager"])
    _page, form = handover_form(web, shop)
    form["amount"] = thousands(reported(shop))
    receipt_url = form.submit().location
    own_gallery = factories.gallery(db_session)
    outsider = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=own_gallery.cooperative
    )
    db_session.commit()
    other = type(web)(web.app)
    log_in(other, outsider)
    assert other.get(receipt_url, expect_errors=True).status_int == 404
    assert other.get(f"{NEW}?courier={key(shop)}", expect_errors=True).status_int == 404
    token = csrf_token(other)
    own_key = f"g{own_gallery.id}-u{shop['courier'].id}"
    forged = other.post(
        NEW,
        {"csrf_token": token, "courier": key(shop), "shipment": str(shop["shipments"][0].id),
         "amount": "1000", "submission": "x" * 20},
        expect_errors=True,
    )  # fmt: skip
    assert forged.status_int == 404
    assert other.get(f"{NEW}?courier={own_key}", expect_errors=True).status_int == 404
    assert rows(db_session) == (1, 3)
