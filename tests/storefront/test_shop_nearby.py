"""Discovery by place through the rendered pages: a sold-out product shows where it is still in
stock, nearest first once the shopper picks a kelurahan; galleries list nearest first.

The places are around Bandung, far from the demo city's galleries."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from catalog.models import Kelurahan, Product
from tests import factories
from tests.webforms import form_for, texts

NEAR_DAGO = (-6.88, 107.61)
NEAR_BUAHBATU = (-6.95, 107.64)


@dataclass
class Scene:
    sold_out: Product
    dago: Kelurahan
    buahbatu: Kelurahan


@pytest.fixture
def scene(db_session) -> Scene:
    kecamatan = factories.kecamatan(db_session, name="Bandung Uji", lat=-6.9, lng=107.6)
    dago = Kelurahan(kecamatan=kecamatan, name="Dago Uji", lat=NEAR_DAGO[0], lng=NEAR_DAGO[1])
    buahbatu = Kelurahan(
        kecamatan=kecamatan, name="Buahbatu Uji", lat=NEAR_BUAHBATU[0], lng=NEAR_BUAHBATU[1]
    )
    db_session.add_all([dago, buahbatu])
    category = factories.category(db_session, name="Camilan Uji")
    home = factories.gallery(db_session, lat=-6.91, lng=107.62, name="Galeri Asal")
    sold_out = factories.product(
        db_session, gallery=home, category=category, name="Keripik Tempe Sagu", stock=0
    )
    for name, at in (("Galeri Dago", NEAR_DAGO), ("Galeri Buahbatu", NEAR_BUAHBATU)):
        gallery = factories.gallery(
            db_session, name=name, lat=at[0], lng=at[1], kecamatan=kecamatan
        )
        factories.product(db_session, gallery=gallery, category=category, name="Kripik Tempe Sagu")
    db_session.commit()
    return Scene(sold_out, dago, buahbatu)


def shown(page) -> list[str]:  # type: ignore[no-untyped-def]
    return texts(page, "alternative")


def test_a_sold_out_product_shows_the_nearest_gallery_first(web, scene):
    url = f"/produk/{scene.sold_out.slug}"
    page = web.get(url)
    assert "Pilihan lain yang masih tersedia" in page.text
    assert len(shown(page)) == 2
    assert all("Rp 25.000" in item and "Bandung Uji" in item for item in shown(page))

    form = form_for(page, url)
    form["kelurahan"] = str(scene.buahbatu.id)
    near_buahbatu = form.submit()
    assert near_buahbatu.request.GET["kelurahan"] == str(scene.buahbatu.id)
    assert "Galeri Buahbatu" in shown(near_buahbatu)[0]
    assert "0 km" in shown(near_buahbatu)[0]
    assert "Yang terdekat dari Buahbatu Uji, Bandung Uji" in near_buahbatu.text

    form = form_for(near_buahbatu, url)
    assert form["kelurahan"].value == str(scene.buahbatu.id)  # the choice is kept
    form["kelurahan"] = str(scene.dago.id)
    near_dago = form.submit()
    first, second = shown(near_dago)
    assert "Galeri Dago" in first and "Galeri Buahbatu" in second
    assert "8,5 km" in second  # Indonesian decimals

    # remembered for the next page without the parameter
    assert "Galeri Dago" in shown(web.get(url))[0]


def test_an_empty_kelurahan_choice_forgets_the_place(web, scene):
    url = f"/produk/{scene.sold_out.slug}"
    web.get(url, {"kelurahan": scene.dago.id})
    form = form_for(web.get(url), url)
    form["kelurahan"] = ""
    page = form.submit()
    assert "Yang terdekat" not in page.text
    assert " km" not in " ".join(shown(page))


def test_the_browsers_position_orders_the_alternatives(web, scene):
    page = web.get(f"/produk/{scene.sold_out.slug}", {"lat": NEAR_DAGO[0], "lng": NEAR_DAGO[1]})
    assert "Galeri Dago" in shown(page)[0]
    assert "Yang terdekat dari lokasi Anda" in page.text
    form = form_for(page, f"/produk/{scene.sold_out.slug}")
    assert form["lat"].value == "" and "data-locate" in page.text  # the script fills them


def test_a_product_in_stock_has_no_such_section(web, db_session):
    product = factories.product(db_session, stock=3)
    db_session.commit()
    page = web.get(f"/produk/{product.slug}")
    assert "Pilihan lain yang masih tersedia" not in page.text
    assert 'id="elsewhere"' not in page.text


def test_when_nothing_is_found_the_page_says_so_and_links_the_category(web, db_session):
    lonely = factories.product(db_session, name="Batik Tulis Langka Uji", stock=0)
    db_session.commit()
    page = web.get(f"/produk/{lonely.slug}")
    assert texts(page, "empty") and "tidak ada galeri lain" in texts(page, "empty")[0]
    more = page.click(description="Lihat produk lain", href=f"/kategori/{lonely.category.slug}")
    assert more.status_int == 200


@pytest.mark.parametrize(
    "query",
    [
        {"lat": "nan", "lng": "1e999"},
        {"lat": "-91", "lng": "abc"},
        {"lat": "\x00", "lng": "\x00", "kelurahan": "\x00"},
        {"kelurahan": "99999999999999999999"},
        {"kelurahan": "-1"},
        {"lat": "-6.9" * 5000, "lng": "107.6"},
    ],
)
def test_hostile_places_are_ignored(web, scene, query):
    page = web.get(f"/produk/{scene.sold_out.slug}", query)
    assert page.status_int == 200
    assert len(shown(page)) == 2
    assert "Yang terdekat" not in page.text


def test_galleries_list_nearest_first_with_distances(web, scene):
    page = web.get("/galeri")
    assert "Pilih kelurahan Anda" in page.text
    form = form_for(page, "/galeri")
    form["kelurahan"] = str(scene.buahbatu.id)
    near = form.submit()
    cards = texts(near, "gallery-card")
    assert "Galeri Buahbatu" in cards[0] and "0 km" in cards[0]
    assert "Galeri Asal" in cards[1] and "Galeri Dago" in cards[2]


def test_a_kecamatan_lists_its_galleries_nearest_first_once_a_place_is_known(web, scene):
    kecamatan = scene.dago.kecamatan
    plain = texts(web.get(f"/kecamatan/{kecamatan.slug}"), "gallery-card")
    assert [c.split(" ")[1] for c in plain] == ["Buahbatu", "Dago"]  # by name
    near_dago = web.get(f"/kecamatan/{kecamatan.slug}", {"kelurahan": scene.dago.id})
    cards = texts(near_dago, "gallery-card")
    assert "Galeri Dago" in cards[0] and "km" in cards[0]
    assert "Galeri Buahbatu" in cards[1]
