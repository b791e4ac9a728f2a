"""The manager console's forms, submitted as the pages render them (WebTest).

Each form has a success test that re-reads the database and a refusal test that reads the
visible Indonesian reason and checks that nothing changed. The walker at the end submits every
form page blank and with one wrong value.
"""

from __future__ import annotations

import base64
import io

import pytest
import webtest
from PIL import Image
from sqlalchemy import func, select
from webtest import TestApp, TestResponse
from webtest.forms import Form

from accounts.models import Role
from catalog.models import Member, MovementKind, Product, ProductImage, ProductStatus, StockMovement
from orders.models import DeliveryMethod, OutboxMessage, OutboxStatus, ShipmentStatus
from tests import factories, webforms
from tests.catalog.test_importer import csv_bytes, row
from tests.storefront.manage_helpers import fresh, shop_with_a_product
from tests.storefront.test_manage_dispatch import dead_message
from tests.storefront.test_manage_shipments import new_order
from tests.webforms import assert_kept, errors, flash_text, form_for, submit_blank, submit_refused


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    return shop_with_a_product(db_session, status=ProductStatus.DRAFT)


@pytest.fixture
def manager(web, db_session, shop):  # type: ignore[no-untyped-def]
    return webforms.signed_in(
        web, db_session, role=Role.MANAGER, cooperative=shop["gallery"].cooperative
    )


def jpeg_bytes(size: tuple[int, int] = (800, 600), color: tuple = (180, 90, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG")
    return out.getvalue()


def button(page: TestResponse, action: str, **hidden: str) -> Form:
    """The button-only form posting to ``action`` whose hidden fields carry ``hidden``."""
    index = 0
    while True:
        form = form_for(page, action, index=index)
        if all(form[name].value == value for name, value in hidden.items()):
            return form
        index += 1


def saved(session, obj, **attrs):  # type: ignore[no-untyped-def]
    """Set ``attrs`` on the row and commit, so the next request sees them."""
    row = fresh(session, obj)
    for name, value in attrs.items():
        setattr(row, name, value)
    session.commit()
    return row


def count(session, model) -> int:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def product_url(shop) -> str:  # type: ignore[no-untyped-def]
    return f"/kelola/produk/{shop['product'].id}"


def with_photos(db_session, shop, web, *colors) -> list[ProductImage]:  # type: ignore[no-untyped-def]
    """Upload photos through the rendered photo form; the product's images, cover first."""
    url = product_url(shop)
    for color in colors:
        form = form_for(web.get(url), f"{url}/foto")
        form["photo"] = webtest.Upload("p.jpg", jpeg_bytes(color=color), "image/jpeg")
        form["alt"] = "Keripik"
        assert "Foto ditambahkan" in flash_text(form.submit().follow())
    db_session.expire_all()
    return list(
        db_session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id == shop["product"].id)
            .order_by(ProductImage.position)
        )
    )


# --- products --------------------------------------------------------------------------------


def fill_new_product(form: Form, shop, **values: str) -> None:  # type: ignore[no-untyped-def]
    fields = {
        "gallery_id": str(shop["gallery"].id),
        "name": "Keripik Tempe Sagu Uji",
        "category_id": str(shop["category"].id),
        "member_id": str(shop["member"].id),
        "price": "18.000",
        "unit": "bungkus 200 g",
        "weight_g": "220",
        "description": "Renyah, gurih.",
        "status": "active",
        "initial_stock": "12",
    } | values
    webforms.fill(form, fields)


def test_add_product_as_rendered_writes_the_product_and_its_opening_stock(
    web, db_session, manager, shop
):
    page = web.get(f"/kelola/produk/baru?gallery={shop['gallery'].id}")
    form = form_for(page, "/kelola/produk/baru")
    assert form["gallery_id"].value == str(shop["gallery"].id)
    fill_new_product(form, shop)
    landed = form.submit().follow()
    assert "ditambahkan" in flash_text(landed)
    db_session.expire_all()
    product = db_session.scalar(select(Product).where(Product.name == "Keripik Tempe Sagu Uji"))
    assert (product.price, product.stock, product.gallery_id) == (18_000, 12, shop["gallery"].id)
    movement = db_session.scalars(
        select(StockMovement).where(StockMovement.product_id == product.id)
    ).one()
    assert (movement.kind, movement.quantity, movement.actor_id) == (
        MovementKind.RESTOCK,
        12,
        manager.id,
    )


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("price", "abc", "rupiah bulat"),
        ("price", "0", "Angka harus antara"),
        ("initial_stock", "-1", "Angka harus antara"),
        ("initial_stock", "lima", "bilangan bulat"),
        ("weight_g", "-3", "Angka harus antara"),
        ("name", "", "wajib diisi"),
    ],
)
def test_add_product_refused_says_why_and_keeps_input(
    web, db_session, manager, shop, field, value, message
):
    before = count(db_session, Product)
    form = form_for(web.get("/kelola/produk/baru"), "/kelola/produk/baru")
    fill_new_product(form, shop)
    refused = submit_refused(form, **{field: value})
    assert any(message in text for text in errors(refused)), errors(refused)
    assert_kept(refused, "/kelola/produk/baru", {field: value, "unit": "bungkus 200 g"})
    assert count(db_session, Product) == before


def test_add_product_with_a_name_already_in_the_gallery_is_refused(web, db_session, manager, shop):
    before = count(db_session, Product)
    form = form_for(web.get("/kelola/produk/baru"), "/kelola/produk/baru")
    fill_new_product(form, shop, name=shop["product"].name)
    refused = submit_refused(form)
    assert any("sudah ada" in text for text in errors(refused)), errors(refused)
    assert count(db_session, Product) == before


def test_product_details_save_as_rendered(web, db_session, manager, shop):
    product = shop["product"]
    url = product_url(shop)
    form = form_for(web.get(url), url)
    form["price"] = "31.500"
    form["description"] = "Gula aren cetak, manis legit."
    form["status"] = "active"
    saved = form.submit().follow()
    assert "disimpan" in flash_text(saved)
    product = fresh(db_session, product)
    assert (product.price, product.status) == (31_500, ProductStatus.ACTIVE)
    assert product.description == "Gula aren cetak, manis legit."
    assert product.stock == 5  # stock only moves through the ledger forms


def test_product_details_refused_say_why_and_keep_input(web, db_session, manager, shop):
    product = shop["product"]
    url = product_url(shop)
    refused = submit_refused(
        form_for(web.get(url), url), price="dua puluh ribu", description="Baru"
    )
    assert any("rupiah" in message for message in errors(refused))
    assert_kept(refused, url, {"price": "dua puluh ribu", "description": "Baru"})
    assert fresh(db_session, product).price == 25_000
    submit_blank(form_for(web.get(url), url))
    assert fresh(db_session, product).name == product.name


def test_product_of_a_deactivated_member_can_still_be_edited(web, db_session, manager, shop):
    product, member = shop["product"], shop["member"]
    form = button(web.get("/kelola/anggota"), f"/kelola/anggota/{member.id}/status", active="0")
    form.submit().follow()
    assert fresh(db_session, member).is_active is False
    url = product_url(shop)
    form = form_for(web.get(url), url)
    assert form["member_id"].value == str(member.id)
    form["price"] = "27.000"
    assert "disimpan" in flash_text(form.submit().follow())
    product = fresh(db_session, product)
    assert (product.price, product.member_id) == (27_000, member.id)
    # A new product cannot be given to the member who left.
    new_form = form_for(web.get("/kelola/produk/baru"), "/kelola/produk/baru")
    assert str(member.id) not in [value for value, *_rest in new_form["member_id"].options]


def test_status_buttons_publish_archive_and_restore(web, db_session, manager, shop):
    product = shop["product"]
    url = product_url(shop)
    status_url = f"{url}/status"
    page = web.get(url)
    assert "Tampilkan di toko" in page.text
    assert "diubah" in flash_text(button(page, status_url, status="active").submit().follow())
    assert fresh(db_session, product).status is ProductStatus.ACTIVE
    assert web.get(f"/produk/{product.slug}").status_int == 200
    button(web.get(url), status_url, status="archived").submit().follow()
    assert fresh(db_session, product).status is ProductStatus.ARCHIVED
    assert web.get(f"/produk/{product.slug}", status=404)
    button(web.get(url), status_url, status="active").submit().follow()
    assert fresh(db_session, product).status is ProductStatus.ACTIVE


def test_a_status_button_pressed_on_a_stale_page_changes_nothing_and_says_so(
    web, db_session, manager, shop
):
    product = shop["product"]
    url = product_url(shop)
    stale = web.get(url)
    button(stale, f"{url}/status", status="archived").submit()
    assert fresh(db_session, product).status is ProductStatus.ARCHIVED
    landed = submit_refused(button(stale, f"{url}/status", status="archived"))
    assert "Tidak ada yang berubah" in flash_text(landed)
    assert fresh(db_session, product).status is ProductStatus.ARCHIVED


# --- stock -----------------------------------------------------------------------------------


def test_restock_and_correction_as_rendered_write_the_ledger(web, db_session, manager, shop):
    product = shop["product"]
    url = product_url(shop)
    form = form_for(web.get(url), f"{url}/stok/tambah")
    form["quantity"] = "10"
    form["reason"] = "setoran Bu Sri"
    assert "Stok sekarang 15" in flash_text(form.submit().follow())
    form = form_for(web.get(url), f"{url}/stok/koreksi")
    form["new_level"] = "12"
    form["reason"] = "opname"
    assert "Stok sekarang 12" in flash_text(form.submit().follow())
    assert fresh(db_session, product).stock == 12
    rows = db_session.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product.id)
        .order_by(StockMovement.id)
    ).all()
    assert [(m.kind, m.quantity, m.stock_after, m.reason) for m in rows] == [
        (MovementKind.RESTOCK, 10, 15, "setoran Bu Sri"),
        (MovementKind.ADJUST, -3, 12, "opname"),
    ]
    history = web.get(f"{url}/riwayat-stok").text
    assert "opname" in history and manager.name in history


@pytest.mark.parametrize(
    "action,values,message",
    [
        ("stok/tambah", {"quantity": "-3"}, "Angka harus antara"),
        ("stok/tambah", {"quantity": "abc"}, "bilangan bulat"),
        ("stok/tambah", {"quantity": "0"}, "Angka harus antara"),
        ("stok/koreksi", {"new_level": "-1", "reason": "x"}, "Angka harus antara"),
        ("stok/koreksi", {"new_level": "3", "reason": ""}, "wajib diisi"),
    ],
)
def test_stock_forms_refuse_visibly_keep_input_and_change_nothing(
    web, db_session, manager, shop, action, values, message
):
    url = product_url(shop)
    refused = submit_refused(form_for(web.get(url), f"{url}/{action}"), **values)
    assert any(message in text for text in errors(refused)), errors(refused)
    assert_kept(refused, f"{url}/{action}", values)
    assert fresh(db_session, shop["product"]).stock == 5
    assert not db_session.scalar(
        select(StockMovement).where(StockMovement.product_id == shop["product"].id)
    )


def test_after_a_refused_stock_form_the_details_form_still_saves_the_product(
    web, db_session, manager, shop
):
    """The refused page is served at the stock form's URL; the details form must not post
    there."""
    url = product_url(shop)
    refused = submit_refused(form_for(web.get(url), f"{url}/stok/tambah"), quantity="0")
    form = form_for(refused, url)
    form["price"] = "26.000"
    assert "disimpan" in flash_text(form.submit().follow())
    assert fresh(db_session, shop["product"]).price == 26_000


# --- photos ----------------------------------------------------------------------------------


def test_photo_upload_alt_move_and_remove_as_rendered(web, db_session, manager, shop, media_root):
    first, second = with_photos(db_session, shop, web, (200, 100, 50), (50, 120, 60))
    assert first.variant_widths == [320, 640] and first.alt == "Keripik"
    url = product_url(shop)
    form = form_for(web.get(url), f"/kelola/foto/{second.id}/alt")
    form["alt"] = "Keripik tempe dalam kemasan 200 g"
    assert "Keterangan foto disimpan" in flash_text(form.submit().follow())
    assert fresh(db_session, second).alt == "Keripik tempe dalam kemasan 200 g"
    button(web.get(url), f"/kelola/foto/{second.id}/geser", direction="up").submit().follow()
    assert fresh(db_session, second).position == 0
    files = list(media_root.rglob(f"{first.content_hash}-*.webp"))
    assert files
    landed = form_for(web.get(url), f"/kelola/foto/{first.id}/hapus").submit().follow()
    assert "Foto dihapus" in flash_text(landed)
    db_session.expire_all()
    assert db_session.get(ProductImage, first.id) is None
    assert not any(f.exists() for f in files)


@pytest.mark.parametrize(
    "payload,name,message",
    [
        (b"this is not a photo", "foto.jpg", "bukan foto"),
        (b"GIF89a" + b"\x00" * 50, "foto.gif", "tidak diterima"),
        (jpeg_bytes(size=(1200, 900))[:4000], "a.jpg", "rusak"),
    ],
)
def test_photo_upload_refuses_non_photos_visibly(
    web, db_session, manager, shop, payload, name, message
):
    url = product_url(shop)
    form = form_for(web.get(url), f"{url}/foto")
    refused = submit_refused(form, photo=webtest.Upload(name, payload), alt="Keripik")
    assert any(message in text for text in errors(refused)), errors(refused)
    assert_kept(refused, f"{url}/foto", {"alt": "Keripik"})
    assert not db_session.scalar(
        select(ProductImage).where(ProductImage.product_id == shop["product"].id)
    )


def test_photo_alt_too_long_is_refused_visibly(web, db_session, manager, shop):
    (image,) = with_photos(db_session, shop, web, (10, 20, 30))
    url = product_url(shop)
    refused = submit_refused(
        form_for(web.get(url), f"/kelola/foto/{image.id}/alt"), alt="panjang " * 40
    )
    assert "Keterangan foto tidak disimpan" in flash_text(refused)
    assert "maksimal 255" in flash_text(refused)
    assert fresh(db_session, image).alt == "Keripik"


def test_photo_buttons_on_a_stale_page_change_nothing_else(web, db_session, manager, shop):
    first, second = with_photos(db_session, shop, web, (1, 2, 3), (4, 5, 6))
    url = product_url(shop)
    stale = web.get(url)
    form_for(stale, f"/kelola/foto/{first.id}/hapus").submit()
    again = form_for(stale, f"/kelola/foto/{first.id}/hapus").submit(status=404)
    assert "Halaman tidak ditemukan" in again.text
    moved = button(stale, f"/kelola/foto/{second.id}/geser", direction="up").submit().follow()
    assert moved.status_int == 200
    db_session.expire_all()
    assert db_session.get(ProductImage, first.id) is None
    assert fresh(db_session, second).position == 0


# --- members ---------------------------------------------------------------------------------


def fill_member(form: Form, **values: str) -> None:
    fields = {
        "owner_name": "Sri Wahyuni",
        "business_name": "Keripik Sri Rasa Uji",
        "phone": "0812-3456-7890",
        "nib": "1234567890123",
        "commission_rate_percent": "",
        "story": "<b>Sejak 2010</b>",
    } | values
    webforms.fill(form, fields)


def test_add_member_as_rendered_normalises_the_phone(web, db_session, manager, shop):
    form = form_for(web.get("/kelola/anggota/baru"), "/kelola/anggota/baru")
    fill_member(form)
    landed = form.submit().follow()
    assert "Anggota Keripik Sri Rasa Uji ditambahkan" in flash_text(landed)
    db_session.expire_all()
    member = db_session.scalar(select(Member).where(Member.business_name == "Keripik Sri Rasa Uji"))
    assert member.phone == "+6281234567890" and member.nib == "1234567890123"
    assert member.cooperative_id == shop["gallery"].cooperative_id
    assert member.story == "<b>Sejak 2010</b>"
    page = web.get("/kelola/anggota").text
    assert "+62 812-3456-7890" in page and "<b>Sejak" not in page


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("phone", "12345", "nomor telepon"),
        ("nib", "123", "13 digit"),
        ("business_name", "", "wajib"),
        ("commission_rate_percent", "150", "Angka harus antara"),
    ],
)
def test_add_member_refused_says_why_and_keeps_input(
    web, db_session, manager, field, value, message
):
    before = count(db_session, Member)
    form = form_for(web.get("/kelola/anggota/baru"), "/kelola/anggota/baru")
    fill_member(form)
    refused = submit_refused(form, **{field: value})
    assert any(message in text.lower() or message in text for text in errors(refused))
    assert_kept(refused, "/kelola/anggota/baru", {field: value, "owner_name": "Sri Wahyuni"})
    assert count(db_session, Member) == before


def test_duplicate_member_business_name_is_refused(web, db_session, manager, shop):
    before = count(db_session, Member)
    form = form_for(web.get("/kelola/anggota/baru"), "/kelola/anggota/baru")
    fill_member(form, business_name=shop["member"].business_name)
    refused = submit_refused(form)
    assert any("sudah" in text for text in errors(refused))
    assert count(db_session, Member) == before


def test_edit_member_as_rendered(web, db_session, manager, shop):
    member = shop["member"]
    url = f"/kelola/anggota/{member.id}"
    form = form_for(web.get(url), url)
    assert form["business_name"].value == member.business_name
    form["business_name"] = "Dapur Bu Sri Uji"
    form["commission_rate_percent"] = "12"
    assert "Anggota Dapur Bu Sri Uji disimpan" in flash_text(form.submit().follow())
    member = fresh(db_session, member)
    assert (member.business_name, member.commission_rate_percent) == ("Dapur Bu Sri Uji", 12)


def test_edit_member_refused_keeps_input_and_changes_nothing(web, db_session, manager, shop):
    member = shop["member"]
    name = member.business_name
    url = f"/kelola/anggota/{member.id}"
    refused = submit_refused(form_for(web.get(url), url), nib="12", owner_name="Bu Sri")
    assert any("13 digit" in text for text in errors(refused))
    assert_kept(refused, url, {"nib": "12", "owner_name": "Bu Sri"})
    member = fresh(db_session, member)
    assert (member.business_name, member.nib) == (name, None)


def test_deactivate_and_reactivate_member_as_rendered(web, db_session, manager, shop):
    member = shop["member"]
    action = f"/kelola/anggota/{member.id}/status"
    landed = form_for(web.get("/kelola/anggota"), action).submit().follow()
    assert "dinonaktifkan" in flash_text(landed)
    assert fresh(db_session, member).is_active is False
    landed = form_for(web.get("/kelola/anggota"), action).submit().follow()
    assert "aktif kembali" in flash_text(landed)
    assert fresh(db_session, member).is_active is True


def test_deactivate_pressed_twice_on_a_stale_page_does_not_reactivate(
    web, db_session, manager, shop
):
    member = shop["member"]
    stale = web.get("/kelola/anggota")
    action = f"/kelola/anggota/{member.id}/status"
    form_for(stale, action).submit()
    assert fresh(db_session, member).is_active is False
    landed = submit_refused(form_for(stale, action))
    assert "Tidak ada yang berubah" in flash_text(landed)
    assert fresh(db_session, member).is_active is False


# --- import ----------------------------------------------------------------------------------


@pytest.fixture
def import_shop(db_session, shop):  # type: ignore[no-untyped-def]
    """The console's gallery with the member and category the importer's sheets name."""
    factories.member(
        db_session, cooperative=shop["gallery"].cooperative, business_name="Dapur Bu Sri"
    )
    factories.category(db_session, slug="camilan-uji", name="Camilan Uji", name_en="Test Snacks")
    return shop


def test_import_dry_run_then_apply_as_rendered(web, db_session, manager, import_shop):
    sheet = csv_bytes(row("Keripik Balado Impor"), row("Dodol Impor", stock="3"))
    before = count(db_session, Product)
    form = form_for(web.get("/kelola/impor"), "/kelola/impor")
    form["gallery_id"] = str(import_shop["gallery"].id)
    form["sheet"] = webtest.Upload("produk.csv", sheet, "text/csv")
    assert form["dry_run"].checked
    checked = form.submit()
    assert "Belum ada yang diubah" in checked.text
    assert count(db_session, Product) == before
    apply = form_for(checked, "/kelola/impor", index=0)
    apply["sheet"] = webtest.Upload("produk.csv", sheet, "text/csv")
    landed = apply.submit().follow()
    assert "Impor selesai" in flash_text(landed)
    assert count(db_session, Product) == before + 2
    dodol = db_session.scalar(select(Product).where(Product.name == "Dodol Impor"))
    assert (dodol.stock, dodol.gallery_id) == (3, import_shop["gallery"].id)


def test_import_refuses_bad_rows_and_a_missing_file_visibly(web, db_session, manager, import_shop):
    before = count(db_session, Product)
    form = form_for(web.get("/kelola/impor"), "/kelola/impor")
    form["dry_run"] = False
    refused = submit_refused(form, sheet=webtest.Upload("p.csv", csv_bytes(row(price_idr="x"))))
    assert "price_idr" in refused.text and errors(refused)
    assert count(db_session, Product) == before
    refused = submit_refused(form_for(web.get("/kelola/impor"), "/kelola/impor"))
    assert "Pilih berkas CSV atau XLSX" in " ".join(errors(refused))
    assert count(db_session, Product) == before


# --- shelf labels ----------------------------------------------------------------------------


def test_labels_form_as_rendered_prints_the_chosen_products(web, db_session, manager, shop):
    product = saved(db_session, shop["product"], status=ProductStatus.ACTIVE)
    form = form_for(web.get("/kelola/label"), "/kelola/label/cetak")
    form.get("ids", index=0).checked = True
    form["copies"] = "3"
    sheet = form.submit()
    assert sheet.text.count('<article class="label">') == 3
    assert product.name in sheet.text


def test_labels_form_without_a_choice_says_so(web, db_session, manager, shop):
    saved(db_session, shop["product"], status=ProductStatus.ACTIVE)
    refused = submit_refused(form_for(web.get("/kelola/label"), "/kelola/label/cetak"))
    assert "Pilih minimal satu produk" in flash_text(refused)


# --- courier settings ------------------------------------------------------------------------


def settings_url(shop) -> str:  # type: ignore[no-untyped-def]
    return f"/kelola/galeri/{shop['gallery'].id}/kurir"


def test_courier_settings_save_and_a_fee_change_keeps_the_endpoint(web, db_session, manager, shop):
    url = settings_url(shop)
    form = form_for(web.get(url), url)
    form["courier_endpoint_url"] = "https://ojek.example/gerai/deliveries"
    form["base_fee"] = "9.000"
    form["per_km_fee"] = "Rp 3.000"
    form["max_radius_km"] = "6,5"
    first = form.submit()
    assert "disimpan" in flash_text(first) and "whsec_" in first.text
    gallery = fresh(db_session, shop["gallery"])
    secret = gallery.courier_secret
    assert (gallery.base_fee, gallery.per_km_fee, gallery.max_radius_km) == (9000, 3000, 6.5)
    form = form_for(web.get(url), url)
    assert form["courier_endpoint_url"].value == "https://ojek.example/gerai/deliveries"
    form["base_fee"] = "10.000"
    assert "disimpan" in flash_text(form.submit().follow())
    gallery = fresh(db_session, gallery)
    assert gallery.base_fee == 10_000
    assert gallery.courier_endpoint_url == "https://ojek.example/gerai/deliveries"
    assert gallery.courier_secret == secret


@pytest.mark.parametrize(
    "field,value",
    [("courier_endpoint_url", "ftp://ojek.example/"), ("max_radius_km", "500")],
)
def test_courier_settings_refused_keep_input_and_change_nothing(
    web, db_session, manager, shop, field, value
):
    url = settings_url(shop)
    refused = submit_refused(form_for(web.get(url), url), **{field: value}, base_fee="7.000")
    assert errors(refused)
    assert_kept(refused, url, {field: value, "base_fee": "7.000"})
    gallery = fresh(db_session, shop["gallery"])
    assert (gallery.courier_endpoint_url, gallery.base_fee) == (None, shop["gallery"].base_fee)


def test_rotate_secret_as_rendered(web, db_session, manager, shop):
    url = settings_url(shop)
    old = "whsec_" + base64.b64encode(b"o" * 24).decode()
    saved(db_session, shop["gallery"], courier_secret=old)
    rotated = form_for(web.get(url), url, index=1).submit()
    assert "Kunci tanda tangan baru dibuat" in flash_text(rotated)
    gallery = fresh(db_session, shop["gallery"])
    assert gallery.courier_secret != old and gallery.courier_secret in rotated.text
    assert rotated.headers["Cache-Control"] == "no-store"


def test_rotate_secret_on_an_expired_page_is_explained_and_changes_nothing(
    web, db_session, manager, shop
):
    url = settings_url(shop)
    stale = web.get(url)
    web.reset()  # the session (and its CSRF token) is gone, as after a browser restart
    webforms.log_in(web, manager)
    refused = form_for(stale, url, index=1).submit(status=400)
    assert "kedaluwarsa" in refused.text
    assert fresh(db_session, shop["gallery"]).courier_secret is None


# --- courier dispatch and shipments ----------------------------------------------------------


def test_dead_letter_retry_as_rendered(web, db_session, manager, shop):
    gallery = saved(
        db_session,
        shop["gallery"],
        courier_endpoint_url="https://ojek.example/d",
        courier_secret="whsec_" + base64.b64encode(b"s" * 24).decode(),
    )
    message = dead_message(db_session, gallery)
    action = f"/kelola/kurir/pesan/{message.id}/ulang"
    landed = form_for(web.get("/kelola/kurir/gagal"), action).submit().follow()
    assert "Pesan diantrekan lagi" in flash_text(landed)
    message = fresh(db_session, message)
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)


def test_dead_letter_retry_without_an_endpoint_is_refused(web, db_session, manager, shop):
    message = dead_message(db_session, shop["gallery"])
    action = f"/kelola/kurir/pesan/{message.id}/ulang"
    refused = submit_refused(form_for(web.get("/kelola/kurir/gagal"), action))
    assert "alamat aplikasi kurir" in flash_text(refused)
    assert fresh(db_session, message).status is OutboxStatus.DEAD


@pytest.fixture
def shipment(db_session, shop):  # type: ignore[no-untyped-def]
    product = factories.product(
        db_session, gallery=fresh(db_session, shop["gallery"]), price=10_000, stock=10
    )
    db_session.commit()
    return new_order(db_session, product, DeliveryMethod.PICKUP).shipments[0]


def test_shipment_buttons_pack_ready_collect_as_rendered(web, db_session, manager, shipment):
    url = f"/kelola/pengiriman/{shipment.id}"
    for status in ("packing", "ready", "collected"):
        form = button(web.get(url), f"{url}/status", status=status)
        assert "Kiriman diperbarui" in flash_text(form.submit().follow())
        assert fresh(db_session, shipment).status is ShipmentStatus(status)
    assert fresh(db_session, shipment).cod_collected == shipment.cod_amount


def test_shipment_button_pressed_twice_is_refused_and_changes_nothing(
    web, db_session, manager, shipment
):
    url = f"/kelola/pengiriman/{shipment.id}"
    stale = web.get(url)
    button(stale, f"{url}/status", status="packing").submit()
    refused = submit_refused(button(stale, f"{url}/status", status="packing"))
    assert "Langkah itu tidak bisa sekarang" in flash_text(refused)
    assert fresh(db_session, shipment).status is ShipmentStatus.PACKING
    assert count(db_session, OutboxMessage) == 0


# --- the walker: every form page, blank and with one wrong value -----------------------------


def _walk_pages(shop, image_id: int) -> list[tuple[str, str, dict, bool]]:  # type: ignore[no-untyped-def]
    """(page, form action, one wrong value, whether the typed input must come back)."""
    product = product_url(shop)
    member = f"/kelola/anggota/{shop['member'].id}"
    settings = settings_url(shop)
    return [
        ("/kelola/produk/baru", "/kelola/produk/baru", {"price": "Rp dua puluh"}, True),
        (product, product, {"weight_g": "berat"}, True),
        (product, f"{product}/stok/tambah", {"quantity": "sepuluh"}, True),
        (product, f"{product}/stok/koreksi", {"new_level": "-4"}, True),
        (product, f"{product}/foto", {"photo": webtest.Upload("x.jpg", b"bukan")}, True),
        (product, f"/kelola/foto/{image_id}/alt", {"alt": "x" * 300}, False),
        ("/kelola/anggota/baru", "/kelola/anggota/baru", {"phone": "12"}, True),
        (member, member, {"commission_rate_percent": "seratus"}, True),
        ("/kelola/impor", "/kelola/impor", {"sheet": webtest.Upload("a.csv", b"x")}, False),
        ("/kelola/label", "/kelola/label/cetak", {"copies": "banyak"}, False),
        (settings, settings, {"per_km_fee": "tiga ribu"}, True),
    ]


BLANK_IS_FINE = {"/alt"}  # an empty photo description is allowed (it removes it)


def test_walker_every_manager_form_refuses_blank_and_wrong_input_visibly(
    web: TestApp, db_session, manager, shop
):
    (image,) = with_photos(db_session, shop, web, (9, 9, 9))
    saved(db_session, shop["product"], status=ProductStatus.ACTIVE)  # listed for labels
    for page_url, action, wrong, keep in _walk_pages(shop, image.id):
        if not action.endswith(tuple(BLANK_IS_FINE)):
            submit_blank(form_for(web.get(page_url), action))
        form = form_for(web.get(page_url), action)
        refused = submit_refused(form, **wrong)
        typed = {k: v for k, v in wrong.items() if isinstance(v, str)}
        if keep:
            assert_kept(refused, action, typed)
    db_session.expire_all()
    assert fresh(db_session, shop["gallery"]).courier_endpoint_url is None
    assert fresh(db_session, shop["product"]).stock == 5
