"""The manager console's pages: dashboard, product list, preview, escaping, upload limits.

The forms themselves (members, products, photos, stock, status buttons) are tested as rendered
in tests/storefront/test_forms_manage.py; access rules in test_manage_access.py.
"""

from __future__ import annotations

import pytest
import webtest
from sqlalchemy import func, select

from accounts.models import Role
from catalog.models import Product, ProductImage, ProductStatus
from tests import factories
from tests.storefront.manage_helpers import fresh, shop_with_a_product
from tests.webforms import form_for, signed_in


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    """A cooperative with a gallery, a member, a category and one product."""
    return shop_with_a_product(db_session)


@pytest.fixture
def manager(web, db_session, shop):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.MANAGER, cooperative=shop["gallery"].cooperative)


def test_dashboard_lists_own_galleries_and_low_stock(web, manager, shop):
    page = web.get("/kelola/").text
    assert shop["gallery"].name in page
    assert shop["product"].name in page  # stock 5 is low


def test_script_in_text_fields_is_rendered_escaped(web, db_session, manager, shop):
    evil = '<script>alert("x")</script>'
    form = form_for(web.get("/kelola/produk/baru"), "/kelola/produk/baru")
    form["gallery_id"] = str(shop["gallery"].id)
    form["name"] = evil
    form["description"] = evil
    form["category_id"] = str(shop["category"].id)
    form["member_id"] = str(shop["member"].id)
    form["price"] = "18.000"
    form["unit"] = "bungkus"
    form.submit().follow()
    product = db_session.scalar(select(Product).where(Product.name == evil))
    assert product.description == evil  # stored as typed, escaped when shown
    for url in [f"/produk/{product.slug}", f"/kelola/produk/{product.id}", "/kelola/produk"]:
        page = web.get(url).text
        assert evil not in page
        assert "&lt;script&gt;" in page


def test_an_archived_product_leaves_the_shop_but_the_manager_can_preview_it(
    web, db_session, manager, shop
):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    form_for(web.get(url), f"{url}/status").submit().follow()  # the archive button
    assert fresh(db_session, product).status is ProductStatus.ARCHIVED
    assert web.get(f"/produk/{product.slug}", status=404)
    preview = web.get(f"{url}/pratinjau")
    assert "Pratinjau" in preview.text


def test_product_list_filters(web, db_session, manager, shop):
    factories.product(
        db_session, gallery=shop["gallery"], member=shop["member"], name="Banyak Stok", stock=50
    )
    db_session.commit()
    page = web.get("/kelola/produk?low=1").text
    assert shop["product"].name in page and "Banyak Stok" not in page
    page = web.get("/kelola/produk?q=banyak").text
    assert "Banyak Stok" in page and shop["product"].name not in page
    for bad in ["gallery=abc", "status=xx", "member=99999999999", "page=-4"]:
        assert web.get(f"/kelola/produk?{bad}").status_int == 200


def test_oversized_upload_gets_413_in_the_layout_with_the_limit(
    app, web, db_session, manager, shop
):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    form = form_for(web.get(url), f"{url}/foto")
    form["photo"] = webtest.Upload("big.jpg", b"x" * 300_000, "image/jpeg")
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    try:
        response = form.submit(status=413)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    page = response.text
    assert 'class="site-header"' in page and "terlalu besar" in page and "MB" in page
    count = select(func.count()).where(ProductImage.product_id == product.id)
    assert db_session.scalar(count) == 0
