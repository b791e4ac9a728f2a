"""The cache of what every shopper is shown alike (storefront/cache.py): a repeated search is
answered from it, and every kind of change to the catalogue is seen on the very next request,
in this process and in another app process sharing Redis (both databases)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import scoped_session
from webtest import TestApp

from catalog import stock
from catalog.models import Category, Gallery, Member, Product, ProductImage, ProductStatus
from catalog.products import set_status
from tests import factories
from tests.conftest import make_test_app
from tests.storefront.test_shop_search import names, prices
from tests.storefront.test_throttle import redis_url  # noqa: F401 - the real-Redis fixture
from tests.webforms import form_for

AREA = "kec-uji-tembolok"
WORD = "wajitcache"  # a word no demo product holds: the results are the test's own


@pytest.fixture
def shop(db_session):  # type: ignore[no-untyped-def]
    area = factories.kecamatan(db_session, slug=AREA, name="Kecamatan Uji Tembolok")
    coop = factories.cooperative(db_session, kecamatan=area)
    gallery = factories.gallery(db_session, name="Galeri Tembolok", cooperative=coop)
    member = factories.member(db_session, cooperative=coop, business_name="Dapur Tembolok")
    category = factories.category(db_session, name="Jajanan Tembolok", slug="jajanan-tembolok")
    made = [
        factories.product(
            db_session,
            name=f"Wajitcache {flavour}",
            price=price,
            stock=5,
            gallery=gallery,
            member=member,
            category=category,
            with_image=False,
        )
        for flavour, price in (("Gula Aren", 12_000), ("Pandan", 15_000))
    ]
    db_session.commit()
    return Shop(gallery.id, member.id, category.id, [p.id for p in made])


@dataclass
class Shop:
    """The test's own shop, by id: each request ends the session, so objects are loaded again."""

    gallery_id: int
    member_id: int
    category_id: int
    product_ids: list[int]

    def product(self, session: scoped_session, n: int = 0) -> Product:
        return session.get_one(Product, self.product_ids[n])

    def gallery(self, session: scoped_session) -> Gallery:
        return session.get_one(Gallery, self.gallery_id)


def search(web: TestApp, q: str = WORD, **args: str) -> str:
    page = web.get("/cari", params={"q": q, **args})
    assert page.status_int == 200
    return page.text


def test_a_repeated_search_is_answered_without_searching_again(web, shop, count_queries):
    first = search(web)
    assert sorted(names_of(first)) == ["Wajitcache Gula Aren", "Wajitcache Pandan"]
    with count_queries() as counter:
        again = search(web)
    assert again == first
    searched = [s for s in counter.statements if "product_search" in s or "product_fts" in s]
    assert searched == [], searched
    with count_queries() as counter:
        search(web, q=WORD, urut="termurah")  # another question is searched
    assert any("product_search" in s for s in counter.statements)


Shows = Callable[[str], bool]  # whether a page shows the change


def _price(shop, session) -> Shows:  # type: ignore[no-untyped-def]
    shop.product(session).price = 13_500
    return lambda page: "Rp 13.500" in page


def _name(shop, session):  # type: ignore[no-untyped-def]
    shop.product(session).name = "Wajitcache Durian"
    return lambda page: "Wajitcache Durian" in names_of(page)


def _sold_out(shop, session):  # type: ignore[no-untyped-def]
    stock.adjust_to(session, shop.product(session), 0, "habis terjual di toko", actor_id=None)
    return lambda page: re.search(r'class="sold-out">Habis<', page) is not None


def _archived(shop, session):  # type: ignore[no-untyped-def]
    set_status(session, shop.product(session), ProductStatus.ARCHIVED)
    return lambda page: names_of(page) == ["Wajitcache Pandan"]


def _new_product(shop, session):  # type: ignore[no-untyped-def]
    factories.product(
        session,
        name="Wajitcache Kacang",
        gallery=shop.gallery(session),
        member=session.get_one(Member, shop.member_id),
        category=session.get_one(Category, shop.category_id),
        with_image=False,
    )
    return lambda page: "Wajitcache Kacang" in names_of(page)


def _photo(shop, session):  # type: ignore[no-untyped-def]
    session.add(
        ProductImage(
            product=shop.product(session),
            content_hash="ab" * 16,
            width=640,
            height=640,
            variant_widths=[320, 640],
            alt="Wajit dalam daun jagung",
        )
    )
    return lambda page: "Wajit dalam daun jagung" in page


def _gallery_closed(shop, session):  # type: ignore[no-untyped-def]
    shop.gallery(session).is_active = False
    return lambda page: names_of(page) == []


def _category_renamed(shop, session):  # type: ignore[no-untyped-def]
    session.get_one(Category, shop.category_id).name = "Kue Basah Tembolok"
    return lambda page: "Kue Basah Tembolok" in page


def _kecamatan_renamed(shop, session):  # type: ignore[no-untyped-def]
    shop.gallery(session).kecamatan.name = "Kecamatan Berganti"
    return lambda page: "Kecamatan Berganti" in page


CHANGES = [
    _price,
    _name,
    _sold_out,
    _archived,
    _new_product,
    _photo,
    _gallery_closed,
    _category_renamed,
    _kecamatan_renamed,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_every_change_is_seen_on_the_very_next_request(web, shop, db_session, change):
    before = search(web)
    assert search(web) == before  # now cached
    shows = change(shop, db_session)
    assert not shows(before)
    db_session.commit()
    assert shows(search(web))


def test_a_request_that_changed_the_catalogue_reads_its_own_change(web, shop, db_session):
    search(web)
    shop.product(db_session).price = 99_000
    db_session.flush()  # not committed: the request shares this transaction
    assert 99_000 in prices(web.get("/cari", params={"q": WORD}))


@pytest.fixture
def shared_apps(database_url, media_root, monkeypatch, redis_url):  # noqa: F811
    """Two app processes' worth of apps on one database and one Redis, with keys of their own."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.delenv("CACHE_TYPE", raising=False)
    prefix = f"gerai-cache-test-{uuid.uuid4().hex}:"
    apps = []
    for _ in range(2):
        app = make_test_app(database_url, media_root)
        app.config["CACHE_KEY_PREFIX"] = prefix
        from storefront.extensions import cache

        cache.init_app(app)
        apps.append(app)
    yield apps
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    for app in apps:
        app.extensions["gerai.engine"].dispose()


def test_two_app_processes_share_the_cache_and_see_each_others_changes(
    shared_apps, shop, db_session: scoped_session, count_queries
):
    first, second = (TestApp(app) for app in shared_apps)
    assert shared_apps[0].config["CACHE_TYPE"] == "RedisCache"
    page = first.get("/cari", params={"q": WORD}).text
    assert sorted(names_of(page)) == ["Wajitcache Gula Aren", "Wajitcache Pandan"]
    with count_queries() as counter:
        assert second.get("/cari", params={"q": WORD}).text == page  # the first one's entry
    assert not [s for s in counter.statements if "product_search" in s]
    shop.product(db_session, 1).price = 9_000
    db_session.commit()
    assert 9_000 in prices(second.get("/cari", params={"q": WORD}))
    assert 9_000 in prices(first.get("/cari", params={"q": WORD}))


def names_of(page_text: str) -> list[str]:
    class Page:
        text = page_text

    return names(Page())  # type: ignore[arg-type]


def test_a_cache_that_cannot_be_reached_costs_only_a_render(web, shop, monkeypatch):
    from storefront.extensions import cache

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert "Wajitcache Pandan" in names_of(search(web))


def test_a_shopper_with_a_cart_sees_their_own_header_around_the_cached_results(
    web, app, shop, db_session
):
    guest = search(web)  # the whole page, cached for every guest with an empty cart
    assert 'class="cart-count"' not in guest
    product = shop.product(db_session)
    other = TestApp(app)
    form = form_for(other.get(f"/produk/{product.slug}"), "/keranjang/tambah")
    form.submit()
    page = other.get("/cari", params={"q": WORD}).text
    assert re.search(r'<span class="cart-count" aria-hidden="true">1</span>', page)
    assert names_of(page) == names_of(guest)
    assert 'class="cart-count"' not in search(web)  # and the guest's page is still the guest's


def test_the_api_answers_a_repeated_search_from_the_cache_with_fresh_products(
    web, shop, db_session, count_queries
):
    def prices_in_api() -> dict[str, int]:
        answer = web.get("/api/v1/products", params={"q": WORD}).json
        return {item["name"]: item["price"] for item in answer["items"]}

    assert prices_in_api() == {"Wajitcache Gula Aren": 12_000, "Wajitcache Pandan": 15_000}
    with count_queries() as counter:
        prices_in_api()
    assert not [s for s in counter.statements if "product_search" in s]
    shop.product(db_session).price = 11_000
    db_session.commit()
    assert prices_in_api()["Wajitcache Gula Aren"] == 11_000


def test_choosing_a_filter_of_a_search_reuses_its_counted_matches(web, shop, count_queries):
    page = web.get("/cari", params={"q": WORD})
    with count_queries() as counter:
        chosen = page.click(href="kategori=jajanan-tembolok", index=0)
    assert sorted(names(chosen)) == ["Wajitcache Gula Aren", "Wajitcache Pandan"]
    grouped = [s for s in counter.statements if "GROUP BY product_search.category_id" in s]
    assert grouped == []  # the facets' groups came from the cache
    assert any("product_search" in s for s in counter.statements)  # the page was searched
