"""City-office services: cooperatives and galleries are registered, checked, (de)activated."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import func, select, update

from accounts.models import Role
from catalog import backoffice
from catalog import cooperatives as coops
from catalog import queries as q
from catalog.exceptions import DuplicateName, InvalidInput, NotFound
from catalog.models import Cooperative, Kecamatan, Kelurahan, LegalType, Member, ProductStatus
from tests import factories


def kecamatan(session, slug: str = "setu") -> Kecamatan:  # type: ignore[no-untyped-def]
    return session.scalar(select(Kecamatan).where(Kecamatan.slug == slug))


def coop_input(session, **kw) -> coops.CooperativeInput:  # type: ignore[no-untyped-def]
    return coops.CooperativeInput(
        **{
            "name": "Koperasi Gula Semut Setu",
            "legal_type": "produsen",
            "kecamatan_id": kecamatan(session).id,
            "address": "Jl. Raya Puspiptek No. 1",
            "phone": "021-7412345",
            "description": "Produsen gula semut.",
            "commission_rate_percent": 12,
        }
        | kw
    )


def gallery_input(session, coop: Cooperative, **kw) -> coops.GalleryInput:  # type: ignore[no-untyped-def]
    return coops.GalleryInput(
        **{
            "name": "Galeri Gula Semut Setu",
            "cooperative_id": coop.id,
            "kecamatan_id": kecamatan(session).id,
            "address": "Jl. Raya Puspiptek No. 1, Setu",
            "lat": -6.3500,
            "lng": 106.6700,
            "opening_hours": "Senin–Sabtu 08.00–16.00",
            "whatsapp": "0812-3456-7890",
            "description": "Gula semut dan gula aren.",
            "base_fee": 8000,
            "per_km_fee": 2500,
            "max_radius_km": 7.5,
        }
        | kw
    )


@pytest.fixture
def coop(db_session) -> Cooperative:  # type: ignore[no-untyped-def]
    return coops.create_cooperative(db_session, coop_input(db_session))


def test_create_cooperative_stores_clean_values_and_a_slug(db_session):
    coop = coops.create_cooperative(
        db_session, coop_input(db_session, name="  Koperasi   Gula\tSemut Setu ")
    )
    assert coop.id is not None
    assert coop.name == "Koperasi Gula Semut Setu"
    assert coop.slug == "koperasi-gula-semut-setu"
    assert coop.legal_type is LegalType.PRODUSEN
    assert coop.phone == "+62217412345"
    assert coop.commission_rate_percent == 12
    assert coop.is_active is True


def test_services_flush_but_never_commit(db_session, monkeypatch):
    def refuse() -> None:
        raise AssertionError("services must not commit")

    monkeypatch.setattr(db_session, "commit", refuse)
    coop = coops.create_cooperative(db_session, coop_input(db_session))
    gallery = coops.create_gallery(db_session, gallery_input(db_session, coop))
    coops.set_gallery_active(db_session, gallery, False)
    coops.set_cooperative_active(db_session, coop, False)
    assert db_session.get(Cooperative, coop.id).is_active is False


def test_cooperative_names_are_unique_whatever_the_case(db_session, coop):
    with pytest.raises(DuplicateName) as caught:
        coops.create_cooperative(
            db_session, coop_input(db_session, name="KOPERASI gula semut setu")
        )
    assert caught.value.field == "name"
    other = coops.create_cooperative(db_session, coop_input(db_session, name="Koperasi Lain"))
    with pytest.raises(DuplicateName):
        coops.update_cooperative(db_session, other, coop_input(db_session, name=coop.name))
    coops.update_cooperative(db_session, coop, coop_input(db_session, address="Jl. Baru 2"))
    assert coop.address == "Jl. Baru 2"


def test_slugs_stay_unique_and_survive_a_rename(db_session, coop):
    twin = coops.create_cooperative(
        db_session, coop_input(db_session, name="Koperasi Gula-Semut Setu!")
    )
    assert twin.slug == "koperasi-gula-semut-setu-2"
    coops.update_cooperative(db_session, coop, coop_input(db_session, name="Koperasi Baru"))
    assert coop.slug == "koperasi-gula-semut-setu"
    odd = coops.create_cooperative(db_session, coop_input(db_session, name="<<>>"))
    assert odd.slug == "item"
    long = coops.create_cooperative(db_session, coop_input(db_session, name="Koperasi " * 17))
    assert len(long.slug) <= 80


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 161}, "name"),
        ({"legal_type": "bank"}, "legal_type"),
        ({"kecamatan_id": 2**31}, "kecamatan_id"),
        ({"kecamatan_id": 0}, "kecamatan_id"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "+1 202 555 0143"}, "phone"),
        ({"commission_rate_percent": 101}, "commission_rate_percent"),
        ({"commission_rate_percent": -1}, "commission_rate_percent"),
        ({"address": "J" * 256}, "address"),
        ({"description": "d" * 4001}, "description"),
    ],
)
def test_bad_cooperative_input_names_its_field(db_session, change, field):
    with pytest.raises(InvalidInput) as caught:
        coops.create_cooperative(db_session, coop_input(db_session, **change))
    assert caught.value.field == field
    assert db_session.scalar(select(Cooperative).where(Cooperative.address == "J" * 256)) is None


def test_text_is_kept_as_typed_but_without_control_characters(db_session):
    coop = coops.create_cooperative(
        db_session,
        coop_input(
            db_session,
            name="<script>alert(1)</script> Koperasi\x00",
            description="Baris satu\r\nBaris <b>dua</b>\x07",
        ),
    )
    assert coop.name == "<script>alert(1)</script> Koperasi"
    assert coop.description == "Baris satu\nBaris <b>dua</b>"


def test_create_gallery_normalises_and_shows_in_the_shop(db_session, coop):
    gallery = coops.create_gallery(db_session, gallery_input(db_session, coop))
    assert gallery.slug == "galeri-gula-semut-setu"
    assert gallery.whatsapp == "+6281234567890"
    assert (gallery.lat, gallery.lng) == (-6.35, 106.67)
    assert gallery.max_radius_km == 7.5
    assert q.get_gallery(db_session, gallery.slug).id == gallery.id
    assert gallery in q.galleries_in(db_session, kecamatan(db_session))


def test_whatsapp_opening_hours_and_kelurahan_may_stay_empty(db_session, coop):
    gallery = coops.create_gallery(
        db_session,
        gallery_input(db_session, coop, whatsapp=" ", opening_hours="", kelurahan_id=None),
    )
    assert gallery.whatsapp == "" and gallery.kelurahan_id is None


def test_kelurahan_must_lie_in_the_chosen_kecamatan(db_session, coop):
    setu = kecamatan(db_session)
    pamulang = kecamatan(db_session, "pamulang")
    elsewhere = db_session.scalar(select(Kelurahan).where(Kelurahan.kecamatan_id == pamulang.id))
    with pytest.raises(InvalidInput) as caught:
        coops.create_gallery(db_session, gallery_input(db_session, coop, kelurahan_id=elsewhere.id))
    assert caught.value.field == "kelurahan_id"
    here = db_session.scalar(select(Kelurahan).where(Kelurahan.kecamatan_id == setu.id))
    gallery = coops.create_gallery(
        db_session, gallery_input(db_session, coop, kelurahan_id=here.id)
    )
    assert gallery.kelurahan_id == here.id


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"address": "  "}, "address"),
        ({"cooperative_id": 2**31}, "cooperative_id"),
        ({"cooperative_id": 999_999}, "cooperative_id"),
        ({"kecamatan_id": 999_999}, "kecamatan_id"),
        ({"kelurahan_id": 2**40}, "kelurahan_id"),
        ({"lat": 106.67, "lng": -6.35}, "position"),  # swapped
        ({"lat": 6.35}, "position"),  # lost minus sign: Aceh
        ({"lat": -6.9175, "lng": 107.6191}, "position"),  # Bandung
        ({"lat": 0.0, "lng": 0.0}, "position"),
        ({"lat": math.nan}, "position"),
        ({"lng": math.inf}, "position"),
        ({"whatsapp": "0812"}, "whatsapp"),
        ({"whatsapp": "bukan nomor"}, "whatsapp"),
        ({"whatsapp": "+44 20 7946 0958"}, "whatsapp"),
        ({"opening_hours": "x" * 161}, "opening_hours"),
        ({"base_fee": -1}, "base_fee"),
        ({"base_fee": 10**12}, "base_fee"),
        ({"per_km_fee": -2500}, "per_km_fee"),
        ({"max_radius_km": 0.0}, "max_radius_km"),
        ({"max_radius_km": -3.0}, "max_radius_km"),
        ({"max_radius_km": 1e9}, "max_radius_km"),
        ({"max_radius_km": math.nan}, "max_radius_km"),
    ],
)
def test_bad_gallery_input_names_its_field(db_session, coop, change, field):
    with pytest.raises(InvalidInput) as caught:
        coops.create_gallery(db_session, gallery_input(db_session, coop, **change))
    assert caught.value.field == field
    assert db_session.scalar(select(Cooperative.id).where(Cooperative.id == coop.id))
    assert coop.galleries == []


def test_positions_across_the_city_and_its_edges_are_accepted(db_session, coop):
    for n, (lat, lng) in enumerate([(-6.2560, 106.6650), (-6.1754, 106.8272), (-6.3590, 106.6600)]):
        gallery = coops.create_gallery(
            db_session, gallery_input(db_session, coop, name=f"Galeri {n}", lat=lat, lng=lng)
        )
        assert gallery.lat == lat


def test_gallery_names_are_unique_and_slugs_stay(db_session, coop):
    gallery = coops.create_gallery(db_session, gallery_input(db_session, coop))
    with pytest.raises(DuplicateName):
        coops.create_gallery(
            db_session, gallery_input(db_session, coop, name="GALERI GULA SEMUT SETU")
        )
    coops.update_gallery(db_session, gallery, gallery_input(db_session, coop, name="Galeri Setu"))
    assert gallery.name == "Galeri Setu"
    assert gallery.slug == "galeri-gula-semut-setu"


def test_a_gallery_with_products_stays_with_its_cooperative(db_session, coop):
    other = coops.create_cooperative(db_session, coop_input(db_session, name="Koperasi Lain"))
    empty = coops.create_gallery(db_session, gallery_input(db_session, coop, name="Galeri Kosong"))
    coops.update_gallery(db_session, empty, gallery_input(db_session, other, name="Galeri Kosong"))
    assert empty.cooperative_id == other.id
    stocked = coops.create_gallery(db_session, gallery_input(db_session, coop))
    factories.product(
        db_session, gallery=stocked, member=factories.member(db_session, cooperative=coop)
    )
    with pytest.raises(InvalidInput) as caught:
        coops.update_gallery(db_session, stocked, gallery_input(db_session, other))
    assert caught.value.field == "cooperative_id"
    assert stocked.cooperative_id == coop.id


def test_a_deactivated_gallery_leaves_the_shop_and_the_console(db_session, coop):
    gallery = coops.create_gallery(db_session, gallery_input(db_session, coop))
    product = factories.product(
        db_session, gallery=gallery, member=factories.member(db_session, cooperative=coop)
    )
    coops.set_gallery_active(db_session, gallery, False)
    with pytest.raises(NotFound):
        q.get_gallery(db_session, gallery.slug)
    with pytest.raises(NotFound):
        q.get_product(db_session, slug=product.slug)
    with pytest.raises(NotFound):
        backoffice.gallery_of(db_session, coop.id, gallery.id)
    assert gallery not in backoffice.galleries_of(db_session, coop.id)
    coops.set_gallery_active(db_session, gallery, True)
    assert q.get_gallery(db_session, gallery.slug).id == gallery.id


def test_a_deactivated_cooperative_hides_its_galleries_and_locks_out_managers(db_session, coop):
    gallery = coops.create_gallery(db_session, gallery_input(db_session, coop))
    manager = factories.user(db_session, role=Role.MANAGER, cooperative=coop)
    assert manager.is_active
    coops.set_cooperative_active(db_session, coop, False)
    assert gallery.is_active  # the gallery keeps its own state for when the cooperative returns
    with pytest.raises(NotFound):
        q.get_gallery(db_session, gallery.slug)
    assert not manager.is_active
    coops.set_cooperative_active(db_session, coop, True)
    assert manager.is_active and q.get_gallery(db_session, gallery.slug)


def test_lookups_refuse_missing_and_huge_ids(db_session, coop):
    assert coops.get_cooperative(db_session, coop.id) is coop
    for bad in (0, -1, 2**31, 10**30, 999_999):
        with pytest.raises(NotFound):
            coops.get_cooperative(db_session, bad)
        with pytest.raises(NotFound):
            coops.get_gallery(db_session, bad)


def test_figures_by_kecamatan_count_only_what_is_live(db_session):
    home = factories.kecamatan(db_session, name="Kecamatan Angka")
    away = factories.kecamatan(db_session, name="Kecamatan Tetangga")
    kelurahan = Kelurahan(kecamatan_id=away.id, name="Kelurahan Tetangga", lat=-6.3, lng=106.7)
    db_session.add(kelurahan)
    coop = factories.cooperative(db_session, kecamatan=home)
    gallery = factories.gallery(db_session, cooperative=coop, kecamatan=home)
    maker = factories.member(db_session, cooperative=coop, is_active=False)
    for n in range(3):
        factories.product(db_session, gallery=gallery, member=maker, name=f"Produk Angka {n}")
    factories.product(db_session, gallery=gallery, member=maker, status=ProductStatus.DRAFT)
    # the product factory makes a member each time; only these two should count
    db_session.execute(
        update(Member).where(Member.cooperative_id == coop.id).values(is_active=False)
    )
    factories.member(db_session, cooperative=coop)
    factories.member(db_session, cooperative=coop, kelurahan=kelurahan)

    def figures() -> dict[int, tuple[int, int, int]]:
        return {
            f.kecamatan.id: (f.active_galleries, f.active_products, f.active_members)
            for f in coops.figures_by_kecamatan(db_session)
        }

    assert figures()[home.id] == (1, 3, 1)
    assert figures()[away.id] == (0, 0, 1)
    coops.set_gallery_active(db_session, gallery, False)
    assert figures()[home.id] == (0, 0, 1)
    coops.set_cooperative_active(db_session, coop, False)
    assert figures()[home.id] == (0, 0, 0)
    assert figures()[away.id] == (0, 0, 0)
    assert len(figures()) == db_session.scalar(select(func.count()).select_from(Kecamatan))
