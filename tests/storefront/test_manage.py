"""The manager console: members, products, photos, stock — scoped to one cooperative."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from catalog.models import Member, MovementKind, Product, ProductImage, ProductStatus, StockMovement
from tests import factories
from tests.storefront.manage_helpers import fresh, log_in_manager, post


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    """A cooperative with a gallery, a member, a category and one product."""
    gallery = factories.gallery(db_session)
    member = factories.member(db_session, cooperative=gallery.cooperative)
    category = factories.category(db_session)
    product = factories.product(
        db_session, gallery=gallery, member=member, category=category, stock=5, with_image=False
    )
    return {"gallery": gallery, "member": member, "category": category, "product": product}


@pytest.fixture
def manager(client, db_session, shop):  # type: ignore[no-untyped-def]
    return log_in_manager(client, db_session, shop["gallery"].cooperative)


def jpeg_bytes(size=(800, 600), color=(180, 90, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def product_form(shop, **overrides) -> dict:  # type: ignore[no-untyped-def]
    return {
        "gallery_id": shop["gallery"].id,
        "name": "Keripik Tempe Sagu Uji",
        "category_id": shop["category"].id,
        "member_id": shop["member"].id,
        "price": "18.000",
        "unit": "bungkus 200 g",
        "weight_g": "220",
        "description": "Renyah, gurih.",
        "status": "active",
        "initial_stock": "12",
    } | overrides


def test_dashboard_lists_own_galleries_and_low_stock(client, manager, shop):
    page = client.get("/kelola/").get_data(as_text=True)
    assert shop["gallery"].name in page
    assert shop["product"].name in page  # stock 5 is low


def test_add_member_with_phone_normalised(client, db_session, manager, shop):
    response = post(
        client,
        "/kelola/anggota/baru",
        {
            "owner_name": "Sri Wahyuni",
            "business_name": "Keripik Sri Rasa Uji",
            "phone": "0812-3456-7890",
            "nib": "1234567890123",
            "story": "<b>Sejak 2010</b>",
        },
        form_url="/kelola/anggota/baru",
    )
    assert response.status_code == 302
    member = db_session.scalar(select(Member).where(Member.business_name == "Keripik Sri Rasa Uji"))
    assert member.phone == "+6281234567890"
    assert member.cooperative_id == shop["gallery"].cooperative_id
    page = client.get("/kelola/anggota").get_data(as_text=True)
    assert "+62 812-3456-7890" in page


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("phone", "12345", "nomor telepon"),
        ("nib", "123", "13 digit"),
        ("business_name", "", "wajib"),
    ],
)
def test_add_member_refuses_bad_input(client, db_session, manager, field, value, message):
    before = db_session.scalar(select(func.count()).select_from(Member))
    data = {"owner_name": "Budi", "business_name": "Usaha Budi", "phone": "", "nib": ""}
    response = post(
        client, "/kelola/anggota/baru", data | {field: value}, form_url="/kelola/anggota/baru"
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True).lower()
    assert db_session.scalar(select(func.count()).select_from(Member)) == before


def test_duplicate_member_business_name_is_refused(client, db_session, manager, shop):
    data = {"owner_name": "X", "business_name": shop["member"].business_name}
    response = post(client, "/kelola/anggota/baru", data, form_url="/kelola/anggota/baru")
    assert response.status_code == 400
    assert "sudah" in response.get_data(as_text=True)


def test_deactivate_member(client, db_session, manager, shop):
    member = shop["member"]
    post(client, f"/kelola/anggota/{member.id}/status", form_url="/kelola/anggota")
    member = fresh(db_session, member)
    assert member.is_active is False


def test_add_product_with_thousands_separator_and_initial_stock_in_ledger(
    client, db_session, manager, shop
):
    response = post(
        client, "/kelola/produk/baru", product_form(shop), form_url="/kelola/produk/baru"
    )
    assert response.status_code == 302
    product = db_session.scalar(select(Product).where(Product.name == "Keripik Tempe Sagu Uji"))
    assert (product.price, product.stock, product.gallery_id) == (18000, 12, shop["gallery"].id)
    movement = db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == product.id)
    ).one()
    assert (movement.kind, movement.quantity, movement.actor_id) == (
        MovementKind.RESTOCK,
        12,
        manager.id,
    )
    assert client.get(f"/produk/{product.slug}").status_code == 200


@pytest.mark.parametrize(
    "overrides",
    [
        {"price": "-5"},
        {"price": "abc"},
        {"price": "0"},
        {"initial_stock": "-1"},
        {"initial_stock": "lima"},
        {"name": ""},
        {"weight_g": "-3"},
    ],
)
def test_add_product_refuses_bad_numbers_and_keeps_data(
    client, db_session, manager, shop, overrides
):
    before = db_session.scalar(select(func.count()).select_from(Product))
    response = post(
        client,
        "/kelola/produk/baru",
        product_form(shop, **overrides),
        form_url="/kelola/produk/baru",
    )
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert db_session.scalar(select(func.count()).select_from(Product)) == before


def test_duplicate_product_name_in_gallery_is_refused(client, manager, shop):
    response = post(
        client,
        "/kelola/produk/baru",
        product_form(shop, name=shop["product"].name),
        form_url="/kelola/produk/baru",
    )
    assert response.status_code == 400
    assert "sudah ada" in response.get_data(as_text=True)


def test_script_in_text_fields_is_rendered_escaped(client, db_session, manager, shop):
    evil = '<script>alert("x")</script>'
    post(
        client,
        "/kelola/produk/baru",
        product_form(shop, name=evil, description=evil),
        form_url="/kelola/produk/baru",
    )
    product = db_session.scalar(select(Product).where(Product.name == evil))
    for url in [f"/produk/{product.slug}", f"/kelola/produk/{product.id}", "/kelola/produk"]:
        page = client.get(url).get_data(as_text=True)
        assert evil not in page
        assert "&lt;script&gt;" in page


def test_edit_product_and_archive_removes_it_from_the_shop(client, db_session, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    data = product_form(shop, name="Nama Baru", price="21000")
    data.pop("initial_stock")
    assert post(client, url, data, form_url=url).status_code == 302
    product = fresh(db_session, product)
    assert (product.name, product.price, product.stock) == ("Nama Baru", 21000, 5)
    post(client, f"{url}/status", {"status": "archived"}, form_url=url)
    product = fresh(db_session, product)
    assert product.status is ProductStatus.ARCHIVED
    assert client.get(f"/produk/{product.slug}").status_code == 404
    preview = client.get(f"{url}/pratinjau")
    assert preview.status_code == 200 and "Pratinjau" in preview.get_data(as_text=True)


def test_product_list_filters(client, db_session, manager, shop):
    factories.product(
        db_session, gallery=shop["gallery"], member=shop["member"], name="Banyak Stok", stock=50
    )
    page = client.get("/kelola/produk?low=1").get_data(as_text=True)
    assert shop["product"].name in page and "Banyak Stok" not in page
    page = client.get("/kelola/produk?q=banyak").get_data(as_text=True)
    assert "Banyak Stok" in page and shop["product"].name not in page
    for bad in ["gallery=abc", "status=xx", "member=99999999999", "page=-4"]:
        assert client.get(f"/kelola/produk?{bad}").status_code == 200


def test_restock_and_adjust_write_the_ledger(client, db_session, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    assert (
        post(
            client, f"{url}/stok/tambah", {"quantity": "10", "reason": "setoran"}, form_url=url
        ).status_code
        == 302
    )
    assert (
        post(
            client, f"{url}/stok/koreksi", {"new_level": "12", "reason": "opname"}, form_url=url
        ).status_code
        == 302
    )
    product = fresh(db_session, product)
    assert product.stock == 12
    rows = db_session.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product.id)
        .order_by(StockMovement.id)
    ).all()
    assert [(m.kind, m.quantity, m.stock_after) for m in rows] == [
        (MovementKind.RESTOCK, 10, 15),
        (MovementKind.ADJUST, -3, 12),
    ]
    history = client.get(f"{url}/riwayat-stok").get_data(as_text=True)
    assert "opname" in history and manager.name in history


@pytest.mark.parametrize(
    "path,data",
    [
        ("stok/tambah", {"quantity": "-3"}),
        ("stok/tambah", {"quantity": "abc"}),
        ("stok/tambah", {"quantity": "0"}),
        ("stok/koreksi", {"new_level": "-1", "reason": "x"}),
        ("stok/koreksi", {"new_level": "3", "reason": ""}),
    ],
)
def test_stock_never_goes_below_zero_or_changes_without_reason(
    client, db_session, manager, shop, path, data
):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    response = post(client, f"{url}/{path}", data, form_url=url)
    assert response.status_code == 400
    product = fresh(db_session, product)
    assert product.stock == 5


def test_upload_photo_then_reorder_and_remove(client, db_session, manager, shop, media_root):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    for color in [(200, 100, 50), (50, 120, 60)]:
        response = post(
            client,
            f"{url}/foto",
            {"photo": (io.BytesIO(jpeg_bytes(color=color)), "foto.jpg"), "alt": "Keripik"},
            form_url=url,
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    db_session.expire_all()
    images = db_session.scalars(
        select(ProductImage)
        .where(ProductImage.product_id == product.id)
        .order_by(ProductImage.position)
    ).all()
    assert len(images) == 2 and images[0].variant_widths == [320, 640]
    first, second = images
    post(client, f"/kelola/foto/{second.id}/geser", {"direction": "up"}, form_url=url)
    db_session.expire_all()
    assert db_session.get(ProductImage, second.id).position == 0
    files = list(media_root.rglob(f"{first.content_hash}-*.webp"))
    assert files
    post(client, f"/kelola/foto/{first.id}/hapus", form_url=url)
    assert db_session.get(ProductImage, first.id) is None
    assert not any(f.exists() for f in files)


@pytest.mark.parametrize(
    "payload,name,message",
    [
        (b"this is not a photo", "foto.jpg", "bukan foto"),
        (b"GIF89a" + b"\x00" * 50, "foto.gif", "tidak diterima"),
    ],
)
def test_upload_refuses_non_photos(client, db_session, manager, shop, payload, name, message):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    response = post(
        client,
        f"{url}/foto",
        {"photo": (io.BytesIO(payload), name)},
        form_url=url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    count = select(func.count()).where(ProductImage.product_id == product.id)
    assert db_session.scalar(count) == 0


def test_truncated_jpeg_is_refused(client, db_session, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    data = jpeg_bytes(size=(1200, 900))
    response = post(
        client,
        f"{url}/foto",
        {"photo": (io.BytesIO(data[: len(data) // 2]), "a.jpg")},
        form_url=url,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "rusak" in response.get_data(as_text=True)


def test_oversized_upload_gets_413_in_the_layout_with_the_limit(app, client, manager, shop):
    product = shop["product"]
    url = f"/kelola/produk/{product.id}"
    app.config["MAX_CONTENT_LENGTH"] = 200_000
    try:
        response = post(
            client,
            f"{url}/foto",
            {"photo": (io.BytesIO(b"x" * 300_000), "big.jpg")},
            form_url=url,
            content_type="multipart/form-data",
        )
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert 'class="site-header"' in page and "terlalu besar" in page and "MB" in page
