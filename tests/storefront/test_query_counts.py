"""No page's number of SQL queries grows with the number of products it shows."""

from __future__ import annotations

import pytest

from demo import data as demo_data
from storefront.extensions import cache

PAGES = [
    "/",
    "/cari?q=gula",
    "/kategori/kuliner",
    "/kecamatan/setu",
    "/galeri/" + demo_data.GALLERIES[0].slug,
    "/api/v1/products",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_depend_on_products_shown(app, client, count_queries, url):
    counts = {}
    for per_page in (2, 20):
        app.config["PER_PAGE"] = per_page
        path = url + ("&" if "?" in url else "?") + f"per_page={per_page}" if "api" in url else url
        with app.app_context():
            cache.clear()  # each page worked out afresh, not answered from the cache
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        counts[per_page] = counter.count
    app.config["PER_PAGE"] = 24
    assert counts[2] == counts[20], counts
    assert counts[20] <= 8, counts
