"""The registries' services on both databases: what they keep, what they refuse and why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from catalog.exceptions import InvalidInput
from catalog.models import Kecamatan, Kelurahan, Member
from registry import cooperatives as coops
from registry import settings as registry_settings
from registry import umkm as umkms
from registry.models import Board, Health, LegalForm, RegisteredCooperative, Sector
from registry.rules import Activity, BusinessClass

TODAY = date(2026, 12, 8)


def place(session) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """A kecamatan, one of its kelurahan, and a kelurahan of another kecamatan."""
    kecamatan = session.scalars(select(Kecamatan).order_by(Kecamatan.id)).first()
    inside = session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id == kecamatan.id)
    ).first()
    outside = session.scalars(
        select(Kelurahan).where(Kelurahan.kecamatan_id != kecamatan.id)
    ).first()
    return kecamatan.id, inside.id, outside.id


def a_cooperative(session, **kw) -> RegisteredCooperative:  # type: ignore[no-untyped-def]
    kecamatan, kelurahan, _ = place(session)
    data = coops.CooperativeRecordInput(
        name=kw.pop("name", "Koperasi Produsen Gula Aren Sejahtera"),
        legal_form=kw.pop("legal_form", LegalForm.PRODUSEN),
        kecamatan_id=kecamatan,
        kelurahan_id=kelurahan,
        **kw,
    )
    return coops.create_record(session, data, TODAY)


def test_a_cooperative_is_kept_with_its_numbers_cleaned(db_session):
    record = a_cooperative(
        db_session,
        name="  Koperasi\x00 Produsen   Gula Aren ",
        nik="3674 0123 4567 8901",
        legal_number="AHU-0001234.AH.01.26.TAHUN 2019",
        legal_date=date(2019, 3, 4),
        members_count=120,
        health=Health.CUKUP_SEHAT,
        health_year=2025,
    )
    db_session.expire_all()
    kept = db_session.get(RegisteredCooperative, record.id)
    assert kept.name == "Koperasi Produsen Gula Aren"
    assert kept.nik == "3674012345678901"
    assert (kept.health, kept.health_year, kept.members_count) == (Health.CUKUP_SEHAT, 2025, 120)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nik": "12345"}, "nik", "This number has 16 digits."),
        ({"nik": "367401234567890A"}, "nik", "This number has 16 digits."),
        ({"legal_date": date(2027, 1, 1)}, "legal_date", "This date is in the future."),
        ({"members_count": -1}, "members_count", "Give a number of zero or more."),
        ({"health": Health.SEHAT}, "health_year", "Give the assessment's result with its year."),
        ({"name": " \x00 "}, "name", "Fill this in (up to 160 characters)."),
    ],
)
def test_a_cooperative_with_bad_input_is_refused_with_why(db_session, changes, field, message):
    before = db_session.scalar(select(RegisteredCooperative.id).limit(1))
    with pytest.raises(InvalidInput) as refused:
        a_cooperative(db_session, **changes)
    assert refused.value.field == field
    assert refused.value.message % refused.value.params == message
    assert db_session.scalar(select(RegisteredCooperative.id).limit(1)) == before


def test_a_kelurahan_of_another_kecamatan_is_refused(db_session):
    kecamatan, _, outside = place(db_session)
    data = coops.CooperativeRecordInput(
        name="Koperasi Jasa",
        legal_form=LegalForm.JASA,
        kecamatan_id=kecamatan,
        kelurahan_id=outside,
    )
    with pytest.raises(InvalidInput) as refused:
        coops.create_record(db_session, data, TODAY)
    assert refused.value.field == "kelurahan_id"


def test_two_cooperatives_cannot_share_a_nik(db_session):
    a_cooperative(db_session, nik="3674012345678901")
    with pytest.raises(InvalidInput) as refused:
        a_cooperative(db_session, name="Koperasi Lain", nik="3674-0123-4567-8901")
    assert refused.value.message == "Another cooperative is registered with this NIK."


def test_ksu_is_kept_and_flagged_to_convert(db_session):
    record = a_cooperative(db_session, legal_form=LegalForm.SERBA_USAHA)
    assert record.legal_form.must_convert
    assert not LegalForm.PRODUSEN.must_convert


def test_book_years_make_the_activity_status(db_session):
    record = a_cooperative(db_session)
    assert coops.activity_of(db_session, record, 2025).status is Activity.TIDAK_AKTIF
    coops.record_book_year(
        db_session,
        record,
        coops.BookYearInput(
            2025,
            rat_held_on=date(2026, 3, 14),
            members_present=80,
            shu=-5_000_000,
            business_volume=750_000_000,
        ),
        TODAY,
    )
    assert coops.activity_of(db_session, record, 2025).status is Activity.AKTIF
    coops.record_book_year(  # rewriting the year: the RAT turns out not to have been held
        db_session, record, coops.BookYearInput(2025, business_volume=750_000_000), TODAY
    )
    found = coops.activity_of(db_session, record, 2025)
    assert found.status is Activity.KURANG_AKTIF
    assert len(record.years) == 1


def test_the_idle_years_setting_changes_the_status(db_session):
    record = a_cooperative(db_session)
    coops.record_book_year(
        db_session, record, coops.BookYearInput(2023, rat_held_on=date(2024, 2, 1)), TODAY
    )
    assert coops.activity_of(db_session, record, 2025).status is Activity.TIDAK_AKTIF
    limits = registry_settings.class_limits(db_session)
    registry_settings.update_settings(
        db_session, registry_settings.SettingsInput(idle_years=3, **limits.__dict__)
    )
    assert coops.activity_of(db_session, record, 2025).status is Activity.KURANG_AKTIF


@pytest.mark.parametrize(
    ("year", "field", "message"),
    [
        (
            coops.BookYearInput(2025, rat_held_on=date(2026, 12, 9)),
            "rat_held_on",
            "This date is in the future.",
        ),
        (
            coops.BookYearInput(2025, rat_held_on=date(2024, 12, 31)),
            "rat_held_on",
            "A RAT for 2025 is held after that year began.",
        ),
        (coops.BookYearInput(2027), "book_year", "Give a year from 1945 to 2026."),
        (coops.BookYearInput(None), "book_year", "Give the book year."),
        (
            coops.BookYearInput(2025, members_present=-3),
            "members_present",
            "Give a number of zero or more.",
        ),
        (
            coops.BookYearInput(2025, business_volume=-1),
            "business_volume",
            "Give an amount of zero rupiah or more.",
        ),
    ],
)
def test_a_book_year_with_bad_input_is_refused(db_session, year, field, message):
    record = a_cooperative(db_session)
    with pytest.raises(InvalidInput) as refused:
        coops.record_book_year(db_session, record, year, TODAY)
    assert (refused.value.field, refused.value.message % refused.value.params) == (field, message)
    assert record.years == []


def test_the_board_and_supervisors_are_listed(db_session):
    record = a_cooperative(db_session)
    coops.add_official(db_session, record, Board.PENGAWAS, "Ketua Pengawas", "Siti Rahma")
    chair = coops.add_official(db_session, record, Board.PENGURUS, "Ketua", "Budi Santoso")
    assert [(o.board, o.name) for o in record.officials] == [
        (Board.PENGAWAS, "Siti Rahma"),
        (Board.PENGURUS, "Budi Santoso"),
    ]
    coops.remove_official(db_session, chair)
    assert [o.name for o in record.officials] == ["Siti Rahma"]


def an_umkm(session, **kw):  # type: ignore[no-untyped-def]
    kecamatan, kelurahan, _ = place(session)
    data = umkms.UmkmInput(
        owner_name=kw.pop("owner_name", "Ibu Wati"),
        business_name=kw.pop("business_name", "Keripik Singkong Wati"),
        sector=kw.pop("sector", Sector.KULINER),
        kecamatan_id=kecamatan,
        kelurahan_id=kelurahan,
        **kw,
    )
    return umkms.create_umkm(session, data)


def test_an_umkm_gets_its_class_from_the_offices_limits(db_session):
    umkm = an_umkm(db_session, nib="1234-5678-90123", employees=4, turnover=3_000_000_000)
    assert umkm.nib == "1234567890123"
    found = umkms.class_of(db_session, umkm)
    assert found is not None and found.business_class is BusinessClass.KECIL
    unknown = an_umkm(db_session, business_name="Batik Tulis Wati")
    assert umkms.class_of(db_session, unknown) is None


def test_an_umkm_is_linked_to_its_gerai_member_once(db_session):
    member = db_session.scalars(select(Member).order_by(Member.id)).first()
    an_umkm(db_session, member_id=member.id)
    with pytest.raises(InvalidInput) as refused:
        an_umkm(db_session, business_name="Usaha Kedua", member_id=member.id)
    assert refused.value.field == "member_id"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nib": "123"}, "nib"),
        ({"employees": -1}, "employees"),
        ({"turnover": -5}, "turnover"),
        ({"capital": 10**16}, "capital"),
        ({"business_name": "x" * 161}, "business_name"),
        ({"cooperative_record_id": 2**31 - 1}, "cooperative_record_id"),
        ({"member_id": 2**40}, "member_id"),
    ],
)
def test_an_umkm_with_bad_input_is_refused(db_session, changes, field):
    with pytest.raises(InvalidInput) as refused:
        an_umkm(db_session, **changes)
    assert refused.value.field == field


def test_a_nib_is_one_business(db_session):
    an_umkm(db_session, nib="1234567890123")
    with pytest.raises(InvalidInput) as refused:
        an_umkm(db_session, business_name="Usaha Lain", nib="1234567890123")
    assert refused.value.message == "Another UMKM is registered with this NIB."


def test_settings_refuse_limits_that_do_not_rise(db_session):
    limits = registry_settings.class_limits(db_session).__dict__ | {
        "small_turnover_max": 1_000_000_000
    }
    with pytest.raises(InvalidInput) as refused:
        registry_settings.update_settings(
            db_session, registry_settings.SettingsInput(idle_years=2, **limits)
        )
    assert refused.value.field == "small_turnover_max"
    assert registry_settings.class_limits(db_session).small_turnover_max == 15_000_000_000
