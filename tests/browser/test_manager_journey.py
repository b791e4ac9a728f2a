"""A cooperative manager on a phone: log in, add a product with a photo, see it in the shop."""

from __future__ import annotations

from PIL import Image
from playwright.sync_api import expect

from demo import data as demo_data
from tests.browser.test_shop_journey import shot


def test_manager_adds_a_product_with_a_photo_and_sees_it_in_the_shop(phone, live, tmp_path):
    coop = demo_data.COOPERATIVES[0]
    email = f"pengelola.{coop.slug}@gerai.example"
    photo = tmp_path / "gula-semut.jpg"
    Image.new("RGB", (1200, 900), (150, 90, 40)).save(photo, "JPEG", quality=85)

    phone.goto(live.url + "/akun/masuk")
    phone.fill("#email", email)
    phone.fill("#password", live.demo_password(email))
    phone.click("main button[type=submit]")
    phone.wait_for_load_state()
    phone.goto(live.url + "/kelola/")
    assert coop.name in phone.locator(".console-coop").inner_text()

    phone.click("text=Tambah produk")
    phone.wait_for_load_state()
    phone.fill("#name", "Gula Semut Jahe Merah Uji Peramban")
    phone.select_option("#category_id", label="Gula & Pemanis")
    phone.fill("#price", "27.500")
    expect(phone.locator("[data-preview-price]")).to_have_text("Rp 27.500")
    phone.fill("#unit", "pouch 250 g")
    phone.fill("#weight_g", "270")
    phone.fill("#initial_stock", "15")
    shot(phone, "manager-new-product-phone")
    phone.click("form[data-preview] button[type=submit]")
    phone.wait_for_load_state()
    assert "/kelola/produk/" in phone.url
    expect(phone.locator("#stock-title")).to_contain_text("Stok: 15")

    phone.set_input_files("#photo", str(photo))
    phone.fill("#alt", "Gula semut jahe dalam pouch")
    phone.click("text=Unggah foto")
    phone.wait_for_load_state()
    expect(phone.locator(".photo-list img")).to_have_count(1)
    shot(phone, "manager-product-phone")

    phone.goto(live.url + "/cari?q=gula+semut+jahe+merah+uji")
    card = phone.locator(".product-card", has_text="Gula Semut Jahe Merah Uji Peramban")
    assert card.locator(".price").inner_text() == "Rp 27.500"
    image = card.locator("img")
    assert image.get_attribute("alt") == "Gula semut jahe dalam pouch"
    card.locator("a").click()
    phone.wait_for_load_state()
    assert phone.locator(".photos img").first.evaluate("i => i.complete && i.naturalWidth > 0")
