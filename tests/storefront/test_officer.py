"""The officers' pages (/petugas): their own area's records in the open data round, checked,
corrected and confirmed from a phone.

Forms are submitted as the pages render them (WebTest); hostile input no browser sends is
hand-built. The pages answer in Indonesian, so the tests read Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from webtest import TestApp

from accounts.models import Role, User
from catalog.models import Kelurahan
from registry import cooperatives as registry_coops
from registry import rounds
from registry import umkm as umkms
from registry.models import (
    CooperativeSnapshot,
    DataRound,
    LegalForm,
    RegisteredCooperative,
    RegisteredUmkm,
    Sector,
    UmkmSnapshot,
)
from tests import factories
from tests.registry.test_records import TODAY, a_cooperative, an_umkm, place
from tests.webforms import errors, flash_text, form_for, signed_in, texts

HOME = "/petugas/"
NEW = "/petugas/umkm/baru"
NO_ROUND_OPEN = "Belum ada putaran pendataan yang dibuka"
ROUND_CLOSED = "Putaran sudah ditutup: tidak ada yang tersimpan."


def umkm_url(umkm: RegisteredUmkm) -> str:
    return f"/petugas/umkm/{umkm.id}"


def confirm_url(umkm: RegisteredUmkm) -> str:
    return f"/petugas/umkm/{umkm.id}/konfirmasi"


def coop_confirm_url(record: RegisteredCooperative) -> str:
    return f"/petugas/koperasi/{record.id}/konfirmasi"


@dataclass
class City:
    """Records in the officer's kecamatan ("mine") and in another one ("theirs")."""

    kecamatan: int
    kelurahan: int
    other_kelurahan: int  # of the same kecamatan
    outside: int  # a kelurahan of another kecamatan
    mine: RegisteredUmkm
    theirs: RegisteredUmkm
    coop: RegisteredCooperative
    their_coop: RegisteredCooperative


def open_round(session) -> DataRound:  # type: ignore[no-untyped-def]
    data = rounds.RoundInput("Pendataan 2026", date.today().year, date.today() + timedelta(days=30))
    data_round = rounds.open_round(session, data, None, date.today())
    session.commit()
    return data_round


@pytest.fixture
def city(db_session) -> City:  # type: ignore[no-untyped-def]
    kecamatan, kelurahan, outside = place(db_session)
    other_kelurahan = db_session.scalars(
        select(Kelurahan.id).where(Kelurahan.kecamatan_id == kecamatan, Kelurahan.id != kelurahan)
    ).first()
    other_kecamatan = db_session.get(Kelurahan, outside).kecamatan_id
    coop = a_cooperative(db_session, name="Koperasi Wilayah Sendiri")
    mine = an_umkm(
        db_session,
        business_name="Keripik Dalam Wilayah",
        nib="1234567890123",
        employees=3,
        cooperative_record_id=coop.id,
    )
    theirs = umkms.create_umkm(
        db_session,
        umkms.UmkmInput(
            owner_name="Pak Lain",
            business_name="Usaha Wilayah Lain",
            sector=Sector.JASA,
            kecamatan_id=other_kecamatan,
            kelurahan_id=outside,
        ),
    )
    their_coop = registry_coops.create_record(
        db_session,
        registry_coops.CooperativeRecordInput(
            name="Koperasi Wilayah Lain",
            legal_form=LegalForm.JASA,
            kecamatan_id=other_kecamatan,
            kelurahan_id=outside,
        ),
        TODAY,
    )
    db_session.commit()
    return City(kecamatan, kelurahan, other_kelurahan, outside, mine, theirs, coop, their_coop)


@pytest.fixture
def data_round(db_session, city) -> DataRound:  # type: ignore[no-untyped-def]
    return open_round(db_session)


@pytest.fixture
def officer(web, db_session, city) -> User:  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.OFFICER, kecamatan_id=city.kecamatan)


def snapshot_of(session, umkm: RegisteredUmkm) -> UmkmSnapshot:  # type: ignore[no-untyped-def]
    session.expire_all()
    return session.scalars(select(UmkmSnapshot).where(UmkmSnapshot.umkm_id == umkm.id)).one()


def listed(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The names on the page's cards, UMKM then cooperatives, in their order."""
    return texts(page, "officer-name")


def refused_with(page, message: str) -> bool:  # type: ignore[no-untyped-def]
    return any(message in e for e in errors(page))


def csrf_token(web: TestApp) -> str:
    return str(web.get(NEW).html.find("input", attrs={"name": "csrf_token"})["value"])


# --- the list -------------------------------------------------------------------------------


def test_the_officer_sees_the_round_and_only_their_areas_records(web, city, data_round, officer):
    page = web.get(HOME)
    assert data_round.name in page.text and "Dibuka sampai" in page.text
    assert city.mine.business_name in page.text and city.coop.name in page.text
    assert city.theirs.business_name not in page.text
    assert city.their_coop.name not in page.text
    assert "belum dikonfirmasi" in page.text
    assert "0 dari 1 UMKM, 0 dari 1 koperasi" in page.text
    assert "/petugas/umkm/baru" in page.text  # Tambah UMKM


def test_logging_in_lands_an_officer_on_their_list(web, db_session, city, data_round):
    user = factories.user(
        db_session, password="rahasia-as-rendered", role=Role.OFFICER, kecamatan_id=city.kecamatan
    )
    db_session.commit()
    form = form_for(web.get("/akun/masuk"), "/akun/masuk")
    form["email"], form["password"] = user.email, "rahasia-as-rendered"
    landed = form.submit().follow()
    assert landed.request.path == HOME and city.mine.business_name in landed.text


def test_another_areas_records_are_not_found_on_every_route(
    web, db_session, city, data_round, officer
):
    token = csrf_token(web)
    posted = {"csrf_token": token, "round": str(data_round.id)}
    web.get(umkm_url(city.theirs), status=404)
    web.post(umkm_url(city.theirs), posted | {"business_name": "Diambil Alih"}, status=404)
    web.post(confirm_url(city.theirs), posted, status=404)
    web.post(coop_confirm_url(city.their_coop), posted, status=404)
    for missing in (99_999_999, 2**40, 2**70):
        web.get(f"/petugas/umkm/{missing}", status=404)
        web.post(f"/petugas/umkm/{missing}/konfirmasi", posted, status=404)
        web.post(f"/petugas/koperasi/{missing}/konfirmasi", posted, status=404)
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.theirs.id).business_name == "Usaha Wilayah Lain"
    assert db_session.scalars(select(UmkmSnapshot.confirmed_at)).all() == [None, None]
    assert db_session.scalars(select(CooperativeSnapshot.confirmed_at)).all() == [None, None]


def test_a_kelurahan_officer_sees_only_their_kelurahan(web, db_session, city, data_round):
    next_door = an_umkm(db_session, business_name="Batik Kelurahan Sebelah")
    next_door.kelurahan_id = city.other_kelurahan
    db_session.flush()
    rounds.refresh_umkm_snapshot(db_session, data_round, next_door)
    db_session.commit()
    signed_in(
        web,
        db_session,
        role=Role.OFFICER,
        kecamatan_id=city.kecamatan,
        kelurahan_id=city.other_kelurahan,
    )
    page = web.get(HOME)
    assert next_door.business_name in page.text
    assert city.mine.business_name not in page.text and city.coop.name not in page.text
    assert 'name="kelurahan"' not in page.text  # no kelurahan to choose from
    web.get(umkm_url(city.mine), status=404)
    edit = web.get(umkm_url(next_door))
    form = form_for(edit, umkm_url(next_door))
    assert "kelurahan_id" not in form.fields  # fixed, and shown as text
    form["employees"] = "7"
    form.submit("aksi", value="konfirmasi").follow()
    db_session.expire_all()
    kept = db_session.get(RegisteredUmkm, next_door.id)
    assert (kept.kelurahan_id, kept.employees) == (city.other_kelurahan, 7)
    assert snapshot_of(db_session, next_door).confirmed_at is not None


def test_the_kelurahan_filter_offers_only_the_officers_kecamatan(
    web, db_session, city, data_round, officer
):
    page = web.get(HOME)
    offered = {o[0] for o in form_for(page, HOME)["kelurahan"].options} - {""}
    in_kecamatan = set(
        db_session.scalars(select(Kelurahan.id).where(Kelurahan.kecamatan_id == city.kecamatan))
    )
    assert offered == {str(i) for i in in_kecamatan}
    next_door = web.get(HOME, {"kelurahan": city.other_kelurahan})
    assert listed(next_door) == [] and "Tidak ada UMKM yang cocok." in next_door.text
    assert listed(web.get(HOME, {"kelurahan": city.kelurahan})) == [
        city.mine.business_name,
        city.coop.name,
    ]
    outside = web.get(HOME, {"kelurahan": city.outside})  # not a choice: ignored
    assert listed(outside) == [city.mine.business_name, city.coop.name]


def test_search_and_only_unconfirmed_filter_the_list(web, db_session, city, data_round, officer):
    other = an_umkm(db_session, business_name="Tenun Ikat Sejati")
    rounds.refresh_umkm_snapshot(db_session, data_round, other)
    db_session.commit()
    assert listed(web.get(HOME, {"q": "tenun"})) == [other.business_name]
    assert listed(web.get(HOME)) == [city.mine.business_name, other.business_name, city.coop.name]
    form_for(web.get(umkm_url(city.mine)), confirm_url(city.mine)).submit()
    waiting = web.get(HOME, {"belum": "1"})
    assert listed(waiting) == [other.business_name, city.coop.name]
    assert listed(web.get(HOME)) == [other.business_name, city.mine.business_name, city.coop.name]


# --- correcting and confirming an UMKM -------------------------------------------------------


def test_edit_and_confirm_updates_the_record_its_snapshot_and_completion(
    web, db_session, city, data_round, officer
):
    page = web.get(HOME)
    edit = page.click(href=umkm_url(city.mine))
    form = form_for(edit, umkm_url(city.mine))
    form["owner_name"] = "Ibu Wati Lestari"
    form["employees"] = "12"
    form["turnover"] = "3.000.000.000"
    form["kelurahan_id"] = str(city.other_kelurahan)
    listed = form.submit("aksi", value="konfirmasi").follow()
    assert "disimpan dan dikonfirmasi" in flash_text(listed)
    db_session.expire_all()
    kept = db_session.get(RegisteredUmkm, city.mine.id)
    assert (kept.owner_name, kept.employees, kept.turnover) == ("Ibu Wati Lestari", 12, 3 * 10**9)
    assert kept.kelurahan_id == city.other_kelurahan
    assert kept.cooperative_record_id == city.coop.id  # the office's link, kept
    snapshot = snapshot_of(db_session, city.mine)
    assert (snapshot.employees, snapshot.business_class) == (12, "kecil")
    assert snapshot.kelurahan_id == city.other_kelurahan
    assert snapshot.confirmed_by_id == officer.id and snapshot.confirmed_at is not None
    assert "1 dari 1 UMKM, 0 dari 1 koperasi" in listed.text
    assert "sudah dikonfirmasi" in listed.text


def test_save_without_confirming_leaves_it_unconfirmed(web, db_session, city, data_round, officer):
    form = form_for(web.get(umkm_url(city.mine)), umkm_url(city.mine))
    form["address"] = "Jl. Pendidikan No. 5"
    listed = form.submit("aksi", value="simpan").follow()
    assert f"{city.mine.business_name} disimpan." in flash_text(listed)
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).address == "Jl. Pendidikan No. 5"
    assert snapshot_of(db_session, city.mine).confirmed_at is None


def test_confirming_without_changes_takes_one_tap(web, db_session, city, data_round, officer):
    edit = web.get(umkm_url(city.mine))
    assert "Konfirmasi tanpa perubahan" in edit.text
    listed = form_for(edit, confirm_url(city.mine)).submit().follow()
    assert "dikonfirmasi" in flash_text(listed)
    snapshot = snapshot_of(db_session, city.mine)
    assert snapshot.confirmed_by_id == officer.id and snapshot.employees == 3


def test_a_save_goes_back_to_the_list_as_it_was_filtered(
    web, db_session, city, data_round, officer
):
    listed = web.get(HOME, {"belum": "1", "q": "keripik", "kelurahan": city.kelurahan})
    edit = listed.click(href=umkm_url(city.mine))
    back = form_for(edit, umkm_url(city.mine)).submit("aksi", value="simpan")
    assert back.status_int == 302
    for arg in ("belum=1", "q=keripik", f"kelurahan={city.kelurahan}"):
        assert arg in back.location


def test_the_cooperative_is_confirmed_from_its_card(web, db_session, city, data_round, officer):
    page = web.get(HOME)
    listed = form_for(page, coop_confirm_url(city.coop)).submit().follow()
    assert city.coop.name in flash_text(listed)
    db_session.expire_all()
    snapshot = db_session.scalars(
        select(CooperativeSnapshot).where(CooperativeSnapshot.record_id == city.coop.id)
    ).one()
    assert snapshot.confirmed_by_id == officer.id
    assert "0 dari 1 UMKM, 1 dari 1 koperasi" in listed.text
    assert coop_confirm_url(city.coop) not in listed.text  # nothing left to confirm


def test_adding_an_umkm_puts_it_in_the_round(web, db_session, city, data_round, officer):
    form = form_for(web.get(HOME).click(href=NEW), NEW)
    assert [o[0] for o in form["kelurahan_id"].options if o[0]]  # the area's kelurahan
    form["business_name"] = "Sambal Roa Mama Ita"
    form["owner_name"] = "Ibu Ita"
    form["sector"] = "kuliner"
    form["kelurahan_id"] = str(city.kelurahan)
    form["employees"] = "2"
    form["capital"] = "Rp 50.000.000"
    listed = form.submit("aksi", value="konfirmasi").follow()
    assert "ditambahkan ke putaran" in flash_text(listed)
    added = db_session.scalars(
        select(RegisteredUmkm).where(RegisteredUmkm.business_name == "Sambal Roa Mama Ita")
    ).one()
    assert (added.kecamatan_id, added.kelurahan_id) == (city.kecamatan, city.kelurahan)
    assert added.cooperative_record_id is None and added.member_id is None
    snapshot = snapshot_of(db_session, added)
    assert snapshot.round_id == data_round.id and snapshot.business_class == "mikro"
    assert snapshot.confirmed_at is not None
    assert "Sambal Roa Mama Ita" in listed.text


# --- refusals --------------------------------------------------------------------------------


def test_moving_a_record_to_another_areas_kelurahan_is_refused(
    web, db_session, city, data_round, officer
):
    for url in (umkm_url(city.mine), NEW):
        form = form_for(web.get(url), url)
        form["business_name"] = "Pindah Wilayah"
        form["owner_name"] = "Pak Pindah"
        form["kelurahan_id"].force_value(str(city.outside))
        page = form.submit("aksi", value="konfirmasi", status=400)
        assert refused_with(page, "Pilih kelurahan di wilayah Anda sendiri.")
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).kelurahan_id == city.kelurahan
    assert (
        db_session.scalar(
            select(func.count()).where(RegisteredUmkm.business_name == "Pindah Wilayah")
        )
        == 0
    )
    assert snapshot_of(db_session, city.mine).confirmed_at is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("employees", "-3", "Isi angka nol atau lebih."),
        ("nib", "12345", "Nomor ini terdiri dari 13 digit."),
        ("nib", "12345678901AB", "Nomor ini terdiri dari 13 digit."),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_nothing_is_saved(
    web, db_session, city, data_round, officer, field, value, message
):
    form = form_for(web.get(umkm_url(city.mine)), umkm_url(city.mine))
    form["owner_name"] = "Nama Baru"
    form[field] = value
    page = form.submit("aksi", value="konfirmasi", status=400)
    assert refused_with(page, message)
    assert form_for(page, umkm_url(city.mine))[field].value == value  # kept as typed
    db_session.expire_all()
    kept = db_session.get(RegisteredUmkm, city.mine.id)
    assert (kept.owner_name, kept.employees, kept.nib) == ("Ibu Wati", 3, "1234567890123")
    assert snapshot_of(db_session, city.mine).confirmed_at is None


def test_no_round_open_is_said_and_saves_are_refused(web, db_session, city, officer):
    assert NO_ROUND_OPEN in web.get(HOME).text
    edit = web.get(umkm_url(city.mine))
    assert NO_ROUND_OPEN in edit.text
    assert 'value="konfirmasi"' not in edit.text  # no save buttons
    form = form_for(edit, umkm_url(city.mine))
    form["owner_name"] = "Nama Baru"
    page = form.submit(status=400)
    assert any(NO_ROUND_OPEN in e for e in errors(page))
    new = form_for(web.get(NEW), NEW)
    new["business_name"], new["owner_name"] = "Usaha Baru", "Pak Baru"
    assert any(NO_ROUND_OPEN in e for e in errors(new.submit(status=400)))
    token = csrf_token(web)
    refused = web.post(confirm_url(city.mine), {"csrf_token": token}).follow()
    assert NO_ROUND_OPEN in flash_text(refused)
    refused = web.post(coop_confirm_url(city.coop), {"csrf_token": token}).follow()
    assert NO_ROUND_OPEN in flash_text(refused)
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).owner_name == "Ibu Wati"
    assert db_session.scalar(select(func.count()).select_from(UmkmSnapshot)) == 0


def test_a_round_closed_before_the_post_refuses_the_save(
    web, db_session, city, data_round, officer
):
    list_page = web.get(HOME)
    edit = web.get(umkm_url(city.mine))
    new = form_for(web.get(NEW), NEW)
    rounds.close_round(db_session, db_session.get(DataRound, data_round.id), None)
    db_session.commit()

    form = form_for(edit, umkm_url(city.mine))
    form["owner_name"] = "Nama Baru"
    page = form.submit("aksi", value="konfirmasi", status=400)
    assert refused_with(page, ROUND_CLOSED)
    new["business_name"], new["owner_name"] = "Usaha Terlambat", "Pak Telat"
    assert refused_with(new.submit("aksi", value="simpan", status=400), ROUND_CLOSED)
    refused = form_for(edit, confirm_url(city.mine)).submit().follow()
    assert ROUND_CLOSED in flash_text(refused)
    refused = form_for(list_page, coop_confirm_url(city.coop)).submit().follow()
    assert ROUND_CLOSED in flash_text(refused)

    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).owner_name == "Ibu Wati"
    assert (
        db_session.scalar(
            select(func.count()).where(RegisteredUmkm.business_name == "Usaha Terlambat")
        )
        == 0
    )
    assert snapshot_of(db_session, city.mine).confirmed_at is None
    assert db_session.scalars(select(CooperativeSnapshot.confirmed_at)).all() == [None, None]
    assert NO_ROUND_OPEN in web.get(HOME).text


def test_a_round_past_its_closing_date_refuses_saves(web, db_session, city, data_round, officer):
    edit = web.get(umkm_url(city.mine))
    db_session.get(DataRound, data_round.id).closes_on = date.today() - timedelta(days=2)
    db_session.commit()
    assert "sudah lewat" in web.get(HOME).text
    assert 'value="konfirmasi"' not in web.get(umkm_url(city.mine)).text
    form = form_for(edit, umkm_url(city.mine))
    form["owner_name"] = "Nama Baru"
    page = form.submit("aksi", value="konfirmasi", status=400)
    assert refused_with(page, "Putaran sudah lewat tanggal penutupan: tidak ada yang tersimpan.")
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).owner_name == "Ibu Wati"


def test_completion_counts_only_the_officers_kecamatan(web, db_session, city, officer):
    """Records without a kelurahan in another kecamatan are no part of this officer's area."""
    theirs_without_kelurahan = umkms.create_umkm(
        db_session,
        umkms.UmkmInput(
            owner_name="Pak Jauh",
            business_name="Usaha Tanpa Kelurahan",
            sector=Sector.JASA,
            kecamatan_id=city.theirs.kecamatan_id,
        ),
    )
    mine_without_kelurahan = an_umkm(db_session, business_name="Warung Tanpa Kelurahan")
    mine_without_kelurahan.kelurahan_id = None
    db_session.commit()
    open_round(db_session)
    page = web.get(HOME)
    assert "0 dari 2 UMKM, 0 dari 1 koperasi" in page.text
    assert "(tanpa kelurahan)" in page.text
    assert theirs_without_kelurahan.business_name not in page.text


# --- who may come in, and hostile addresses -------------------------------------------------


@pytest.mark.parametrize("role", [Role.SHOPPER, Role.ADMIN, Role.MANAGER])
def test_other_roles_are_refused(web, db_session, city, data_round, role):
    extra = {"cooperative": factories.cooperative(db_session)} if role is Role.MANAGER else {}
    signed_in(web, db_session, role=role, **extra)
    for url in (HOME, umkm_url(city.mine), NEW):
        web.get(url, status=403)
    token = csrf_token_of_any_page(web)
    posted = {"csrf_token": token, "round": str(data_round.id)}
    for url in (umkm_url(city.mine), NEW, confirm_url(city.mine), coop_confirm_url(city.coop)):
        web.post(url, posted, status=403)
    assert snapshot_of(db_session, city.mine).confirmed_at is None


def csrf_token_of_any_page(web: TestApp) -> str:
    field = web.get("/akun").maybe_follow().html.find("input", attrs={"name": "csrf_token"})
    assert field, "no CSRF token on the account page"
    return str(field["value"])


def test_guests_are_sent_to_log_in(web, city, data_round):
    for url in (HOME, umkm_url(city.mine), NEW):
        answer = web.get(url, status=302)
        assert "/akun/masuk" in answer.location


@pytest.mark.parametrize(
    "args",
    [
        {"q": "keripik\x00", "kelurahan": "1\x00"},
        {"q": "x" * 10_000, "belum": "y" * 10_000},
        {"kelurahan": str(2**70), "page": str(2**70)},
        {"kelurahan": "-5", "page": "-1", "belum": "<script>"},
        {"page": "9999999999999999999999999"},
    ],
)
def test_hostile_query_args_give_a_normal_page(web, city, data_round, officer, args):
    assert web.get(HOME, args).status_int == 200
    assert web.get(umkm_url(city.mine), args).status_int == 200
    assert web.get(NEW, args).status_int == 200


def test_hostile_form_posts_are_refused_and_change_nothing(
    web, db_session, city, data_round, officer
):
    token = csrf_token(web)
    typed = {
        "csrf_token": token,
        "round": str(data_round.id),
        "business_name": "Usaha Aneh",
        "owner_name": "Pak Aneh",
        "sector": "kuliner",
        "aksi": "konfirmasi",
    }
    hostile = [
        {"employees": "9" * 40},
        {"turnover": "9" * 40},
        {"capital": "-5.000"},
        {"kelurahan_id": "abc"},
        {"kelurahan_id": "9" * 40},
        {"sector": "bukan-sektor"},
        {"round": "9" * 40},
        {"round": "abc"},
        {"business_name": "x" * 10_000},
        {"owner_name": "Pak\x00Aneh"},
        {"nib": "\x07" * 13},
    ]
    for changes in hostile:
        for url in (umkm_url(city.mine), NEW):
            answer = web.post(url, typed | changes, expect_errors=True)
            assert 400 <= answer.status_int < 500, (url, changes, answer.status_int)
            assert errors(answer), (url, changes)
    db_session.expire_all()
    assert db_session.get(RegisteredUmkm, city.mine.id).business_name == "Keripik Dalam Wilayah"
    assert snapshot_of(db_session, city.mine).confirmed_at is None
    assert db_session.scalar(select(func.count()).select_from(RegisteredUmkm)) == 2


def test_a_kelurahan_officer_adds_an_umkm_in_their_own_kelurahan(web, db_session, city, data_round):
    signed_in(
        web, db_session, role=Role.OFFICER, kecamatan_id=city.kecamatan, kelurahan_id=city.kelurahan
    )
    form = form_for(web.get(NEW), NEW)
    assert "kelurahan_id" not in form.fields
    form["business_name"], form["owner_name"] = "Jamu Gendong Bu Sum", "Ibu Sumarni"
    assert "ditambahkan ke putaran" in flash_text(form.submit("aksi", value="simpan").follow())
    added = db_session.scalars(
        select(RegisteredUmkm).where(RegisteredUmkm.business_name == "Jamu Gendong Bu Sum")
    ).one()
    assert (added.kecamatan_id, added.kelurahan_id) == (city.kecamatan, city.kelurahan)
    assert snapshot_of(db_session, added).confirmed_at is None


def test_the_list_takes_a_few_statements_whatever_the_citys_size(
    web, db_session, city, data_round, officer, count_queries
):
    for n in range(40):
        rounds.refresh_umkm_snapshot(
            db_session, data_round, an_umkm(db_session, business_name=f"Usaha Ke-{n}")
        )
    db_session.commit()
    with count_queries() as counter:
        page = web.get(HOME)
    assert len(listed(page)) == 30 + 1  # a page of UMKM, and the cooperative
    assert counter.count <= 15, counter.statements


def coop_url(record: RegisteredCooperative) -> str:
    return f"/petugas/koperasi/{record.id}"


def test_the_officer_updates_a_cooperatives_members_and_book_year(
    web, db_session, city, data_round, officer
):
    page = web.get(HOME)
    assert coop_url(city.coop) in page.text
    page = web.get(coop_url(city.coop))
    assert "tidak aktif" in page.text.lower()
    form = form_for(page, coop_url(city.coop))
    form["members_count"] = "64"
    form["rat_held_on"] = date.today().isoformat()
    form["members_present"] = "40"
    form["shu"] = "-2.500.000"
    form["business_volume"] = "Rp 180.000.000"
    listed = form.submit(name="aksi", value="konfirmasi").follow()
    assert city.coop.name in flash_text(listed)
    db_session.expire_all()
    record = db_session.get(RegisteredCooperative, city.coop.id)
    year = next(y for y in record.years if y.book_year == data_round.book_year)
    assert (record.members_count, year.members_present, year.shu, year.business_volume) == (
        64,
        40,
        -2_500_000,
        180_000_000,
    )
    snapshot = db_session.scalars(
        select(CooperativeSnapshot).where(CooperativeSnapshot.record_id == city.coop.id)
    ).one()
    assert (snapshot.activity, snapshot.members_count) == ("aktif", 64)
    assert snapshot.confirmed_by_id == officer.id


def test_a_cooperative_with_bad_input_is_refused_whole(web, db_session, city, data_round, officer):
    form = form_for(web.get(coop_url(city.coop)), coop_url(city.coop))
    form["members_count"] = "70"
    form["rat_held_on"] = "2999-01-01"
    page = form.submit(name="aksi", value="simpan", status=400)
    assert any("masa depan" in e.lower() for e in errors(page))
    db_session.expire_all()
    record = db_session.get(RegisteredCooperative, city.coop.id)
    assert record.members_count != 70 and record.years == []


def test_another_areas_cooperative_page_is_not_found(web, db_session, city, data_round, officer):
    token = csrf_token(web)
    web.get(coop_url(city.their_coop), status=404)
    posted = {"csrf_token": token, "round": str(data_round.id), "members_count": "1"}
    web.post(coop_url(city.their_coop), posted, status=404)
    db_session.expire_all()
    assert db_session.get(RegisteredCooperative, city.their_coop.id).members_count == 0


def test_a_cooperative_save_after_the_round_closed_is_refused(
    web, db_session, city, data_round, officer
):
    form = form_for(web.get(coop_url(city.coop)), coop_url(city.coop))
    form["members_count"] = "99"
    rounds.close_round(db_session, db_session.get(DataRound, data_round.id), None)
    db_session.commit()
    page = form.submit(name="aksi", value="simpan", status=400)
    assert "ditutup" in page.text
    db_session.expire_all()
    assert db_session.get(RegisteredCooperative, city.coop.id).members_count != 99
