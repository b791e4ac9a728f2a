"""The cart in the browser: session for guests, account rows when signed in, hostile input."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from catalog.models import ProductStatus
from orders.models import CartItem
from storefront.i18n import rupiah
from tests import factories
from tests.conftest import login

PASSWORD = "keranjang-123"


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def csrf(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/akun/masuk").data
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


def post(client, url: str, **data):  # type: ignore[no-untyped-def]
    return client.post(
        url, data={k: str(v) for k, v in data.items()} | {"csrf_token": csrf(client)}
    )


def add(client, product, quantity=1):  # type: ignore[no-untyped-def]
    return post(client, "/keranjang/tambah", product_id=product.id, quantity=quantity)


def session_cart(client) -> list:  # type: ignore[no-untyped-def]
    with client.session_transaction() as sess:
        return sess.get("cart", [])


def cart_page(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/keranjang/")
    assert response.status_code == 200
    return html(response)


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
def english(client):  # type: ignore[no-untyped-def]
    """Messages are checked in English: their msgids, stable whatever the translation."""
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


def test_add_from_two_galleries_shows_two_groups_with_subtotals(english, two_galleries):
    p = two_galleries
    response = add(english, p["gula"], 2)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/produk/{p['gula'].slug}"
    assert f"{p['gula'].name} is in your cart (2)." in flashes(english)
    add(english, p["kerupuk"], 3)
    add(english, p["batik"], 1)
    page = cart_page(english)
    assert page.count('class="panel cart-group"') == 2
    assert page.index("Galeri Uji Anggrek") < page.index("Galeri Uji Bambu")
    assert rupiah(3 * 12_000 + 150_000) in page  # Anggrek's subtotal
    assert rupiah(2 * 25_000) in page  # Bambu's subtotal
    assert rupiah(50_000 + 186_000) in page  # total
    assert "Total (6 items)" in page
    assert session_cart(english) == [[p["gula"].id, 2], [p["kerupuk"].id, 3], [p["batik"].id, 1]]


def test_adding_again_sums_and_the_header_counts_the_items(client, two_galleries):
    assert 'class="cart-count"' not in html(client.get("/"))
    add(client, two_galleries["gula"], 2)
    add(client, two_galleries["gula"], 3)
    add(client, two_galleries["kerupuk"], 1)
    assert session_cart(client) == [[two_galleries["gula"].id, 5], [two_galleries["kerupuk"].id, 1]]
    assert '<span class="cart-count" aria-hidden="true">6</span>' in html(client.get("/"))


def test_change_quantity_and_remove(english, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    add(english, gula, 1)
    add(english, kerupuk, 1)
    response = post(english, "/keranjang/ubah", product_id=gula.id, quantity=4)
    assert response.status_code == 302 and response.headers["Location"] == "/keranjang/"
    assert session_cart(english) == [[gula.id, 4], [kerupuk.id, 1]]
    assert rupiah(4 * 25_000) in cart_page(english)
    post(english, "/keranjang/ubah", product_id=gula.id, quantity=0)
    assert session_cart(english) == [[kerupuk.id, 1]]
    post(english, "/keranjang/hapus", product_id=kerupuk.id)
    assert session_cart(english) == []
    assert f"{kerupuk.name} was removed from your cart." in flashes(english)
    assert "Your cart is empty." in cart_page(english)


BAD_QUANTITIES = ["-1", "1000000000", "10^9", "abc", "", "1.5", "100"]


@pytest.mark.parametrize("quantity", ["0", *BAD_QUANTITIES])
def test_bad_quantities_on_add_change_nothing_and_say_why(english, two_galleries, quantity):
    gula = two_galleries["gula"]
    add(english, gula, 1)
    response = add(english, gula, quantity)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/produk/{gula.slug}"
    assert "Choose a quantity from 1 to 99." in flashes(english)
    assert session_cart(english) == [[gula.id, 1]]


@pytest.mark.parametrize("quantity", BAD_QUANTITIES)
def test_bad_quantities_on_change_change_nothing_and_say_why(english, two_galleries, quantity):
    gula = two_galleries["gula"]
    add(english, gula, 2)
    response = post(english, "/keranjang/ubah", product_id=gula.id, quantity=quantity)
    assert response.status_code == 302
    assert "Choose a quantity from 0 to 99 (0 removes the product)." in flashes(english)
    assert session_cart(english) == [[gula.id, 2]]


@pytest.mark.parametrize("product_id", ["", "abc", "-1", "0", "99999999999", "2147483647"])
def test_unknown_products_are_refused(english, two_galleries, product_id):
    response = post(english, "/keranjang/tambah", product_id=product_id, quantity=1)
    assert response.status_code == 302 and response.headers["Location"] == "/keranjang/"
    assert "That product is not sold here (any more)." in flashes(english)
    assert session_cart(english) == []
    for url in ("/keranjang/ubah", "/keranjang/hapus"):
        assert post(english, url, product_id=product_id, quantity=1).status_code == 302
        assert "That product is no longer in your cart." in flashes(english)


def test_more_than_the_stock_is_refused_with_what_is_left(english, two_galleries):
    batik = two_galleries["batik"]  # 2 in stock
    add(english, batik, 3)
    assert f"Only 2 of {batik.name} left." in flashes(english)
    assert session_cart(english) == []
    add(english, batik, 1)
    add(english, batik, 2)
    assert f"Only 2 of {batik.name} left, and 1 are already in your cart." in flashes(english)
    post(english, "/keranjang/ubah", product_id=batik.id, quantity=5)
    assert session_cart(english) == [[batik.id, 1]]


def test_posts_need_the_csrf_token(client, two_galleries):
    response = client.post(
        "/keranjang/tambah", data={"product_id": two_galleries["gula"].id, "quantity": 1}
    )
    assert response.status_code == 400
    assert session_cart(client) == []


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


def test_products_that_no_longer_exist_are_taken_out(english, two_galleries):
    gula = two_galleries["gula"]
    with english.session_transaction() as sess:
        sess["cart"] = [[2**31 - 1, 1], [gula.id, 1]]
    page = cart_page(english)
    assert "1 product in your cart no longer exists and was taken out." in page
    assert session_cart(english) == [[gula.id, 1]]


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
    page = cart_page(english)
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
    assert 'data-problem="unavailable"' in cart_page(english)


def test_the_cart_shows_the_new_price(english, db_session, two_galleries):
    gula = two_galleries["gula"]
    add(english, gula, 2)
    assert rupiah(50_000) in cart_page(english)
    change(db_session, gula, price=27_500)
    page = cart_page(english)
    assert rupiah(27_500) in page and rupiah(55_000) in page
    assert rupiah(25_000) not in page and rupiah(50_000) not in page


def test_a_short_item_can_be_lowered_to_what_is_left(english, db_session, two_galleries):
    gula = two_galleries["gula"]
    add(english, gula, 5)
    change(db_session, gula, stock=2)
    post(english, "/keranjang/ubah", product_id=gula.id, quantity=2)
    assert session_cart(english) == [[gula.id, 2]]
    assert 'data-problem="short"' not in cart_page(english)


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


def test_guest_cart_is_merged_into_the_account_on_log_in(client, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    db_session.add(CartItem(user_id=user.id, product_id=gula.id, quantity=2))
    db_session.commit()
    add(client, gula, 1)
    add(client, kerupuk, 4)
    assert login(client, user.email, PASSWORD).status_code == 302
    assert _account_rows(db_session, user) == [(gula.id, 3), (kerupuk.id, 4)]
    assert '<span class="cart-count" aria-hidden="true">7</span>' in html(client.get("/"))
    assert login(client, user.email, PASSWORD).status_code == 302  # again: nothing doubles
    assert _account_rows(db_session, user) == [(gula.id, 3), (kerupuk.id, 4)]


def test_signed_in_changes_are_saved_to_the_account(client, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    login(client, user.email, PASSWORD)
    add(client, gula, 2)
    add(client, kerupuk, 1)
    post(client, "/keranjang/ubah", product_id=gula.id, quantity=5)
    post(client, "/keranjang/hapus", product_id=kerupuk.id)
    assert _account_rows(db_session, user) == [(gula.id, 5)]


def test_log_out_leaves_the_cart_in_the_account_not_on_the_device(
    client, app, db_session, two_galleries
):
    gula = two_galleries["gula"]
    user = _shopper(db_session)
    login(client, user.email, PASSWORD)
    add(client, gula, 2)
    post(client, "/akun/keluar")
    assert session_cart(client) == []
    assert "cart-group" not in cart_page(client)
    other_device = app.test_client()
    login(other_device, user.email, PASSWORD)
    assert gula.name in cart_page(other_device)
    assert session_cart(other_device) == [[gula.id, 2]]


def test_another_device_sees_changes_on_the_cart_page(client, app, db_session, two_galleries):
    gula, kerupuk = two_galleries["gula"], two_galleries["kerupuk"]
    user = _shopper(db_session)
    phone, laptop = client, app.test_client()
    login(phone, user.email, PASSWORD)
    login(laptop, user.email, PASSWORD)
    add(phone, gula, 1)
    add(laptop, kerupuk, 1)
    page = cart_page(phone)
    assert gula.name in page and kerupuk.name in page
    assert _account_rows(db_session, user) == [(gula.id, 1), (kerupuk.id, 1)]


def test_a_leftover_copy_of_an_account_cart_is_not_shown_to_a_guest(client, two_galleries):
    with client.session_transaction() as sess:
        sess["cart"] = [[two_galleries["gula"].id, 1]]
        sess["cart_user"] = 123_456
    assert "cart-group" not in cart_page(client)
