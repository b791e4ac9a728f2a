"""A shopper on a phone: home, a gallery, a product, a search — in real Chromium."""

from __future__ import annotations

import re

from tests.browser.conftest import SCREENSHOTS


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def test_browse_gallery_product_and_search(phone, base_url):
    errors: list[str] = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    phone.goto(base_url + "/")
    assert phone.locator("h1").first.inner_text().startswith("Produk lokal")
    shot(phone, "home-phone")

    phone.locator(".gallery-card a").first.click()
    phone.wait_for_load_state()
    assert "/galeri/" in phone.url
    gallery_name = phone.locator("h1").inner_text()
    assert phone.locator("a.whatsapp").get_attribute("href").startswith("https://wa.me/62")
    shot(phone, "gallery-phone")

    phone.locator(".product-card a").first.click()
    phone.wait_for_load_state()
    assert "/produk/" in phone.url
    price = phone.locator(".price.big").inner_text()
    assert re.fullmatch(r"Rp \d{1,3}(\.\d{3})*", price)
    assert gallery_name in phone.locator(".facts").inner_text()
    image = phone.locator(".photos img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(phone, "product-phone")

    phone.fill("#q", "gula aren")
    phone.press("#q", "Enter")
    phone.wait_for_load_state()
    assert "/cari?q=gula+aren" in phone.url
    names = phone.locator(".product-card .name").all_inner_texts()
    assert names and any("gula aren" in n.lower() for n in names)
    shot(phone, "search-phone")
    assert errors == [], errors


def test_pages_fit_a_360px_screen_and_switch_to_english(phone, base_url):
    for path in ["/", "/kategori/kuliner", "/cari?q=keripik"]:
        phone.goto(base_url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
    phone.goto(base_url + "/")
    phone.locator("a.lang").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("#cat-title").inner_text() == "Categories"
