"""The demo city's registers: every state the office's pages show is there to be seen."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from catalog.models import Cooperative, Kelurahan, Member
from demo.registry import seed_registry
from registry import queries
from registry.models import Health, LegalForm, RegisteredCooperative, RegisteredUmkm, Sector
from registry.rules import Activity, BusinessClass, business_class
from registry.settings import class_limits

TODAY = date(2026, 12, 8)


def test_the_demo_registers_hold_every_state_and_form(db_session):
    made = seed_registry(db_session, TODAY, umkm=1500)
    assert made["RegisteredCooperative"] >= 300 and made["RegisteredUmkm"] == 1500
    rows = queries.cooperative_rows(db_session, queries.CooperativeFilters(), TODAY.year - 1)
    assert set(Counter(r.finding.status for r in rows)) == set(Activity)
    assert {r.record.legal_form for r in rows} == set(LegalForm)
    assert {r.record.health for r in rows} == {*Health, None}
    limits = class_limits(db_session)
    umkm = db_session.scalars(select(RegisteredUmkm)).all()
    classes = {
        c.business_class for u in umkm if (c := business_class(u.turnover, u.capital, limits))
    }
    assert {BusinessClass.MIKRO, BusinessClass.KECIL} <= classes
    assert {u.sector for u in umkm} == set(Sector)


def test_the_demo_gerai_cooperatives_and_members_are_linked(db_session):
    seed_registry(db_session, TODAY, umkm=200)
    linked = db_session.scalar(
        select(func.count(RegisteredCooperative.id)).where(
            RegisteredCooperative.cooperative_id.is_not(None)
        )
    )
    assert linked == db_session.scalar(select(func.count(Cooperative.id)))
    members = db_session.scalar(
        select(func.count(RegisteredUmkm.id)).where(RegisteredUmkm.member_id.is_not(None))
    )
    assert members == db_session.scalar(select(func.count(Member.id)))


def test_every_kelurahan_lies_in_its_records_kecamatan(db_session):
    seed_registry(db_session, TODAY, umkm=500)
    for model in (RegisteredCooperative, RegisteredUmkm):
        astray = db_session.scalar(
            select(func.count(model.id))
            .join(Kelurahan, Kelurahan.id == model.kelurahan_id)
            .where(Kelurahan.kecamatan_id != model.kecamatan_id)
        )
        assert astray == 0


def test_seeding_twice_adds_nothing(db_session):
    seed_registry(db_session, TODAY, umkm=100)
    assert not seed_registry(db_session, TODAY, umkm=100)


def test_the_demo_has_two_past_rounds_with_growth_and_one_open(db_session):
    from demo.registry import seed_rounds
    from registry.models import DataRound, RoundStatus, UmkmSnapshot

    seed_registry(db_session, TODAY, umkm=800)
    seed_rounds(db_session, TODAY)
    found = db_session.scalars(select(DataRound).order_by(DataRound.year)).all()
    assert [(r.year, r.status) for r in found] == [
        (2024, RoundStatus.CLOSED),
        (2025, RoundStatus.CLOSED),
        (2026, RoundStatus.OPEN),
    ]
    order = {c.value: n for n, c in enumerate(BusinessClass)}

    def classes(data_round: DataRound) -> dict[int, str | None]:
        rows = db_session.execute(
            select(UmkmSnapshot.umkm_id, UmkmSnapshot.business_class).where(
                UmkmSnapshot.round_id == data_round.id
            )
        )
        return dict(rows.all())

    before, after = classes(found[0]), classes(found[1])
    grew = [i for i, c in after.items() if c and before.get(i) and order[c] > order[before[i]]]
    shrank = [i for i, c in after.items() if c and before.get(i) and order[c] < order[before[i]]]
    assert grew and not shrank
    assert not seed_rounds(db_session, TODAY)
