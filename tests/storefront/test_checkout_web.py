"""The web checkout: from the cart to the order page, with COD and pickup or ojek delivery."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from catalog.models import Kelurahan, Product
from orders.models import Order, OrderStatus
from tests import factories
from tests.storefront.manage_helpers import csrf_from


def add_to_cart(client, product, quantity=1):  # type: ignore[no-untyped-def]
    token = csrf_from(client, f"/produk/{product.slug}")
    response = client.post(
        "/keranjang/tambah",
        data={"product_id": product.id, "quantity": quantity, "csrf_token": token},
    )
    assert response.status_code == 302


def checkout_form(client, **fields) -> dict:  # type: ignore[no-untyped-def]
    page = client.get("/pesan/").get_data(as_text=True)
    data = {"csrf_token": re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)}
    for name, value in re.findall(r'name="(price_\d+)" value="(\d+)"', page):
        data[name] = value
    return (
        data
        | {
            "name": "Rina Pembeli",
            "phone": "0812-3456-7890",
            "payment_method": "cod",
            "action": "place",
        }
        | fields
    )


@pytest.fixture
def goods(db_session):  # type: ignore[no-untyped-def]
    a = factories.product(db_session, name="Keripik Uji Checkout", price=15_000, stock=5)
    b = factories.product(db_session, name="Batik Uji Checkout", price=150_000, stock=2)
    db_session.commit()
    return a, b


def test_cod_checkout_from_two_galleries_to_the_order_page(client, db_session, goods):
    a, b = goods
    add_to_cart(client, a, 2)
    add_to_cart(client, b, 1)
    page = client.get("/pesan/").get_data(as_text=True)
    assert a.gallery.name in page and b.gallery.name in page
    form = checkout_form(
        client, **{f"delivery_{a.gallery_id}": "pickup", f"delivery_{b.gallery_id}": "pickup"}
    )
    response = client.post("/pesan/", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    order_url = response.headers["Location"]
    assert "token=" in order_url
    order_page = client.get(order_url).get_data(as_text=True)
    assert "Rp 180.000" in order_page and "Pesanan diterima galeri" in order_page
    order = db_session.scalar(select(Order).order_by(Order.id.desc()))
    assert order.status is OrderStatus.CONFIRMED and len(order.shipments) == 2
    assert db_session.get(Product, a.id).stock == 3
    assert "Keripik Uji Checkout" not in client.get("/keranjang/").get_data(as_text=True)


def test_guest_link_needs_the_token(client, db_session, goods):
    a, _b = goods
    add_to_cart(client, a)
    response = client.post(
        "/pesan/", data=checkout_form(client, **{f"delivery_{a.gallery_id}": "pickup"})
    )
    code = re.search(r"/pesanan/(GR-\w+)", response.headers["Location"]).group(1)
    other = client.application.test_client()
    assert other.get(f"/pesanan/{code}").status_code == 404
    assert other.get(f"/pesanan/{code}?token=salah").status_code == 404
    assert other.get(response.headers["Location"]).status_code == 200


def test_ojek_delivery_uses_the_kelurahan_and_adds_the_fee(client, db_session, goods):
    a, _b = goods
    kelurahan = db_session.scalars(select(Kelurahan)).first()
    gallery = a.gallery
    gallery.lat, gallery.lng, gallery.max_radius_km = kelurahan.lat, kelurahan.lng, 8
    db_session.commit()
    add_to_cart(client, a)
    form = checkout_form(
        client,
        kelurahan_id=kelurahan.id,
        address="Jl. Melati 3",
        **{f"delivery_{a.gallery_id}": "delivery"},
    )
    response = client.post("/pesan/", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    order = db_session.scalar(select(Order).order_by(Order.id.desc()))
    assert order.delivery_total == gallery.base_fee
    assert order.shipments[0].cod_amount == order.total


def test_sold_out_meanwhile_is_explained_and_nothing_is_written(client, db_session, goods):
    a, _b = goods
    add_to_cart(client, a, 3)
    form = checkout_form(client, **{f"delivery_{a.gallery_id}": "pickup"})
    db_session.get(Product, a.id).stock = 1
    db_session.commit()
    before = db_session.scalar(select(func.count()).select_from(Order))
    response = client.post("/pesan/", data=form)
    assert response.status_code == 409
    assert "Keripik Uji Checkout" in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(Order)) == before
    assert db_session.get(Product, a.id).stock == 1


def test_changed_price_is_shown_before_paying(client, db_session, goods):
    a, _b = goods
    add_to_cart(client, a)
    form = checkout_form(client, **{f"delivery_{a.gallery_id}": "pickup"})
    db_session.get(Product, a.id).price = 17_500
    db_session.commit()
    response = client.post("/pesan/", data=form)
    assert response.status_code == 409
    assert "Rp 17.500" in response.get_data(as_text=True)


@pytest.mark.parametrize("fields", [{"phone": "123"}, {"phone": ""}, {"name": ""}])
def test_missing_or_malformed_phone_and_name(client, db_session, goods, fields):
    a, _b = goods
    add_to_cart(client, a)
    response = client.post(
        "/pesan/", data=checkout_form(client, **{f"delivery_{a.gallery_id}": "pickup"}, **fields)
    )
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True) or "flash-error" in response.get_data(
        as_text=True
    )


def test_address_beyond_every_radius_offers_pickup_only(client, db_session, goods):
    a, _b = goods
    far = db_session.scalars(select(Kelurahan)).first()
    gallery = a.gallery
    gallery.lat, gallery.lng, gallery.max_radius_km = far.lat + 0.5, far.lng, 3
    db_session.commit()
    add_to_cart(client, a)
    form = checkout_form(
        client,
        kelurahan_id=far.id,
        address="Jauh sekali",
        **{f"delivery_{a.gallery_id}": "delivery"},
    )
    response = client.post("/pesan/", data=form)
    assert response.status_code == 400
    assert "ambil di galeri" in response.get_data(as_text=True).lower()


def test_shopper_cancels_and_stock_comes_back(client, db_session, goods):
    a, _b = goods
    add_to_cart(client, a, 2)
    response = client.post(
        "/pesan/", data=checkout_form(client, **{f"delivery_{a.gallery_id}": "pickup"})
    )
    order_url = response.headers["Location"]
    code = re.search(r"/pesanan/(GR-\w+)", order_url).group(1)
    token = re.search(r"token=([\w-]+)", order_url).group(1)
    cancel = client.post(
        f"/pesanan/{code}/batal", data={"csrf_token": csrf_from(client, order_url), "token": token}
    )
    assert cancel.status_code == 302
    assert db_session.get(Product, a.id).stock == 5
    assert "Dibatalkan" in client.get(order_url).get_data(as_text=True)


def test_empty_cart_goes_home(client):
    response = client.get("/pesan/")
    assert response.status_code == 302
