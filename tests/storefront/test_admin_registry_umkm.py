"""The city office's UMKM registry and its thresholds, through the pages (/admin/pendataan).

Forms are submitted as the pages render them (WebTest); hostile input that no browser sends
is hand-built. Pages answer in Indonesian, so the tests read Indonesian.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, insert, select
from webtest import TestApp, TestResponse

from accounts.models import Role
from catalog.models import Kecamatan, Kelurahan
from orders.models import PaymentMethod
from registry import cooperatives as registry_coops
from registry import umkm as umkms
from registry.models import LegalForm, RegisteredUmkm, RegistrySettings, Sector
from registry.queries_umkm import UmkmFilters, umkm_ids
from registry.rules import BusinessClass, ClassLimits, business_class
from registry.settings import class_limits
from tests import factories
from tests.orders.helpers import place
from tests.storefront.manage_helpers import fresh, shop_with_a_product
from tests.webforms import errors, fill, flash_text, form_for, signed_in, texts

LIST = "/admin/pendataan/umkm"
NEW = "/admin/pendataan/umkm/baru"
SETTINGS = "/admin/pendataan/pengaturan"
MILIAR = 1_000_000_000
MARK = "Zq"  # in every business name made here, so a search finds only this test's rows


@pytest.fixture
def office(web, db_session):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.ADMIN)


def places(session) -> tuple[Kecamatan, Kelurahan, Kelurahan]:  # type: ignore[no-untyped-def]
    """A kecamatan, one of its kelurahan, and a kelurahan of another kecamatan."""
    kecamatan = session.scalars(select(Kecamatan).order_by(Kecamatan.id)).first()
    inside = session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan.id).order_by(Kelurahan.id)
    ).first()
    outside = session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id != kecamatan.id).order_by(Kelurahan.id)
    ).first()
    return kecamatan, inside, outside


def an_umkm(session, name: str, **kw) -> RegisteredUmkm:  # type: ignore[no-untyped-def]
    """A registered UMKM (through the service) in the first kecamatan unless told."""
    kecamatan, kelurahan, _ = places(session)
    data = umkms.UmkmInput(
        owner_name=kw.pop("owner_name", "Ibu Wati"),
        business_name=f"{name} {MARK}",
        sector=kw.pop("sector", Sector.KULINER),
        kecamatan_id=kw.pop("kecamatan_id", kecamatan.id),
        kelurahan_id=kw.pop("kelurahan_id", kelurahan.id),
        **kw,
    )
    return umkms.create_umkm(session, data)


def registered(session) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(RegisteredUmkm)) or 0


def new_form(web: TestApp, **typed: str):  # type: ignore[no-untyped-def]
    return fill(form_for(web.get(NEW), NEW), typed)


def typed_umkm(session, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    kecamatan, kelurahan, _ = places(session)
    return {
        "business_name": f"Batik Tulis Lestari {MARK}",
        "owner_name": "Ibu Hartini",
        "nib": "9120.0012.3456.7",
        "sector": "fesyen",
        "kecamatan_id": str(kecamatan.id),
        "kelurahan_id": str(kelurahan.id),
        "address": "Jl. Cisadane No. 4",
        "employees": "6",
        "turnover": "3.000.000.000",
    } | changes


def field_errors(page: TestResponse, field: str) -> list[str]:
    """The error messages shown beside one field."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", m).split())
        for m in re.findall(rf'<p class="error" id="{field}-err">(.*?)</p>', page.text, re.S)
    ]


def listed(page: TestResponse) -> list[str]:
    """The business names of the list's rows, in order."""
    return re.findall(r'<a href="/admin/pendataan/umkm/\d+">([^<]+)</a>', page.text)


def hidden_post(web: TestApp, url: str, form_url: str, data: dict[str, str]) -> TestResponse:
    """A hand-built POST carrying the page's CSRF token."""
    token = form_for(web.get(form_url), form_url)["csrf_token"].value
    return web.post(url, {**data, "csrf_token": token}, expect_errors=True)


# Registering, seeing, editing


def test_register_through_the_form_then_find_it_in_the_list_and_detail(web, db_session, office):
    landed = new_form(web, **typed_umkm(db_session)).submit()
    assert landed.status_int == 302
    detail = landed.follow()
    assert f"Batik Tulis Lestari {MARK}" in flash_text(detail)
    umkm = db_session.scalar(
        select(RegisteredUmkm).where(RegisteredUmkm.business_name.like(f"%Lestari {MARK}"))
    )
    assert (umkm.nib, umkm.turnover, umkm.capital) == ("9120001234567", 3 * MILIAR, None)
    assert (umkm.sector, umkm.employees, umkm.address) == (Sector.FESYEN, 6, "Jl. Cisadane No. 4")
    assert detail.request.path == f"{LIST}/{umkm.id}"
    assert "kecil" in texts(detail, "badge")
    assert "menurut omzet setahun Rp 3.000.000.000" in detail.text
    page = web.get(LIST, {"q": MARK})
    assert listed(page) == [f"Batik Tulis Lestari {MARK}"]
    assert "kecil" in texts(page, "badge") and "menurut omzet" in page.text
    assert "Rp 3.000.000.000" in page.text


def test_rupiah_boxes_take_dots_and_bring_the_number_keyboard(web, db_session, office):
    form = form_for(web.get(NEW), NEW)
    for name in ("turnover", "capital"):
        attrs = form[name].attrs
        assert (attrs["type"], attrs["inputmode"]) == ("text", "numeric")


def test_a_bad_nib_is_refused_beside_its_field_and_nothing_is_saved(web, db_session, office):
    before = registered(db_session)
    refused = new_form(web, **typed_umkm(db_session, nib="12345")).submit(expect_errors=True)
    assert refused.status_int == 400
    assert any("13 digit" in message for message in field_errors(refused, "nib")), errors(refused)
    assert form_for(refused, NEW)["business_name"].value == f"Batik Tulis Lestari {MARK}"
    assert registered(db_session) == before


def test_a_kelurahan_of_another_kecamatan_is_refused(web, db_session, office):
    _, _, outside = places(db_session)
    typed = typed_umkm(db_session, kelurahan_id=str(outside.id))
    refused = new_form(web, **typed).submit(expect_errors=True)
    assert refused.status_int == 400
    assert field_errors(refused, "kelurahan_id") == ["Pilih kelurahan di kecamatan yang dipilih."]


def test_a_business_without_figures_has_no_class_yet(web, db_session, office):
    typed = typed_umkm(db_session, turnover="", nib="")
    detail = new_form(web, **typed).submit().follow()
    assert "Belum diketahui" in detail.text
    umkm = db_session.scalar(select(RegisteredUmkm).where(RegisteredUmkm.nib.is_(None)))
    assert umkm is not None and umkm.turnover is None


def test_edit_is_prefilled_and_saved_untouched_keeps_everything(web, db_session, office):
    umkm = an_umkm(db_session, "Keripik Wati", nib="9120001234567", turnover=3 * MILIAR)
    url = f"{LIST}/{umkm.id}/ubah"
    form = form_for(web.get(url), url)
    assert form["turnover"].value == "3.000.000.000"
    assert form["nib"].value == "9120001234567"
    landed = form.submit().follow()
    assert landed.request.path == f"{LIST}/{umkm.id}"
    assert "Keripik Wati" in flash_text(landed)
    kept = fresh(db_session, umkm)
    assert (kept.nib, kept.turnover, kept.sector) == ("9120001234567", 3 * MILIAR, Sector.KULINER)


def test_edit_changes_the_class(web, db_session, office):
    umkm = an_umkm(db_session, "Keripik Wati", turnover=3 * MILIAR)
    url = f"{LIST}/{umkm.id}/ubah"
    form = fill(form_for(web.get(url), url), {"turnover": "", "capital": "Rp 500.000.000"})
    detail = form.submit().follow()
    assert "mikro" in texts(detail, "badge")
    assert "menurut modal Rp 500.000.000" in detail.text


def test_the_cooperative_and_the_gerai_member_are_linked(web, db_session, office):
    kecamatan, _, _ = places(db_session)
    record = registry_coops.create_record(
        db_session,
        registry_coops.CooperativeRecordInput(
            name="Koperasi Produsen Batik Zq",
            legal_form=LegalForm.PRODUSEN,
            kecamatan_id=kecamatan.id,
        ),
        date(2026, 1, 5),
    )
    member = factories.member(db_session, business_name="Batik Hartini Zq")
    typed = typed_umkm(db_session, cooperative_record_id=str(record.id), member_id=str(member.id))
    detail = new_form(web, **typed).submit().follow()
    assert f'href="/admin/pendataan/koperasi/{record.id}"' in detail.text
    assert "Koperasi Produsen Batik Zq" in detail.text
    assert "Batik Hartini Zq" in detail.text
    assert "Rp 0" in detail.text  # sold nothing online yet
    # A second business cannot claim the same Gerai member.
    again = typed_umkm(db_session, nib="", business_name="Lain Zq", member_id=str(member.id))
    refused = new_form(web, **again).submit(expect_errors=True)
    assert refused.status_int == 400
    assert field_errors(refused, "member_id") != []


def test_the_detail_shows_what_the_gerai_member_sold_online(web, db_session, office):
    shop = shop_with_a_product(db_session, price=25_000, stock=10)
    place(db_session, shop["product"], quantity=2)
    place(db_session, shop["product"], quantity=1)
    place(db_session, shop["product"], payment=PaymentMethod.CARD)  # unpaid: not a sale
    umkm = an_umkm(db_session, "Gula Aren", member_id=shop["member"].id)
    detail = web.get(f"{LIST}/{umkm.id}")
    assert "Rp 75.000" in detail.text
    assert "dalam 2 pesanan" in detail.text


# The list: filters in the URL, pages


@pytest.fixture
def four_sizes(db_session):  # type: ignore[no-untyped-def]
    outside = places(db_session)[2]
    return {
        "mikro": an_umkm(db_session, "Warung Mikro", turnover=500_000_000),
        "kecil": an_umkm(db_session, "Konveksi Kecil", capital=3 * MILIAR, sector=Sector.FESYEN),
        "menengah": an_umkm(
            db_session,
            "Pabrik Menengah",
            turnover=20 * MILIAR,
            kecamatan_id=outside.kecamatan_id,
            kelurahan_id=outside.id,
        ),
        "unknown": an_umkm(db_session, "Usaha Baru", kelurahan_id=None, nib="3674000000001"),
    }


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("mikro", ["Warung Mikro"]),
        ("kecil", ["Konveksi Kecil"]),
        ("menengah", ["Pabrik Menengah"]),
        ("besar", []),
        ("unknown", ["Usaha Baru"]),
        ("", ["Konveksi Kecil", "Pabrik Menengah", "Usaha Baru", "Warung Mikro"]),
        ("raksasa", ["Konveksi Kecil", "Pabrik Menengah", "Usaha Baru", "Warung Mikro"]),
    ],
)
def test_filter_by_class_in_the_url(web, db_session, office, four_sizes, wanted, found):
    page = web.get(LIST, {"kelas": wanted, "q": MARK})
    assert listed(page) == [f"{name} {MARK}" for name in found]


def test_filter_by_kecamatan_kelurahan_sector_and_text(web, db_session, office, four_sizes):
    kecamatan, kelurahan, outside = places(db_session)
    names = lambda **args: [n.removesuffix(f" {MARK}") for n in listed(web.get(LIST, args))]  # noqa: E731
    assert names(q=MARK, kecamatan=kecamatan.id) == ["Konveksi Kecil", "Usaha Baru", "Warung Mikro"]
    assert names(q=MARK, kecamatan=kecamatan.id, kelurahan=kelurahan.id) == [
        "Konveksi Kecil",
        "Warung Mikro",
    ]
    # A kelurahan of another kecamatan does not narrow the chosen kecamatan down to nothing.
    assert len(names(q=MARK, kecamatan=kecamatan.id, kelurahan=outside.id)) == 3
    assert names(q=MARK, kecamatan=outside.kecamatan_id) == ["Pabrik Menengah"]
    assert names(q=MARK, sektor="fesyen") == ["Konveksi Kecil"]
    assert names(q="warung mikro") == ["Warung Mikro"]
    assert names(q="3674.0000.0000.1") == ["Usaha Baru"]  # a whole NIB
    assert names(q="3674 0000") == ["Usaha Baru"]  # a part of one
    assert names(q="Ibu Wati", kelas="menengah") == ["Pabrik Menengah"]


def test_the_filter_form_as_rendered_narrows_to_a_kelurahan_without_javascript(
    web, db_session, office, four_sizes
):
    kecamatan, kelurahan, _ = places(db_session)
    form = fill(form_for(web.get(LIST), LIST), {"q": MARK, "kecamatan": str(kecamatan.id)})
    chosen = form.submit()
    assert len(listed(chosen)) == 3
    form = fill(form_for(chosen, LIST), {"kelurahan": str(kelurahan.id), "kelas": "mikro"})
    narrowed = form.submit()
    assert listed(narrowed) == [f"Warung Mikro {MARK}"]
    kept = form_for(narrowed, LIST)
    assert (kept["q"].value, kept["kelas"].value) == (MARK, "mikro")
    assert kept["kelurahan"].value == str(kelurahan.id)


def test_the_kelurahan_filter_shows_only_the_chosen_kecamatan(web, db_session, office):
    kecamatan, kelurahan, outside = places(db_session)
    assert 'name="kelurahan"' not in web.get(LIST).text
    page = web.get(LIST, {"kecamatan": kecamatan.id})
    options = re.search(r'<select name="kelurahan">(.*?)</select>', page.text, re.S)
    assert options and f'value="{kelurahan.id}"' in options.group(1)
    assert f'value="{outside.id}"' not in options.group(1)


def test_the_list_is_paged_with_the_total(web, db_session, office):
    kecamatan, _, _ = places(db_session)
    db_session.execute(
        insert(RegisteredUmkm),
        [
            {
                "owner_name": "Pemilik",
                "business_name": f"Usaha {n:03d} {MARK}",
                "sector": Sector.JASA,
                "kecamatan_id": kecamatan.id,
                "employees": 1,
            }
            for n in range(60)
        ],
    )
    first = web.get(LIST, {"q": MARK})
    assert len(listed(first)) == 50 and listed(first)[0] == f"Usaha 000 {MARK}"
    assert "(60)" in first.text
    assert "Halaman 1 dari 2" in first.text
    second = first.click(href=r"page=2")
    assert listed(second) == [f"Usaha {n:03d} {MARK}" for n in range(50, 60)]
    assert "kelas" not in second.request.query_string  # the pager keeps only what was asked
    assert "q=Zq" in second.request.query_string
    assert listed(web.get(LIST, {"q": MARK, "page": "999"})) == listed(second)


def test_the_list_costs_the_same_queries_for_more_rows(app, web, db_session, office, count_queries):  # type: ignore[no-untyped-def]
    _, kelurahan, outside = places(db_session)
    counts = []
    for first, last in ((0, 3), (3, 40)):
        for n in range(first, last):
            place = {"kelurahan_id": None} if n % 3 == 0 else {"kelurahan_id": kelurahan.id}
            if n % 3 == 2:
                place = {"kecamatan_id": outside.kecamatan_id, "kelurahan_id": outside.id}
            an_umkm(db_session, f"Usaha {n}", turnover=n * 100_000_000, **place)
        with count_queries() as counter:
            web.get(LIST, {"q": MARK})
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "args",
    [
        {"q": "\x00warung"},
        {"q": "x" * 10_000},
        {"q": "%_\\"},
        {"kecamatan": "\x00", "kelurahan": "9" * 40, "page": "-5", "sektor": "kuliner\x00"},
        {"kecamatan": str(2**40), "kelas": "mikro\x00", "page": "9" * 30},
        {"kecamatan": "1e9", "kelurahan": "abc", "kelas": "<script>"},
    ],
)
def test_hostile_list_arguments_give_a_normal_page(web, db_session, office, args):
    page = web.get(LIST, args)
    assert page.status_int == 200
    assert "Pendataan UMKM" in texts(page, "console-main")[0]
    assert "<script>" not in page.text.split('class="console-main"', 1)[1]


def test_sql_class_filter_agrees_with_the_rule_at_the_limits(db_session):
    """The CASE the list filters by is the rule of registry.rules, at every boundary."""
    limits = ClassLimits()
    amounts = [0, 1]
    for limit in (
        limits.micro_turnover_max,
        limits.small_turnover_max,
        limits.medium_turnover_max,
        limits.micro_capital_max,
        limits.small_capital_max,
        limits.medium_capital_max,
    ):
        amounts += [limit - 1, limit, limit + 1]
    made = []
    for n, amount in enumerate(amounts):
        made.append(an_umkm(db_session, f"Omzet {n}", turnover=amount, kelurahan_id=None))
        made.append(an_umkm(db_session, f"Modal {n}", capital=amount, kelurahan_id=None))
    made.append(an_umkm(db_session, "Keduanya", turnover=1, capital=20 * MILIAR, kelurahan_id=None))
    limits = class_limits(db_session)
    for wanted in BusinessClass:
        stmt = umkm_ids(UmkmFilters(business_class=wanted, text=MARK), limits)
        in_sql = set(db_session.scalars(stmt))
        by_rule = {
            u.id
            for u in made
            if (found := business_class(u.turnover, u.capital, limits))
            and found.business_class is wanted
        }
        assert in_sql == by_rule, wanted


# Hostile posts and ids


def test_hostile_posts_are_refused_with_a_reason_or_cleaned(web, db_session, office):
    kecamatan, _, _ = places(db_session)
    base = {"business_name": "Usaha Zq", "owner_name": "Ibu Zq", "sector": "kuliner"}
    base |= {"kecamatan_id": str(kecamatan.id), "kelurahan_id": "", "employees": "0"}
    base |= {"cooperative_record_id": "", "member_id": "", "nib": "", "address": ""}
    before = registered(db_session)
    for bad in (
        {"business_name": "x" * 10_000},
        {"owner_name": "\x00 \x00"},  # refused before any view runs (storefront.hostile)
        {"owner_name": " \u200b\t "},
        {"employees": "9" * 40},
        {"employees": "-1"},
        {"turnover": "9" * 5000},
        {"turnover": "99.999.999.999.999.999"},
        {"capital": "-5.000"},
        {"turnover": "25,000"},
        {"nib": "\x00" * 20 + "1234567890123" + "9" * 10_000},
        {"sector": "tambang"},
        {"kecamatan_id": str(2**40)},
        {"kecamatan_id": "abc"},
        {"kelurahan_id": "999999"},
        {"cooperative_record_id": "2147483647"},
        {"member_id": str(2**63)},
    ):
        answer = hidden_post(web, NEW, NEW, base | bad)
        assert answer.status_int == 400, (bad, answer.status_int)
        assert errors(answer), bad
    assert registered(db_session) == before
    cleaned = hidden_post(
        web, NEW, NEW, base | {"business_name": "Keripik\t  Wati\u202e Zq", "nib": " \u200b"}
    )
    assert cleaned.status_int == 302, errors(cleaned)
    umkm = db_session.scalar(select(RegisteredUmkm).where(RegisteredUmkm.owner_name == "Ibu Zq"))
    assert (umkm.business_name, umkm.nib) == ("Keripik Wati Zq", None)


@pytest.mark.parametrize("suffix", ["", "/ubah"])
@pytest.mark.parametrize("umkm_id", ["999999", str(2**31), str(2**40), "9" * 30])
def test_an_unknown_umkm_is_not_found(web, db_session, office, umkm_id, suffix):
    assert web.get(f"{LIST}/{umkm_id}{suffix}", expect_errors=True).status_int == 404


PAGES = [LIST, NEW, SETTINGS, f"{LIST}/1", f"{LIST}/1/ubah"]


@pytest.mark.parametrize("url", PAGES)
def test_only_the_city_office_sees_the_registry(app: Flask, web, db_session, url):
    umkm = an_umkm(db_session, "Rahasia")
    url = url.replace("/1", f"/{umkm.id}")
    anonymous = web.get(url, expect_errors=True)
    assert anonymous.status_int == 302 and "/akun/masuk" in anonymous.location
    if url in (NEW, SETTINGS) or url.endswith("/ubah"):
        before = registered(db_session)
        posted = web.post(url, {"business_name": "x"}, expect_errors=True)
        assert posted.status_int in (302, 400)  # to the log-in page, or the CSRF refusal
        assert posted.status_int == 400 or "/akun/masuk" in posted.location
        assert registered(db_session) == before
    coop = factories.cooperative(db_session)
    signed_in(web, db_session, role=Role.MANAGER, cooperative=coop)
    assert web.get(url, expect_errors=True).status_int == 403


def test_a_shopper_cannot_post_to_the_registry(web, db_session):
    signed_in(web, db_session, role=Role.SHOPPER)
    for url in (NEW, SETTINGS):
        assert web.post(url, {"idle_years": "3"}, expect_errors=True).status_int in (400, 403)


# Settings


def test_settings_change_a_limit_and_the_class_shown_changes(web, db_session, office):
    umkm = an_umkm(db_session, "Kopi Sangrai", turnover=3 * MILIAR)
    assert "kecil" in texts(web.get(f"{LIST}/{umkm.id}"), "badge")
    form = form_for(web.get(SETTINGS), SETTINGS)
    assert form["micro_turnover_max"].value == "2.000.000.000"
    assert form["micro_turnover_max"].attrs["inputmode"] == "numeric"
    form["micro_turnover_max"] = "Rp 4.000.000.000"
    landed = form.submit().follow()
    assert flash_text(landed)
    assert form_for(landed, SETTINGS)["micro_turnover_max"].value == "4.000.000.000"
    assert db_session.get(RegistrySettings, 1).micro_turnover_max == 4 * MILIAR
    detail = web.get(f"{LIST}/{umkm.id}")
    assert "mikro" in texts(detail, "badge")
    assert listed(web.get(LIST, {"kelas": "mikro", "q": MARK})) == [f"Kopi Sangrai {MARK}"]


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"small_turnover_max": "1.000.000.000"},
            "small_turnover_max",
            "Batas setiap kelas harus di atas batas kelas sebelumnya.",
        ),
        (
            {"medium_capital_max": "5.000.000.000"},
            "medium_capital_max",
            "Batas setiap kelas harus di atas batas kelas sebelumnya.",
        ),
        ({"micro_capital_max": "0"}, "micro_capital_max", None),
        ({"idle_years": "0"}, "idle_years", None),
        ({"idle_years": "11"}, "idle_years", None),
        ({"idle_years": ""}, "idle_years", None),
        ({"medium_turnover_max": "lima miliar"}, "medium_turnover_max", None),
        ({"medium_turnover_max": "9" * 40}, "medium_turnover_max", None),
    ],
)
def test_settings_refuse_limits_that_do_not_rise(web, db_session, office, typed, field, message):
    before = db_session.get(RegistrySettings, 1)
    kept = (before.idle_years, before.small_turnover_max, before.medium_capital_max)
    refused = fill(form_for(web.get(SETTINGS), SETTINGS), typed).submit(expect_errors=True)
    assert refused.status_int == 400
    shown = field_errors(refused, field)
    assert shown, errors(refused)
    if message:
        assert shown == [message]
    after = fresh(db_session, before)
    assert (after.idle_years, after.small_turnover_max, after.medium_capital_max) == kept
