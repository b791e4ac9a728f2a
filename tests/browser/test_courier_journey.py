"""An ojek courier on a phone: a shopper orders with delivery and COD from the first demo gallery,
its manager packs it, the gallery's demo courier claims, picks up and delivers it collecting the
cash, and the shopper's order page says it has arrived."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from playwright.sync_api import expect

from demo import data as demo_data
from tests.browser.conftest import PHONE
from tests.browser.test_shop_journey import shot

GALLERY = demo_data.GALLERIES[0]
COURIER = f"kurir.{GALLERY.slug}@gerai.example"
MANAGER = f"pengelola.{GALLERY.cooperative_slug}@gerai.example"


@contextlib.contextmanager
def another_phone(browser) -> Iterator:  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, live, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live.url + "/akun/masuk")
    page.fill("#email", email)
    page.fill("#password", live.demo_password(email))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def order_with_delivery_and_cod(phone, live) -> str:  # type: ignore[no-untyped-def]
    """The shopper's part: one product of the gallery, ojek delivery, cash on delivery."""
    phone.goto(f"{live.url}/galeri/{GALLERY.slug}")
    for link in phone.locator(".product-card a").all():
        phone.goto(live.url + link.get_attribute("href"))
        if phone.locator("form.add-to-cart").count():
            break
        phone.go_back()
    phone.locator("form.add-to-cart button").click()
    phone.wait_for_load_state()
    phone.goto(live.url + "/keranjang/")
    phone.locator("a", has_text="Lanjut ke pembayaran").click()
    phone.wait_for_load_state()
    phone.fill("#name", "Rina Pembeli Kurir")
    phone.fill("#phone", "0812-3456-7890")
    phone.select_option("#kelurahan_id", label=GALLERY.kelurahan_name)
    phone.fill("#address", "Jl. Kampung Keranggan No. 40, pagar hijau")
    phone.locator("button[value=quote]").click()
    phone.wait_for_load_state()
    phone.locator("input[type=radio][value=delivery]").check()
    phone.locator("input[name=payment_method][value=cod]").check()
    phone.locator("button[value=place]").click()
    phone.wait_for_load_state()
    match = re.search(r"/pesanan/(GR-[0-9A-Z]{6})\?token=", phone.url)
    assert match, phone.url
    return match.group(1)


def pack_and_make_ready(page, live, code: str) -> None:  # type: ignore[no-untyped-def]
    log_in(page, live, MANAGER)
    page.goto(live.url + "/kelola/pengiriman")
    page.locator("a", has_text=code).click()
    page.wait_for_load_state()
    for status in ("packing", "ready"):
        page.locator(f"form:has(input[name=status][value={status}]) button").click()
        page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Siap")


def test_courier_claims_picks_up_and_delivers_with_cash(phone, browser, live):
    code = order_with_delivery_and_cod(phone, live)
    order_url = phone.url
    with another_phone(browser) as manager:
        pack_and_make_ready(manager, live, code)

    with another_phone(browser) as courier:
        log_in(courier, live, COURIER)
        courier.goto(live.url + "/kurir/")
        job = courier.locator(".courier-job", has_text=code)
        expect(job).to_be_visible()
        cash = job.locator("strong").inner_text()  # "Tagih Rp 33.000" / "Collect Rp 33.000"
        amount = re.search(r"Rp\s?([\d.]+)", cash).group(1)
        shot(courier, "courier-jobs-phone")
        job.locator("input[name=plate]").fill("B 3456 TNG")
        job.locator("button[type=submit]").click()
        courier.wait_for_load_state()
        assert re.search(r"/kurir/\d+$", courier.url)
        maps = courier.locator("a[href^='https://www.google.com/maps/search/?api=1&query=']")
        expect(maps).to_have_count(2)
        expect(courier.locator("a[href^='https://wa.me/']")).to_have_count(2)
        shot(courier, "courier-job-phone")

        courier.locator("form[action$='/diambil'] button").click()
        courier.wait_for_load_state()
        field = courier.locator("form.delivered-form input[name=cod_collected]")
        expect(field).to_have_value(amount.replace(".", ""))
        field.fill(amount)  # typed the Indonesian way, "33.000"
        shot(courier, "courier-deliver-phone")
        courier.locator("form.delivered-form button[type=submit]").click()
        courier.wait_for_load_state()
        assert courier.url.endswith("/kurir/")
        expect(courier.locator(".courier-cash .price")).to_contain_text(f"Rp {amount}")
        assert courier.evaluate("document.documentElement.scrollWidth") <= 360

    phone.goto(order_url)
    section = phone.locator(".panel", has_text=GALLERY.name)
    expect(section).to_contain_text("Sudah sampai")
    expect(section).to_contain_text("B 3456 TNG")
    shot(phone, "order-delivered-phone")
