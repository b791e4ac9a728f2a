"""One rule for an order's contact phone (a mobile number) and for card orders (only while card
payments are set up), met alike by the web checkout (as rendered) and the JSON API."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from catalog.models import Product
from orders.models import Order, OrderStatus, PaymentMethod
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import errors, form_for

ORDERS = "/api/v1/orders"
# the API answers in Indonesian, as the site does by default (msgid: orders.checkout's)
CARD_OFF = "Pembayaran dengan kartu sedang tidak tersedia; pilih bayar di tempat (COD)."


@pytest.fixture
def keripik(db_session):  # type: ignore[no-untyped-def]
    made = factories.product(db_session, name="Keripik Uji Kontak", price=15_000, stock=5)
    db_session.commit()
    return made


def order_count(db_session) -> int:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(func.count()).select_from(Order))


def stock(db_session, product_id: int) -> int:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.get(Product, product_id).stock


def latest_order(db_session) -> Order:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.scalar(select(Order).order_by(Order.id.desc()))


# --- the web checkout, as rendered ---------------------------------------------------------------


def checkout_page(web, product):  # type: ignore[no-untyped-def]
    form = form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form["quantity"] = "2"
    assert form.submit().status_int == 302
    return web.get("/pesan/")


def test_the_phone_field_asks_for_a_mobile_number_on_the_dial_pad(web, keripik):
    page = checkout_page(web, keripik)
    box = page.html.select_one("input#phone")
    assert (box["type"], box["inputmode"], box["autocomplete"]) == ("tel", "tel", "tel")
    assert box.has_attr("required")
    assert page.html.select_one('label[for="phone"]').get_text(strip=True) == "Nomor HP / WhatsApp"
    hint = box.find_next_sibling("small", class_="hint").get_text(" ", strip=True)
    assert hint.startswith("Nomor ponsel, misalnya 0812-3456-7890")


def test_a_landline_is_refused_beside_the_phone_and_nothing_is_placed(web, db_session, keripik):
    page = checkout_page(web, keripik)
    form = form_for(page, "/pesan/")
    form["name"], form["phone"] = "Rina Pembeli", "021-7412345"
    before = order_count(db_session)
    refused = form.submit("action", value="place", status=400)
    beside = refused.html.select_one(".field.has-error #phone-err")
    assert beside is not None, errors(refused)
    assert beside.get_text(strip=True).startswith(
        "Itu nomor telepon rumah/kantor. Masukkan nomor HP"
    )
    assert refused.html.select_one("input#phone")["aria-describedby"] == "phone-err"
    assert not refused.html.select(".flash-error")  # said beside the field, not at the top
    assert form_for(refused, "/pesan/")["phone"].value == "021-7412345"  # kept to correct
    assert order_count(db_session) == before
    assert fresh(db_session, keripik).stock == 5

    again = form_for(refused, "/pesan/")
    again["phone"] = "0857 0000 1002"  # a mobile: placed
    placed = again.submit("action", value="place")
    assert placed.status_int == 302, errors(placed)
    order = latest_order(db_session)
    assert order.phone == "+6285700001002" and order.status is OrderStatus.CONFIRMED
    assert order_count(db_session) == before + 1
    assert fresh(db_session, keripik).stock == 3


# --- the API -----------------------------------------------------------------------------------


def order_body(product: Any, **changes: Any) -> dict[str, Any]:
    return {
        "customer": {"name": "Rina", "phone": "0812-3456-7890"},
        "lines": [{"product_id": product.id, "quantity": 2}],
        "deliveries": [{"gallery_id": product.gallery_id, "method": "pickup"}],
    } | changes


def test_a_card_order_without_card_payments_is_409_and_writes_nothing(
    app, client, db_session, keripik
):
    assert not app.config.get("STRIPE_SECRET_KEY")  # no Stripe keys: cards are off
    before, card = order_count(db_session), order_body(keripik, payment_method="card")
    cod = order_body(keripik, payment_method="cod")
    response = client.post(ORDERS, json=card)
    assert response.status_code == 409, response.get_json()
    body = response.get_json()
    assert (body["field"], body["message"]) == ("payment_method", CARD_OFF)
    product_id = card["lines"][0]["product_id"]
    assert order_count(db_session) == before
    assert stock(db_session, product_id) == 5
    placed = client.post(ORDERS, json=cod)
    assert placed.status_code == 201, placed.get_json()
    assert stock(db_session, product_id) == 3


def test_with_card_payments_set_up_a_card_order_gets_its_payment_page(
    stripe_app, client, db_session, keripik, fake_stripe
):
    product_id = keripik.id
    response = client.post(ORDERS, json=order_body(keripik, payment_method="card"))
    assert response.status_code == 201, response.get_json()
    session = fake_stripe.only_session()
    assert response.get_json()["payment_url"] == session["url"]
    order = latest_order(db_session)
    assert order.payment_method is PaymentMethod.CARD
    assert order.status is OrderStatus.PENDING_PAYMENT
    assert stock(db_session, product_id) == 3


def test_a_card_total_beyond_what_stripe_charges_is_409_with_cards_on(
    stripe_app, client, db_session, fake_stripe
):
    costly = factories.product(db_session, price=2_000_000_000, stock=5)
    db_session.commit()
    before, product_id = order_count(db_session), costly.id
    body = order_body(costly, payment_method="card")
    body["lines"][0]["quantity"] = 5
    response = client.post(ORDERS, json=body)
    assert response.status_code == 409, response.get_json()
    assert response.get_json()["field"] == "payment_method"
    assert order_count(db_session) == before and stock(db_session, product_id) == 5
    assert fake_stripe.sessions == {}


def test_the_document_says_when_card_is_refused(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    payment = spec["components"]["schemas"]["OrderCreate"]["properties"]["payment_method"]
    assert payment["enum"] == ["cod", "card"]
    assert (
        "409" in payment["description"]
        and "card payments are not available" in (payment["description"])
    )
    conflict = spec["paths"][ORDERS]["post"]["responses"]["409"]["description"]
    assert "`payment_method`" in conflict
