"""The manager console's forms, submitted as the pages render them (WebTest)."""

from __future__ import annotations

import pytest

from catalog.models import ProductStatus
from storefront.accounts.models import Role
from tests import factories
from tests.storefront.manage_helpers import fresh
from tests.webforms import (
    PASSWORD,
    assert_kept,
    flash_text,
    form_for,
    log_in,
    submit_blank,
    submit_refused,
)


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    member = factories.member(db_session, cooperative=gallery.cooperative)
    product = factories.product(
        db_session, gallery=gallery, member=member, stock=5, status=ProductStatus.DRAFT
    )
    return {"gallery": gallery, "member": member, "product": product}


@pytest.fixture
def manager(web, db_session, shop):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=shop["gallery"].cooperative
    )
    log_in(web, user)
    return user


def test_product_details_save_as_rendered(web, db_session, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    form = form_for(web.get(url), url)
    form["price"] = "31.500"
    form["description"] = "Gula aren cetak, manis legit."
    form["status"] = "active"
    saved = form.submit().follow()
    assert "disimpan" in flash_text(saved)
    product = fresh(db_session, product)
    assert (product.price, product.status) == (31_500, ProductStatus.ACTIVE)
    assert product.description == "Gula aren cetak, manis legit."


def test_product_details_refused_say_why_and_keep_input(web, db_session, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    refused = submit_refused(
        form_for(web.get(url), url), price="dua puluh ribu", description="Baru"
    )
    assert any("rupiah" in message for message in refused.text.split("<p"))
    assert_kept(refused, url, {"price": "dua puluh ribu", "description": "Baru"})
    assert fresh(db_session, product).price == 25_000
    submit_blank(form_for(web.get(url), url))
    assert fresh(db_session, product).name == product.name
