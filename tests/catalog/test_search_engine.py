"""The search engine and its index: every change of the catalogue is found in the same
transaction, the ranking's tiers, typos, filters and hostile queries, on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from catalog import stock
from catalog.models import MovementKind, Product, ProductSearch, ProductStatus
from catalog.search import (
    SearchQuery,
    Sort,
    facets,
    index,
    marked,
    search,
    search_products,
    search_with_facets,
)
from tests import factories

AREA = "kec-uji-cari"  # the tests' own kecamatan: the demo city shares the database


def names(session, q: str = "", **filters) -> list[str]:  # type: ignore[no-untyped-def]
    """The names found, best first, among the products of the tests' kecamatan."""
    filters.setdefault("kecamatan", AREA)
    page = search_products(session, SearchQuery(q=q, **filters), 1, 50)
    return [p.name for p in page.items]


@pytest.fixture
def area(db_session):  # type: ignore[no-untyped-def]
    return factories.kecamatan(db_session, slug=AREA, name="Kecamatan Uji Cari")


@pytest.fixture
def shop(db_session, area):  # type: ignore[no-untyped-def]
    coop = factories.cooperative(db_session, kecamatan=area)
    gallery = factories.gallery(db_session, name="Galeri Pandan Wangi", cooperative=coop)
    member = factories.member(
        db_session, cooperative=gallery.cooperative, business_name="Dapur Bu Sri"
    )
    category = factories.category(db_session, name="Kuliner", slug="kuliner-uji")

    def make(name: str, **kw):  # type: ignore[no-untyped-def]
        kw.setdefault("gallery", gallery)
        kw.setdefault("member", member)
        kw.setdefault("category", category)
        return factories.product(db_session, name=name, with_image=False, **kw)

    return {"gallery": gallery, "member": member, "category": category, "make": make}


def test_a_new_product_is_found_in_its_own_transaction_by_every_spelling(db_session, shop):
    shop["make"]("Keripik Singkong Balado", description="Cemilan renyah dan pedas.")
    for typed in ("keripik", "kripik", "KRIIIPIK", "krip", "kripk singkong", "snack balado"):
        assert names(db_session, typed) == ["Keripik Singkong Balado"], typed


def test_editing_renaming_and_archiving_follow_at_once(db_session, shop):
    item = shop["make"]("Dodol Betawi")
    item.name = "Geplak Betawi"
    db_session.flush()
    assert names(db_session, "dodol") == [] and names(db_session, "geplak") == ["Geplak Betawi"]
    shop["gallery"].name = "Galeri Rawa Buntu"
    shop["member"].business_name = "Usaha Mak Inah"
    shop["category"].name = "Jajanan Pasar"
    db_session.flush()
    for typed in ("rawa buntu geplak", "mak inah", "camilan"):  # jajanan and camilan: one term
        assert names(db_session, typed) == ["Geplak Betawi"], typed
    item.status = ProductStatus.ARCHIVED
    db_session.flush()
    assert names(db_session, "geplak") == []


def test_sales_count_and_sold_out_ranks_after_in_stock(db_session, shop):
    popular = shop["make"]("Kopi Robusta", stock=20)
    quiet = shop["make"]("Kopi Liberika", stock=20)
    gone = shop["make"]("Kopi Arabika", stock=0)
    stock.change_stock(db_session, popular, -3, MovementKind.SALE)
    stock.change_stock(db_session, popular, 1, MovementKind.RELEASE)
    stock.change_stock(db_session, quiet, -1, MovementKind.SALE)
    sold = db_session.scalar(
        select(ProductSearch.units_sold).where(ProductSearch.product_id == popular.id)
    )
    assert sold == 2
    assert names(db_session, "kopi") == ["Kopi Robusta", "Kopi Liberika", "Kopi Arabika"]
    assert gone.name not in names(db_session, "kopi", in_stock=True)


def test_tiers_phrase_then_name_then_document_then_word_starts(db_session, shop):
    shop["make"]("Gula Aren Cetak")
    shop["make"]("Kopi Susu Gula Aren")
    shop["make"]("Gula Semut Aren")
    shop["make"]("Sirup Kelapa", description="Dimaniskan dengan gula aren asli.")
    assert names(db_session, "gula aren") == [
        "Gula Aren Cetak",  # the name starts with the phrase
        "Kopi Susu Gula Aren",  # the phrase elsewhere in the name
        "Gula Semut Aren",  # both words in the name
        "Sirup Kelapa",  # both words in the description
    ]
    assert names(db_session, "gula merah")[:3] == names(db_session, "gula aren")[:3]


def test_a_typo_takes_the_likeliest_correction(db_session, shop):
    for n in range(3):
        shop["make"](f"Kain Batik Tulis {n}")
    shop["make"]("Gula Batu")
    found = search(db_session, SearchQuery(q="batk", kecamatan=AREA), 1, 10)
    assert found.understood.corrected == {"batk": "batik"}
    assert [p.name for p in found.page.items][:3] == [f"Kain Batik Tulis {n}" for n in (2, 1, 0)]


def test_filters_sorting_and_a_price_range_given_the_wrong_way_round(db_session, shop, area):
    cheap = shop["make"]("Kopi Bubuk Kecil", price=15_000, is_halal=True)
    shop["make"]("Kopi Bubuk Besar", price=60_000)
    coop = factories.cooperative(db_session, kecamatan=area)
    other = factories.gallery(db_session, name="Galeri Lain", cooperative=coop)
    shop["make"]("Kopi Bubuk Sedang", price=30_000, gallery=other, member=factories.member(
        db_session, cooperative=other.cooperative))  # fmt: skip
    swapped = names(db_session, "kopi", min_price=40_000, max_price=10_000)
    assert sorted(swapped) == ["Kopi Bubuk Kecil", "Kopi Bubuk Sedang"]
    assert names(db_session, "kopi", sort=Sort.PRICE_HIGH)[0] == "Kopi Bubuk Besar"
    assert names(db_session, "kopi", sort=Sort.PRICE_LOW)[0] == cheap.name
    assert names(db_session, "kopi", halal=True) == [cheap.name]
    assert names(db_session, "kopi", gallery=other.slug) == ["Kopi Bubuk Sedang"]


HOSTILE = [
    "",
    "   ",
    "!!!???",
    "a" * 10_000,
    "kopi " * 2_000,
    '"',
    "*",
    "NEAR(kopi gula)",
    "kopi OR gula",
    "kopi AND NOT gula",
    "kopi:*",
    "'; DROP TABLE product; --",
    "(kopi",
    "-kopi",
    "^kopi",
    "kopi\x00gula",
    "\x01\x02\x7f",
    "😀🌶️",
    "قهوة",
    "\u202ekopi",
    "%",
    "_",
    "\\",
]


@pytest.mark.parametrize("typed", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_give_results_or_none_never_an_error(db_session, shop, typed):
    shop["make"]("Kopi Gula Aren")
    page = search_products(db_session, SearchQuery(q=typed), 1, 10)  # the whole city
    assert page.total >= 0 and all(isinstance(p, Product) for p in page.items)


def test_rebuild_gives_the_same_documents_as_following_changes(db_session, shop):
    shop["make"]("Tas Anyaman Pandan", description="Oleh-oleh khas Setu.")
    shop["make"]("Kaos Sablon Tangsel")
    before = db_session.execute(select(ProductSearch.__table__).order_by("product_id")).all()
    db_session.execute(delete(ProductSearch))
    assert names(db_session, "tas") == []
    assert index.rebuild(db_session) == db_session.scalar(select(func.count(Product.id)))
    after = db_session.execute(select(ProductSearch.__table__).order_by("product_id")).all()
    assert after == before and names(db_session, "tas anyaman") == ["Tas Anyaman Pandan"]


def test_facets_count_each_filter_under_the_others(db_session, shop, area):
    coop = factories.cooperative(db_session, kecamatan=area)
    other = factories.gallery(db_session, name="Galeri Kedua", cooperative=coop)
    maker = factories.member(db_session, cooperative=coop)
    drinks = factories.category(db_session, name="Minuman Uji", slug="minuman-uji")
    shop["make"]("Kopi Bubuk", price=20_000, is_halal=True)
    shop["make"]("Kopi Susu", price=30_000, stock=0, category=drinks)
    shop["make"]("Kopi Jahe", price=25_000, gallery=other, member=maker, is_halal=True)
    query = SearchQuery(q="kopi", kecamatan=AREA, category=shop["category"].slug)
    found = facets(db_session, query, search(db_session, query, 1, 10).understood)
    counts = {f.key: (f.count, f.chosen) for f in found.categories}
    # the category facet ignores the chosen category: the drink still shows what it would give
    assert counts == {shop["category"].slug: (2, True), "minuman-uji": (1, False)}
    assert {f.label: f.count for f in found.galleries} == {
        "Galeri Pandan Wangi": 1,
        "Galeri Kedua": 1,
    }
    assert (found.in_stock, found.halal, found.price_low, found.price_high) == (
        2,
        2,
        20_000,
        25_000,
    )


def test_nearest_first_orders_by_the_gallery_s_distance(db_session, shop, area):
    coop = factories.cooperative(db_session, kecamatan=area)
    far = factories.gallery(db_session, name="Galeri Jauh", cooperative=coop, lat=-6.40, lng=106.60)
    shop["gallery"].lat, shop["gallery"].lng = -6.30, 106.70
    shop["make"]("Kopi Dekat")
    shop["make"]("Kopi Jauh", gallery=far, member=factories.member(db_session, cooperative=coop))
    near_far = names(db_session, "kopi", sort=Sort.NEAREST, near=(-6.41, 106.61))
    near_home = names(db_session, "kopi", sort=Sort.NEAREST, near=(-6.29, 106.71))
    assert near_far == ["Kopi Jauh", "Kopi Dekat"] and near_home == ["Kopi Dekat", "Kopi Jauh"]


def test_marked_words_and_the_corrected_query(db_session, shop):
    shop["make"]("Kain Batik Tulis")
    found = search(db_session, SearchQuery(q="batk tulis", kecamatan=AREA), 1, 10)
    assert found.suggestion == "batik tulis"
    pieces = marked("Kain <Batik> Tulis", found.understood)
    assert "".join(text for text, _ in pieces) == "Kain <Batik> Tulis"
    assert [text for text, hit in pieces if hit] == ["Batik", "Tulis"]
    assert search(db_session, SearchQuery(q="batik"), 1, 1).suggestion is None


def test_flask_reindex_rebuilds_the_whole_index(runner, app):  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from catalog.db import session

        products = session.scalar(select(func.count(Product.id)))
        documents = session.scalar(select(func.count()).select_from(ProductSearch))
        found = search_products(session, SearchQuery(q="kripik"), 1, 5)
    assert f"Indexed {products} products" in result.output and documents == products
    assert found.total > 0


def test_the_document_s_copies_follow_their_sources(db_session, shop):
    item = shop["make"]("Madu Hutan", price=50_000, stock=1)
    stock.change_stock(db_session, item, -1, MovementKind.SALE)  # a Core update, then a movement
    assert names(db_session, "madu", in_stock=True) == [] and names(db_session, "madu") != []
    item.price = 30_000
    db_session.flush()
    assert names(db_session, "madu", max_price=35_000) == ["Madu Hutan"]
    shop["gallery"].is_active = False
    db_session.flush()
    assert names(db_session, "madu") == []
    shop["gallery"].is_active = True
    shop["gallery"].cooperative.is_active = False
    db_session.flush()
    assert names(db_session, "madu") == []
    shop["gallery"].cooperative.is_active = True
    db_session.flush()
    assert names(db_session, "madu") == ["Madu Hutan"]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"category": "kuliner"},
        {"category": "no-such-category"},
        {"gallery": "galeri-umkm-setu", "in_stock": True},
        {"kecamatan": "serpong", "halal": True, "max_price": 20_000},
        {"kecamatan": "no-such-kecamatan"},
    ],
)
def test_the_total_from_the_facets_is_the_total_of_a_count(db_session, filters):
    for q in ("keripik", "gula merah", "batk", ""):
        query = SearchQuery(q=q, **filters)
        counted = search(db_session, query, 1, 5).page
        results, found = search_with_facets(db_session, query, 1, 5)
        assert results.page.total == counted.total, (q, filters)
        assert [p.id for p in results.page.items] == [p.id for p in counted.items]
        if filters.get("category") == "kuliner":
            assert next(f.count for f in found.categories if f.chosen) == counted.total


def test_a_corrected_query_shows_what_the_correction_shows(db_session):
    for typed in ("kripik pisng", "batk", "gla aren"):
        found = search(db_session, SearchQuery(q=typed), 1, 50)
        assert found.suggestion, typed
        corrected = search(db_session, SearchQuery(q=found.suggestion), 1, 50)
        assert found.page.total == corrected.page.total, typed
        assert [p.id for p in found.page.items] == [p.id for p in corrected.page.items], typed


def test_a_synonym_phrase_is_marked_whole(db_session):
    found = search(db_session, SearchQuery(q="gula merah"), 1, 1)
    pieces = marked("Gula Kelapa Cetak dan kelapa muda", found.understood)
    assert [text for text, hit in pieces if hit] == ["Gula", "Kelapa"]
