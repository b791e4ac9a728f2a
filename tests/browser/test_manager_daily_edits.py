"""A cooperative manager's daily edits in real Chromium, through the real pages, each checked in
what the page says and in the database; and the two shop layouts those edits end up in (several
photos on a phone, the home page on a desktop)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import (
    Cooperative,
    Gallery,
    Member,
    MovementKind,
    Product,
    ProductStatus,
    StockMovement,
)
from demo import data as demo_data
from tests.browser.conftest import SCREENSHOTS
from tests.live import LiveServer

COOP = demo_data.COOPERATIVES[1]  # not the one test_manager_journey adds a product to
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
DETAILS_SAVE = "form[data-preview] button[type=submit]"


def shot(page: Page, name: str) -> None:
    """A full-page screenshot, to look at (GERAI_SCREENSHOTS, /tmp/gerai-screenshots)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, live: LiveServer, email: str) -> None:
    page.goto(live.url + "/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", live.demo_password(email))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def post(page: Page, button: str) -> None:
    """Click a form's submit button: the POST must be accepted (a redirect), never a 4xx/5xx."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click(button)
    page.wait_for_load_state()
    assert answer.value.status == 302, (button, answer.value.status, page.url)


def fresh(live_db: Session, model: type, row_id: int):  # type: ignore[no-untyped-def]
    """The row as the server left it (a new read transaction sees its commits)."""
    live_db.rollback()
    return live_db.get(model, row_id)


def shop_status(page: Page, live: LiveServer, slug: str) -> int:
    return page.request.get(f"{live.url}/produk/{slug}").status


def photo(tmp_path: Path, n: int) -> str:
    path = tmp_path / f"foto-{n}.jpg"
    Image.new("RGB", (900, 900), (140 + 30 * n, 90, 40 + 20 * n)).save(path, "JPEG", quality=85)
    return str(path)


def success(page: Page) -> str:
    return page.locator(".flash-success").inner_text()


def test_manager_daily_edits(browser, phone: Page, live: LiveServer, live_db: Session, tmp_path):
    phone.set_viewport_size(PHONE)
    coop = live_db.scalars(select(Cooperative).where(Cooperative.slug == COOP.slug)).one()
    gallery = live_db.scalars(
        select(Gallery).where(Gallery.cooperative_id == coop.id).order_by(Gallery.id)
    ).first()
    product = live_db.scalars(
        select(Product)
        .where(Product.gallery_id == gallery.id, Product.status == ProductStatus.ACTIVE)
        .order_by(Product.id)
    ).first()
    member = live_db.scalars(
        select(Member).where(Member.cooperative_id == coop.id).order_by(Member.id)
    ).first()
    email = f"pengelola.{COOP.slug}@gerai.example"
    log_in(phone, live, email)
    edit_url = f"{live.url}/kelola/produk/{product.id}"

    # 1. price and description of a product: saved (not refused with HTTP 400), and in the shop
    phone.goto(edit_url)
    phone.fill("#price", "31.500")
    phone.fill("#description", "Resep baru: lebih renyah, cabai dari Setu.")
    post(phone, DETAILS_SAVE)
    assert phone.url == edit_url
    assert success(phone) == f"{product.name} disimpan."
    saved = fresh(live_db, Product, product.id)
    assert (saved.price, saved.description) == (
        31_500,
        "Resep baru: lebih renyah, cabai dari Setu.",
    )
    phone.goto(f"{live.url}/produk/{saved.slug}")
    assert phone.locator(".price.big").inner_text() == "Rp 31.500"

    # 2. a new product kept as a draft, given three photos, then published
    phone.goto(f"{live.url}/kelola/produk/baru?gallery={gallery.id}")
    phone.fill("#name", "Kripik Tempe Uji")
    phone.select_option("#category_id", label="Kuliner")
    phone.select_option("#member_id", value=str(member.id))
    phone.fill("#price", "12.000")
    phone.fill("#unit", "bungkus 150 g")
    phone.fill("#initial_stock", "9")
    phone.select_option("#status", value="draft")
    post(phone, DETAILS_SAVE)
    assert success(phone) == "Kripik Tempe Uji ditambahkan. Sekarang tambahkan fotonya."
    draft_id = int(phone.url.rstrip("/").rsplit("/", 1)[1])
    draft = fresh(live_db, Product, draft_id)
    assert (draft.status, draft.stock, draft.gallery_id) == (ProductStatus.DRAFT, 9, gallery.id)
    assert shop_status(phone, live, draft.slug) == 404
    for n in range(1, 4):
        phone.set_input_files("#photo", photo(tmp_path, n))
        phone.fill("#alt", f"Kripik tempe, foto {n}")
        post(phone, "text=Unggah foto")
        assert success(phone) == "Foto ditambahkan."
    assert len(fresh(live_db, Product, draft_id).images) == 3
    phone.select_option("#status", value="active")
    post(phone, DETAILS_SAVE)
    assert success(phone) == "Kripik Tempe Uji disimpan."
    assert fresh(live_db, Product, draft_id).status == ProductStatus.ACTIVE
    assert shop_status(phone, live, draft.slug) == 200
    shot(phone, "daily-product-edit-phone")

    # the shop's page of a product with three photos on a 360×740 phone: price and button on
    # the first screen, the photos side by side in a strip that scrolls sideways
    phone.goto(f"{live.url}/produk/{draft.slug}")
    images = phone.locator(".photos img")
    expect(images).to_have_count(3)
    first, second = images.nth(0).bounding_box(), images.nth(1).bounding_box()
    assert second["y"] == first["y"] and second["x"] > first["x"]
    for selector in [".price.big", ".add-to-cart button"]:
        box = phone.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], (selector, box)
    strip = phone.locator(".photos")
    assert strip.evaluate("s => s.scrollWidth > s.clientWidth")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert images.nth(0).get_attribute("loading") is None
    assert images.nth(2).get_attribute("loading") == "lazy"
    shot(phone, "daily-shop-product-photos-phone")

    # 3. archive it (gone from the shop) and put it back
    phone.goto(f"{live.url}/kelola/produk/{draft_id}")
    post(phone, "button:has-text('Arsipkan (hapus dari toko)')")
    assert success(phone) == "Kripik Tempe Uji: status diubah."
    assert fresh(live_db, Product, draft_id).status == ProductStatus.ARCHIVED
    assert shop_status(phone, live, draft.slug) == 404
    post(phone, "button:has-text('Tampilkan lagi di toko')")
    assert success(phone) == "Kripik Tempe Uji: status diubah."
    assert fresh(live_db, Product, draft_id).status == ProductStatus.ACTIVE
    assert shop_status(phone, live, draft.slug) == 200

    # 4. a member's story and own commission rate; the stored phone number is kept as it was
    phone_before = member.phone
    phone.goto(f"{live.url}/kelola/anggota")
    phone.click(f"a[href$='/kelola/anggota/{member.id}']")
    phone.wait_for_load_state()
    phone.fill("#story", "Usaha keluarga sejak 2009, kini dengan tiga karyawan.")
    phone.fill("#commission_rate_percent", "7")
    post(phone, "form.panel button[type=submit]")
    assert success(phone) == f"Anggota {member.business_name} disimpan."
    edited = fresh(live_db, Member, member.id)
    assert edited.story == "Usaha keluarga sejak 2009, kini dengan tiga karyawan."
    assert (edited.commission_rate_percent, edited.phone) == (7, phone_before)

    # 5. stock brought in, with a note
    level = fresh(live_db, Product, product.id).stock
    phone.goto(edit_url)
    restock = "form[action$='/stok/tambah']"
    phone.fill(f"{restock} input[name=quantity]", "5")
    phone.fill(f"{restock} input[name=reason]", "setoran Bu Sri")
    post(phone, f"{restock} button[type=submit]")
    assert success(phone) == f"Stok sekarang {level + 5}."
    expect(phone.locator("#stock-title")).to_have_text(f"Stok: {level + 5}")
    assert fresh(live_db, Product, product.id).stock == level + 5
    assert last_movement(live_db, product.id) == (MovementKind.RESTOCK, 5, "setoran Bu Sri")

    # 6. stock corrected after counting: refused without a reason, then done with one
    adjust = "form[action$='/stok/koreksi']"
    phone.fill(f"{adjust} input[name=new_level]", str(level + 3))
    with phone.expect_response(lambda r: r.request.method == "POST") as answer:
        phone.click(f"{adjust} button[type=submit]")
    phone.wait_for_load_state()
    assert answer.value.status == 400
    assert phone.locator(f"{adjust} .error").inner_text() == "Kolom ini wajib diisi."
    assert phone.input_value(f"{adjust} input[name=new_level]") == str(level + 3)  # kept
    assert fresh(live_db, Product, product.id).stock == level + 5
    phone.fill(f"{adjust} input[name=new_level]", str(level + 3))
    phone.fill(f"{adjust} input[name=reason]", "2 bungkus rusak")
    post(phone, f"{adjust} button[type=submit]")
    assert success(phone) == f"Stok sekarang {level + 3}."
    assert fresh(live_db, Product, product.id).stock == level + 3
    assert last_movement(live_db, product.id) == (MovementKind.ADJUST, -2, "2 bungkus rusak")
    shot(phone, "daily-stock-phone")

    # the same pages on a desktop, to look at
    desktop = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    try:
        log_in(desktop, live, email)
        desktop.goto(f"{live.url}/kelola/produk/{draft_id}")
        shot(desktop, "daily-product-edit-desktop")
        desktop.goto(f"{live.url}/produk/{draft.slug}")
        photos = desktop.locator(".photos img")
        big, small = photos.nth(0).bounding_box(), photos.nth(1).bounding_box()
        assert small["y"] > big["y"] and small["width"] < big["width"] / 2  # large over small
        shot(desktop, "daily-shop-product-photos-desktop")
    finally:
        desktop.context.close()


def last_movement(live_db: Session, product_id: int) -> tuple[MovementKind, int, str]:
    live_db.rollback()
    movement = live_db.scalars(
        select(StockMovement)
        .where(StockMovement.product_id == product_id)
        .order_by(StockMovement.id.desc())
    ).first()
    return movement.kind, movement.quantity, movement.reason


def test_home_page_uses_the_width_of_a_desktop_and_one_column_on_a_phone(browser, live):
    context = browser.new_context(viewport=DESKTOP, locale="id-ID")
    page = context.new_page()
    try:
        page.goto(live.url + "/")
        tops = [box["y"] for box in _card_boxes(page)]
        assert len(tops) > len(set(tops)), tops  # at least two gallery cards share a row
        assert len(set(tops)) < len(demo_data.GALLERIES) / 2  # not one card per row
        shot(page, "home-desktop")
        page.set_viewport_size(PHONE)
        lefts = {box["x"] for box in _card_boxes(page)}
        assert len(lefts) == 1, lefts  # one column
    finally:
        context.close()


def _card_boxes(page: Page) -> list[dict[str, float]]:
    return [card.bounding_box() for card in page.locator("#kecamatan .gallery-card").all()]
