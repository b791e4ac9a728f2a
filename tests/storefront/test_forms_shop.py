"""The shopper's forms, submitted as the pages render them (WebTest).

The walker below visits every shopper form a person types into, sends it blank and with one
invalid value, and checks that each refusal says why and keeps what was typed. The other
tests cover what the walker cannot: card checkout, cancelling an order (and being refused),
and a stale page. Forms tested elsewhere as rendered: log in, register, log out
(test_accounts), add / change / remove in the cart (test_cart), COD checkout (test_checkout_web),
pay and cancel a card payment (test_payments). The language switch is a link, not a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from webtest import TestApp, TestResponse
from webtest.forms import Form

from catalog.models import Product
from orders.models import (
    CartItem,
    Order,
    OrderStatus,
    Payment,
    PaymentMethod,
    ShipmentStatus,
)
from orders.payments import CARD_MAX_RUPIAH
from tests import factories, webforms
from tests.storefront.manage_helpers import fresh
from tests.webforms import assert_kept, errors, flash_text, form_for, submit_blank, submit_refused


@pytest.fixture
def keripik(db_session):  # type: ignore[no-untyped-def]
    made = factories.product(db_session, name="Keripik Uji Formulir", price=15_000, stock=5)
    db_session.commit()
    return made


def add_to_cart(web: TestApp, product: Product, quantity: int = 1) -> None:
    form = form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form["quantity"] = str(quantity)
    assert form.submit().status_int == 302


def checkout(web: TestApp, **fields: str) -> Form:
    form = form_for(web.get("/pesan/"), "/pesan/")
    for name, value in ({"name": "Rina Pembeli", "phone": "0812-3456-7890"} | fields).items():
        form[name] = value
    return form


def placed_order(web: TestApp, db_session, product: Product) -> TestResponse:  # type: ignore[no-untyped-def]
    """A COD pickup order of ``product`` placed through the checkout; its page."""
    add_to_cart(web, product, 2)
    return checkout(web).submit("action", value="place").follow()


def latest_order(db_session) -> Order:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    return db_session.scalar(select(Order).order_by(Order.id.desc()))


def order_count(db_session) -> int:  # type: ignore[no-untyped-def]
    return db_session.scalar(select(func.count()).select_from(Order))


# --- the walker: every typed-in shopper form, blank and with one wrong value ------------------


@dataclass
class ShopperForm:
    """One form a shopper types into: how to reach it, and one value it must refuse."""

    name: str
    open: Callable[[TestApp, object, Product], tuple[TestResponse, str]]
    invalid: dict[str, str]
    pressing: tuple[str, str] | None = None
    blank_refused: bool = True


def _login_page(web, db_session, product):  # type: ignore[no-untyped-def]
    return web.get("/akun/masuk"), "/akun/masuk"


def _register_page(web, db_session, product):  # type: ignore[no-untyped-def]
    return web.get("/akun/daftar"), "/akun/daftar"


def _product_page(web, db_session, product):  # type: ignore[no-untyped-def]
    return web.get(f"/produk/{product.slug}"), "/keranjang/tambah"


def _cart_page(web, db_session, product):  # type: ignore[no-untyped-def]
    add_to_cart(web, product)
    return web.get("/keranjang/"), "/keranjang/ubah"


def _checkout_page(web, db_session, product):  # type: ignore[no-untyped-def]
    add_to_cart(web, product)
    return web.get("/pesan/"), "/pesan/"


def _order_page(web, db_session, product):  # type: ignore[no-untyped-def]
    page = placed_order(web, db_session, product)
    return page, f"/pesanan/{latest_order(db_session).code}/batal"


WALK = [
    ShopperForm("log in", _login_page, {"email": "bukan-email", "password": "x"}),
    ShopperForm("register", _register_page, {"name": "Siti", "email": "siti@"}),
    ShopperForm("add to cart", _product_page, {"quantity": "banyak"}),
    ShopperForm("cart quantity", _cart_page, {"quantity": "-3"}),
    ShopperForm(
        "checkout",
        _checkout_page,
        {"name": "Rina", "phone": "12", "address": "Jl. Melati 3"},
        pressing=("action", "place"),
    ),
    # the reason is optional: a blank one cancels (tested below), too long is refused
    ShopperForm("cancel order", _order_page, {"reason": "x" * 201}, blank_refused=False),
]


@pytest.mark.parametrize("shopper_form", WALK, ids=[f.name for f in WALK])
def test_every_shopper_form_refuses_blank_and_invalid_input_and_says_why(
    web, db_session, keripik, shopper_form
):
    page, action = shopper_form.open(web, db_session, keripik)
    orders_before = order_count(db_session)
    if shopper_form.blank_refused:
        blank = submit_blank(form_for(page, action), pressing=shopper_form.pressing)
        typed = [n for n in form_for(page, action).fields if n in shopper_form.invalid]
        assert_kept(blank, action, {n: "" for n in typed if n != "password"})
    refused = submit_refused(
        form_for(page, action), pressing=shopper_form.pressing, **shopper_form.invalid
    )
    kept = {n: v for n, v in shopper_form.invalid.items() if n not in ("password", "confirm")}
    assert_kept(refused, action, kept)
    assert order_count(db_session) == orders_before
    assert fresh(db_session, keripik).stock == 5 - 2 * (shopper_form.name == "cancel order")


# --- card checkout -----------------------------------------------------------------------------


def test_card_checkout_sends_the_shopper_to_stripe_and_holds_the_stock(
    stripe_app, web, db_session, keripik, fake_stripe
):
    add_to_cart(web, keripik, 2)
    form = checkout(web)
    form["payment_method"] = "card"
    response = form.submit("action", value="place")
    assert response.status_int == 303
    session = fake_stripe.only_session()
    assert response.headers["Location"] == session["url"]
    order = latest_order(db_session)
    assert order.payment_method is PaymentMethod.CARD
    assert order.status is OrderStatus.PENDING_PAYMENT
    payment = db_session.scalar(select(Payment).where(Payment.order_id == order.id))
    assert payment.session_id == session["id"]
    assert fresh(db_session, keripik).stock == 3  # held while Stripe waits
    assert session["amount_total"] == order.total * 100


def test_card_is_not_offered_above_the_card_limit_and_the_page_says_why(
    stripe_app, web, db_session, fake_stripe
):
    costly = factories.product(db_session, price=2_000_000_000, stock=5)  # int column's limit
    db_session.commit()
    add_to_cart(web, costly, 5)
    assert 5 * costly.price > CARD_MAX_RUPIAH
    page = web.get("/pesan/")
    form = form_for(page, "/pesan/")
    assert [value for value, *_ in form["payment_method"].options] == ["cod"]
    assert "bayar di tempat" in " ".join(p.get_text() for p in page.html.select("p.muted"))
    with pytest.raises(ValueError):
        form["payment_method"] = "card"  # no such choice on the page
    assert fake_stripe.sessions == {}


# --- cancelling an order -----------------------------------------------------------------------


def test_a_shopper_cancels_with_a_blank_reason(web, db_session, keripik):
    page = placed_order(web, db_session, keripik)
    order = latest_order(db_session)
    landed = form_for(page, f"/pesanan/{order.code}/batal").submit().follow()
    assert flash_text(landed) == f"Pesanan {order.code} dibatalkan. Tidak ada biaya."
    order = latest_order(db_session)
    assert order.status is OrderStatus.CANCELLED
    assert order.cancel_reason == "Dibatalkan oleh pembeli"
    assert fresh(db_session, keripik).stock == 5


def test_a_too_long_reason_is_refused_beside_the_field_and_kept(web, db_session, keripik):
    page = placed_order(web, db_session, keripik)
    action = f"/pesanan/{latest_order(db_session).code}/batal"
    form = form_for(page, action)
    form["reason"] = "x" * 201
    refused = form.submit(status=400)
    assert any("200" in shown for shown in errors(refused)), errors(refused)
    assert "mengemasnya" not in refused.text  # not the packing message
    assert_kept(refused, action, {"reason": "x" * 201})
    assert latest_order(db_session).status is OrderStatus.CONFIRMED
    assert fresh(db_session, keripik).stock == 3


def test_cancel_is_refused_once_a_gallery_is_packing(web, db_session, keripik):
    page = placed_order(web, db_session, keripik)
    order = latest_order(db_session)
    order.shipments[0].status = ShipmentStatus.PACKING
    db_session.commit()
    form = form_for(page, f"/pesanan/{order.code}/batal")  # the page opened before packing
    landed = form.submit().follow()
    assert "flash-error" in landed.text
    assert flash_text(landed) == "Pesanan ini tidak bisa dibatalkan lagi: galeri sudah mengemasnya."
    assert latest_order(db_session).status is OrderStatus.CONFIRMED
    assert fresh(db_session, keripik).stock == 3
    assert f"/pesanan/{order.code}/batal" not in landed.text  # no cancel button any more


# --- a page left open --------------------------------------------------------------------------


def test_a_remove_button_from_a_stale_cart_page_says_it_is_gone(app, web, db_session, keripik):
    user = factories.user(db_session, password=webforms.PASSWORD)
    db_session.commit()
    phone, laptop = web, TestApp(app)
    webforms.log_in(phone, user)
    webforms.log_in(laptop, user)
    add_to_cart(phone, keripik, 2)
    stale = laptop.get("/keranjang/")
    form_for(phone.get("/keranjang/"), "/keranjang/hapus").submit()
    landed = form_for(stale, "/keranjang/hapus").submit().follow()
    assert flash_text(landed) == "Produk itu sudah tidak ada di keranjang Anda."
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).where(CartItem.user_id == user.id)) == 0


def test_a_stale_log_out_token_is_explained(web, db_session):
    user = factories.user(db_session, password=webforms.PASSWORD)
    db_session.commit()
    webforms.log_in(web, user)
    form = form_for(web.get("/akun/"), "/akun/keluar")
    form["csrf_token"] = "token-lama-123"  # what a page left open for days carries
    refused = submit_refused(form)
    assert refused.status_int == 400
    assert "kedaluwarsa" in refused.text.lower() or "terlalu lama" in refused.text.lower()
    assert web.get("/akun/").status_int == 200  # still signed in
