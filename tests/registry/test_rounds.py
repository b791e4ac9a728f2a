"""Yearly data rounds: snapshots of every record, officers' confirmations, completion, and a
round closed while a save is in flight (both databases)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidInput
from registry import cooperatives as coops
from registry import rounds
from registry import umkm as umkms
from registry.models import (
    CooperativeSnapshot,
    DataRound,
    LegalForm,
    RoundEvent,
    RoundStatus,
    Sector,
    UmkmSnapshot,
)
from registry.rules import business_class
from registry.settings import class_limits
from tests.registry.test_records import a_cooperative, an_umkm, place

TODAY = date(2026, 3, 1)
ROUND = rounds.RoundInput("Pendataan 2026", 2026, date(2026, 6, 30))


def test_opening_a_round_snapshots_every_record(db_session):
    record = a_cooperative(db_session)
    coops.record_book_year(
        db_session,
        record,
        coops.BookYearInput(2025, rat_held_on=date(2026, 2, 1), business_volume=10**8),
        TODAY,
    )
    small = an_umkm(db_session, turnover=3_000_000_000)
    unknown = an_umkm(db_session, business_name="Usaha Belum Diisi")
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    assert data_round.status is RoundStatus.OPEN and data_round.book_year == 2025
    assert [e.status for e in data_round.events] == [RoundStatus.OPEN]
    snapshot = db_session.scalars(select(CooperativeSnapshot)).one()
    assert (snapshot.record_id, snapshot.activity) == (record.id, "aktif")
    classes = dict(
        db_session.execute(select(UmkmSnapshot.umkm_id, UmkmSnapshot.business_class)).all()
    )
    assert classes == {small.id: "kecil", unknown.id: None}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (rounds.RoundInput("", 2026, date(2026, 6, 30)), "name"),
        (rounds.RoundInput("Pendataan Lalu", 2026, date(2026, 2, 28)), "closes_on"),
        (rounds.RoundInput("Pendataan", None, date(2026, 6, 30)), "year"),
        (rounds.RoundInput("Pendataan 3000", 3000, date(2026, 6, 30)), "year"),
    ],
)
def test_a_round_with_bad_input_is_refused(db_session, data, field):
    with pytest.raises(InvalidInput) as refused:
        rounds.open_round(db_session, data, None, TODAY)
    assert refused.value.field == field
    assert db_session.scalars(select(DataRound)).all() == []


def test_one_round_at_a_time_and_one_per_year(db_session):
    first = rounds.open_round(db_session, ROUND, None, TODAY)
    with pytest.raises(InvalidInput, match="close it first"):
        rounds.open_round(db_session, rounds.RoundInput("Lagi", 2027, TODAY), None, TODAY)
    rounds.close_round(db_session, first, None)
    with pytest.raises(InvalidInput) as refused:
        rounds.open_round(db_session, rounds.RoundInput("Ulang", 2026, TODAY), None, TODAY)
    assert refused.value.field == "year"


def test_a_closed_round_stays_closed_and_refuses_saves(db_session):
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    assert rounds.round_for_saving(db_session, data_round.id, TODAY) is data_round
    rounds.close_round(db_session, data_round, None)
    with pytest.raises(InvalidInput):
        rounds.close_round(db_session, data_round, None)
    with pytest.raises(rounds.RoundClosed):
        rounds.round_for_saving(db_session, data_round.id, TODAY)
    events = db_session.scalars(select(RoundEvent.status).order_by(RoundEvent.id)).all()
    assert events == [RoundStatus.OPEN, RoundStatus.CLOSED]


def test_a_save_after_the_closing_date_is_refused(db_session):
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    with pytest.raises(rounds.RoundClosed) as refused:
        rounds.round_for_saving(db_session, data_round.id, date(2026, 7, 1))
    assert "closing date" in refused.value.message


def test_updates_during_a_round_refresh_its_snapshot_and_confirmations_count(db_session):
    umkm = an_umkm(db_session, turnover=500_000_000)
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    kecamatan, kelurahan, _ = place(db_session)
    data = umkms.UmkmInput(
        owner_name=umkm.owner_name,
        business_name=umkm.business_name,
        sector=Sector.KULINER,
        kecamatan_id=kecamatan,
        kelurahan_id=kelurahan,
        employees=12,
        turnover=4_000_000_000,
    )
    umkms.update_umkm(db_session, umkm, data)
    snapshot = rounds.refresh_umkm_snapshot(db_session, data_round, umkm)
    assert (snapshot.business_class, snapshot.employees) == ("kecil", 12)
    added = an_umkm(db_session, business_name="Usaha Baru Ditemukan")
    rounds.refresh_umkm_snapshot(db_session, data_round, added)
    [row] = [r for r in rounds.completion(db_session, data_round) if r.kelurahan_id == kelurahan]
    assert (row.umkm, row.umkm_confirmed, row.percent) == (2, 0, 0)
    rounds.confirm(db_session, snapshot, None)
    [row] = [r for r in rounds.completion(db_session, data_round) if r.kelurahan_id == kelurahan]
    assert (row.umkm_confirmed, row.percent) == (1, 50)


def test_completion_puts_the_places_furthest_behind_first(db_session):
    a_cooperative(db_session, legal_form=LegalForm.JASA)
    an_umkm(db_session)
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    snapshot = db_session.scalars(select(UmkmSnapshot)).first()
    rounds.confirm(db_session, snapshot, None)
    rows = rounds.completion(db_session, data_round)
    assert [r.percent for r in rows] == sorted(r.percent for r in rows)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 60_000_000_000)),
            st.one_of(st.none(), st.integers(0, 12_000_000_000)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_snapshot_class_in_sql_is_the_rule_in_python(db_session, figures):
    nested = db_session.begin_nested()
    made = [
        an_umkm(db_session, business_name=f"Usaha {n}", turnover=t, capital=c)
        for n, (t, c) in enumerate(figures)
    ]
    data_round = rounds.open_round(db_session, rounds.RoundInput("Uji", 2026, TODAY), None, TODAY)
    stored = dict(
        db_session.execute(
            select(UmkmSnapshot.umkm_id, UmkmSnapshot.business_class).where(
                UmkmSnapshot.round_id == data_round.id
            )
        ).all()
    )
    limits = class_limits(db_session)
    for umkm in made:
        found = business_class(umkm.turnover, umkm.capital, limits)
        assert stored[umkm.id] == (found.business_class.value if found else None)
    nested.rollback()


def test_a_round_closed_while_a_save_is_in_flight(app):
    """PostgreSQL: the close waits for the save's share lock; the next save is refused. SQLite:
    writers queue on the database's write lock, so the save after the close is refused."""
    engine = app.extensions["gerai.engine"]
    with Session(engine) as office:
        data_round = rounds.open_round(
            office, rounds.RoundInput("Pendataan Uji Kunci", 2027, TODAY), None, TODAY
        )
        office.commit()
        round_id = data_round.id
    try:
        if engine.dialect.name == "postgresql":
            with Session(engine) as officer, Session(engine) as closer:
                rounds.round_for_saving(officer, round_id, TODAY)  # the save has begun
                closer.execute(select(1)).all()
                closer.connection().exec_driver_sql("SET lock_timeout = '300ms'")
                with pytest.raises(Exception, match="lock"):
                    rounds.close_round(closer, closer.get(DataRound, round_id), None)
                closer.rollback()
                officer.commit()  # the save lands while the round is still open
        with Session(engine) as closer:
            rounds.close_round(closer, closer.get(DataRound, round_id), None)
            closer.commit()
        with Session(engine) as officer, pytest.raises(rounds.RoundClosed):
            rounds.round_for_saving(officer, round_id, TODAY)
    finally:
        with Session(engine) as cleanup:
            cleanup.delete(cleanup.get(DataRound, round_id))
            cleanup.commit()


def test_the_offices_changes_during_a_round_follow_into_it(db_session):
    data_round = rounds.open_round(db_session, ROUND, None, TODAY)
    added = an_umkm(db_session, business_name="Didaftarkan Saat Putaran", turnover=10**8)
    rounds.keep_umkm_in_open_round(db_session, added)
    snapshot = db_session.scalars(
        select(UmkmSnapshot).where(UmkmSnapshot.umkm_id == added.id)
    ).one()
    assert (snapshot.round_id, snapshot.business_class) == (data_round.id, "mikro")
    record = a_cooperative(db_session, name="Koperasi Baru Saat Putaran")
    rounds.keep_cooperative_in_open_round(db_session, record)
    assert (
        db_session.scalars(
            select(CooperativeSnapshot).where(CooperativeSnapshot.record_id == record.id)
        )
        .one()
        .activity
        == "tidak_aktif"
    )
    rounds.close_round(db_session, data_round, None)
    later = an_umkm(db_session, business_name="Setelah Ditutup")
    rounds.keep_umkm_in_open_round(db_session, later)  # no round open: nothing to follow
    assert (
        db_session.scalars(select(UmkmSnapshot).where(UmkmSnapshot.umkm_id == later.id)).all() == []
    )
