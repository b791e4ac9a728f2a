"""The demo city's seed data holds together: places, cooperatives, galleries, members, products."""

from __future__ import annotations

import math
import random
import re
from collections import Counter

import pytest

from demo import data

LAT_RANGE = (-6.40, -6.20)
LNG_RANGE = (106.60, 106.80)
CATEGORY_SLUGS = ("kuliner", "gula-pemanis", "minuman", "kerajinan", "fesyen")
E164_ID = re.compile(r"^\+62[1-9]\d{7,11}$")
MOBILE_ID = re.compile(r"^\+628[1-9]\d{7,10}$")
PIRT = re.compile(r"^\d{13}-\d{2}$")
FOOD = {"kuliner", "gula-pemanis", "minuman"}

KECAMATAN = {k.slug: k for k in data.KECAMATAN}
KELURAHAN_OF = {k.slug: {kel.name for kel in k.kelurahan} for k in data.KECAMATAN}
ALL_KELURAHAN = {kel.name: kel for k in data.KECAMATAN for kel in k.kelurahan}
COOPERATIVES = {c.slug: c for c in data.COOPERATIVES}
GALLERIES = {g.slug: g for g in data.GALLERIES}
MEMBERS = {m.key: m for m in data.MEMBERS}


def km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def in_tangsel(lat: float, lng: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]


# --- places ---------------------------------------------------------------------------------


def test_seven_kecamatan_with_unique_slugs_and_54_kelurahan():
    assert len(data.KECAMATAN) == 7
    assert len(KECAMATAN) == 7
    assert {k.name for k in data.KECAMATAN} == {
        "Serpong",
        "Serpong Utara",
        "Ciputat",
        "Ciputat Timur",
        "Pamulang",
        "Pondok Aren",
        "Setu",
    }
    assert sum(len(k.kelurahan) for k in data.KECAMATAN) == 54
    # Members name their kelurahan alone, so the names must be unique across the city.
    assert len(ALL_KELURAHAN) == 54


def test_kelurahan_counts_per_kecamatan_are_the_real_ones():
    counts = {k.slug: len(k.kelurahan) for k in data.KECAMATAN}
    assert counts == {
        "serpong": 9,
        "serpong-utara": 7,
        "ciputat": 7,
        "ciputat-timur": 6,
        "pamulang": 8,
        "pondok-aren": 11,
        "setu": 6,
    }
    assert "Keranggan" in KELURAHAN_OF["setu"]


def test_every_coordinate_is_inside_tangerang_selatan():
    points = [(k.slug, k.lat, k.lng) for k in data.KECAMATAN]
    points += [(kel.name, kel.lat, kel.lng) for kel in ALL_KELURAHAN.values()]
    points += [(g.slug, g.lat, g.lng) for g in data.GALLERIES]
    outside = [name for name, lat, lng in points if not in_tangsel(lat, lng)]
    assert outside == []


def test_kelurahan_lie_near_their_kecamatan_centre():
    for kec in data.KECAMATAN:
        for kel in kec.kelurahan:
            assert km(kec.lat, kec.lng, kel.lat, kel.lng) < 5, (kec.slug, kel.name)


def test_categories_are_the_five_in_order_with_both_languages():
    assert tuple(c.slug for c in data.CATEGORIES) == CATEGORY_SLUGS
    assert [c.name for c in data.CATEGORIES] == [
        "Kuliner",
        "Gula & Pemanis",
        "Minuman",
        "Kerajinan",
        "Fesyen",
    ]
    assert [c.name_en for c in data.CATEGORIES] == [
        "Food",
        "Sugar & Sweeteners",
        "Drinks",
        "Crafts",
        "Fashion",
    ]
    assert all(c.description and c.description_en for c in data.CATEGORIES)


# --- cooperatives and galleries --------------------------------------------------------------


def test_cooperatives_cover_every_kecamatan_and_legal_type():
    assert len(data.COOPERATIVES) >= 8
    assert len(COOPERATIVES) == len(data.COOPERATIVES)
    assert {c.kecamatan_slug for c in data.COOPERATIVES} == set(KECAMATAN)
    assert {c.legal_type for c in data.COOPERATIVES} == set(data.LEGAL_TYPES)
    for coop in data.COOPERATIVES:
        assert coop.kecamatan_slug in KECAMATAN
        assert 5 <= coop.commission_rate_percent <= 30
        assert coop.name and coop.address and coop.description


def test_keranggan_producers_and_pamulang_womens_cooperatives_exist():
    keranggan = [
        c
        for c in data.COOPERATIVES
        if c.kecamatan_slug == "setu" and c.legal_type == "produsen" and "Keranggan" in c.name
    ]
    assert keranggan
    assert any(
        c.kecamatan_slug == "pamulang" and "Koperasi Wanita" in c.name for c in data.COOPERATIVES
    )


def test_galleries_reference_existing_and_matching_places_and_cooperatives():
    assert 8 <= len(data.GALLERIES) <= 9
    assert len(GALLERIES) == len(data.GALLERIES)
    assert {g.kecamatan_slug for g in data.GALLERIES} == set(KECAMATAN)
    for g in data.GALLERIES:
        coop = COOPERATIVES[g.cooperative_slug]
        assert g.kecamatan_slug in KECAMATAN
        assert g.kelurahan_name in KELURAHAN_OF[g.kecamatan_slug], g.slug
        assert coop.kecamatan_slug == g.kecamatan_slug, g.slug
        kel = ALL_KELURAHAN[g.kelurahan_name]
        assert km(kel.lat, kel.lng, g.lat, g.lng) < 2, g.slug
        assert g.base_fee > 0 and g.base_fee % 500 == 0
        assert g.per_km_fee > 0 and g.per_km_fee % 500 == 0
        assert 1 <= g.max_radius_km <= 20
        assert g.opening_hours and g.address and g.description


def test_every_cooperative_runs_a_gallery():
    assert {g.cooperative_slug for g in data.GALLERIES} == set(COOPERATIVES)


# --- members and products ------------------------------------------------------------------


def test_members_belong_to_existing_cooperatives():
    assert len(data.MEMBERS) >= 42
    assert len(MEMBERS) == len(data.MEMBERS), "member keys must be unique"
    per_coop = Counter(m.cooperative_slug for m in data.MEMBERS)
    assert set(per_coop) == set(COOPERATIVES)
    assert min(per_coop.values()) >= 3
    # The seeder finds a member by cooperative and business name.
    assert len({(m.cooperative_slug, m.business_name) for m in data.MEMBERS}) == len(MEMBERS)
    for m in data.MEMBERS:
        assert m.cooperative_slug in COOPERATIVES
        assert m.kelurahan_name in ALL_KELURAHAN, m.key
        assert m.nib is None or (len(m.nib) == 13 and m.nib.isdigit()), m.key
        assert m.commission_rate_percent is None or 5 <= m.commission_rate_percent <= 30
        assert m.owner_name and m.business_name and m.story
    assert sum(m.commission_rate_percent is None for m in data.MEMBERS) > len(data.MEMBERS) / 2


def test_products_reference_a_member_and_a_gallery_of_the_same_cooperative():
    for p in data.PRODUCTS:
        member = MEMBERS[p.member_key]
        gallery = GALLERIES[p.gallery_slug]
        assert gallery.cooperative_slug == member.cooperative_slug, p.name
        assert p.category_slug in CATEGORY_SLUGS


def test_product_counts():
    assert len(data.PRODUCTS) >= 160
    per_category = Counter(p.category_slug for p in data.PRODUCTS)
    assert all(per_category[slug] >= 20 for slug in CATEGORY_SLUGS), per_category
    assert {p.gallery_slug for p in data.PRODUCTS} == set(GALLERIES)
    assert {p.member_key for p in data.PRODUCTS} == set(MEMBERS)


def test_some_products_are_sold_out_and_about_twelve_are_featured():
    sold_out = sum(p.stock == 0 for p in data.PRODUCTS)
    assert len(data.PRODUCTS) / 20 <= sold_out <= len(data.PRODUCTS) / 8
    featured = [p for p in data.PRODUCTS if p.featured]
    assert 10 <= len(featured) <= 14
    assert all(p.stock > 0 for p in featured)
    assert len({p.category_slug for p in featured}) == len(CATEGORY_SLUGS)


def test_product_fields_are_realistic():
    for p in data.PRODUCTS:
        assert p.price > 0 and p.price % 500 == 0, p.name
        assert 0 <= p.stock <= 80, p.name
        assert p.weight_g > 0, p.name
        assert p.unit and p.description, p.name
        if p.pirt_number is not None:
            assert PIRT.match(p.pirt_number), p.pirt_number
            assert p.pirt_number[3:7] == "3674", "P-IRT regional code of Kota Tangerang Selatan"
        if p.category_slug not in FOOD:
            assert p.pirt_number is None, p.name
            assert not p.is_halal, p.name
    food = [p for p in data.PRODUCTS if p.category_slug in FOOD]
    assert sum(p.pirt_number is not None for p in food) > len(food) * 3 / 4
    assert sum(p.is_halal for p in food) > len(food) * 3 / 4
    pirts = [p.pirt_number for p in data.PRODUCTS if p.pirt_number]
    assert len(pirts) == len(set(pirts))


def test_product_names_are_unique_overall_and_per_gallery():
    names = [p.name for p in data.PRODUCTS]
    assert len(names) == len(set(names)), [n for n, c in Counter(names).items() if c > 1]
    pairs = {(p.gallery_slug, p.name) for p in data.PRODUCTS}
    assert len(pairs) == len(data.PRODUCTS)


def test_required_product_kinds_are_present():
    names = " ".join(p.name.lower() for p in data.PRODUCTS)
    for word in (
        "gula aren cetak",
        "gula semut",
        "sirup gula aren",
        "gula aren cair",
        "keripik singkong",
        "keripik pisang",
        "keripik tempe",
        "kerupuk",
        "rempeyek",
        "dodol",
        "sambal",
        "nastar",
        "kopi",
        "wedang jahe",
        "teh",
        "sirup",
        "jamu",
        "anyaman bambu",
        "anyaman pandan",
        "tas rajut",
        "gerabah",
        "ecoprint",
        "batik tulis",
        "batik cap",
        "motif anggrek",
        "motif blandongan",
        "kaos sablon",
        "hijab",
    ):
        assert word in names, word


def test_text_fits_the_database_columns():
    assert all(len(k.slug) <= 60 and len(k.name) <= 80 for k in data.KECAMATAN)
    assert all(len(kel) <= 80 for kel in ALL_KELURAHAN)
    for org in (*data.COOPERATIVES, *data.GALLERIES):
        assert len(org.slug) <= 60 and len(org.name) <= 160 and len(org.address) <= 255
    assert all(len(g.opening_hours) <= 160 for g in data.GALLERIES)
    assert all(len(m.business_name) <= 160 and len(m.owner_name) <= 120 for m in data.MEMBERS)
    assert all(len(p.name) <= 120 and len(p.unit) <= 60 for p in data.PRODUCTS)


# --- phones --------------------------------------------------------------------------------


def all_phones() -> list[tuple[str, str, bool]]:
    """(owner, number, must be mobile)."""
    phones = [(c.slug, c.phone, False) for c in data.COOPERATIVES]
    phones += [(g.slug, g.whatsapp, True) for g in data.GALLERIES]
    phones += [(m.key, m.phone, True) for m in data.MEMBERS]
    return phones


def test_phones_are_indonesian_e164():
    for owner, number, mobile in all_phones():
        assert E164_ID.match(number), (owner, number)
        if mobile:
            assert MOBILE_ID.match(number), (owner, number)
    numbers = [number for _owner, number, _mobile in all_phones()]
    assert len(numbers) == len(set(numbers))


def test_phones_are_valid_numbers_for_phonenumbers():
    phonenumbers = pytest.importorskip("phonenumbers")
    mobile_types = {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    for owner, number, mobile in all_phones():
        parsed = phonenumbers.parse(number, None)
        assert phonenumbers.is_valid_number(parsed), (owner, number)
        assert phonenumbers.region_code_for_number(parsed) == "ID"
        if mobile:
            assert phonenumbers.number_type(parsed) in mobile_types, (owner, number)


# --- generated products --------------------------------------------------------------------


def test_scaled_products_are_deterministic_for_a_seed():
    first = list(data.scaled_products(1000, seed=1))
    again = list(data.scaled_products(1000, seed=1))
    other = list(data.scaled_products(1000, seed=2))
    assert len(first) == 1000
    assert first == again
    assert first != other


def test_scaled_products_are_valid_and_unique():
    products = list(data.scaled_products(1000, seed=1))
    names = [p.name for p in products]
    assert len(set(names)) == len(names)
    assert not set(names) & {p.name for p in data.PRODUCTS}
    for p in products:
        member = MEMBERS[p.member_key]
        gallery = GALLERIES[p.gallery_slug]
        assert gallery.cooperative_slug == member.cooperative_slug, p.name
        assert p.category_slug in CATEGORY_SLUGS
        assert p.price > 0 and p.price % 500 == 0, p
        assert 0 <= p.stock <= 80
        assert p.weight_g > 0 and p.unit and p.description
        assert not p.featured
        if p.pirt_number is not None:
            assert PIRT.match(p.pirt_number), p.pirt_number
            assert p.category_slug in FOOD
    assert {p.gallery_slug for p in products} == set(GALLERIES)
    assert {p.category_slug for p in products} == set(CATEGORY_SLUGS)
    assert 0 < sum(p.stock == 0 for p in products) < 200


def test_scaled_products_do_not_touch_the_global_random_state():
    random.seed(1234)
    expected = random.random()
    random.seed(1234)
    list(data.scaled_products(50, seed=7))
    assert random.random() == expected


def test_scaled_products_edge_counts():
    assert list(data.scaled_products(0)) == []
    with pytest.raises(ValueError):
        list(data.scaled_products(-1))
