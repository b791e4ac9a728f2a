"""Who is told about an order: managers of a new order, shoppers of a cancellation or of a
pickup that is ready, and the console's count of new orders. The request's commit writes the
emails to the outbox; the dispatch worker, run by the test (``run_worker``), sends them to a real
local SMTP server (aiosmtpd); pages are used as rendered (WebTest)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import select

from accounts.models import Role
from catalog.db import utcnow
from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
from orders.models import DeliveryMethod, Order, OrderStatus, PaymentMethod, ShipmentStatus
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.storefront.test_mail import Inbox, free_port, parts, send_due_emails
from tests.stripe_fake import place_card_order, signed_webhook
from tests.webforms import PASSWORD, form_for, log_in, texts

RINA = "rina@gerai.example"
WEBHOOK = "/api/v1/stripe/webhook"


@pytest.fixture
def mailbox(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server on 127.0.0.1 that the app sends through, stopped after the test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    for key, value in {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_TIMEOUT": 5,
        "PUBLIC_BASE_URL": "https://gerai.example",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    handler.app = app  # type: ignore[attr-defined]
    yield handler
    controller.stop()


def run_worker(mailbox: Inbox) -> int:
    """What ``flask dispatch-worker --once`` would send now: the outbox's due emails."""
    return send_due_emails(mailbox.app)  # type: ignore[attr-defined]


def to(mailbox: Inbox, address: str) -> list[EmailMessage]:
    return [m for m in mailbox.messages if m["To"].addresses[0].addr_spec == address]


def manager(db_session, cooperative, **kw):  # type: ignore[no-untyped-def]
    return factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=cooperative, **kw
    )


def card_order_sent_to_stripe(web, db_session, product) -> Order:  # type: ignore[no-untyped-def]
    """Rina's card order of ``product``, which she takes to Stripe's page from the order page."""
    order = place_card_order(db_session, [product], email=RINA)
    db_session.commit()
    form_for(web.get(guest_link(order)), f"/pesanan/{order.code}/bayar").submit()
    return order


def ani_and_her_card_order(web, db_session, fake_stripe):  # type: ignore[no-untyped-def]
    """Ani, a manager, and a Rp 30.000 card order from her cooperative taken to Stripe's page,
    with its Stripe session."""
    product = factories.product(db_session, price=30_000)
    ani = manager(db_session, product.gallery.cooperative)
    return ani, card_order_sent_to_stripe(web, db_session, product), fake_stripe.only_session()


def guest_link(order: Order) -> str:
    return f"/pesanan/{order.code}?token={order.access_token}"


def place_cod(db_session, product, method=DeliveryMethod.PICKUP, email=RINA) -> Order:  # type: ignore[no-untyped-def]
    """A COD order placed behind the scenes (no app context: no email is queued)."""
    customer = Customer(name="Rina", phone="081234567890", email=email)
    if method == DeliveryMethod.DELIVERY:
        customer = replace(customer, address="Jl. Melati 3", lat=-6.3, lng=106.7)
    order = place_order(
        db_session,
        CheckoutRequest(
            customer=customer,
            lines=[LineRequest(product.id, 1)],
            choices={product.gallery_id: GalleryChoice(method)},
            payment_method=PaymentMethod.COD,
        ),
    )
    db_session.commit()
    _ = order.code, order.access_token, [(s.id, s.status) for s in order.shipments]
    return order  # loaded: still readable once a request has closed the session


def add_to_cart(web, product, quantity: int = 1) -> None:  # type: ignore[no-untyped-def]
    form = form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form["quantity"] = str(quantity)
    assert form.submit().status_int == 302


def check_out(web, db_session, products) -> Order:  # type: ignore[no-untyped-def]
    """Place a COD pickup order for what is in the cart through the checkout page."""
    form = form_for(web.get("/pesan/"), "/pesan/")
    form["name"] = "Rina Pembeli"
    form["phone"] = "0812-3456-7890"
    form["email"] = RINA
    form["payment_method"] = "cod"
    for product in products:
        form[f"delivery_{product.gallery_id}"] = "pickup"
    placed = form.submit("action", value="place")
    assert placed.status_int == 302, placed.text[:500]
    db_session.expire_all()
    return db_session.scalar(select(Order).order_by(Order.id.desc()))


def console_menu(web) -> str:  # type: ignore[no-untyped-def]
    return " ".join(texts(web.get("/kelola/"), "console-nav"))


# --- managers are told about a new order ----------------------------------------------------


def test_cod_checkout_tells_each_cooperatives_managers_about_their_lines_only(
    web, db_session, mailbox
):
    keripik = factories.product(db_session, name="Keripik Pisang Uji", price=15_000)
    batik = factories.product(db_session, name="Batik Tulis Uji", price=150_000)
    coop_a, coop_b = keripik.gallery.cooperative, batik.gallery.cooperative
    assert coop_a.id != coop_b.id
    ani = manager(db_session, coop_a, email="ani@kop-a.example")
    budi = manager(db_session, coop_a, email="budi@kop-a.example")
    gone = manager(db_session, coop_a, email="gone@kop-a.example", is_active_account=False)
    citra = manager(db_session, coop_b, email="citra@kop-b.example")
    db_session.commit()
    add_to_cart(web, keripik, 2)
    add_to_cart(web, batik, 1)

    order = check_out(web, db_session, [keripik, batik])

    assert order.status is OrderStatus.CONFIRMED
    shipment = {s.gallery_id: s for s in order.shipments}
    run_worker(mailbox)
    assert [len(to(mailbox, m.email)) for m in (ani, budi, gone, citra)] == [1, 1, 0, 1]
    assert len(to(mailbox, RINA)) == 1  # the shopper's own "placed" email, as before
    for person, mine, theirs in [
        (ani, keripik, batik),
        (budi, keripik, batik),
        (citra, batik, keripik),
    ]:
        [message] = to(mailbox, person.email)
        assert message["Subject"] == f"Pesanan baru {order.code} untuk {mine.gallery.name}"
        assert message["Content-Language"] == "id"
        link = f"https://gerai.example/kelola/pengiriman/{shipment[mine.gallery_id].id}"
        for body in parts(message):
            assert mine.name in body and theirs.name not in body
            assert theirs.gallery.name not in body
            assert "Ambil di galeri" in body  # the delivery method, in Indonesian
            assert "Rina Pembeli" in body and order.phone in body
            assert link in body
            assert f"/kelola/pengiriman/{shipment[theirs.gallery_id].id}" not in body
            assert f"Halo {person.name}," in body and "/pesanan/" not in body
    assert "Rp 30.000" in parts(to(mailbox, ani.email)[0])[0]  # 2 × Rp 15.000


def test_a_card_order_tells_the_managers_when_stripe_confirms_it_once(
    stripe_app, web, db_session, mailbox, fake_stripe
):
    ani, order, session = ani_and_her_card_order(web, db_session, fake_stripe)
    run_worker(mailbox)
    assert to(mailbox, ani.email) == []  # unpaid: nothing to pack yet

    fake_stripe.pay(session["id"])
    event = fake_stripe.event("checkout.session.completed", session["id"])
    for _ in range(2):  # Stripe may deliver an event twice
        body, headers = signed_webhook(event)
        web.post(WEBHOOK, body, headers=headers)
    run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CONFIRMED
    [message] = to(mailbox, ani.email)
    assert (
        message["Subject"] == f"Pesanan baru {order.code} untuk {order.shipments[0].gallery.name}"
    )
    assert "Pembayaran: Kartu" in parts(message)[0]


# --- the console counts new orders ----------------------------------------------------------


def test_the_console_menu_counts_new_orders_and_drops_when_packing_starts(web, db_session):
    product = factories.product(db_session, stock=10)
    elsewhere = factories.product(db_session)  # another cooperative's order is not counted
    ani = manager(db_session, product.gallery.cooperative)
    db_session.commit()
    first, second = place_cod(db_session, product), place_cod(db_session, product)
    place_cod(db_session, elsewhere)
    log_in(web, ani)
    assert "Pesanan (2)" in console_menu(web)
    assert "2 pesanan baru untuk dikemas" in texts(web.get("/kelola/"), "stats")[0]
    assert "Pesanan (2)" in " ".join(texts(web.get("/kelola/produk"), "console-nav"))

    for order, left in [(first, "Pesanan (1)"), (second, "Pesanan")]:
        shipment = order.shipments[0]
        page = web.get(f"/kelola/pengiriman/{shipment.id}")
        form_for(page, f"/kelola/pengiriman/{shipment.id}/status").submit()
        assert fresh(db_session, shipment).status is ShipmentStatus.PACKING
        menu = console_menu(web)
        assert left in menu
    assert "(" not in menu  # no "(0)"


# --- shoppers are told about a cancellation --------------------------------------------------


def cancelled_emails(mailbox: Inbox, order: Order) -> list[EmailMessage]:
    return [m for m in to(mailbox, RINA) if m["Subject"] == f"Pesanan {order.code} dibatalkan"]


def test_shopper_cancelling_on_the_order_page_gets_one_email(web, db_session, mailbox):
    product = factories.product(db_session, name="Gula Semut Uji")
    order = place_cod(db_session, product)
    page = web.get(f"/pesanan/{order.code}?token={order.access_token}")

    form_for(page, f"/pesanan/{order.code}/batal").submit()
    run_worker(mailbox)
    web.get(f"/pesanan/{order.code}?token={order.access_token}")  # a later commit sends no more
    run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    [message] = cancelled_emails(mailbox, order)
    assert len(mailbox.messages) == 1
    for body in parts(message):
        assert f"Pesanan Anda {order.code} dibatalkan." in body
        assert product.gallery.name in body and "Gula Semut Uji" in body
        assert "Tidak ada biaya." in body


def test_the_cancellation_email_follows_the_shoppers_page_language(web, db_session, mailbox):
    order = place_cod(db_session, factories.product(db_session))
    web.get("/bahasa/en")
    page = web.get(f"/pesanan/{order.code}?token={order.access_token}")
    form_for(page, f"/pesanan/{order.code}/batal").submit()
    run_worker(mailbox)

    [message] = mailbox.messages
    assert message["Subject"] == f"Order {order.code} is cancelled"
    assert message["Content-Language"] == "en"


def test_card_payment_cancelled_by_the_shopper_sends_one_email(
    stripe_app, web, db_session, mailbox, fake_stripe
):
    product = factories.product(db_session)
    order = card_order_sent_to_stripe(web, db_session, product)
    back = web.get(f"/pembayaran/batal?order={order.code}&token={order.access_token}")

    form_for(back, "/pembayaran/batal").submit()
    run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    [message] = cancelled_emails(mailbox, order)
    assert product.gallery.name in parts(message)[0] and "Tidak ada biaya." in parts(message)[0]


def test_card_payment_expiring_at_stripe_sends_one_email(
    stripe_app, web, db_session, mailbox, fake_stripe
):
    product = factories.product(db_session)
    order = card_order_sent_to_stripe(web, db_session, product)
    session = fake_stripe.only_session()
    fake_stripe.expire(session["id"])
    event = fake_stripe.event("checkout.session.expired", session["id"])

    for _ in range(2):  # a second delivery of the event changes nothing
        body, headers = signed_webhook(event)
        web.post(WEBHOOK, body, headers=headers)
        run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    [message] = cancelled_emails(mailbox, order)
    text = parts(message)[0]
    assert "Alasan: Waktu pembayaran kartu sudah habis." in text
    assert product.gallery.name in text


def test_the_expiry_sweeper_sends_one_email(app, runner, db_session, mailbox):
    product = factories.product(db_session)
    order = place_card_order(db_session, [product], email=RINA)
    order.expires_at = utcnow() - timedelta(hours=1)
    db_session.commit()

    for _ in range(2):
        assert runner.invoke(args=["expire-orders"]).exit_code == 0
        run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    [message] = cancelled_emails(mailbox, order)
    assert order.code in parts(message)[0] and product.gallery.name in parts(message)[0]


# --- shoppers are told that a pickup is ready ------------------------------------------------


def move(web, shipment, *steps: str) -> None:  # type: ignore[no-untyped-def]
    """Press the console's buttons for ``steps`` on the shipment's page."""
    for _step in steps:
        page = web.get(f"/kelola/pengiriman/{shipment.id}")
        form_for(page, f"/kelola/pengiriman/{shipment.id}/status").submit()


def test_a_pickup_made_ready_by_the_manager_tells_the_shopper_once(web, db_session, mailbox):
    product = factories.product(db_session)
    gallery = product.gallery
    ani = manager(db_session, gallery.cooperative)
    db_session.commit()
    order = place_cod(db_session, product)
    shipment = order.shipments[0]
    log_in(web, ani)

    move(web, shipment, "packing", "ready")
    run_worker(mailbox)
    web.get(f"/kelola/pengiriman/{shipment.id}")  # a later commit sends no more
    run_worker(mailbox)

    assert fresh(db_session, shipment).status is ShipmentStatus.READY
    [message] = mailbox.messages
    assert message["To"].addresses[0].addr_spec == RINA
    assert message["Subject"] == f"Pesanan {order.code} siap diambil di {gallery.name}"
    for body in parts(message):
        assert f"Pesanan Anda {order.code} sudah siap di {gallery.name}" in body
        assert "Bayar tunai di galeri: Rp 25.000" in body
        assert "Senin–Sabtu 08.00–17.00" in body  # the gallery's opening hours


def test_a_delivery_made_ready_sends_no_pickup_email(web, db_session, mailbox):
    product = factories.product(db_session)
    ani = manager(db_session, product.gallery.cooperative)
    db_session.commit()
    order = place_cod(db_session, product, DeliveryMethod.DELIVERY)
    shipment = order.shipments[0]
    log_in(web, ani)

    move(web, shipment, "packing", "ready")
    run_worker(mailbox)

    assert fresh(db_session, shipment).status is ShipmentStatus.READY
    assert mailbox.messages == []


# --- managers are told that a confirmed order was cancelled ----------------------------------


def withdrawn(mailbox: Inbox, person, order: Order) -> list[EmailMessage]:  # type: ignore[no-untyped-def]
    subject = f"Pesanan {order.code} untuk {order.shipments[0].gallery.name} dibatalkan"
    return [m for m in to(mailbox, person.email) if m["Subject"].startswith(subject)]


def test_a_confirmed_order_cancelled_by_the_shopper_tells_the_managers_once(
    web, db_session, mailbox
):
    product = factories.product(db_session, name="Kue Satu Uji")
    ani = manager(db_session, product.gallery.cooperative)
    order = place_cod(db_session, product)
    page = web.get(f"/pesanan/{order.code}?token={order.access_token}")

    form_for(page, f"/pesanan/{order.code}/batal").submit()
    web.get(f"/pesanan/{order.code}?token={order.access_token}")
    run_worker(mailbox)

    [message] = withdrawn(mailbox, ani, order)
    for body in parts(message):
        assert "jangan dikemas" in message["Subject"]
        assert "Jangan dikemas atau diserahkan ke kurir" in body and "Kue Satu Uji" in body
        assert "Stripe" not in body  # paid in cash on delivery: nothing to refund
    assert len(cancelled_emails(mailbox, order)) == 1


def test_an_unpaid_card_order_expiring_tells_the_managers_nothing(app, runner, db_session, mailbox):
    product = factories.product(db_session)
    ani = manager(db_session, product.gallery.cooperative)
    order = place_card_order(db_session, [product], email=RINA)
    order.expires_at = utcnow() - timedelta(hours=1)
    db_session.commit()

    assert runner.invoke(args=["expire-orders"]).exit_code == 0
    run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    assert to(mailbox, ani.email) == []


def test_a_paid_card_order_cancelled_by_the_shopper_asks_for_a_refund_honestly(
    stripe_app, web, db_session, mailbox, fake_stripe
):
    ani, order, session = ani_and_her_card_order(web, db_session, fake_stripe)
    fake_stripe.pay(session["id"])
    body, headers = signed_webhook(fake_stripe.event("checkout.session.completed", session["id"]))
    web.post(WEBHOOK, body, headers=headers)
    paid = fresh(db_session, order).total

    landed = form_for(web.get(guest_link(order)), f"/pesanan/{order.code}/batal").submit().follow()
    run_worker(mailbox)

    assert fresh(db_session, order).status is OrderStatus.CANCELLED
    shown = f"Rp {paid:,}".replace(",", ".")
    # issue 11: the card is refunded automatically (tests/storefront/test_issue11_fixes.py)
    assert f"{shown} yang Anda bayar sedang dikembalikan" in " ".join(texts(landed, "flash"))
    [to_shopper] = cancelled_emails(mailbox, order)
    assert f"Anda membayar {shown} dengan kartu. Uang itu sedang dikembalikan" in " ".join(
        parts(to_shopper)[0].split()
    )
    [to_manager] = withdrawn(mailbox, ani, order)
    assert "jangan kembalikan lewat dasbor Stripe" in " ".join(parts(to_manager)[0].split())
