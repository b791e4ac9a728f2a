"""A shopper on a phone: search, add from two galleries, check out with COD, see the order."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_shop_journey import shot


def add_first_result(phone, base: str, query: str, skip_gallery: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """Search, open the first in-stock result (of another gallery), add it; its gallery."""
    phone.goto(f"{base}/cari?q={query}")
    for link in phone.locator(".product-card a").all():
        phone.goto(base + link.get_attribute("href"))
        gallery = phone.locator(".facts a").first.inner_text()
        if gallery != skip_gallery and phone.locator("form.add-to-cart").count():
            phone.locator("form.add-to-cart button").click()
            phone.wait_for_load_state()
            return gallery
        phone.go_back()
    raise AssertionError(f"nothing to add for {query!r}")


def test_search_add_from_two_galleries_and_pay_cash_on_delivery(phone, live):
    first = add_first_result(phone, live.url, "gula+aren")
    second = add_first_result(phone, live.url, "batik", skip_gallery=first)
    assert first != second

    phone.goto(live.url + "/keranjang/")
    expect(phone.locator(".cart-group")).to_have_count(2)
    shot(phone, "cart-phone")
    phone.locator("a", has_text="Lanjut ke pembayaran").click()
    phone.wait_for_load_state()

    phone.fill("#name", "Rina Pembeli Peramban")
    phone.fill("#phone", "0812-3456-7890")
    for radio in phone.locator("input[type=radio][value=pickup]").all():
        radio.check()
    phone.locator("input[name=payment_method][value=cod]").check()
    shot(phone, "checkout-phone")
    phone.locator("button[value=place]").click()
    phone.wait_for_load_state()

    assert re.search(r"/pesanan/GR-[0-9A-Z]{6}\?token=", phone.url)
    expect(phone.locator("h1")).to_contain_text("Pesanan GR-")
    expect(phone.locator(".panel h2")).to_have_count(2)
    expect(phone.locator("body")).to_contain_text("Pesanan diterima galeri")
    shot(phone, "order-phone")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
