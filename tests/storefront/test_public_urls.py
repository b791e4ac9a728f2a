"""Absolute links (API, labels, emails) come from PUBLIC_BASE_URL, never from the Host header."""

from __future__ import annotations

import pytest

from storefront.urls import public_url
from tests import factories


@pytest.fixture
def public_base(app, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://gerai.example")


def test_a_forged_host_does_not_leak_into_api_links(client, db_session, public_base):
    product = factories.product(db_session)
    db_session.commit()
    body = client.get(f"/api/v1/products/{product.id}", headers={"Host": "evil.example"}).json
    assert body["url"] == f"https://gerai.example/produk/{product.slug}"


def test_public_urls_are_built_outside_a_request_too(app, public_base):
    with app.app_context():
        assert public_url("shop.home") == "https://gerai.example/"


def test_without_the_setting_development_links_follow_the_request(app):
    with app.test_request_context("/", base_url="http://127.0.0.1:5000"):
        assert public_url("shop.search", q="gula") == "http://127.0.0.1:5000/cari?q=gula"
