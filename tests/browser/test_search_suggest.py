"""The search box's suggestions on a 360-px phone in real Chromium: typing "gul" lists gula
products and the sugar category; the arrows choose, Enter opens, Escape closes."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(os.environ.get("GERAI_SUGGEST_SHOTS", "/tmp/suggest-shots"))


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def open_suggestions(page, base_url: str, text: str):  # type: ignore[no-untyped-def]
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially(text, delay=40)
    options = page.locator("#q-suggest [role=option]")
    options.first.wait_for(state="visible")
    return options


def test_typing_gul_suggests_and_arrow_down_enter_opens_the_product(phone, base_url):
    errors: list[str] = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    options = open_suggestions(phone, base_url, "gul")
    box = phone.locator("#q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "q-suggest"
    assert phone.locator("#q-suggest").get_attribute("role") == "listbox"
    texts = options.all_inner_texts()
    assert "gula" in texts[0].lower() and "Rp " in texts[0]
    assert any(t.strip() == "Gula & Pemanis" for t in texts)
    assert phone.locator("#q-suggest .suggest-heading").first.inner_text().lower() == "produk"

    # it fits the phone, with rows a thumb can hit
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    listed = phone.locator("#q-suggest").bounding_box()
    assert listed is not None and listed["x"] >= 0 and listed["x"] + listed["width"] <= 360
    assert all(options.nth(i).bounding_box()["height"] >= 44 for i in range(options.count()))
    shot(phone, "suggest-gul-phone")

    phone.keyboard.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    shot(phone, "suggest-chosen-phone")
    url = first.get_attribute("data-url")
    phone.keyboard.press("Enter")
    phone.wait_for_url(base_url + url)
    assert "/produk/" in phone.url
    assert errors == [], errors


def test_escape_closes_and_enter_without_a_choice_searches(phone, base_url):
    open_suggestions(phone, base_url, "kripik")
    phone.keyboard.press("Escape")
    assert phone.locator("#q-suggest").is_hidden()
    assert phone.locator("#q").get_attribute("aria-expanded") == "false"
    assert phone.locator("#q").input_value() == "kripik"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/cari?q=kripik")


def test_a_tap_on_a_category_opens_it(phone, base_url):
    options = open_suggestions(phone, base_url, "gula pem")
    category = options.filter(has_text="Gula & Pemanis")
    category.tap()
    phone.wait_for_url("**/kategori/gula-pemanis")


def test_one_letter_or_nothing_found_shows_no_list(phone, base_url):
    phone.goto(base_url + "/")
    phone.locator("#q").press_sequentially("g", delay=40)
    phone.wait_for_timeout(400)
    assert phone.locator("#q-suggest").is_hidden()
    phone.locator("#q").press_sequentially("zzqx", delay=40)
    phone.wait_for_timeout(600)
    assert phone.locator("#q-suggest").is_hidden()
    assert phone.locator("#q").get_attribute("aria-expanded") == "false"
