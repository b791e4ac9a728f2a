"""Officers work in their own area only, and only while the round is open."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from accounts.models import Role
from catalog.exceptions import InvalidInput, NotFound
from catalog.models import Kelurahan
from registry import officer_accounts, officers, rounds
from registry import umkm as umkms
from registry.models import Sector, UmkmSnapshot
from tests import factories
from tests.registry.test_records import an_umkm, place

TODAY = date(2026, 3, 1)


@pytest.fixture
def setting(db_session):  # type: ignore[no-untyped-def]
    kecamatan, kelurahan, outside = place(db_session)
    mine = an_umkm(db_session, business_name="Keripik Dalam Wilayah")
    other_kecamatan = db_session.get(Kelurahan, outside).kecamatan_id
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
    data_round = rounds.open_round(
        db_session, rounds.RoundInput("Pendataan 2026", 2026, date(2026, 6, 30)), None, TODAY
    )
    officer = factories.user(db_session, role=Role.OFFICER, kecamatan_id=kecamatan)
    return officer, data_round, mine, theirs, kelurahan, outside


def test_an_officer_sees_only_their_area(db_session, setting):
    officer, data_round, mine, theirs, _kelurahan, _outside = setting
    area = officers.area_of(officer)
    page = officers.umkm_worklist(db_session, data_round, area, officers.WorkFilters(), 1)
    assert [s.umkm_id for s in page.items] == [mine.id]
    with pytest.raises(NotFound):
        officers.umkm_in(db_session, area, theirs.id)
    with pytest.raises(NotFound):
        officers.confirm_umkm(db_session, data_round.id, area, theirs.id, officer.id, TODAY)


def test_a_kelurahan_officer_sees_only_their_kelurahan(db_session, setting):
    _officer, data_round, mine, _theirs, kelurahan, _outside = setting
    other_kelurahan = db_session.scalars(
        select(Kelurahan).where(
            Kelurahan.kecamatan_id == mine.kecamatan_id, Kelurahan.id != kelurahan
        )
    ).first()
    lurah = factories.user(
        db_session,
        role=Role.OFFICER,
        kecamatan_id=mine.kecamatan_id,
        kelurahan_id=other_kelurahan.id,
    )
    area = officers.area_of(lurah)
    assert (
        officers.umkm_worklist(db_session, data_round, area, officers.WorkFilters(), 1).total == 0
    )
    with pytest.raises(NotFound):
        officers.umkm_in(db_session, area, mine.id)


def test_saving_updates_the_record_and_its_snapshot_and_confirms(db_session, setting):
    officer, data_round, mine, _theirs, kelurahan, _outside = setting
    data = umkms.UmkmInput(
        owner_name=mine.owner_name,
        business_name=mine.business_name,
        sector=Sector.KULINER,
        kecamatan_id=mine.kecamatan_id,
        kelurahan_id=kelurahan,
        employees=15,
        turnover=3_000_000_000,
    )
    officers.save_umkm(
        db_session,
        data_round.id,
        officers.area_of(officer),
        mine,
        data,
        officer.id,
        TODAY,
        confirm=True,
    )
    snapshot = db_session.scalars(select(UmkmSnapshot).where(UmkmSnapshot.umkm_id == mine.id)).one()
    assert (snapshot.employees, snapshot.business_class) == (15, "kecil")
    assert snapshot.confirmed_by_id == officer.id


def test_moving_a_record_out_of_the_area_is_refused(db_session, setting):
    officer, data_round, mine, theirs, _kelurahan, outside = setting
    data = umkms.UmkmInput(
        owner_name=mine.owner_name,
        business_name=mine.business_name,
        sector=Sector.KULINER,
        kecamatan_id=theirs.kecamatan_id,
        kelurahan_id=outside,
    )
    with pytest.raises(InvalidInput) as refused:
        officers.save_umkm(
            db_session,
            data_round.id,
            officers.area_of(officer),
            mine,
            data,
            officer.id,
            TODAY,
            confirm=False,
        )
    assert refused.value.field == "kelurahan_id"


def test_nothing_is_saved_once_the_round_is_closed(db_session, setting):
    officer, data_round, mine, _theirs, _kelurahan, _outside = setting
    rounds.close_round(db_session, data_round, None)
    with pytest.raises(rounds.RoundClosed):
        officers.confirm_umkm(
            db_session, data_round.id, officers.area_of(officer), mine.id, officer.id, TODAY
        )
    snapshot = db_session.scalars(select(UmkmSnapshot).where(UmkmSnapshot.umkm_id == mine.id))
    assert snapshot.one().confirmed_at is None


def test_an_account_that_is_no_officer_has_no_area(db_session):
    with pytest.raises(NotFound):
        officers.area_of(factories.user(db_session, role=Role.SHOPPER))


def test_the_office_creates_officer_accounts_for_an_area(db_session):
    kecamatan, kelurahan, outside = place(db_session)
    officer = officer_accounts.create_officer(
        db_session,
        email="Lurah.Setu@Example.ID",
        name=" Bu  Lurah ",
        kecamatan_id=kecamatan,
        kelurahan_id=kelurahan,
        password="kata-sandi-panjang-1",
        hash_method="pbkdf2:sha256:1",
    )
    assert (officer.email, officer.name, officer.kelurahan_id) == (
        "lurah.setu@example.id",
        "Bu Lurah",
        kelurahan,
    )
    with pytest.raises(InvalidInput) as refused:
        officer_accounts.create_officer(
            db_session,
            email="camat@example.id",
            name="Pak Camat",
            kecamatan_id=kecamatan,
            kelurahan_id=outside,
            password="kata-sandi-panjang-1",
            hash_method="pbkdf2:sha256:1",
        )
    assert refused.value.field == "kelurahan_id"
