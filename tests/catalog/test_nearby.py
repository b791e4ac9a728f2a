"""Discovery by place: where a shopper is, galleries by distance, and alternatives to a sold-out
product. The places are around Bandung, far from the demo city, so its galleries never come
nearer than these."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from catalog import nearby
from catalog.models import Category, Gallery, Kelurahan, Member, Product, ProductStatus
from tests import factories

HERE = (-6.90, 107.60)
NEAR = (-6.91, 107.61)  # about 1.6 km from HERE
FAR = (-6.95, 107.70)  # about 12 km from HERE


@dataclass
class Scene:
    category: Category
    sold_out: Product
    member: Member
    home: Gallery

    def gallery(self, session, at: tuple[float, float], **kw) -> Gallery:  # type: ignore[no-untyped-def]
        return factories.gallery(session, lat=at[0], lng=at[1], **kw)

    def offer(self, session, gallery: Gallery, name: str, **kw) -> Product:  # type: ignore[no-untyped-def]
        kw.setdefault("category", self.category)
        return factories.product(session, gallery=gallery, name=name, **kw)


@pytest.fixture
def scene(db_session) -> Scene:
    category = factories.category(db_session)
    home = factories.gallery(db_session, lat=HERE[0], lng=HERE[1])
    member = factories.member(db_session, cooperative=home.cooperative)
    sold_out = factories.product(
        db_session,
        gallery=home,
        member=member,
        category=category,
        name="Keripik Tempe Sagu",
        stock=0,
    )
    return Scene(category, sold_out, member, home)


def names(found: list[nearby.Alternative]) -> list[str]:
    return [f"{a.product.name} @ {a.product.gallery.name}" for a in found]


def test_the_same_product_in_another_gallery_ranks_before_a_similar_one(db_session, scene):
    nearest = scene.gallery(db_session, HERE, name="Galeri Tetangga")
    far = scene.gallery(db_session, FAR, name="Galeri Jauh")
    scene.offer(db_session, nearest, "Keripik Tempe Jagung")  # similar, and the nearest
    scene.offer(db_session, far, "Keripik Tempe Sagu")  # the same, further away
    # shares one word of three: not offered
    scene.offer(db_session, nearest, "Keripik Pisang Kepok")

    found = nearby.alternatives(db_session, scene.sold_out, None)

    assert names(found) == [
        "Keripik Tempe Sagu @ Galeri Jauh",
        "Keripik Tempe Jagung @ Galeri Tetangga",
    ]
    assert [a.match for a in found] == [nearby.Match.SAME, nearby.Match.SIMILAR]
    assert all(a.distance_km is None for a in found)  # no place given: no distance shown


def test_nearest_gallery_to_the_shopper_first(db_session, scene):
    near = scene.gallery(db_session, NEAR, name="Galeri Dekat")
    far = scene.gallery(db_session, FAR, name="Galeri Jauh")
    scene.offer(db_session, far, "Keripik Tempe Sagu")
    scene.offer(db_session, near, "keripik tempe  sagu")  # the same name once normalised

    at_near = nearby.alternatives(db_session, scene.sold_out, nearby.Place(*NEAR, "dekat"))
    assert names(at_near) == [
        "keripik tempe  sagu @ Galeri Dekat",
        "Keripik Tempe Sagu @ Galeri Jauh",
    ]
    assert at_near[0].distance_km == 0.0
    assert at_near[1].distance_km == pytest.approx(10.8, abs=0.5)

    at_far = nearby.alternatives(db_session, scene.sold_out, nearby.Place(*FAR, "jauh"))
    assert names(at_far)[0] == "Keripik Tempe Sagu @ Galeri Jauh"


def test_without_a_place_the_sold_out_products_gallery_is_the_reference(db_session, scene):
    close_to_home = scene.gallery(db_session, NEAR, name="Galeri B")
    away = scene.gallery(db_session, FAR, name="Galeri A")
    scene.offer(db_session, away, "Keripik Tempe Sagu")
    scene.offer(db_session, close_to_home, "Keripik Tempe Sagu")
    found = nearby.alternatives(db_session, scene.sold_out, None)
    assert names(found) == ["Keripik Tempe Sagu @ Galeri B", "Keripik Tempe Sagu @ Galeri A"]


def test_sold_out_archived_draft_and_closed_galleries_are_never_offered(db_session, scene):
    open_gallery = scene.gallery(db_session, NEAR, name="Galeri Buka")
    closed = scene.gallery(db_session, NEAR, name="Galeri Tutup", is_active=False)
    closed_coop = factories.cooperative(db_session, is_active=False)
    coop_closed = scene.gallery(
        db_session, NEAR, name="Galeri Koperasi Tutup", cooperative=closed_coop
    )
    scene.offer(db_session, open_gallery, "Keripik Tempe Sagu", stock=0)
    scene.offer(db_session, open_gallery, "Keripik Tempe Sagu Pedas", status=ProductStatus.ARCHIVED)
    scene.offer(db_session, open_gallery, "Keripik Tempe Sagu Manis", status=ProductStatus.DRAFT)
    scene.offer(db_session, closed, "Keripik Tempe Sagu")
    scene.offer(db_session, coop_closed, "Keripik Tempe Sagu")
    other_category = factories.category(db_session)
    scene.offer(db_session, open_gallery, "Keripik Tempe Sagu Asin", category=other_category)

    assert nearby.alternatives(db_session, scene.sold_out, nearby.Place(*HERE)) == []


def test_the_makers_other_products_in_the_same_gallery_come_last(db_session, scene):
    elsewhere = scene.gallery(db_session, FAR, name="Galeri Lain")
    scene.offer(db_session, elsewhere, "Keripik Tempe Sagu")
    other_category = factories.category(db_session)
    own = factories.product(
        db_session,
        gallery=scene.home,
        member=scene.member,
        category=other_category,
        name="Sambal Bawang Uji",
    )
    factories.product(  # the maker's, but sold out too
        db_session, gallery=scene.home, member=scene.member, name="Rengginang Uji", stock=0
    )
    found = nearby.alternatives(db_session, scene.sold_out, None)
    assert [a.product.id for a in found][-1] == own.id
    assert [a.match for a in found] == [nearby.Match.SAME, nearby.Match.SAME_MAKER]
    assert len(nearby.alternatives(db_session, scene.sold_out, None, limit=1)) == 1


def test_alternatives_cost_a_few_queries_however_many_candidates(db_session, scene, count_queries):
    for n in range(12):
        gallery = scene.gallery(db_session, (HERE[0] + n / 100, HERE[1]))
        scene.offer(db_session, gallery, "Keripik Tempe Sagu")
    db_session.expire_all()
    sold_out = db_session.get(Product, scene.sold_out.id)
    assert sold_out is not None
    sold_out.gallery  # noqa: B018 - the page has loaded it already
    with count_queries() as counter:
        found = nearby.alternatives(db_session, sold_out, nearby.Place(*HERE), limit=6)
        assert [a.product.gallery.kecamatan.name for a in found]  # loaded, no lazy query
        assert all(a.product.cover for a in found)
    assert len(found) == 6
    assert counter.count <= 4


def test_galleries_near_a_place_come_nearest_first_with_distances(db_session):
    far = factories.gallery(db_session, lat=FAR[0], lng=FAR[1], name="Galeri Jauh")
    near = factories.gallery(db_session, lat=NEAR[0], lng=NEAR[1], name="Galeri Dekat")
    factories.gallery(db_session, lat=HERE[0], lng=HERE[1], name="Galeri Tutup", is_active=False)
    found = nearby.galleries_near(db_session, nearby.Place(*HERE))
    assert [n.gallery.id for n in found[:2]] == [near.id, far.id]
    assert found[0].distance_km == pytest.approx(1.6, abs=0.2)
    assert "Galeri Tutup" not in [n.gallery.name for n in found]
    in_kecamatan = nearby.galleries_near(db_session, nearby.Place(*HERE), far.kecamatan)
    assert [n.gallery.id for n in in_kecamatan] == [far.id]


def test_a_kelurahan_is_a_place_by_its_id(db_session):
    kecamatan = factories.kecamatan(db_session, name="Coblong Uji")
    kelurahan = Kelurahan(kecamatan=kecamatan, name="Dago Uji", lat=NEAR[0], lng=NEAR[1])
    db_session.add(kelurahan)
    db_session.flush()
    place = nearby.find_place(db_session, kelurahan=str(kelurahan.id))
    assert place == nearby.Place(NEAR[0], NEAR[1], "Dago Uji, Coblong Uji", kelurahan.id)
    assert nearby.find_place(db_session, kelurahan=kelurahan.id) == place
    # the browser's position wins over the kelurahan when it is usable
    assert nearby.find_place(db_session, str(kelurahan.id), "-6.2", "106.8") == nearby.Place(
        -6.2, 106.8
    )
    assert nearby.find_place(db_session, str(kelurahan.id), "nan", "106.8") == place
    choices = dict(nearby.kelurahan_by_kecamatan(db_session))
    assert [k.name for k in choices[kecamatan]] == ["Dago Uji"]


@pytest.mark.parametrize(
    "kelurahan", ["", "abc", "0", "-1", "99999999999", "1e3", "\x00", "１", " ", None, True, 2.5]
)
def test_a_kelurahan_that_is_not_one_is_no_place(db_session, kelurahan):
    assert nearby.kelurahan_place(db_session, kelurahan) is None


@pytest.mark.parametrize(
    ("lat", "lng"),
    [
        ("nan", "106.7"),
        ("-6.3", "NaN"),
        ("1e999", "106.7"),
        ("-6.3", "-1e999"),
        ("inf", "106.7"),
        ("-91", "106.7"),
        ("-6.3", "181"),
        ("106.7", "-6.3"),  # swapped: not in Indonesia
        ("48.85", "2.35"),  # Paris
        ("abc", "106.7"),
        ("-6.3\x00", "106.7"),
        ("\x00", "\x00"),
        ("", ""),
        (None, "106.7"),
        ("-6.3", None),
        ("-6." + "3" * 10_000, "106.7"),
        (True, 106.7),
        ([], {}),
    ],
)
def test_a_position_that_is_not_a_place_in_indonesia_is_ignored(db_session, lat, lng):
    assert nearby.position_place(lat, lng) is None
    assert nearby.find_place(db_session, None, lat, lng) is None


def test_a_position_in_indonesia_is_a_place():
    assert nearby.position_place(" -6.3 ", "106.7") == nearby.Place(-6.3, 106.7)
    assert nearby.position_place(-6.3, 106.7) == nearby.Place(-6.3, 106.7)


def test_the_distance_is_the_great_circle_one():
    # One degree of latitude is about 111.2 km anywhere.
    assert nearby.distance_km(-6.0, 106.7, -7.0, 106.7) == pytest.approx(111.2, abs=0.1)
    assert nearby.distance_km(*HERE, *HERE) == 0.0
