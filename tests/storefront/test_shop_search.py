"""The shopper's search page (/cari), driven through what it renders: the search box, the facet
links, the filter form, the sort order, the empty result and hostile input."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, insert, select
from webtest import TestApp, TestResponse
from webtest.forms import Form

from catalog import nearby
from catalog.models import Category, Gallery, Kelurahan, Product, ProductStatus
from catalog.search import index
from tests import factories
from tests.webforms import form_for, texts


def searched(web: TestApp, words: str) -> TestResponse:
    """Type ``words`` into the header's search box on the home page and submit it."""
    form = form_for(web.get("/"), "/cari")
    form["q"] = words
    page = form.submit()
    assert page.status_int == 200 and page.request.path == "/cari"
    return page


def search_form(page: TestResponse) -> Form:
    """The results page's own form: search box, sort order and filters."""
    return page.forms["search-form"]


def grid(page: TestResponse) -> str:
    """The result grid's HTML (empty when there is none)."""
    if '<ul class="grid products">' not in page.text:
        return ""
    return page.text.split('<ul class="grid products">', 1)[1].split("</ul>", 1)[0]


def names(page: TestResponse) -> list[str]:
    """The product names of the result grid, in order (marks stripped)."""
    found = re.findall(r'<span class="name">(.*?)</span>', grid(page), flags=re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", name)) for name in found]


def slugs(page: TestResponse) -> list[str]:
    return re.findall(r'href="/produk/([^"]+)"', grid(page))


def prices(page: TestResponse) -> list[int]:
    shown = re.findall(r'<span class="price">Rp ([\d.]+)</span>', grid(page))
    return [int(price.replace(".", "")) for price in shown]


def found_count(page: TestResponse) -> int:
    counted = texts(page, "result-count")
    assert counted, "no result count on the page"
    return int(re.sub(r"\D", "", counted[0].split(" ")[0]))


def facet_link(page: TestResponse, label: str) -> tuple[str, int]:
    """The href and count of the facet value labelled ``label``, as rendered."""
    pattern = (
        rf'<a href="([^"]+)"[^>]*>{re.escape(html.escape(label))} <span class="count">\(([\d.]+)\)'
    )
    match = re.search(pattern, page.text)
    assert match, f"no facet {label!r}"
    return html.unescape(match.group(1)), int(match.group(2).replace(".", ""))


def visible(db_session, *where) -> int:  # type: ignore[no-untyped-def]
    stmt = (
        select(func.count())
        .select_from(Product)
        .where(Product.status == ProductStatus.ACTIVE, *where)
    )
    return db_session.scalar(stmt)


# --- finding -------------------------------------------------------------------------------


def test_a_variant_spelling_finds_what_the_usual_one_does(web, db_session):
    usual = searched(web, "keripik")
    variant = searched(web, "kripik")
    assert found_count(variant) == found_count(usual) > 4
    assert all("keripik" in name.lower() for name in names(variant)[:5])
    assert "<mark>Keripik</mark>" in variant.text


def test_a_typo_is_corrected_and_said_plainly(web, db_session):
    page = searched(web, "batk")
    said = texts(page, "did-you-mean")
    assert said and "batik" in said[0] and "Menampilkan hasil untuk" in said[0]
    assert any("batik" in name.lower() for name in names(page)[:3])
    corrected = page.click(href=r"^/cari\?q=batik$")
    assert not texts(corrected, "did-you-mean")
    assert found_count(corrected) > 0


def test_did_you_mean_asks_when_the_filters_leave_nothing(web, db_session):
    page = web.get("/cari?q=batk&harga_min=999.999.999")
    said = texts(page, "did-you-mean")
    assert said and said[0].startswith("Maksud Anda") and "batik" in said[0]


def test_synonyms_find_the_other_name(web, db_session):
    page = searched(web, "gula merah")
    assert any("gula aren" in name.lower() for name in names(page))


# --- facets and filters ---------------------------------------------------------------------


def test_a_facet_link_narrows_to_its_count_and_its_chip_removes_it(web, db_session):
    page = searched(web, "keripik")
    total = found_count(page)
    href, count = facet_link(page, "Kuliner")
    kuliner = db_session.scalar(select(Category).where(Category.slug == "kuliner"))
    narrowed = web.get(href)
    assert 0 < count < total or count == total
    assert found_count(narrowed) == count
    in_kuliner = set(
        db_session.scalars(select(Product.slug).where(Product.category_id == kuliner.id))
    )
    assert set(slugs(narrowed)) <= in_kuliner
    assert search_form(narrowed)["kategori"].value == "kuliner"
    chip = [t for t in texts(narrowed, "chosen-filters") if "Kuliner" in t]
    assert chip, "the chosen category is not shown as a chip"
    back = narrowed.click(description=re.compile(r"Hapus filter.*Kuliner"))
    assert found_count(back) == total


def test_the_filter_form_keeps_the_chosen_facet_and_adds_stock_and_halal(web, db_session):
    page = searched(web, "keripik")
    href, _count = facet_link(page, "Kuliner")
    narrowed = web.get(href)
    form = search_form(narrowed)
    stock_count = int(re.search(r"Hanya yang ada stok \((\d+)\)", texts(narrowed, "check")[0])[1])
    form["stok"] = True
    in_stock = form.submit()
    assert found_count(in_stock) == stock_count
    assert "Habis" not in " ".join(texts(in_stock, "sold-out"))
    kept = search_form(in_stock)
    assert (kept["kategori"].value, kept["stok"].checked) == ("kuliner", True)
    kept["halal"] = True
    halal = kept.submit()
    halal_slugs = set(slugs(halal))
    assert halal_slugs
    assert all(
        db_session.scalar(select(Product.is_halal).where(Product.slug == s)) for s in halal_slugs
    )
    cleared = halal.click(description="Hapus semua filter")
    assert found_count(cleared) == found_count(page)


@pytest.mark.parametrize(
    ("low", "high"),
    [("Rp 15.000", "30000"), ("30.000", "Rp 15.000"), ("15000", "")],
    ids=["in-order", "wrong-way-round", "from-only"],
)
def test_a_price_range_as_typed_narrows_the_results(web, db_session, low, high):
    form = search_form(searched(web, "keripik"))
    form["harga_min"] = low
    form["harga_maks"] = high
    page = form.submit()
    shown = prices(page)
    assert shown and all(15_000 <= p <= (30_000 if high else 10**9) for p in shown)
    where = [Product.price >= 15_000] + ([Product.price <= 30_000] if high else [])
    assert found_count(page) <= visible(db_session, *where)
    kept = search_form(page)
    assert kept["harga_min"].value == "15.000"
    assert kept["harga_maks"].value == ("30.000" if high else "")
    chips = " ".join(texts(page, "chosen-filters"))
    assert ("Rp 15.000 – Rp 30.000" if high else "mulai Rp 15.000") in chips


def test_price_placeholders_show_the_matched_range(web, db_session):
    page = searched(web, "keripik")
    form = search_form(page)
    low, high = form["harga_min"].attrs["placeholder"], form["harga_maks"].attrs["placeholder"]
    shown = prices(page)
    assert int(low.replace(".", "")) <= min(shown) <= max(shown) <= int(high.replace(".", ""))


# --- sorting --------------------------------------------------------------------------------


def test_sort_orders_by_price_and_newest(web, db_session):
    form = search_form(searched(web, "keripik"))
    options = [value for value, _selected, _label in form["urut"].options]
    assert options == ["relevan", "termurah", "termahal", "terbaru"]
    form["urut"] = "termurah"
    cheapest = prices(form.submit())
    assert cheapest == sorted(cheapest)
    form["urut"] = "termahal"
    dearest = form.submit()
    assert prices(dearest) == sorted(prices(dearest), reverse=True)
    assert search_form(dearest)["urut"].value == "termahal"
    form["urut"] = "terbaru"
    newest = slugs(form.submit())
    created = [
        db_session.scalar(select(Product.created_at).where(Product.slug == s)) for s in newest
    ]
    assert created == sorted(created, reverse=True)


def test_nearest_first_is_offered_once_the_place_is_known(web, db_session):
    kelurahan = db_session.scalar(select(Kelurahan).where(Kelurahan.name == "Setu"))
    nothing = searched(web, "zzqqxx tidak ada")
    place = next(f for f in nothing.forms.values() if "kelurahan" in f.fields)  # the place form
    place["kelurahan"] = str(kelurahan.id)
    placed = place.submit()
    assert "Galeri di dekat Anda" in placed.text and search_form(placed)["q"].value.startswith("zz")
    form = search_form(searched(web, "keripik"))
    assert "terdekat" in [value for value, _s, _l in form["urut"].options]
    form["urut"] = "terdekat"
    page = form.submit()
    origin = nearby.Place(kelurahan.lat, kelurahan.lng)
    distances = []
    for slug in slugs(page):
        gallery = db_session.scalar(
            select(Gallery)
            .join(Product, Product.gallery_id == Gallery.id)
            .where(Product.slug == slug)
        )
        distances.append(
            round(nearby.distance_km(origin.lat, origin.lng, gallery.lat, gallery.lng), 1)
        )
    assert distances and distances == sorted(distances)


def test_nearest_without_a_place_falls_back_to_relevance(web, db_session):
    page = web.get("/cari?q=keripik&urut=terdekat")
    assert search_form(page)["urut"].value == "relevan"
    assert names(page) == names(web.get("/cari?q=keripik"))


def test_pages_keep_every_argument(web, db_session):
    page = web.get("/cari?kategori=kuliner&stok=1&urut=termurah")
    assert found_count(page) > 24
    following = page.click(href=r"page=2")
    assert following.request.GET["kategori"] == "kuliner"
    assert (following.request.GET["stok"], following.request.GET["urut"]) == ("1", "termurah")
    assert prices(following)[0] >= prices(page)[-1]


# --- the empty result and the empty query ---------------------------------------------------


def test_an_empty_result_offers_categories_and_galleries(web, db_session):
    page = searched(web, "zzqqxx tidak ada")
    assert "Tidak ada hasil untuk “zzqqxx tidak ada”" in texts(page, "empty")[0]
    assert 'href="/kategori/kuliner"' in page.text
    assert re.search(r'href="/galeri/[a-z0-9-]+"', page.text)
    assert not names(page)


def test_an_empty_result_under_filters_offers_the_categories_of_the_words(web, db_session):
    page = web.get("/cari?q=keripik&harga_maks=1")
    related = page.click(href=r"^/cari\?q=keripik&kategori=kuliner$")
    assert found_count(related) > 0


def test_an_empty_query_shows_the_box_the_categories_and_a_hint(web, db_session):
    page = searched(web, "")
    assert "Ketik yang Anda cari" in page.text
    assert search_form(page)["q"].value == ""
    assert 'href="/kategori/kuliner"' in page.text
    assert not names(page)


# --- highlighting ---------------------------------------------------------------------------


def test_matched_words_are_marked_and_names_escaped(web, db_session):
    factories.product(db_session, name="<script>alert(1)</script> Zzsambal <b>Pedas</b>")
    db_session.commit()
    page = searched(web, "zzsambal")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zzsambal</mark> &lt;b&gt;Pedas" in page.text
    attack = searched(web, "<script>")
    assert "<script>" not in attack.text.split("<main", 1)[1].replace('<script src="', "")


# --- hostile input --------------------------------------------------------------------------

HOSTILE = [
    "",
    "!!!...,,,",
    "keripik " * 1250,  # 10,000 characters
    '"keripik',
    "keripik*",
    "kopi NEAR batik",
    "kopi OR batik",
    "kopi AND NOT batik",
    "name:kopi",
    "kopi'",
    "(kopi",
    "-kopi",
    "^kopi",
    "kopi & | ! <-> :*",
    "\x00kopi\x00",
    "\x01\x02\x1b[31m",
    "🌶️🍠",
    "\u202ekopi",
    "قهوة",
    "abc",
    "Rp",
    "-5",
    "1e9",
    "25,000",
    "9" * 40,
]
PARAMETERS = [
    "q",
    "kategori",
    "kecamatan",
    "galeri",
    "harga_min",
    "harga_maks",
    "stok",
    "halal",
    "urut",
    "page",
    "kelurahan",
    "lat",
]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_hostile_input_in_any_argument_answers_sensibly(web, db_session, parameter):
    for value in HOSTILE:
        page = web.get(f"/cari?q=kopi&{parameter}={quote(value)}", expect_errors=True)
        assert page.status_int == 200, (parameter, value)
        assert "<mark>" in page.text or parameter == "q" or not names(page), (parameter, value)


def test_query_syntax_is_read_as_words(web, db_session):
    for typed in ['"keripik"', "keripik*", "keripik OR", "(keripik)", "keripik:", "^keripik"]:
        page = web.get("/cari", params={"q": typed})
        assert any("keripik" in name.lower() for name in names(page)), typed


def test_letters_in_a_price_are_ignored(web, db_session):
    page = web.get("/cari?q=keripik&harga_min=murah&harga_maks=Rp+abc")
    assert found_count(page) == found_count(web.get("/cari?q=keripik"))
    assert not texts(page, "chosen-filters")


def test_a_count_in_the_thousands_is_written_the_indonesian_way(web, db_session):
    gallery = factories.gallery(db_session)
    member = factories.member(db_session, cooperative=gallery.cooperative)
    category = factories.category(db_session)
    db_session.flush()
    rows = [
        {
            "slug": f"ribuan-uji-{n}",
            "name": f"Ribuan Uji {n}",
            "price": 5_000,
            "unit": "bungkus",
            "weight_g": 100,
            "stock": 3,
            "status": ProductStatus.ACTIVE,
            "gallery_id": gallery.id,
            "member_id": member.id,
            "category_id": category.id,
        }
        for n in range(1_001)
    ]
    ids = db_session.scalars(insert(Product).returning(Product.id), rows).all()
    index.reindex(db_session, ids)  # a bulk insert passes no flush listener
    page = web.get("/cari", params={"q": "ribuan"})
    assert texts(page, "result-count")[0] == "1.001 produk ditemukan"
