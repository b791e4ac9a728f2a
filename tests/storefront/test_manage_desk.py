"""The orders desk, packing slips, the pick list, and re-arranging a stuck delivery, as rendered."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from accounts.models import Role, User
from orders import actors, cash
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.courier import CourierEventType, CourierReport, apply_report, open_jobs
from orders.lifecycle import cancel_order
from orders.models import (
    DeliveryMethod,
    OutboxEmail,
    OutboxMessage,
    Payment,
    PaymentStatus,
    ShipmentEvent,
    ShipmentStatus,
)
from orders.states import set_shipment_status
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import PASSWORD, flash_text, form_for, log_in, submit_refused, texts

S = ShipmentStatus
DISPATCHER = "dispatcher:test"
ROOT = Path(__file__).resolve().parents[2]


def order_for(db_session, product, *, name="Rina", phone="081234567890", method=None):  # type: ignore[no-untyped-def]
    order = place_order(
        db_session,
        CheckoutRequest(
            customer=Customer(
                name=name,
                phone=phone,
                email=f"{name.lower().replace(' ', '')}@contoh.id",
                address="Jl. Melati 3",
                lat=product.gallery.lat,
                lng=product.gallery.lng,
            ),
            lines=[LineRequest(product.id, 2)],
            choices={product.gallery_id: GalleryChoice(method or DeliveryMethod.DELIVERY)},
        ),
    )
    db_session.flush()
    return order


def walk(db_session, shipment, *states: ShipmentStatus) -> None:  # type: ignore[no-untyped-def]
    for state in states:
        set_shipment_status(db_session, shipment, state)
    db_session.flush()


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    product = factories.product(db_session, gallery=gallery, price=10_000, stock=100)
    other = factories.product(db_session, price=5_000, stock=100)  # another cooperative
    db_session.commit()
    return {"gallery": gallery, "product": product, "other": other}


@pytest.fixture
def manager_web(web, db_session, shop):  # type: ignore[no-untyped-def]
    cooperative = shop["gallery"].cooperative
    user = factories.user(db_session, password=PASSWORD, role=Role.MANAGER, cooperative=cooperative)
    db_session.commit()
    log_in(web, user)
    return web


def tab_counts(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    found = re.findall(r'tab=(\w+)[^"]*"[^>]*>[^<]*<span class="tab-count">(\d+)</span>', page.text)
    return {tab: int(n) for tab, n in found}


def codes_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'class="desk-code"[^>]*>(GR-[0-9A-Z]+)<', page.text)


def no_driver(db_session, shipment) -> None:  # type: ignore[no-untyped-def]
    report = CourierReport(CourierEventType.NO_DRIVER)
    apply_report(db_session, shipment, report, actor=DISPATCHER)
    db_session.flush()


@pytest.fixture
def mix(db_session, shop):  # type: ignore[no-untyped-def]
    """One shipment in each tab of the desk (two new), and one of another cooperative."""
    product = shop["product"]
    made = {
        "new1": order_for(db_session, product, name="Rina Wati"),
        "new2": order_for(db_session, product, name="Budi", phone="0813-5555-1234"),
        "packing": order_for(db_session, product, name="Citra"),
        "ready": order_for(db_session, product, name="Dewi"),
        "courier": order_for(db_session, product, name="Eko"),
        "done": order_for(db_session, product, name="Fajar"),
        "failed": order_for(db_session, product, name="Gita"),
        "nodriver": order_for(db_session, product, name="Hadi"),
        "late": order_for(db_session, product, name="Intan"),
        "cancelled": order_for(db_session, product, name="Joko"),
        "theirs": order_for(db_session, shop["other"], name="Rina Asing"),
    }
    ship = {key: order.shipments[0] for key, order in made.items()}
    walk(db_session, ship["packing"], S.PACKING)
    walk(db_session, ship["ready"], S.PACKING, S.READY)
    walk(db_session, ship["courier"], S.PACKING, S.READY, S.COURIER_ASSIGNED, S.PICKED_UP)
    walk(db_session, ship["done"], S.PACKING, S.READY, S.COURIER_ASSIGNED, S.PICKED_UP)
    walk(db_session, ship["done"], S.DELIVERED)
    walk(db_session, ship["failed"], S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    walk(db_session, ship["nodriver"], S.PACKING, S.READY, S.COURIER_ASSIGNED)
    no_driver(db_session, ship["nodriver"])
    for key in ("late", "cancelled"):
        cancel_order(db_session, made[key], reason="Batal uji", actor=actors.SHOPPER)
    db_session.add(
        Payment(
            order_id=made["late"].id,
            session_id="cs_test_late",
            amount=made["late"].total,
            status=PaymentStatus.PAID,
        )
    )
    db_session.commit()
    return made


def test_desk_tabs_count_the_seeded_mix_and_list_only_their_tab(manager_web, mix):
    page = manager_web.get("/kelola/pengiriman")
    # the delivered COD shipment is a problem until its cash is handed over
    expected = {"baru": 2, "dikemas": 1, "siap": 1, "kurir": 1, "selesai": 0, "masalah": 4}
    assert tab_counts(page) == expected | {"batal": 1}
    assert sorted(codes_on(page)) == sorted([mix["new1"].code, mix["new2"].code])
    problems = manager_web.get("/kelola/pengiriman?tab=masalah")
    in_trouble = ("failed", "nodriver", "late", "done")
    assert sorted(codes_on(problems)) == sorted(mix[k].code for k in in_trouble)
    assert "Tidak dapat driver" in problems.text and "Dibayar setelah batal" in problems.text
    assert "Uang COD belum disetor kurir" in problems.text
    with_courier = manager_web.get("/kelola/pengiriman?tab=kurir")
    assert codes_on(with_courier) == [mix["courier"].code]
    assert mix["theirs"].code not in page.text + problems.text


def test_a_cod_delivery_is_done_once_its_cash_is_handed_over(manager_web, db_session, mix, shop):
    done = mix["done"].shipments[0]
    done.courier_name, done.cod_collected = "Ojek Pak Darto", done.cod_amount
    manager = db_session.scalars(select(User).where(User.role == Role.MANAGER)).first()
    cash.record_handover(
        db_session,
        cooperative_id=shop["gallery"].cooperative_id,
        courier=cash.courier_key(done),
        shipment_ids=[done.id],
        amount=done.cod_amount,
        received_by_id=manager.id,
        submission="uji-setoran",
    )
    db_session.commit()
    page = manager_web.get("/kelola/pengiriman?tab=selesai")
    assert codes_on(page) == [mix["done"].code]
    assert tab_counts(page)["selesai"] == 1 and tab_counts(page)["masalah"] == 3


def test_desk_search_by_code_name_and_phone_as_typed(manager_web, mix):
    def found(q: str, tab: str = "baru") -> list[str]:
        form = form_for(manager_web.get(f"/kelola/pengiriman?tab={tab}"), "/kelola/pengiriman")
        form["q"] = q
        return codes_on(form.submit())

    assert found(mix["new2"].code.lower()) == [mix["new2"].code]
    assert found("rina") == [mix["new1"].code]  # not the other cooperative's Rina
    assert found("0813 5555 1234") == [mix["new2"].code]  # stored as +6281355551234
    assert found("+62 813-5555") == [mix["new2"].code]
    assert found("citra", "dikemas") == [mix["packing"].code]
    searched = form_for(manager_web.get("/kelola/pengiriman"), "/kelola/pengiriman")
    searched["q"] = "budi"
    page = searched.submit()
    assert tab_counts(page)["baru"] == 1 and tab_counts(page)["dikemas"] == 0


def test_desk_date_filter_and_pagination_stay_in_the_url(manager_web, db_session, mix):
    old = mix["new1"].shipments[0]
    old.created_at = datetime(2026, 1, 10, 5, 0, tzinfo=UTC)  # 12:00 in Jakarta
    db_session.commit()
    form = form_for(manager_web.get("/kelola/pengiriman"), "/kelola/pengiriman")
    form["dari"] = "2026-01-10"
    form["sampai"] = "2026-01-10"
    page = form.submit()
    assert codes_on(page) == [mix["new1"].code] and tab_counts(page)["dikemas"] == 0
    assert "dari=2026-01-10" in page.request.url
    tab_link = re.search(r'href="([^"]*tab=dikemas[^"]*)"', page.text).group(1)
    assert "dari=2026-01-10" in tab_link.replace("&amp;", "&")
    everything = manager_web.get("/kelola/pengiriman?dari=bukan-tanggal&page=999")
    assert len(codes_on(everything)) == 2  # bad values fall back, the page is clamped


def test_another_cooperatives_shipment_is_404_everywhere(manager_web, mix, shop):
    theirs = mix["theirs"].shipments[0].id
    for url in (
        f"/kelola/pengiriman/{theirs}",
        f"/kelola/pengiriman/{theirs}/slip",
        f"/kelola/pengiriman/ambil?galeri={shop['other'].gallery_id}",
    ):
        assert manager_web.get(url, expect_errors=True).status_int == 404, url
    page = manager_web.get(f"/kelola/pengiriman?galeri={shop['other'].gallery_id}&tab=baru")
    assert codes_on(page) == []


@pytest.mark.parametrize("paper", ["a4", "80mm", "58mm"])
def test_packing_slip_shows_what_the_packer_needs_on_each_paper(manager_web, mix, paper):
    order = mix["new2"]
    shipment = order.shipments[0]
    page = manager_web.get(f"/kelola/pengiriman/{shipment.id}/slip?kertas={paper}")
    assert f'class="print-page paper-{paper}"' in page.text
    assert texts(page, "slip-code") == [order.code]
    assert texts(page, "slip-name") == ["Budi"] and "+62 813-5555-1234" in page.text
    assert "Jl. Melati 3" in page.text and shipment.gallery.name in page.text
    line = shipment.lines[0]
    assert f'<td class="qty">{line.quantity}</td>' in page.text
    assert line.product_name in page.text and line.member_name in page.text
    assert texts(page, "slip-cod") == [f"Tunai yang ditagih: Rp {order.total:,}".replace(",", ".")]
    assert '<div class="slip-qr"><svg viewBox=' in page.text


def test_print_stylesheet_has_a4_and_receipt_pages():
    css = (ROOT / "static" / "print.css").read_text()
    assert "@page { size: A4" in css
    assert re.search(r"@page receipt80 \{ size: 80mm", css)
    assert re.search(r"@page receipt58 \{ size: 58mm", css)
    assert ".paper-80mm main.slip-sheet { page: receipt80; }" in css
    assert ".paper-58mm main.slip-sheet { page: receipt58; }" in css
    assert ".paper-80mm main.receipt { page: receipt80; }" in css
    assert ".paper-58mm main.receipt { page: receipt58; }" in css


def test_pick_list_sums_confirmed_and_packing_lines_per_product(manager_web, mix, shop):
    page = manager_web.get(f"/kelola/pengiriman/ambil?galeri={shop['gallery'].id}&kertas=80mm")
    product = shop["product"]
    assert product.name in page.text and shop["other"].name not in page.text
    # new1, new2 and packing: 3 orders of 2 each; ready and later are packed already
    assert '<td class="qty">6</td>' in page.text and "3 pesanan" in page.text
    assert page.text.count('class="box"') == 1
    for key in ("new1", "new2", "packing"):
        assert mix[key].code in page.text
    assert mix["ready"].code not in page.text


# --- Re-arranging a stuck delivery --------------------------------------------------------


@pytest.fixture
def dispatched(db_session, shop):  # type: ignore[no-untyped-def]
    gallery = fresh(db_session, shop["gallery"])  # the log-in's request ended the session
    gallery.courier_endpoint_url = "https://kurir.example/deliveries"
    gallery.courier_secret = "whsec_" + "A" * 32
    db_session.commit()
    return gallery


def rearrange(web, shipment_id: int, how: str):  # type: ignore[no-untyped-def]
    url = f"/kelola/pengiriman/{shipment_id}"
    page = web.get(url)
    forms = [f for f in page.forms.values() if f.action.endswith(f"{url}/atur-ulang")]
    chosen = [f for f in forms if f["cara"].value == how]
    assert chosen, f"no {how} button on {url}"
    return chosen[0]


def emails(db_session, kind: str) -> list[OutboxEmail]:
    db_session.expire_all()
    return list(db_session.scalars(select(OutboxEmail).where(OutboxEmail.event_type == kind)))


def test_no_driver_asked_again_queues_a_new_delivery_request(
    manager_web, db_session, dispatched, shop
):
    order = order_for(db_session, shop["product"])
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY)
    first = OutboxMessage(
        message_id="msg_first",
        event_type="delivery.requested",
        gallery_id=dispatched.id,
        shipment_id=shipment.id,
        payload={},
        status="sent",
    )
    db_session.add(first)
    no_driver(db_session, shipment)
    db_session.commit()
    landed = rearrange(manager_web, shipment.id, "dispatcher").submit().follow()
    assert "Pengiriman diatur ulang" in flash_text(landed)
    messages = db_session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.shipment_id == shipment.id)
        .order_by(OutboxMessage.id)
    ).all()
    assert len(messages) == 2 and messages[1].message_id != "msg_first"
    assert messages[1].event_type == "delivery.requested" and messages[1].status.value == "pending"
    assert messages[1].payload["data"]["order_code"] == order.code
    shipment = fresh(db_session, shipment)
    event = shipment.events[-1]
    assert shipment.status is S.READY and event.actor.startswith("manager:")
    assert event.note == "The gallery asked the courier dispatcher for a driver again."
    assert len(emails(db_session, "email.delivery_rearranged")) == 1
    # no longer a problem, and not offered again
    assert "atur-ulang" not in manager_web.get(f"/kelola/pengiriman/{shipment.id}").text


def test_failed_delivery_handed_to_own_couriers_shows_on_the_courier_page(
    manager_web, db_session, dispatched, shop
):
    order = order_for(db_session, shop["product"])
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    db_session.commit()
    assert shipment not in open_jobs(db_session, dispatched.id)
    rearrange(manager_web, shipment.id, "own_couriers").submit()
    shipment = fresh(db_session, shipment)
    assert shipment.status is S.READY and shipment.courier_name == ""
    assert [s.id for s in open_jobs(db_session, dispatched.id)] == [shipment.id]
    step = shipment.events[-1]
    assert (step.status, step.actor[:8]) == (S.READY, "manager:")
    assert (
        db_session.scalar(select(OutboxMessage).where(OutboxMessage.shipment_id == shipment.id))
        is None
    )
    assert len(emails(db_session, "email.delivery_rearranged")) == 1


def test_failed_delivery_turned_into_pickup_emails_once_and_can_be_collected(
    manager_web, db_session, shop
):
    order = order_for(db_session, shop["product"])
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    db_session.commit()
    page = manager_web.get(f"/kelola/pengiriman/{shipment.id}")
    assert "Minta pengirim kurir lagi" not in page.text  # no dispatcher to ask
    rearrange(manager_web, shipment.id, "pickup").submit()
    shipment = fresh(db_session, shipment)
    assert shipment.status is S.READY and shipment.delivery_method is DeliveryMethod.PICKUP
    assert shipment.events[-1].note == "The order will be picked up at the gallery instead."
    assert len(emails(db_session, "email.delivery_rearranged")) == 1
    assert emails(db_session, "email.ready_for_pickup") == []
    url = f"/kelola/pengiriman/{shipment.id}"
    form_for(manager_web.get(url), f"{url}/status").submit()
    assert fresh(db_session, shipment).status is S.COLLECTED


def test_rearranging_a_shipment_that_is_not_stuck_is_refused_in_indonesian(
    manager_web, db_session, shop
):
    order = order_for(db_session, shop["product"])
    shipment = order.shipments[0]
    walk(db_session, shipment, S.PACKING, S.READY, S.COURIER_ASSIGNED, S.FAILED)
    db_session.commit()
    stale = rearrange(manager_web, shipment.id, "pickup")
    rearrange(manager_web, shipment.id, "own_couriers").submit()
    refused = submit_refused(stale)
    assert "Hanya pengiriman yang gagal atau tidak mendapat driver" in flash_text(refused)
    shipment = fresh(db_session, shipment)
    assert shipment.delivery_method is DeliveryMethod.DELIVERY
    assert (
        db_session.scalars(select(ShipmentEvent).where(ShipmentEvent.actor.like("manager:%")))
        .all()[-1]
        .note
        == "The gallery's own couriers will deliver this order."
    )
