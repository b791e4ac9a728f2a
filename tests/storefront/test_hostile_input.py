"""Hostile input gets a clear 4xx and changes nothing; no request is answered with a 500.

Issue 10: deeply nested JSON crashed the order and courier-event endpoints (RecursionError),
and on PostgreSQL a NUL byte in a path, a JSON field or a form field was a 500 (psycopg's
DataError). The first tests replay those attacks through the rendered forms; the walker then
sends every form action and API endpoint of the url_map, as each kind of signed-in user, NUL,
control characters, invalid UTF-8, deep JSON, huge numbers, wrong content types and oversized
bodies, and counts the answers of 500 or more.
"""

from __future__ import annotations

import json

import pytest
import webtest
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from webtest import TestApp

from accounts.models import Role
from catalog.db import Base
from catalog.models import Member, Product, ProductImage, StockMovement
from orders.models import DeliveryMethod, Order
from storefront.hostile import MAX_JSON_DEPTH, nesting_depth_exceeds
from tests import factories, webforms
from tests.storefront.manage_helpers import fresh, shop_with_a_product
from tests.storefront.test_checkout_web import add_to_cart, checkout_form, place
from tests.storefront.test_forms_manage import fill_member, jpeg_bytes, with_photos
from tests.storefront.test_manage_shipments import new_order
from tests.webforms import form_for

REFUSED_CONTROL = "karakter kontrol"
REFUSED_UTF8 = "UTF-8"
DEEP_JSON = "[" * 100 + "]" * 100
DEEP_OBJECT = '{"data": ' * 100 + "1" + "}" * 100


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    made = shop_with_a_product(db_session)
    db_session.commit()
    return made


@pytest.fixture
def manager(web, db_session, shop):  # type: ignore[no-untyped-def]
    return webforms.signed_in(
        web, db_session, role=Role.MANAGER, cooperative=shop["gallery"].cooperative
    )


def row_counts(session) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The number of rows of every table: what a refused request must leave as it was."""
    session.expire_all()
    return {
        table.name: session.scalar(select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def refused_page(response, words: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_int == 400, response.status
    assert words in response.text, response.text[:500]


# --- the attacks of the report, replayed ---------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/courier/events"])
@pytest.mark.parametrize("body", [DEEP_JSON, DEEP_OBJECT])
def test_deeply_nested_json_is_refused_by_both_endpoints(client, db_session, path, body):
    before = row_counts(db_session)
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["code"] == 400 and answer["status"] == "Bad Request"
    assert str(MAX_JSON_DEPTH) in answer["message"]
    assert row_counts(db_session) == before


def test_nul_in_a_json_field_is_refused(client, db_session, shop):
    before = row_counts(db_session)
    order = {
        "customer": {"name": "Ri\u0000na", "phone": "081234567890", "address": "Jl. Melati"},
        "lines": [{"product_id": shop["product"].id, "quantity": 1}],
        "payment_method": "cod",
    }
    response = client.post("/api/v1/orders", json=order)
    assert response.status_code == 400
    assert "karakter kontrol" in response.get_json()["message"]
    lone_surrogate = json.dumps(order).replace("Ri\\u0000na", "Ri\\ud800na")
    response = client.post("/api/v1/orders", data=lone_surrogate, content_type="application/json")
    assert response.status_code == 400
    assert row_counts(db_session) == before


def test_nul_in_the_checkout_name_is_refused(web, db_session, shop):
    add_to_cart(web, shop["product"])
    before = row_counts(db_session)
    response = place(checkout_form(web, name="Rina\x00Pembeli"), expect_errors=True)
    refused_page(response, REFUSED_CONTROL)
    assert row_counts(db_session) == before


def test_nul_in_the_registration_name_is_refused(web, db_session):
    form = form_for(web.get("/akun/daftar"), "/akun/daftar")
    webforms.fill(form, {"name": "Budi\x00", "email": "budi.nul@gerai.example"})
    for name in ("password", "password2", "confirm"):
        if name in form.fields:
            form[name] = "rahasia-panjang-sekali"
    before = row_counts(db_session)
    refused_page(form.submit(expect_errors=True), REFUSED_CONTROL)
    assert row_counts(db_session) == before


def test_nul_in_a_member_name_is_refused(web, db_session, manager):
    form = form_for(web.get("/kelola/anggota/baru"), "/kelola/anggota/baru")
    fill_member(form, owner_name="Sri\x00Wahyuni")
    before = db_session.scalar(select(func.count()).select_from(Member))
    refused_page(form.submit(expect_errors=True), REFUSED_CONTROL)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Member)) == before


def test_nul_in_a_stock_reason_is_refused(web, db_session, manager, shop):
    url = f"/kelola/produk/{shop['product'].id}"
    form = form_for(web.get(url), f"{url}/stok/koreksi")
    form["new_level"] = "12"
    form["reason"] = "opname\x00"
    refused_page(form.submit(expect_errors=True), REFUSED_CONTROL)
    assert fresh(db_session, shop["product"]).stock == 5
    assert not db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == shop["product"].id)
    ).all()


def test_nul_in_a_photo_alt_text_is_refused(web, db_session, manager, shop):
    (photo,) = with_photos(db_session, shop, web, (200, 100, 50))
    url = f"/kelola/produk/{shop['product'].id}"
    form = form_for(web.get(url), f"/kelola/foto/{photo.id}/alt")
    form["alt"] = "Keripik\x00"
    refused_page(form.submit(expect_errors=True), REFUSED_CONTROL)
    assert fresh(db_session, photo).alt == "Keripik"
    # the upload form is multipart: its text fields are checked, the file is not read as text
    form = form_for(web.get(url), f"{url}/foto")
    form["photo"] = webtest.Upload("p.jpg", jpeg_bytes(), "image/jpeg")
    form["alt"] = "Keripik\x00"
    refused_page(form.submit(expect_errors=True), REFUSED_CONTROL)
    db_session.expire_all()
    count = select(func.count()).select_from(ProductImage)
    assert db_session.scalar(count.where(ProductImage.product_id == shop["product"].id)) == 1


def test_nul_in_the_order_lookup_path_is_refused(client, db_session, shop):
    order = new_order(db_session, shop["product"], DeliveryMethod.PICKUP)
    for url in ["/pesanan/GR-%00", f"/pesanan/{order.code}%00?token={order.access_token}"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert REFUSED_CONTROL in response.get_data(as_text=True)
    response = client.get(f"/api/v1/orders/GR-%00?token={order.access_token}")
    assert response.status_code == 400 and REFUSED_CONTROL in response.get_json()["message"]
    response = client.get(f"/api/v1/orders/{order.code}?token=%00")
    assert response.status_code == 400
    # HTML pages read the query string leniently: the NUL is dropped, the page still answers
    assert client.get(f"/pesanan/{order.code}?token=%00{order.access_token}").status_code == 200


def test_legitimate_text_still_goes_through(web, db_session, manager, shop):
    url = f"/kelola/produk/{shop['product'].id}"
    form = form_for(web.get(url), f"{url}/stok/koreksi")
    form["new_level"] = "12"
    form["reason"] = "opname\tgudang\r\nرف ٣ 🍠 ‏عربي"
    assert form.submit().status_int == 302
    movement = db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == shop["product"].id)
    ).one()
    assert movement.reason.startswith("opname\tgudang") and "🍠" in movement.reason
    assert fresh(db_session, shop["product"]).stock == 12


def test_the_stripe_webhook_body_is_read_as_sent(client):
    """The guard reads raw bodies without consuming them: the webhook still sees its JSON."""
    response = client.post(
        "/api/v1/stripe/webhook", data='{"id": "evt_1"}', content_type="application/json"
    )
    assert response.status_code in (400, 503)  # not set up in tests / unsigned; never a 500


def test_depth_is_counted_outside_strings_without_recursion():
    assert not nesting_depth_exceeds(b'{"a": "' + b"[" * 10_000 + b'"}', 32)
    assert not nesting_depth_exceeds(b'["\\"[[[[", ' * 3 + b"1" + b"]" * 3, 3)
    assert nesting_depth_exceeds(b"[" * 100_000, 32)
    assert nesting_depth_exceeds(b'{"a":' * 33 + b"1" + b"}" * 33, 32)


# --- the walker ------------------------------------------------------------------------------

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FIELDS = ("name", "reason", "alt", "email", "quantity", "q", "note", "phone", "address", "code")


def form_payloads(token: str) -> list[tuple[str, bytes, str]]:
    """(what, body, content type) for the hostile bodies every endpoint receives."""
    form = "application/x-www-form-urlencoded"
    fields = "&".join(f"{name}=%s" for name in FIELDS)

    def encoded(value: str) -> bytes:
        return (f"csrf_token={token}&" + fields.replace("%s", value)).encode()

    return [
        ("nul", encoded("a%00b"), form),
        ("bell", encoded("a%07b"), form),
        ("escape", encoded("%1B%5B2J"), form),
        ("bad utf-8 escaped", encoded("%FF%FE"), form),
        ("bad utf-8 raw", encoded("x") + b"&name=\xff\xfe", form),
        ("surrogate utf-8", encoded("%ED%A0%80"), form),
        ("nul field name", f"csrf_token={token}&na%00me=x".encode(), form),
        ("deep json", DEEP_JSON.encode(), "application/json"),
        ("deep object", DEEP_OBJECT.encode(), "application/json"),
        ("nul json", json.dumps(dict.fromkeys(FIELDS, "a\x00b")).encode(), "application/json"),
        ("bad json", b'{"name": ', "application/json"),
        ("bad utf-8 json", b'{"name": "\xff"}', "application/json"),
        ("json+ld", DEEP_JSON.encode(), "application/ld+json"),
        ("deep json as text", DEEP_JSON.encode(), "text/plain"),
        ("binary", bytes(range(256)), "application/octet-stream"),
    ]


def lenient_payloads(token: str) -> list[tuple[str, bytes, str]]:
    """Odd but harmless: they may reach the view, which must answer with a 4xx or a page."""
    huge = "9" * 5000
    form = "application/x-www-form-urlencoded"
    numbers = {"quantity": 1e308, "product_id": 10**30, "lines": [{"product_id": -(10**20)}]}
    return [
        ("huge form numbers", f"csrf_token={token}&quantity={huge}&id=1e999".encode(), form),
        ("huge json number", ('{"quantity": ' + huge + "}").encode(), "application/json"),
        ("infinite json number", b'{"quantity": 1e999, "lines": [NaN]}', "application/json"),
        ("big json numbers", json.dumps(numbers).encode(), "application/json"),
        ("xml", b"<?xml version='1.0'?><a>&lt;</a>", "application/xml"),
        ("multipart without boundary", b"--x\r\n", "multipart/form-data"),
        ("form as json", f"csrf_token={token}&name=x".encode(), "application/json"),
        ("json as form", b'{"name": "x"}', form),
        ("empty json", b"", "application/json"),
    ]


def _fill(template: str, ids: dict[str, object]) -> str:
    out = template
    while "<" in out:
        start, end = out.index("<"), out.index(">")
        name = out[start + 1 : end].split(":")[-1]
        out = out[:start] + str(ids.get(name, 1)) + out[end + 1 :]
    return out


def csrf_token(web: TestApp) -> str:
    """The session's CSRF token, from the first page that renders a form carrying it."""
    for url in ("/", "/akun/masuk"):
        field = web.get(url).maybe_follow().html.find("input", attrs={"name": "csrf_token"})
        if field:
            return str(field["value"])
    raise AssertionError("no page renders a CSRF token")


def world(db_session):  # type: ignore[no-untyped-def]
    """A gallery with a photographed product, an order with a shipment, and a courier."""
    made = shop_with_a_product(db_session, with_image=True)
    order = new_order(db_session, made["product"], DeliveryMethod.DELIVERY)
    courier = factories.user(
        db_session, password=webforms.PASSWORD, role=Role.COURIER, gallery=made["gallery"]
    )
    db_session.commit()
    image = db_session.scalars(
        select(ProductImage).where(ProductImage.product_id == made["product"].id)
    ).first()
    ids: dict[str, object] = {
        "product_id": made["product"].id,
        "member_id": made["member"].id,
        "gallery_id": made["gallery"].id,
        "coop_id": made["gallery"].cooperative_id,
        "image_id": image.id if image else 1,
        "user_id": courier.id,
        "courier_id": courier.id,
        "shipment_id": order.shipments[0].id,
        "message_id": 1,
        "code": order.code,
        "language": "id",
        "slug": made["product"].slug,
        "key": "x.webp",
        "filename": "x.css",
    }
    return made, courier, ids


def signed_in_as(web, db_session, role, made, courier):  # type: ignore[no-untyped-def]
    if role == "guest":
        return None
    if role == "courier":
        return webforms.log_in(web, courier)
    fields: dict[str, object] = {"role": {"shopper": Role.SHOPPER, "admin": Role.ADMIN}.get(role)}
    if role == "manager":
        fields = {"role": Role.MANAGER, "cooperative": made["gallery"].cooperative}
    return webforms.signed_in(web, db_session, **fields)


def browser_session(app, web: TestApp) -> FlaskClient:  # type: ignore[no-untyped-def]
    """A Flask test client carrying the WebTest session's cookies: it sends bytes and paths
    that WebTest's own cookie handling cannot (``%FF`` in a path)."""
    client = app.test_client()
    for cookie in web.cookiejar:
        client.set_cookie(cookie.name, cookie.value or "")
    return client


def send(client: FlaskClient, method: str, url: str, body: bytes, content_type: str) -> int:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.open(url, method=method, data=body, headers=headers)
    response.close()  # files (favicon, static, media) are streamed: close them
    return response.status_code


@pytest.mark.parametrize("role", ["guest", "shopper", "manager", "admin", "courier"])
def test_every_endpoint_refuses_hostile_input_without_a_server_error(
    app, web, db_session, role, monkeypatch
):
    made, courier, ids = world(db_session)
    signed_in_as(web, db_session, role, made, courier)
    token = csrf_token(web)
    browser = browser_session(app, web)
    # a crash answers 500 (as in production) instead of escaping into the test
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "whsec_hostile_test")
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
    failures: list[str] = []
    before = row_counts(db_session)
    for rule in rules:
        url = _fill(rule.rule, ids)
        methods = sorted(rule.methods & BODY_METHODS)
        for method in methods:
            for what, body, content_type in form_payloads(token):
                status = send(browser, method, url, body, content_type)
                if not 400 <= status < 500:
                    failures.append(f"{method} {url} {what}: {status}")
    assert row_counts(db_session) == before, "a refused request wrote something"
    for rule in rules:
        url = _fill(rule.rule, ids)
        for method in sorted(rule.methods & BODY_METHODS):
            if rule.endpoint == "accounts.logout":
                continue  # a harmless body logs out, as it should; the walk needs the session
            for what, body, content_type in lenient_payloads(token):
                status = send(browser, method, url, body, content_type)
                if status >= 500:
                    failures.append(f"{method} {url} {what}: {status}")
        if "GET" in rule.methods:
            for query in ("q=%00", "token=%00&page=%07", "x=%FF%FE", "q=" + "%00" * 500):
                status = send(browser, "GET", f"{url}?{query}", b"", "text/plain")
                if status >= 500:
                    failures.append(f"GET {url}?{query}: {status}")
            if "<" in rule.rule:
                for odd in ("%00", "%07", "%FF", "9" * 40):
                    status = send(
                        browser, "GET", _fill(rule.rule, dict.fromkeys(ids, odd)), b"", ""
                    )
                    if status >= 500:
                        failures.append(f"GET {rule.rule} with {odd}: {status}")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 64 * 1024)
    oversized = b"name=" + b"x" * (64 * 1024)
    for rule in rules:
        for method in sorted(rule.methods & BODY_METHODS):
            url = _fill(rule.rule, ids)
            for content_type in ("application/x-www-form-urlencoded", "application/json"):
                status = send(browser, method, url, oversized, content_type)
                if not 400 <= status < 500:
                    failures.append(f"{method} {url} oversized {content_type}: {status}")
    assert not failures, "\n".join(failures)
    assert db_session.execute(text("SELECT 1")).scalar() == 1  # the connection survived
    assert db_session.scalar(select(func.count()).select_from(Order)) >= 1
    assert db_session.get(Product, made["product"].id) is not None
