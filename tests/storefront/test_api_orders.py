"""POST /api/v1/orders and GET /api/v1/orders/<code>: the web checkout's rules, as JSON."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from orders.models import Order
from tests import factories


@pytest.fixture
def product(db_session):  # type: ignore[no-untyped-def]
    item = factories.product(db_session, price=20_000, stock=4)
    db_session.commit()
    return item


def order_body(product, **overrides):  # type: ignore[no-untyped-def]
    return {
        "customer": {"name": "Rina", "phone": "0812-3456-7890", "email": "rina@gerai.example"},
        "lines": [{"product_id": product.id, "quantity": 2}],
        "deliveries": [{"gallery_id": product.gallery_id, "method": "pickup"}],
        "payment_method": "cod",
    } | overrides


def test_place_a_cod_order_and_follow_it_with_the_token(client, product):
    response = client.post("/api/v1/orders", json=order_body(product))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    code, token = body["order"]["code"], body["token"]
    assert body["order"]["status"] == "confirmed" and body["order"]["total"] == 40_000
    assert body["order"]["total_display"] == "Rp 40.000"
    assert body["payment_url"] is None
    followed = client.get(f"/api/v1/orders/{code}?token={token}")
    assert followed.status_code == 200
    assert followed.get_json()["shipments"][0]["lines"][0]["quantity"] == 2
    assert client.get(f"/api/v1/orders/{code}?token=wrong").status_code == 404
    assert client.get(f"/api/v1/orders/{code}").status_code == 400


def test_out_of_stock_is_409_naming_the_product_and_writes_nothing(client, db_session, product):
    before = db_session.scalar(select(func.count()).select_from(Order))
    name = product.name
    body = order_body(product, lines=[{"product_id": product.id, "quantity": 5}])
    response = client.post("/api/v1/orders", json=body)
    assert response.status_code == 409
    assert name in response.get_json()["message"]
    assert db_session.scalar(select(func.count()).select_from(Order)) == before


@pytest.mark.parametrize(
    "change",
    [
        {"lines": [{"product_id": 1, "quantity": 0}]},
        {"lines": [{"product_id": 1, "quantity": -1}]},
        {"lines": [{"product_id": 1, "quantity": 10**9}]},
        {"lines": [{"product_id": 1, "quantity": "abc"}]},
        {"lines": []},
        {"payment_method": "bitcoin"},
        {"customer": {"name": "R"}},
    ],
)
def test_malformed_orders_are_400(client, product, change):
    response = client.post("/api/v1/orders", json=order_body(product, **change))
    assert response.status_code == 400
    assert response.is_json


def test_bad_phone_is_400_naming_the_field(client, product):
    body = order_body(product, customer={"name": "Rina", "phone": "12345678"})
    response = client.post("/api/v1/orders", json=body)
    assert response.status_code == 400
    assert "phone" in response.get_json()["errors"]["json"]["customer"]


def test_changed_price_is_409(client, product):
    lines = [{"product_id": product.id, "quantity": 1, "expected_price": 1000}]
    response = client.post("/api/v1/orders", json=order_body(product, lines=lines))
    assert response.status_code == 409


def test_orders_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/orders"]
    assert "get" in paths["/api/v1/orders/{code}"]
