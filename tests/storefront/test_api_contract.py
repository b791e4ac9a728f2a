"""The OpenAPI document states the rules the API enforces, and the API enforces what it states:
each stated rule, broken once, gets the documented answer; 405 answers carry ``Allow``.
(scripts/api-contract has schemathesis check the whole document against a served demo.)"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from sqlalchemy import func, select

from catalog.db import MAX_ID
from catalog.exceptions import InvalidInput
from catalog.phones import normalise_mobile_phone
from orders.checkout import MAX_LINES, MAX_QUANTITY
from orders.models import Order
from storefront.api.order_schemas import PHONE_PATTERN
from tests import factories

ORDERS = "/api/v1/orders"


@pytest.fixture(scope="module")
def spec(app: Any) -> dict[str, Any]:
    return app.test_client().get("/api/v1/openapi.json").get_json()


def component(spec: dict[str, Any], name: str) -> dict[str, Any]:
    return spec["components"]["schemas"][name]


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    item = factories.product(db_session, price=20_000, stock=10)
    db_session.commit()
    return item


def order_body(product: Any, **changes: Any) -> dict[str, Any]:
    return {
        "customer": {"name": "Rina", "phone": "0812-3456-7890"},
        "lines": [{"product_id": product.id, "quantity": 1}],
        "deliveries": [{"gallery_id": product.gallery_id, "method": "pickup"}],
    } | changes


def customer(**changes: Any) -> dict[str, Any]:
    return {"name": "Rina", "phone": "0812-3456-7890"} | changes


def orders_count(db_session: Any) -> int:
    return db_session.scalar(select(func.count()).select_from(Order))


def test_the_document_is_valid_and_states_the_order_rules(spec):
    validate(spec)
    order = component(spec, "OrderCreate")
    assert set(order["required"]) == {"customer", "lines", "deliveries"}
    assert order["additionalProperties"] is False
    deliveries, lines = order["properties"]["deliveries"], order["properties"]["lines"]
    assert deliveries["minItems"] == 1 and lines["minItems"] == 1
    assert lines["maxItems"] == MAX_LINES
    assert "anyOf" in order  # a delivery needs an address
    line = component(spec, "LineInput")
    assert line["properties"]["quantity"]["maximum"] == MAX_QUANTITY
    assert line["properties"]["product_id"]["maximum"] == MAX_ID
    assert component(spec, "DeliveryInput")["properties"]["method"]["enum"] == [
        "delivery",
        "pickup",
    ]
    phone = component(spec, "Customer")["properties"]["phone"]
    assert phone["pattern"] == PHONE_PATTERN and "mobile" in phone["description"]
    assert component(spec, "Customer")["properties"]["name"]["maxLength"] == 120


def test_every_answer_is_documented_with_the_error_schema(spec):
    post = spec["paths"][ORDERS]["post"]["responses"]
    assert set(post) == {"201", "400", "409", "413", "429"}
    assert "Retry-After" in post["429"]["headers"]
    for status in ("400", "409", "413", "429"):
        ref = post[status]["content"]["application/json"]["schema"]["$ref"]
        assert ref.endswith("/ApiError")
    for path in spec["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict) and "responses" in operation:
                assert "default" not in operation["responses"]


def test_the_courier_webhook_states_its_signature_headers(spec):
    post = spec["paths"]["/api/v1/courier/events"]["post"]
    headers = {p["name"]: p for p in post["parameters"] if p["in"] == "header"}
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert all(h["required"] for h in headers.values())
    assert "401" in post["responses"]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(PHONE_PATTERN, fullmatch=True))
def test_every_number_the_phone_pattern_states_is_accepted(number):
    """The schema never lets through a number the order's phone rule (a mobile) refuses."""
    assert normalise_mobile_phone(number).startswith("+628")


# national numbers: two leading digits (mostly 8x, some area codes) and 7 to 10 more; the
# domain rule picks the mobiles among them (8x with x not 0 or 4, of a possible length)
NATIONAL = st.builds(
    lambda lead, rest: lead + rest,
    st.one_of(
        st.sampled_from([f"8{d}" for d in range(10)]),
        st.sampled_from(["21", "22", "24", "27", "31", "61", "80", "88"]),
    ),
    st.text("0123456789", min_size=7, max_size=10),
)


def written_forms(e164: str) -> list[str]:
    """How people and phones write a mobile number: 0812…, 0812-3456-7890, +62 812…, 62812…"""
    number = phonenumbers.parse(e164)
    national = str(number.national_number)
    return [
        "0" + national,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        e164,
        "62" + national,
        f"+62 {national[:3]} {national[3:7]} {national[7:]}".strip(),
    ]


@settings(max_examples=300, deadline=None)
@given(NATIONAL)
def test_every_mobile_number_the_domain_takes_matches_the_pattern_as_written(national):
    try:
        e164 = normalise_mobile_phone("0" + national)
    except InvalidInput:
        assert not re.fullmatch(PHONE_PATTERN, "0" + national)  # refused: the schema refuses it
        return
    for written in written_forms(e164):
        assert re.fullmatch(PHONE_PATTERN, written), written
        assert normalise_mobile_phone(written) == e164


def test_the_shortest_and_longest_mobile_numbers_match_the_pattern():
    for written in ("0811-234-567", "+62 811 234 567", "62811234567", "0812-3456-78901"):
        assert re.fullmatch(PHONE_PATTERN, written), written
        normalise_mobile_phone(written)


@pytest.mark.parametrize(
    "changes",
    [
        {"deliveries": []},
        {"lines": []},
        {"lines": [{"product_id": 1, "quantity": MAX_QUANTITY + 1}]},
        {"lines": [{"product_id": MAX_ID + 1, "quantity": 1}]},
        {"lines": [{"product_id": 1, "quantity": "1"}]},
        {"lines": [{"product_id": 1, "quantity": 1.0}]},
        {"customer": customer(phone="021-555-0123")},  # a landline: not a mobile number
        {"customer": customer(phone="0812 3456 789O")},
        {"customer": customer(name="   ")},
        {"customer": customer(name="x" * 121)},
        {"customer": customer(lat="-6.3")},
        {"customer": customer(lat=True)},
        {"customer": customer(email="x" * 250 + "@a.id")},
        {"customer": customer(nickname="R")},
        {"payment_method": "bitcoin"},
        {"coupon": "GRATIS"},
    ],
)
def test_a_request_breaking_a_stated_rule_is_400_and_places_nothing(
    client, db_session, product, changes
):
    before = orders_count(db_session)
    response = client.post(ORDERS, json=order_body(product, **changes))
    assert response.status_code == 400, response.get_json()
    assert set(response.get_json()) >= {"code", "status", "message"}
    assert orders_count(db_session) == before


def test_a_delivery_without_an_address_is_400_naming_it(client, db_session, product):
    deliveries = [{"gallery_id": product.gallery_id, "method": "delivery"}]
    response = client.post(ORDERS, json=order_body(product, deliveries=deliveries))
    assert response.status_code == 400
    assert "address" in response.get_json()["errors"]["json"]["customer"]


def test_text_with_control_characters_is_400(client, product):
    response = client.post(ORDERS, json=order_body(product, customer=customer(name="Ri\x01na")))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deliveries": [{"gallery_id": MAX_ID, "method": "pickup"}]}, "delivery"),
        ({"customer": customer(kelurahan_id=MAX_ID)}, "kelurahan_id"),
    ],
)
def test_what_the_catalog_refuses_is_409_with_the_field(
    client, db_session, product, changes, field
):
    before = orders_count(db_session)
    response = client.post(ORDERS, json=order_body(product, **changes))
    assert response.status_code == 409
    assert response.get_json()["field"] == field
    assert orders_count(db_session) == before


def test_a_request_keeping_the_rules_places_the_order(client, db_session, product):
    before = orders_count(db_session)
    body = order_body(product, customer=customer(phone="+62 812 3456 7890", name=" Rina  W "))
    response = client.post(ORDERS, json=body)
    assert response.status_code == 201, response.get_json()
    assert re.search(r"(Z|[+-]\d\d:\d\d)$", response.get_json()["order"]["created_at"])
    assert orders_count(db_session) == before + 1
    order = db_session.scalar(
        select(Order).where(Order.code == response.get_json()["order"]["code"])
    )
    assert order.phone == "+6281234567890" and order.customer_name == "Rina W"


def test_unknown_product_path_ids_are_404(client):
    assert client.get(f"/api/v1/products/{MAX_ID + 1}").status_code == 404
    assert client.get("/api/v1/products/0").status_code == 404


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("DELETE", ORDERS, {"POST"}),
        ("PUT", "/api/v1/products", {"GET", "HEAD"}),
        ("TRACE", "/api/v1/courier/events", {"POST"}),
        ("DELETE", "/", {"GET", "HEAD"}),
    ],
)
def test_405_carries_allow_and_keeps_the_audiences_body(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}
    if path.startswith("/api/"):
        assert response.get_json()["code"] == 405
    else:
        assert response.mimetype == "text/html"


def test_a_body_over_the_limit_is_json_413(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    body = b'{"customer": "' + b"x" * 2000 + b'"}'
    response = client.post(ORDERS, data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["code"] == 413
