"""A shopper who mistypes, in real Chromium: "kripik pisng" in the header box → did you mean →
a kecamatan facet → a sold-out snack → the place form → a like snack in stock at another
gallery, nearest first. On a 360-px phone, and once on a 1280-px screen where the filters
stand beside the results."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

SHOTS = Path(os.environ.get("GERAI_JOURNEY_SHOTS", "/tmp/journey-shots"))

# From the demo catalogue: the Setu gallery's chocolate banana chips are sold out, and a
# banana-chip product of the same category is in stock at the Pondok Aren gallery.
TYPO = "kripik pisng"
SOLD_OUT = "Keripik Pisang Cokelat"
SOLD_OUT_GALLERY = "Galeri UMKM Setu"
FACET = "Setu"  # the kecamatan of the sold-out product's gallery
KELURAHAN = "Jurang Mangu Barat"  # in Pondok Aren, far from Setu


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def count_of(text: str) -> int:
    """The number in "6 produk ditemukan" or in a facet's "Setu (5)"."""
    found = re.search(r"(\d[\d.]*)", text)
    assert found, text
    return int(found.group(1).replace(".", ""))


def fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def search_from_home(page: Page, base_url: str) -> None:
    """Type the typo into the header box, suggestions and all, and press Enter unchosen."""
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially(TYPO, delay=40)
    page.locator("#q-suggest").wait_for(state="visible")  # autocomplete had its say
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari?q=kripik+pisng")
    expect(page.locator("h1")).to_contain_text(TYPO)


def follow_did_you_mean(page: Page) -> str:
    """Click the corrected query; return it as the link shows it."""
    line = page.locator(".did-you-mean")
    expect(line).to_contain_text("Menampilkan hasil untuk")
    link = line.get_by_role("link")
    corrected = link.inner_text().strip("‘’")
    assert re.fullmatch(r"k(e)?ripik pisang", corrected), corrected
    link.click()
    page.wait_for_url(re.compile(r"/cari\?q=k(e)?ripik\+pisang$"))
    expect(page.locator("h1")).to_contain_text(corrected)
    expect(page.locator(".did-you-mean")).to_have_count(0)
    return corrected


def choose_facet(page: Page, *, wide: bool) -> None:
    """Open "Saring" (a closed block on a phone, always open beside the results when wide),
    click the kecamatan, see the results narrow to its count and a chip to remove it."""
    before = count_of(page.locator(".result-count").inner_text())
    summary = page.locator(".search-filters summary")
    if wide:
        expect(summary).to_be_hidden()
    else:
        expect(summary).to_have_text("Saring")
        summary.click()
    kecamatan = page.locator(".facet").filter(has=page.get_by_role("heading", name="Kecamatan"))
    value = kecamatan.get_by_role("link", name=re.compile(rf"^{FACET} \(\d+\)$"))
    expect(value).to_be_visible()
    expected = count_of(value.inner_text())
    assert expected < before, (expected, before)
    value.click()
    page.wait_for_url(f"**&kecamatan={FACET.lower()}")
    expect(page.locator(".result-count")).to_have_text(f"{expected} produk ditemukan")
    chip = page.locator(".chosen-filters").get_by_role("link", name=re.compile(FACET))
    expect(chip).to_be_visible()
    expect(page.locator(".chosen-filters")).to_contain_text("Hapus semua filter")
    expect(page.locator(".product-card")).to_have_count(expected)


def open_sold_out(page: Page) -> None:
    card = page.locator(".product-card").filter(has_text=SOLD_OUT)
    expect(card.locator(".sold-out")).to_have_text("Habis")
    card.get_by_role("link").click()
    page.wait_for_url("**/produk/keripik-pisang-cokelat")
    expect(page.locator("h1")).to_have_text(SOLD_OUT)
    expect(page.locator(".stock.out")).to_contain_text("Habis")
    expect(page.locator("form.add-to-cart")).to_have_count(0)
    expect(page.get_by_role("heading", name="Pilihan lain yang masih tersedia")).to_be_visible()


def choose_place(page: Page) -> list[float]:
    """Pick a kelurahan, submit, and read the distances the alternatives now show."""
    page.locator(".stock.out").get_by_role("link", name="Pilihan lain yang masih tersedia").click()
    page.get_by_label("Kelurahan Anda").select_option(label=KELURAHAN)
    page.get_by_role("button", name="Tampilkan yang terdekat").click()
    page.wait_for_url(re.compile(r"/produk/keripik-pisang-cokelat\?kelurahan=\d+#elsewhere$"))
    expect(page.locator(".place-note")).to_contain_text(f"Yang terdekat dari {KELURAHAN}")
    expect(page.get_by_label("Kelurahan Anda")).to_have_value(re.compile(r"\d+"))
    alternatives = page.locator(".alternative")
    distances = alternatives.locator(".distance").all_inner_texts()
    assert distances and len(distances) == alternatives.count(), distances
    assert all(re.fullmatch(r"\d+(,\d)? km", d) for d in distances), distances
    return [float(d.removesuffix(" km").replace(",", ".")) for d in distances]


def open_first_alternative(page: Page, distances: list[float]) -> None:
    """The first alternative is the nearest, of another gallery, and can be bought."""
    first = page.locator(".alternative").first
    assert distances[0] == min(distances), distances
    meta = first.locator(".meta").inner_text()
    assert not meta.startswith(SOLD_OUT_GALLERY), meta
    name = first.locator(".name").inner_text()
    assert name != SOLD_OUT and "Pisang" in name, name
    first.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/produk/[a-z0-9-]+$"))
    expect(page.locator("h1")).to_have_text(name)
    gallery = page.locator(".facts a").first
    expect(gallery).not_to_have_text(SOLD_OUT_GALLERY)
    assert meta.startswith(gallery.inner_text()), (meta, gallery.inner_text())
    expect(page.locator(".stock.in")).to_contain_text("Stok tersedia")
    expect(page.locator("form.add-to-cart button")).to_be_enabled()
    expect(page.locator("form.add-to-cart button")).to_have_text("Masukkan keranjang")


def test_typo_did_you_mean_facet_sold_out_and_the_nearest_other_gallery(
    phone: Page, base_url: str
) -> None:
    errors: list[str] = []
    phone.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    search_from_home(phone, base_url)
    fits(phone, 360)
    shot(phone, "1-typo-phone")
    follow_did_you_mean(phone)
    shot(phone, "2-corrected-phone")
    choose_facet(phone, wide=False)
    fits(phone, 360)
    shot(phone, "3-facet-phone")
    open_sold_out(phone)
    fits(phone, 360)
    shot(phone, "4-sold-out-phone")
    distances = choose_place(phone)
    shot(phone, "5-nearest-phone")
    open_first_alternative(phone, distances)
    fits(phone, 360)
    shot(phone, "6-in-stock-phone")
    assert errors == [], errors


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    """A page the size of a 1280-px laptop screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def test_the_same_journey_on_a_wide_screen_with_the_filters_beside_the_results(
    desktop: Page, base_url: str
) -> None:
    search_from_home(desktop, base_url)
    follow_did_you_mean(desktop)
    choose_facet(desktop, wide=True)
    shot(desktop, "3-facet-desktop")
    open_sold_out(desktop)
    open_first_alternative(desktop, choose_place(desktop))
    shot(desktop, "6-in-stock-desktop")
