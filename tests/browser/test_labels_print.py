"""Shelf labels in real Chromium: A4 sheets of 3 x 7 labels, on screen and in print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import SCREENSHOTS

MANAGER = "pengelola.keranggan-mandiri@gerai.example"  # the demo cooperative with most products
MM = 96 / 25.4  # CSS pixels per millimetre


def demo_password(basetemp: Path, email: str) -> str:
    """The generated demo password, from the live server's credentials file."""
    for path in basetemp.glob("live*/instance/demo-accounts.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == email:
                return parts[2]
    pytest.fail(f"no demo password for {email}")


@pytest.fixture
def desk(browser, base_url, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A desktop page with the demo manager logged in, in English."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(base_url + "/bahasa/en")
    page.goto(base_url + "/akun/masuk")
    page.fill("#email", MANAGER)
    page.fill("#password", demo_password(tmp_path_factory.getbasetemp(), MANAGER))
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    yield page
    context.close()


def box_mm(locator) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    return round(box["width"] / MM, 1), round(box["height"] / MM, 1)


def test_labels_print_as_a4_sheets_of_three_by_seven(desk, base_url):
    errors: list[str] = []
    desk.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    desk.goto(base_url + "/kelola/label")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    desk.screenshot(path=str(SCREENSHOTS / "labels-choose.png"))
    select_all = desk.locator("[data-select-all]")
    assert select_all.is_visible(), "labels.js did not run"
    select_all.check()
    boxes = desk.locator("input[name=ids]")
    chosen = boxes.count()
    assert chosen > 21  # enough for a second sheet
    assert all(boxes.nth(i).is_checked() for i in range(chosen))
    desk.fill("#copies", "1")
    desk.locator("[data-labels-form] button[type=submit]").click()
    desk.wait_for_load_state()
    assert "/kelola/label/cetak?" in desk.url

    labels = desk.locator(".label")
    assert labels.count() == chosen
    assert desk.locator(".sheet").count() == -(-chosen // 21)
    assert box_mm(desk.locator(".sheet").first) == (210.0, 296.9)
    assert box_mm(labels.first) == (70.0, 42.3)
    assert box_mm(desk.locator(".label svg").first) == (26.0, 26.0)
    assert re.fullmatch(r"Rp \d{1,3}(\.\d{3})*", labels.first.locator(".label-price").inner_text())
    third, fourth = labels.nth(2).bounding_box(), labels.nth(3).bounding_box()
    assert fourth["x"] < third["x"] and fourth["y"] > third["y"]  # three labels per row
    assert desk.locator("[data-print]").is_visible()
    desk.screenshot(path=str(SCREENSHOTS / "labels-screen.png"))

    desk.emulate_media(media="print")
    assert not desk.locator(".labels-toolbar").is_visible()
    assert desk.locator(".sheet").first.bounding_box()["y"] == 0
    desk.locator(".sheet").first.screenshot(path=str(SCREENSHOTS / "labels-print.png"))
    pdf = desk.pdf(prefer_css_page_size=True, print_background=True)
    (SCREENSHOTS / "labels.pdf").write_bytes(pdf)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    assert len(pages) == desk.locator(".sheet").count()
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}  # A4 in pt
    assert errors == [], errors
