"""Yearly data rounds: the office opens one, every registered cooperative and UMKM gets a
snapshot in it, officers update and confirm their area's records, and the office closes it.

A round's status moves only through :func:`move_round` and its table (ROUND_TRANSITIONS), which
writes the RoundEvent. A save during a round first takes the round with :func:`round_for_saving`:
on PostgreSQL that holds a share lock on the round's row until the save commits, so the
office's close waits for saves in flight and a save after the close sees it closed and is
refused; on SQLite the storefront begins such a save with the write lock (``begin_write``),
which serialises it with the close. Either way no save lands half in a closed round.

Flush, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, func, insert, literal, select

from catalog.db import DbSession, get_by_id, saved, utcnow
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.models import Kecamatan, Kelurahan
from registry import checks
from registry.cooperatives import year_facts
from registry.models import (
    CooperativeSnapshot,
    DataRound,
    RegisteredCooperative,
    RegisteredUmkm,
    RoundEvent,
    RoundStatus,
    UmkmSnapshot,
)
from registry.queries_umkm import class_case
from registry.rules import activity, business_class
from registry.settings import class_limits, current_settings

ROUND_TRANSITIONS: dict[RoundStatus | None, frozenset[RoundStatus]] = {
    None: frozenset({RoundStatus.OPEN}),  # made
    RoundStatus.OPEN: frozenset({RoundStatus.CLOSED}),
    RoundStatus.CLOSED: frozenset(),
}


class RoundClosed(InvalidInput):
    """A save arrived for a round that is closed (or past its closing date)."""


def move_round(
    session: DbSession, data_round: DataRound, to: RoundStatus, actor_id: int | None
) -> None:
    """The one way a round's status changes: checked against ROUND_TRANSITIONS, with its
    event written in the same flush."""
    current = data_round.status if data_round.id is not None else None
    if to not in ROUND_TRANSITIONS[current]:
        raise InvalidInput("status", N_("The round cannot make this move now."))
    data_round.status = to
    saved(session, data_round)
    saved(session, RoundEvent(round_id=data_round.id, status=to, actor_id=actor_id))


def open_round_now(session: DbSession) -> DataRound | None:
    """The round officers work in, if one is open."""
    stmt = select(DataRound).where(DataRound.status == RoundStatus.OPEN)
    return session.scalars(stmt.limit(1)).first()


def all_rounds(session: DbSession) -> Sequence[DataRound]:
    return session.scalars(select(DataRound).order_by(DataRound.year.desc())).all()


@dataclass
class RoundInput:
    name: str
    year: int | None
    closes_on: date | None


def open_round(
    session: DbSession, data: RoundInput, actor_id: int | None, today: date
) -> DataRound:
    """Open a round and snapshot every registered cooperative and UMKM into it."""
    name = checks.one_line(data.name, "name", 80, required=True)
    year = checks.year(data.year, "year", date(today.year + 1, 12, 31))
    if year is None:
        raise InvalidInput("year", N_("Give the round's year."))
    if data.closes_on is None or data.closes_on < today:
        raise InvalidInput("closes_on", N_("Give a closing date from today on."))
    if open_round_now(session) is not None:
        raise InvalidInput("name", N_("Another round is open: close it first."))
    if session.scalar(select(DataRound.id).where(DataRound.year == year)) is not None:
        raise InvalidInput("year", N_("There is a round for %(year)s already."), year=year)
    if session.scalar(select(DataRound.id).where(DataRound.name == name)) is not None:
        raise InvalidInput("name", N_("Another round has this name."))
    data_round = DataRound(name=name, year=year, closes_on=data.closes_on)
    move_round(session, data_round, RoundStatus.OPEN, actor_id)
    _snapshot_cooperatives(session, data_round)
    _snapshot_umkm(session, data_round)
    return data_round


def close_round(session: DbSession, data_round: DataRound, actor_id: int | None) -> None:
    """Close the round: its snapshots become the year's record. The round's row is locked
    first, so a save in flight finishes before the close, and none starts after it."""
    session.execute(
        select(DataRound.id).where(DataRound.id == data_round.id).with_for_update()
    ).first()
    session.refresh(data_round)
    move_round(session, data_round, RoundStatus.CLOSED, actor_id)


def round_for_saving(session: DbSession, round_id: int, today: date) -> DataRound:
    """The open round a save belongs to, share-locked until the save commits; RoundClosed
    when it is closed or past its closing date."""
    found = session.scalars(
        select(DataRound)
        .where(DataRound.id == round_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    ).first()
    if found is None or found.status is not RoundStatus.OPEN:
        raise RoundClosed("round", N_("The round is closed: nothing was saved."))
    if not found.takes_saves(today):
        raise RoundClosed("round", N_("The round closed on its closing date: nothing was saved."))
    return found


def _snapshot_cooperatives(session: DbSession, data_round: DataRound) -> None:
    """Every cooperative as it stands, with its status at the round's book year (a rule over
    its book years, worked out here: a city registers hundreds)."""
    idle = current_settings(session).idle_years
    records = session.scalars(select(RegisteredCooperative)).all()
    rows = [
        {
            "round_id": data_round.id,
            "record_id": r.id,
            "kecamatan_id": r.kecamatan_id,
            "kelurahan_id": r.kelurahan_id,
            "legal_form": r.legal_form,
            "members_count": r.members_count,
            "health": r.health,
            "activity": activity(year_facts(r), data_round.book_year, idle).status.value,
        }
        for r in records
    ]
    if rows:
        session.execute(insert(CooperativeSnapshot), rows)


def _snapshot_umkm(session: DbSession, data_round: DataRound) -> None:
    umkm = RegisteredUmkm
    chosen: Select = select(
        literal(data_round.id),
        umkm.id,
        umkm.kecamatan_id,
        umkm.kelurahan_id,
        umkm.sector,
        umkm.employees,
        umkm.turnover,
        umkm.capital,
        class_case(class_limits(session)),
    )
    columns = [
        "round_id",
        "umkm_id",
        "kecamatan_id",
        "kelurahan_id",
        "sector",
        "employees",
        "turnover",
        "capital",
        "business_class",
    ]
    session.execute(insert(UmkmSnapshot).from_select(columns, chosen))


def refresh_umkm_snapshot(
    session: DbSession, data_round: DataRound, umkm: RegisteredUmkm
) -> UmkmSnapshot:
    """The UMKM's snapshot in the round made to match the record (after an officer's update,
    or for an UMKM added during the round)."""
    snapshot = session.scalars(
        select(UmkmSnapshot).where(
            UmkmSnapshot.round_id == data_round.id, UmkmSnapshot.umkm_id == umkm.id
        )
    ).first() or UmkmSnapshot(round_id=data_round.id, umkm_id=umkm.id)
    found = business_class(umkm.turnover, umkm.capital, class_limits(session))
    snapshot.kecamatan_id = umkm.kecamatan_id
    snapshot.kelurahan_id = umkm.kelurahan_id
    snapshot.sector = umkm.sector
    snapshot.employees = umkm.employees
    snapshot.turnover = umkm.turnover
    snapshot.capital = umkm.capital
    snapshot.business_class = found.business_class.value if found else None
    return saved(session, snapshot)


def refresh_cooperative_snapshot(
    session: DbSession, data_round: DataRound, record: RegisteredCooperative
) -> CooperativeSnapshot:
    snapshot = session.scalars(
        select(CooperativeSnapshot).where(
            CooperativeSnapshot.round_id == data_round.id,
            CooperativeSnapshot.record_id == record.id,
        )
    ).first() or CooperativeSnapshot(round_id=data_round.id, record_id=record.id)
    idle = current_settings(session).idle_years
    snapshot.kecamatan_id = record.kecamatan_id
    snapshot.kelurahan_id = record.kelurahan_id
    snapshot.legal_form = record.legal_form
    snapshot.members_count = record.members_count
    snapshot.health = record.health
    snapshot.activity = activity(year_facts(record), data_round.book_year, idle).status.value
    return saved(session, snapshot)


def confirm(
    session: DbSession,
    snapshot: UmkmSnapshot | CooperativeSnapshot,
    actor_id: int | None,
    now: datetime | None = None,
) -> None:
    """Mark the snapshot confirmed by the officer (again, if it was: the latest counts)."""
    snapshot.confirmed_at = now or utcnow()
    snapshot.confirmed_by_id = actor_id
    saved(session, snapshot)


@dataclass(frozen=True)
class Completion:
    kecamatan: str
    kelurahan: str | None
    kelurahan_id: int | None
    kecamatan_id: int | None
    umkm: int
    umkm_confirmed: int
    cooperatives: int
    cooperatives_confirmed: int

    @property
    def records(self) -> int:
        return self.umkm + self.cooperatives

    @property
    def confirmed(self) -> int:
        return self.umkm_confirmed + self.cooperatives_confirmed

    @property
    def percent(self) -> int:
        """Whole percent confirmed (a place with nothing to confirm is done)."""
        return 100 if not self.records else self.confirmed * 100 // self.records


def completion(session: DbSession, data_round: DataRound) -> list[Completion]:
    """How far the round is, per kelurahan (and per kecamatan for records without one), the
    places furthest behind first: two grouped counts over the snapshots' area index."""

    def counted(model: type[UmkmSnapshot] | type[CooperativeSnapshot]) -> dict:
        stmt = (
            select(
                model.kecamatan_id,
                model.kelurahan_id,
                func.count(),
                func.count(model.confirmed_at),
            )
            .where(model.round_id == data_round.id)
            .group_by(model.kecamatan_id, model.kelurahan_id)
        )
        return {(k, kel): (int(n), int(done)) for k, kel, n, done in session.execute(stmt)}

    umkm, coops = counted(UmkmSnapshot), counted(CooperativeSnapshot)
    names = dict(session.execute(select(Kecamatan.id, Kecamatan.name)).all())
    kelurahan = dict(session.execute(select(Kelurahan.id, Kelurahan.name)).all())
    rows = []
    for key in set(umkm) | set(coops):
        kecamatan_id, kelurahan_id = key
        umkm_all, umkm_done = umkm.get(key, (0, 0))
        coops_all, coops_done = coops.get(key, (0, 0))
        rows.append(
            Completion(
                kecamatan=names.get(kecamatan_id, "?"),
                kelurahan=kelurahan.get(kelurahan_id) if kelurahan_id else None,
                kelurahan_id=kelurahan_id,
                kecamatan_id=kecamatan_id,
                umkm=umkm_all,
                umkm_confirmed=umkm_done,
                cooperatives=coops_all,
                cooperatives_confirmed=coops_done,
            )
        )
    return sorted(rows, key=lambda row: (row.percent, row.kecamatan, row.kelurahan or ""))


def keep_umkm_in_open_round(session: DbSession, umkm: RegisteredUmkm) -> None:
    """After the office registers or changes an UMKM: its snapshot in the open round, if one
    is, follows (so the officer of its area, new or old, sees it as it now stands)."""
    data_round = open_round_now(session)
    if data_round is not None:
        refresh_umkm_snapshot(session, data_round, umkm)


def keep_cooperative_in_open_round(session: DbSession, record: RegisteredCooperative) -> None:
    """The same for a registered cooperative (its book years change its status too)."""
    data_round = open_round_now(session)
    if data_round is not None:
        refresh_cooperative_snapshot(session, data_round, record)


def get_round(session: DbSession, round_id: int) -> DataRound | None:
    return get_by_id(session, DataRound, round_id)
