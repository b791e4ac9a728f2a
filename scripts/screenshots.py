"""Screenshots of the main pages at phone (360 px) and desktop (1280 px) widths.

Usage: .venv/bin/python scripts/screenshots.py http://127.0.0.1:5000 /tmp/shots
Uses Debian's chromium (Playwright's own browser download does not work here).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "kecamatan": "/kecamatan/setu",
    "gallery": "/galeri/galeri-umkm-setu",
    "category": "/kategori/gula-pemanis",
    "search": "/cari?q=gula+aren",
    "product": None,  # the first search result
    "login": "/akun/masuk",
    "notfound": "/produk/tidak-ada",
}
SIZES = {"phone": (360, 780), "desktop": (1280, 900)}


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for size_name, (width, height) in SIZES.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1
            )
            page = context.new_page()
            for name, path in PAGES.items():
                if path is None:
                    page.goto(base + "/cari?q=gula+aren")
                    path = page.locator(".product-card a").first.get_attribute("href")
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}-{size_name}.png"), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
