"""The web checkout, as the pages render it: from the product page to the order page, with COD
and pickup or ojek delivery. Only a forged order link is sent by hand."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from webtest import TestApp

from catalog.models import Kelurahan, Product
from orders.models import Order, OrderStatus
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import errors, flash_text, form_for


def add_to_cart(web, product, quantity=1):  # type: ignore[no-untyped-def]
    form = form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form["quantity"] = str(quantity)
    assert form.submit().status_int == 302


def checkout_form(web, page=None, **fields):  # type: ignore[no-untyped-def]
    """The checkout form as rendered, with the shopper's name and phone typed in."""
    form = form_for(page or web.get("/pesan/"), "/pesan/")
    values = {"name": "Rina Pembeli", "phone": "0812-3456-7890"} | fields
    for name, value in values.items():
        form[name] = value
    return form


def place(form, **kw):  # type: ignore[no-untyped-def]
    """Press "Place order"."""
    return form.submit("action", value="place", **kw)


def order_count(db_session) -> int:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(func.count()).select_from(Order))


def latest_order(db_session) -> Order:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.scalar(select(Order).order_by(Order.id.desc()))


@pytest.fixture
def goods(db_session):  # type: ignore[no-untyped-def]
    a = factories.product(db_session, name="Keripik Uji Checkout", price=15_000, stock=5)
    b = factories.product(db_session, name="Batik Uji Checkout", price=150_000, stock=2)
    db_session.commit()
    return a, b


def test_cod_checkout_from_two_galleries_to_the_order_page(web, db_session, goods):
    a, b = goods
    add_to_cart(web, a, 2)
    add_to_cart(web, b, 1)
    page = web.get("/keranjang/").click(description="Lanjut ke pembayaran|Continue to payment")
    assert a.gallery.name in page.text and b.gallery.name in page.text
    form = checkout_form(web, page)
    assert form[f"delivery_{a.gallery_id}"].value == "pickup"  # no kelurahan yet: pickup
    assert form["payment_method"].value == "cod"
    response = place(form)
    assert response.status_int == 302, errors(response)
    assert "token=" in response.headers["Location"]
    order_page = response.follow()
    assert "Terima kasih" in flash_text(order_page)
    assert "Rp 180.000" in order_page.text and "Pesanan diterima galeri" in order_page.text
    order = latest_order(db_session)
    assert order.status is OrderStatus.CONFIRMED and len(order.shipments) == 2
    assert order.customer_name == "Rina Pembeli"
    assert fresh(db_session, a).stock == 3 and fresh(db_session, b).stock == 1
    assert "Keripik Uji Checkout" not in web.get("/keranjang/").text


def test_guest_link_needs_the_token(app, web, db_session, goods):
    a, _b = goods
    add_to_cart(web, a)
    response = place(checkout_form(web))
    code = re.search(r"/pesanan/(GR-\w+)", response.headers["Location"]).group(1)
    other = TestApp(app)
    assert other.get(f"/pesanan/{code}", status=404)
    assert other.get(f"/pesanan/{code}?token=salah", status=404)
    assert other.get(response.headers["Location"]).status_int == 200


def test_ojek_delivery_uses_the_kelurahan_and_adds_the_fee(web, db_session, goods):
    a, _b = goods
    kelurahan = db_session.scalars(select(Kelurahan)).first()
    gallery = a.gallery
    gallery.lat, gallery.lng, gallery.max_radius_km = kelurahan.lat, kelurahan.lng, 8
    db_session.commit()
    add_to_cart(web, a)
    form = checkout_form(web, kelurahan_id=str(kelurahan.id), address="Jl. Melati 3")
    quoted = form.submit("action", value="quote")  # "Update delivery fees"
    assert quoted.status_int == 200
    form = form_for(quoted, "/pesan/")
    assert form["address"].value == "Jl. Melati 3" and form["name"].value == "Rina Pembeli"
    form[f"delivery_{a.gallery_id}"] = "delivery"
    response = place(form)
    assert response.status_int == 302, errors(response)
    order = latest_order(db_session)
    assert order.delivery_total == gallery.base_fee
    assert order.shipments[0].cod_amount == order.total


def refused_after_a_change(web, db_session, product, quantity, **change):  # type: ignore[no-untyped-def]
    """The checkout page is opened for ``quantity`` of ``product``, then the product changes by
    ``change`` before the shopper places the order: the refused page and the order count before."""
    add_to_cart(web, product, quantity)
    form = checkout_form(web)
    row = db_session.get(Product, product.id)
    for name, value in change.items():
        setattr(row, name, value)
    db_session.commit()
    before = order_count(db_session)
    return place(form, status=409), before


def test_sold_out_meanwhile_is_explained_and_nothing_is_written(web, db_session, goods):
    a, _b = goods
    refused, before = refused_after_a_change(web, db_session, a, 3, stock=1)
    assert errors(refused) == [
        "Keripik Uji Checkout tinggal 1. Kurangi jumlahnya atau hapus dari keranjang."
    ]
    assert form_for(refused, "/pesan/")["name"].value == "Rina Pembeli"
    assert order_count(db_session) == before
    assert fresh(db_session, a).stock == 1


def test_changed_price_is_shown_before_paying(web, db_session, goods):
    a, _b = goods
    refused, before = refused_after_a_change(web, db_session, a, 1, price=17_500)
    assert errors(refused) == [
        "Harga berubah untuk: Keripik Uji Checkout. Periksa total yang baru."
    ]
    assert "Rp 17.500" in refused.text
    assert order_count(db_session) == before
    assert place(form_for(refused, "/pesan/")).status_int == 302  # the new price, accepted


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "123"}, "nomor HP"),
        ({"phone": ""}, "Kolom ini wajib diisi."),
        ({"name": ""}, "Kolom ini wajib diisi."),
        ({"email": "bukan-email"}, "Alamat email tidak valid."),
    ],
)
def test_missing_or_malformed_details_are_refused(web, db_session, goods, fields, message):
    a, _b = goods
    add_to_cart(web, a)
    before = order_count(db_session)
    refused = place(checkout_form(web, **fields), status=400)
    assert any(message.lower() in shown.lower() for shown in errors(refused)), errors(refused)
    kept = {"name": "Rina Pembeli", "phone": "0812-3456-7890"} | fields
    assert {name: form_for(refused, "/pesan/")[name].value for name in kept} == kept
    assert order_count(db_session) == before
    assert fresh(db_session, a).stock == 5


def test_address_beyond_every_radius_offers_pickup_only(web, db_session, goods):
    a, _b = goods
    far = db_session.scalars(select(Kelurahan)).first()
    gallery = a.gallery
    gallery.lat, gallery.lng, gallery.max_radius_km = far.lat + 0.5, far.lng, 3
    db_session.commit()
    add_to_cart(web, a)
    quoted = checkout_form(web, kelurahan_id=str(far.id), address="Jauh sekali").submit(
        "action", value="quote"
    )
    assert "terlalu jauh" in quoted.text or "too far" in quoted.text
    radio = quoted.html.select_one(f'input[name="delivery_{a.gallery_id}"][value="delivery"]')
    assert radio.has_attr("disabled")
    assert form_for(quoted, "/pesan/")[f"delivery_{a.gallery_id}"].value == "pickup"


def test_shopper_cancels_and_stock_comes_back(web, db_session, goods):
    a, _b = goods
    add_to_cart(web, a, 2)
    order_page = place(checkout_form(web)).follow()
    assert fresh(db_session, a).stock == 3
    cancel = form_for(order_page, f"/pesanan/{latest_order(db_session).code}/batal")
    cancel["reason"] = "Salah pilih"
    landed = cancel.submit().follow()
    assert "dibatalkan" in flash_text(landed)
    assert "Dibatalkan" in landed.text
    order = latest_order(db_session)
    assert order.status is OrderStatus.CANCELLED and order.cancel_reason == "Salah pilih"
    assert fresh(db_session, a).stock == 5


def test_empty_cart_goes_home(web):
    response = web.get("/pesan/")
    assert response.status_int == 302
    assert "Keranjang Anda kosong." in flash_text(response.follow())
