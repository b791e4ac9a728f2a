"""Shelf labels: a manager picks active products and prints A4 sheets of labels with QR codes."""

from __future__ import annotations

import re

import pytest
import segno
from werkzeug.datastructures import MultiDict

from accounts.models import Role
from catalog.models import ProductStatus
from storefront.manage.labels import MAX_PRODUCTS, parse_ids
from storefront.security import CONTENT_SECURITY_POLICY
from tests import factories
from tests.conftest import login

PASSWORD = "label-rahasia"
LABEL = '<article class="label">'


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    """A cooperative with two galleries, products of every status, and another cooperative."""
    coop = factories.cooperative(db_session)
    north = factories.gallery(db_session, cooperative=coop, name="Galeri Utara Label")
    south = factories.gallery(db_session, cooperative=coop, name="Galeri Selatan Label")
    maker = factories.member(db_session, cooperative=coop, business_name="Dapur Bu Sari")
    other = factories.gallery(db_session, name="Galeri Tetangga")

    def make(name: str, gallery, status=ProductStatus.ACTIVE, **kw):  # type: ignore[no-untyped-def]
        kw.setdefault("member", maker if gallery.cooperative is coop else None)
        if kw["member"] is None:
            del kw["member"]
        return factories.product(db_session, gallery=gallery, name=name, status=status, **kw)

    return {
        "coop": coop,
        "north": north,
        "south": south,
        "gula": make("Gula Semut Label", north, price=25_000, unit="toples 250 g"),
        "keripik": make("Keripik Talas Label", south, price=12_500, unit="bungkus 100 g"),
        "draft": make("Sirup Draf Label", north, ProductStatus.DRAFT),
        "archived": make("Batik Arsip Label", north, ProductStatus.ARCHIVED),
        "foreign": make("Kerupuk Asing Label", other, price=99_000),
    }


@pytest.fixture
def manager(client, db_session, shop):  # type: ignore[no-untyped-def]
    user = factories.user(
        db_session, password=PASSWORD, role=Role.MANAGER, cooperative=shop["coop"]
    )
    assert login(client, user.email, PASSWORD).status_code == 302
    client.get("/bahasa/en")  # English msgids: the tests do not depend on translations
    return user


def print_url(*products, copies: int | None = None) -> str:  # type: ignore[no-untyped-def]
    ids = ",".join(str(p if isinstance(p, int) else p.id) for p in products)
    return f"/kelola/label/cetak?ids={ids}" + (f"&copies={copies}" if copies else "")


def qr_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules drawn by a segno SVG path (``M``/``m`` moves, ``h`` runs of modules)."""
    path = re.search(r' d="([^"]+)"', svg)
    assert path, svg
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path.group(1)):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + i, int(y)) for i in range(int(float(a)))}
            x += float(a)
    return dark


def expected_modules(url: str) -> set[tuple[int, int]]:
    qr = segno.make(url, error="m")
    border = 4  # segno's default quiet zone
    return {
        (x + border, y + border)
        for y, row in enumerate(qr.matrix)
        for x, value in enumerate(row)
        if value & 1
    }


def svgs_of(page: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", page, flags=re.S)


def test_selection_lists_only_the_cooperatives_active_products(client, manager, shop):
    page = html(client.get("/kelola/label"))
    assert "Only products that are active in the shop are listed" in page
    for key in ("gula", "keripik"):
        assert f'name="ids" value="{shop[key].id}"' in page
        assert shop[key].name in page
    for key in ("draft", "archived", "foreign"):
        assert shop[key].name not in page
    assert 'name="copies"' in page
    assert 'action="/kelola/label/cetak"' in page


def test_selection_filters_by_gallery_and_text(client, manager, shop):
    by_gallery = html(client.get(f"/kelola/label?gallery={shop['north'].id}"))
    assert shop["gula"].name in by_gallery
    assert shop["keripik"].name not in by_gallery
    by_text = html(client.get("/kelola/label?q=talas"))
    assert shop["keripik"].name in by_text
    assert shop["gula"].name not in by_text
    foreign_gallery = html(client.get(f"/kelola/label?gallery={shop['foreign'].gallery_id}"))
    assert shop["foreign"].name not in foreign_gallery
    assert "No active products match." in foreign_gallery


def test_selection_prechecks_a_former_choice(client, manager, shop):
    page = html(client.get(f"/kelola/label?ids={shop['keripik'].id}&copies=3"))
    assert re.search(rf'value="{shop["keripik"].id}" id="label-\d+" checked', page)
    assert not re.search(rf'value="{shop["gula"].id}" id="label-\d+" checked', page)
    assert 'name="copies" value="3"' in page


def test_print_page_has_a_label_per_copy_with_price_producer_gallery_and_qr(client, manager, shop):
    response = client.get(print_url(shop["gula"], shop["keripik"], copies=2))
    assert response.status_code == 200
    page = html(response)
    assert page.count(LABEL) == 4
    assert page.count("Gula Semut Label</h2>") == 2
    assert "Rp 25.000" in page and "Rp 12.500" in page
    assert "/ toples 250 g" in page and "/ bungkus 100 g" in page
    assert page.count("Dapur Bu Sari") == 4
    assert "Galeri Utara Label" in page and "Galeri Selatan Label" in page
    assert "2 A4 sheets" not in page and "1 A4 sheet" in page
    assert "4 labels" in page


def test_each_qr_code_is_segnos_code_of_the_absolute_product_url(client, manager, shop):
    page = html(client.get(print_url(shop["gula"], shop["keripik"])))
    svgs = svgs_of(page)
    assert len(svgs) == 2
    # labels are ordered by gallery name: Selatan before Utara
    for svg, product in zip(svgs, (shop["keripik"], shop["gula"]), strict=True):
        url = f"http://localhost/produk/{product.slug}"
        assert qr_modules(svg) == expected_modules(url)
        assert svg == segno.make(url, error="m").svg_inline(
            omitsize=True, svgclass="qr", lineclass=None
        )
        assert f'href="{url}"' in page


def test_qr_code_uses_public_base_url_when_set(client, manager, shop, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://gerai.tangsel.example/")
    page = html(client.get(print_url(shop["gula"])))
    url = f"https://gerai.tangsel.example/produk/{shop['gula'].slug}"
    (svg,) = svgs_of(page)
    assert qr_modules(svg) == expected_modules(url)
    assert f'href="{url}"' in page


def test_print_page_is_strict_csp_clean(client, manager, shop):
    response = client.get(print_url(shop["gula"]))
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    page = html(response)
    assert "style=" not in page
    assert "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script"
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"
    assert re.search(r'<link rel="stylesheet" href="/static/labels.css\?v=\w+">', page)
    assert re.search(r'<script src="/static/labels.js\?v=\w+" defer>', page)


def test_selection_page_sends_the_csp_header_too(client, manager, shop):
    response = client.get("/kelola/label")
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "style=" not in html(response)


def test_foreign_ids_are_dropped_exactly_like_unknown_ids(client, manager, shop):
    with_foreign = html(client.get(print_url(shop["gula"], shop["foreign"])))
    with_unknown = html(client.get(print_url(shop["gula"], 2_147_483_000)))
    assert with_foreign == with_unknown
    assert with_foreign.count(LABEL) == 1
    assert shop["foreign"].name not in with_foreign
    assert shop["foreign"].slug not in with_foreign
    assert "1 chosen product was not found and is left out." in with_foreign


def test_only_foreign_ids_give_an_empty_page_not_an_error(client, manager, shop):
    page = html(client.get(print_url(shop["foreign"])))
    assert page.count(LABEL) == 0
    assert shop["foreign"].name not in page
    assert "No labels to print." in page


def test_draft_and_archived_products_are_listed_as_left_out_not_printed(client, manager, shop):
    page = html(client.get(print_url(shop["gula"], shop["draft"], shop["archived"])))
    assert page.count(LABEL) == 1
    assert len(svgs_of(page)) == 1
    assert "Left out because they are not active in the shop:" in page
    assert f"<li>{shop['draft'].name} (Draft)</li>" in page
    assert f"<li>{shop['archived'].name} (Archived)</li>" in page
    assert shop["draft"].slug not in page and shop["archived"].slug not in page


def test_change_selection_link_keeps_only_printed_ids_and_copies(client, manager, shop):
    page = html(client.get(print_url(shop["gula"], shop["draft"], shop["foreign"], copies=2)))
    assert f'href="/kelola/label?ids={shop["gula"].id}&amp;copies=2"' in page


def test_copies_are_clamped_to_one_to_ten(client, manager, shop):
    assert html(client.get(print_url(shop["gula"], copies=99))).count(LABEL) == 10
    assert html(client.get(print_url(shop["gula"]) + "&copies=abc")).count(LABEL) == 1
    assert html(client.get(print_url(shop["gula"]) + "&copies=-4")).count(LABEL) == 1


def test_repeated_ids_parameters_work_like_a_comma_list(client, manager, shop):
    gula, keripik = shop["gula"].id, shop["keripik"].id
    url = f"/kelola/label/cetak?ids={gula}&ids={keripik}&ids={gula}"
    assert html(client.get(url)).count(LABEL) == 2


def test_no_ids_go_back_to_the_selection(client, manager, shop):
    for url in ("/kelola/label/cetak", "/kelola/label/cetak?ids=", "/kelola/label/cetak?ids=x,-1"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"] == "/kelola/label"


def test_too_many_ids_are_capped_and_said_so(client, manager, shop):
    ids = [shop["gula"].id, *range(2_000_000_000, 2_000_000_000 + MAX_PRODUCTS + 50)]
    response = client.get("/kelola/label/cetak?ids=" + ",".join(map(str, ids)))
    assert response.status_code == 200
    page = html(response)
    assert f"Only the first {MAX_PRODUCTS} chosen products are printed at once." in page
    assert page.count(LABEL) == 1
    assert f"{MAX_PRODUCTS - 1} chosen products were not found" in page


def test_parse_ids_skips_malformed_and_duplicate_ids_and_caps_the_count():
    parsed = parse_ids(
        MultiDict([("ids", "3, 1,abc,-2,0,3,²,99999999999,2147483648"), ("ids", "7")])
    )
    assert parsed.ids == [3, 1, 7]
    assert not parsed.truncated
    many = parse_ids(MultiDict({"ids": ",".join(str(n) for n in range(1, 500))}))
    assert many.ids == list(range(1, MAX_PRODUCTS + 1))
    assert many.truncated
    exactly = parse_ids(MultiDict({"ids": ",".join(str(n) for n in range(1, MAX_PRODUCTS + 1))}))
    assert len(exactly.ids) == MAX_PRODUCTS
    assert not exactly.truncated


def test_a_shopper_is_forbidden_and_a_visitor_must_log_in(client, db_session, shop):
    for url in ("/kelola/label", print_url(shop["gula"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/akun/masuk")
    shopper = factories.user(db_session, password=PASSWORD)
    login(client, shopper.email, PASSWORD)
    for url in ("/kelola/label", print_url(shop["gula"])):
        assert client.get(url).status_code == 403


def test_console_navigation_links_to_shelf_labels(client, manager, shop):
    page = html(client.get("/kelola/label"))
    assert '<a href="/kelola/label" aria-current="page">Shelf labels</a>' in page
