"""The cart in the browser: session for guests, account rows when signed in, hostile input.

Ordinary changes go through the rendered forms (WebTest): the product page's add form, the
cart's quantity, remove and "change to" buttons. Forged ids, missing tokens and doctored
cookies are sent by hand, as no browser would send them.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select
from webtest import TestApp, TestResponse

from catalog.models import ProductStatus
from orders.models import CartItem
from storefront.i18n import rupiah
from tests import factories
from tests.webforms import PASSWORD, assert_kept, errors, flash_text, form_for, log_in


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/akun/masuk").data
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


def post(client, url: str, **data):  # type: ignore[no-untyped-def]
    """A hand-built POST, for what no rendered form would send."""
    return client.post(
        url, data={k: str(v) for k, v in data.items()} | {"csrf_token": csrf(client)}
    )


def add(web, product, quantity=1):  # type: ignore[no-untyped-def]
    """Add through the product page's form; the response is not followed."""
    form = form_for(web.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form["quantity"] = str(quantity)
    return form.submit(expect_errors=True)


def line_form(page, action: str, product, index: int = 0):  # type: ignore[no-untyped-def]
    """The cart page's form posting to ``action`` for ``product``'s line."""
    forms = [
        f
        for f in page.forms.values()
        if (f.action or "").endswith(action) and f["product_id"].value == str(product.id)
    ]
    assert len(forms) > index, f"no {action} form for product {product.id}"
    return forms[index]


def set_quantity(web, product, quantity):  # type: ignore[no-untyped-def]
    form = line_form(web.get("/keranjang/"), "/keranjang/ubah", product)
    form["quantity"] = str(quantity)
    return form.submit(expect_errors=True)


def remove(web, product):  # type: ignore[no-untyped-def]
    return line_form(web.get("/keranjang/"), "/keranjang/hapus", product).submit()


def session_cart(app: Flask, web: TestApp) -> list:
    """The cart the signed session cookie holds (what the browser carries)."""
    cookie = web.cookies.get("session")
    if not cookie:
        return []
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie)
    return data.get("cart", [])


def client_cart(client) -> list:  # type: ignore[no-untyped-def]
    with client.session_transaction() as sess:
        return sess.get("cart", [])


def cart_page(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/keranjang/")
    assert response.status_code == 200
    return html(response)


def web_cart(web) -> str:  # type: ignore[no-untyped-def]
    return web.get("/keranjang/").text


def change(db_session, obj, **values):  # type: ignore[no-untyped-def]
    """Change a row after requests (they close the shared session, detaching objects); commit."""
    row = db_session.get(type(obj), obj.id)
    for name, value in values.items():
        setattr(row, name, value)
    db_session.commit()


def flashes(client) -> str:  # type: ignore[no-untyped-def]
    """The flash messages waiting for the next page, as text."""
    with client.session_transaction() as sess:
        return " | ".join(message for _, message in sess.get("_flashes", []))


@pytest.fixture
def english(web):  # type: ignore[no-untyped-def]
    """Messages are checked in English: their msgids, stable whatever the translation."""
    web.get("/bahasa/en")
    return web


@pytest.fixture
def english_client(client):  # type: ignore[no-untyped-def]
    client.get("/bahasa/en")
    return client


@pytest.fixture
def two_galleries(db_session):  # type: ignore[no-untyped-def]
    first = factories.gallery(db_session, name="Galeri Uji Anggrek")
    second = factories.gallery(db_session, name="Galeri Uji Bambu")
    products = {
        "gula": factories.product(db_session, gallery=second, price=25_000, stock=10),
        "kerupuk": factories.product(db_session, gallery=first, price=12_000, stock=10),
        "batik": factories.product(db_session, gallery=first, price=150_000, stock=2),
    }
    db_session.commit()
    return products


def test_add_from_two_galleries_shows_two_groups_with_subtotals(app, english, two_galleries):
    p = two_galleries
    response = add(english, p["gula"], 2)
    assert response.status_int == 302
    assert response.headers["Location"].endswith(f"/produk/{p['gula'].slug}")
    assert f"{p['gula'].name} is in your cart (2)." in flash_text(response.follow())
    add(english, p["kerupuk"], 3)
    add(english, p["batik"], 1)
    page = web_cart(english)
    assert page.count('class="panel cart-group"') == 2
    assert page.index("Galeri Uji Anggrek") < page.index("Galeri Uji Bambu")
    assert rupiah(3 * 12_000 + 150_000) in page  # Anggrek's subtotal
    assert rupiah(2 * 25_000) in page  # Bambu's subtotal
    assert rupiah(50_000 + 186_000) in page  # total
    assert "Total (6 items)" in page
    assert session_cart(app, english) == [
        [p["gula"].id, 2],
        [p["kerupuk"].id, 3],
        [p["batik"].id, 1],
    ]


def test_adding_again_sums_and_the_header_counts_the_items(app, web, two_galleries):
    assert 'class="cart-count"' not in web.get("/").text
    add(web, two_galleries["gula"], 2)
    add(web, two_galleries["gula"], 3)
    add(web, two_galleries["kerupuk"], 1)
    assert session_cart(app, web) == [
        [two_galleries["gula"].id, 5],
        [two_galleries["kerupuk"].id, 1],
    ]
    assert '<span class="cart-count" aria-hidden="true">6</span>' in web.get("/").text


def test_change_quantity_and_remove(app, english, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    add(english, gula, 1)
    add(english, kerupuk, 1)
    response = set_quantity(english, gula, 4)
    assert response.status_int == 302 and response.headers["Location"].endswith("/keranjang/")
    assert f"{gula.name}: quantity changed to 4." in flash_text(response.follow())
    assert session_cart(app, english) == [[gula.id, 4], [kerupuk.id, 1]]
    assert rupiah(4 * 25_000) in web_cart(english)
    set_quantity(english, gula, 0)
    assert session_cart(app, english) == [[kerupuk.id, 1]]
    landed = remove(english, kerupuk).follow()
    assert session_cart(app, english) == []
    assert f"{kerupuk.name} was removed from your cart." in flash_text(landed)
    assert "Your cart is empty." in landed.text


def assert_refused(
    app: Flask, web: TestApp, refused: TestResponse, message: str, cart: list[list[int]]
) -> None:
    """A 400 page saying ``message``, and the cart in the session still ``cart``."""
    assert refused.status_int == 400
    assert errors(refused) == [message]
    assert session_cart(app, web) == cart


BAD_QUANTITIES = ["-1", "1000000000", "10^9", "abc", "", "1.5", "100"]


@pytest.mark.parametrize("quantity", ["0", *BAD_QUANTITIES])
def test_bad_quantities_on_add_change_nothing_and_say_why(app, english, two_galleries, quantity):
    gula = two_galleries["gula"]
    add(english, gula, 1)
    refused = add(english, gula, quantity)
    assert_refused(app, english, refused, "Choose a quantity from 1 to 99.", [[gula.id, 1]])
    assert_kept(refused, "/keranjang/tambah", {"quantity": quantity})


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_bad_quantities_on_change_change_nothing_and_say_why(app, english, two_galleries, quantity):
    gula = two_galleries["gula"]
    add(english, gula, 2)
    refused = set_quantity(english, gula, quantity)
    message = "Choose a quantity from 0 to 99 (0 removes the product)."
    assert_refused(app, english, refused, message, [[gula.id, 2]])
    assert line_form(refused, "/keranjang/ubah", gula)["quantity"].value == quantity


@pytest.mark.parametrize("product_id", ["", "abc", "-1", "0", "99999999999", "2147483647"])
def test_unknown_products_are_refused(english_client, two_galleries, product_id):
    client = english_client
    response = post(client, "/keranjang/tambah", product_id=product_id, quantity=1)
    assert response.status_code == 302 and response.headers["Location"] == "/keranjang/"
    assert "That product is not sold here (any more)." in flashes(client)
    assert client_cart(client) == []
    for url in ("/keranjang/ubah", "/keranjang/hapus"):
        assert post(client, url, product_id=product_id, quantity=1).status_code == 302
        assert "That product is no longer in your cart." in flashes(client)


def test_more_than_the_stock_is_refused_with_what_is_left(app, english, two_galleries):
    batik = two_galleries["batik"]  # 2 in stock
    refused = add(english, batik, 3)
    assert refused.status_int == 400
    assert errors(refused) == [f"Only 2 of {batik.name} left."]
    assert_kept(refused, "/keranjang/tambah", {"quantity": "3"})
    assert session_cart(app, english) == []
    add(english, batik, 1)
    refused = add(english, batik, 2)
    assert errors(refused) == [f"Only 2 of {batik.name} left, and 1 are already in your cart."]
    refused = set_quantity(english, batik, 5)
    assert errors(refused) == [f"Only 2 of {batik.name} left."]
    assert session_cart(app, english) == [[batik.id, 1]]


def test_posts_need_the_csrf_token(client, two_galleries):
    response = client.post(
        "/keranjang/tambah", data={"product_id": two_galleries["gula"].id, "quantity": 1}
    )
    assert response.status_code == 400
    assert client_cart(client) == []


def test_product_page_offers_the_add_form_only_in_stock(client, db_session):
    in_stock = factories.product(db_session, stock=4)
    sold_out = factories.product(db_session, stock=0)
    db_session.commit()
    page = html(client.get(f"/produk/{in_stock.slug}"))
    assert 'action="/keranjang/tambah"' in page
    assert 'name="quantity"' in page and 'max="4"' in page
    assert 'action="/keranjang/tambah"' not in html(client.get(f"/produk/{sold_out.slug}"))


# --- what a cookie can hold -----------------------------------------------------------------


def _cookie(secret_key: str, data: dict) -> str:
    other = Flask("elsewhere")
    other.secret_key = secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(other)
    return serializer.dumps(data)


def test_a_cookie_signed_with_another_key_gives_an_empty_cart(app, client, two_galleries):
    gula = two_galleries["gula"]
    client.set_cookie("session", _cookie(app.secret_key, {"cart": [[gula.id, 2]]}))
    assert gula.name in cart_page(client)  # the same cookie, rightly signed, is read
    client.set_cookie("session", _cookie("someone-elses-key", {"cart": [[gula.id, 2]]}))
    page = cart_page(client)
    assert gula.name not in page
    assert 'class="cart-count"' not in page


@pytest.mark.parametrize(
    "garbage", ["keranjang", 42, {"a": 1}, [["x", 1]], [[None, None]], [[1.5, 2]], [[-1, 3]]]
)
def test_a_signed_garbage_cart_is_an_empty_cart(client, db_session, garbage):
    with client.session_transaction() as sess:
        sess["cart"] = garbage
    assert "cart-group" not in cart_page(client)


def test_a_signed_cart_with_odd_lines_is_sanitised(client, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    with client.session_transaction() as sess:
        sess["cart"] = [["1", 1], [gula.id, 10**9], "junk", [kerupuk.id, -3], [gula.id, 1], [7]]
    page = cart_page(client)
    assert re.search(rf'id="qty-{gula.id}"[^>]* value="99"', page)
    assert re.search(rf'id="qty-{kerupuk.id}"[^>]* value="1"', page)
    assert 'data-problem="short"' in page  # 99 wanted, 10 in stock: shown, not hidden
    assert '<span class="cart-count" aria-hidden="true">99+</span>' in page


def test_products_that_no_longer_exist_are_taken_out(english_client, two_galleries):
    english = english_client
    gula = two_galleries["gula"]
    with english.session_transaction() as sess:
        sess["cart"] = [[2**31 - 1, 1], [gula.id, 1]]
    page = cart_page(english)
    assert "1 product in your cart no longer exists and was taken out." in page
    assert client_cart(english) == [[gula.id, 1]]


# --- the world changes while the cart waits ---------------------------------------------------


def test_archived_sold_out_and_short_products_stay_visible_with_the_reason(
    english, db_session, two_galleries
):
    p = two_galleries
    add(english, p["gula"], 3)
    add(english, p["kerupuk"], 1)
    add(english, p["batik"], 2)
    change(db_session, p["gula"], stock=1)
    change(db_session, p["kerupuk"], status=ProductStatus.ARCHIVED)
    change(db_session, p["batik"], stock=0)
    page = web_cart(english)
    for product in p.values():
        assert product.name in page
    assert 'data-problem="short"' in page and "Only 1 left." in page
    assert 'data-problem="unavailable"' in page and "No longer sold." in page
    assert 'data-problem="sold_out"' in page and "Sold out." in page
    assert "Change to 1" in page
    assert "Continue to payment" not in page
    assert "cannot be ordered as they are" in page
    assert "Total (6 items)" in page and rupiah(0) in page


def test_a_closed_gallery_makes_its_products_unavailable(english, db_session, two_galleries):
    add(english, two_galleries["gula"], 1)
    change(db_session, two_galleries["gula"].gallery, is_active=False)
    assert 'data-problem="unavailable"' in web_cart(english)


def test_the_cart_shows_the_new_price(english, db_session, two_galleries):
    gula = two_galleries["gula"]
    add(english, gula, 2)
    assert rupiah(50_000) in web_cart(english)
    change(db_session, gula, price=27_500)
    page = web_cart(english)
    assert rupiah(27_500) in page and rupiah(55_000) in page
    assert rupiah(25_000) not in page and rupiah(50_000) not in page


def test_a_short_item_can_be_lowered_to_what_is_left(app, english, db_session, two_galleries):
    gula = two_galleries["gula"]
    add(english, gula, 5)
    change(db_session, gula, stock=2)
    page = english.get("/keranjang/")
    lower = line_form(page, "/keranjang/ubah", gula, index=1)  # the "Change to 2" button
    assert lower["quantity"].value == "2"
    assert "Change to 2" in page.text
    landed = lower.submit().follow()
    assert session_cart(app, english) == [[gula.id, 2]]
    assert 'data-problem="short"' not in landed.text


def test_cart_page_query_count_does_not_grow_with_items(client, db_session, count_queries):
    products = [factories.product(db_session) for _ in range(6)]
    db_session.commit()
    counts = []
    for size in (1, 6):
        with client.session_transaction() as sess:
            sess["cart"] = [[p.id, 1] for p in products[:size]]
        with count_queries() as counter:
            cart_page(client)
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


# --- accounts ---------------------------------------------------------------------------------


def _shopper(db_session):  # type: ignore[no-untyped-def]
    user = factories.user(db_session, password=PASSWORD)
    db_session.commit()
    return user


def _account_rows(db_session, user) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    db_session.expire_all()
    rows = db_session.scalars(
        select(CartItem).where(CartItem.user_id == user.id).order_by(CartItem.id)
    )
    return [(row.product_id, row.quantity) for row in rows]


def log_out(web) -> None:  # type: ignore[no-untyped-def]
    form_for(web.get("/akun/"), "/akun/keluar").submit()


def test_guest_cart_is_merged_into_the_account_on_log_in(web, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    db_session.add(CartItem(user_id=user.id, product_id=gula.id, quantity=2))
    db_session.commit()
    add(web, gula, 1)
    add(web, kerupuk, 4)
    log_in(web, user)
    assert _account_rows(db_session, user) == [(gula.id, 3), (kerupuk.id, 4)]
    assert '<span class="cart-count" aria-hidden="true">7</span>' in web.get("/").text
    log_in(web, user)  # again: nothing doubles
    assert _account_rows(db_session, user) == [(gula.id, 3), (kerupuk.id, 4)]


def test_signed_in_changes_are_saved_to_the_account(web, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    log_in(web, user)
    add(web, gula, 2)
    add(web, kerupuk, 1)
    set_quantity(web, gula, 5)
    remove(web, kerupuk)
    assert _account_rows(db_session, user) == [(gula.id, 5)]


def test_log_out_leaves_the_cart_in_the_account_not_on_the_device(
    app, web, db_session, two_galleries
):
    gula = two_galleries["gula"]
    user = _shopper(db_session)
    log_in(web, user)
    add(web, gula, 2)
    log_out(web)
    assert session_cart(app, web) == []
    assert "cart-group" not in web_cart(web)
    other_device = TestApp(app)
    log_in(other_device, user)
    assert gula.name in web_cart(other_device)
    assert session_cart(app, other_device) == [[gula.id, 2]]


def test_another_device_sees_changes_on_the_cart_page(app, web, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    phone, laptop = web, TestApp(app)
    log_in(phone, user)
    log_in(laptop, user)
    add(phone, gula, 1)
    add(laptop, kerupuk, 1)
    page = web_cart(phone)
    assert gula.name in page and kerupuk.name in page
    assert _account_rows(db_session, user) == [(gula.id, 1), (kerupuk.id, 1)]


def test_a_leftover_copy_of_an_account_cart_is_not_shown_to_a_guest(client, two_galleries):
    with client.session_transaction() as sess:
        sess["cart"] = [[two_galleries["gula"].id, 1]]
        sess["cart_user"] = 123_456
    assert "cart-group" not in cart_page(client)
