"""What kecamatan and kelurahan officers may see and do in a data round: their own area's
records only, updated and confirmed while the round is open. Flush, never commit.

An officer's area is their account's kecamatan, or one kelurahan of it. A record outside the
area is reported as not found (the officer learns nothing of other areas), and an update that
would move a record out of the area is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from accounts.models import Role, User
from catalog.db import DbSession, get_by_id
from catalog.exceptions import InvalidInput, NotFound
from catalog.i18n import N_
from catalog.queries import Page, clamp_page
from catalog.text import escape_like
from registry import checks, rounds
from registry import cooperatives as coops
from registry import umkm as umkms
from registry.models import (
    CooperativeSnapshot,
    DataRound,
    RegisteredCooperative,
    RegisteredUmkm,
    UmkmSnapshot,
)


@dataclass(frozen=True)
class Area:
    kecamatan_id: int
    kelurahan_id: int | None = None

    def holds(self, kecamatan_id: int, kelurahan_id: int | None) -> bool:
        if kecamatan_id != self.kecamatan_id:
            return False
        return self.kelurahan_id is None or kelurahan_id == self.kelurahan_id

    def where(
        self,
        kecamatan: InstrumentedAttribute[int],
        kelurahan: InstrumentedAttribute[int | None],
    ) -> ColumnElement[bool]:
        if self.kelurahan_id is None:
            return kecamatan == self.kecamatan_id
        return and_(kecamatan == self.kecamatan_id, kelurahan == self.kelurahan_id)


def area_of(user: User) -> Area:
    """The officer's area (NotFound for an account that is no officer: nothing to show)."""
    if user.role is not Role.OFFICER or user.kecamatan_id is None:
        raise NotFound(user.id)
    return Area(user.kecamatan_id, user.kelurahan_id)


def umkm_in(session: DbSession, area: Area, umkm_id: int) -> RegisteredUmkm:
    found = get_by_id(session, RegisteredUmkm, umkm_id)
    if found is None or not area.holds(found.kecamatan_id, found.kelurahan_id):
        raise NotFound(umkm_id)
    return found


def cooperative_in(session: DbSession, area: Area, record_id: int) -> RegisteredCooperative:
    found = get_by_id(session, RegisteredCooperative, record_id)
    if found is None or not area.holds(found.kecamatan_id, found.kelurahan_id):
        raise NotFound(record_id)
    return found


@dataclass(frozen=True)
class WorkFilters:
    kelurahan_id: int | None = None
    unconfirmed_only: bool = False
    text: str = ""


def umkm_worklist(
    session: DbSession,
    data_round: DataRound,
    area: Area,
    filters: WorkFilters,
    page: int,
    per_page: int = 30,
) -> Page[UmkmSnapshot]:
    """The area's UMKM in the round, those still to confirm first, then by name."""
    stmt: Select[UmkmSnapshot] = (
        select(UmkmSnapshot)
        .join(RegisteredUmkm, RegisteredUmkm.id == UmkmSnapshot.umkm_id)
        .where(
            UmkmSnapshot.round_id == data_round.id,
            area.where(UmkmSnapshot.kecamatan_id, UmkmSnapshot.kelurahan_id),
        )
    )
    if filters.kelurahan_id is not None:
        stmt = stmt.where(UmkmSnapshot.kelurahan_id == filters.kelurahan_id)
    if filters.unconfirmed_only:
        stmt = stmt.where(UmkmSnapshot.confirmed_at.is_(None))
    if filters.text:
        pattern = f"%{escape_like(filters.text.lower())}%"
        stmt = stmt.where(
            or_(
                func.lower(RegisteredUmkm.business_name).like(pattern, escape="\\"),
                func.lower(RegisteredUmkm.owner_name).like(pattern, escape="\\"),
                RegisteredUmkm.nib.like(pattern, escape="\\"),
            )
        )
    total = session.scalar(stmt.with_only_columns(func.count()).order_by(None)) or 0
    number = clamp_page(page, per_page, total)
    ordered = stmt.order_by(
        UmkmSnapshot.confirmed_at.is_not(None), RegisteredUmkm.business_name, UmkmSnapshot.id
    ).options(joinedload(UmkmSnapshot.umkm))
    items = list(session.scalars(ordered.limit(per_page).offset((number - 1) * per_page)))
    return Page(items=items, page=number, per_page=per_page, total=total)


def cooperative_worklist(
    session: DbSession, data_round: DataRound, area: Area
) -> list[CooperativeSnapshot]:
    """The area's cooperatives in the round (tens at most), still to confirm first."""
    stmt = (
        select(CooperativeSnapshot)
        .join(RegisteredCooperative, RegisteredCooperative.id == CooperativeSnapshot.record_id)
        .where(
            CooperativeSnapshot.round_id == data_round.id,
            area.where(CooperativeSnapshot.kecamatan_id, CooperativeSnapshot.kelurahan_id),
        )
        .order_by(CooperativeSnapshot.confirmed_at.is_not(None), RegisteredCooperative.name)
        .options(joinedload(CooperativeSnapshot.record))
    )
    return list(session.scalars(stmt))


def area_completion(
    session: DbSession, data_round: DataRound, area: Area
) -> list[rounds.Completion]:
    """The round's completion in the area: per kelurahan, and for a kecamatan officer also
    the kecamatan's records without a kelurahan."""
    return [
        row
        for row in rounds.completion(session, data_round)
        if row.kecamatan_id is not None and area.holds(row.kecamatan_id, row.kelurahan_id)
    ]


def _checked_place(area: Area, data: umkms.UmkmInput) -> None:
    if area.kelurahan_id is not None and data.kelurahan_id is None:
        data.kelurahan_id = area.kelurahan_id
    if not area.holds(data.kecamatan_id or 0, data.kelurahan_id):
        raise InvalidInput("kelurahan_id", N_("Choose a kelurahan of your own area."))


def save_umkm(
    session: DbSession,
    round_id: int,
    area: Area,
    umkm: RegisteredUmkm | None,
    data: umkms.UmkmInput,
    actor_id: int,
    today: date,
    *,
    confirm: bool,
) -> RegisteredUmkm:
    """An officer's update of an UMKM of their area (or a new one found there), written to
    the record and its snapshot in the open round, confirmed when asked; refused whole when
    the round has closed."""
    data_round = rounds.round_for_saving(session, round_id, today)
    _checked_place(area, data)
    data.member_id = umkm.member_id if umkm is not None else None  # the office links members
    saved = (
        umkms.create_umkm(session, data) if umkm is None else umkms.update_umkm(session, umkm, data)
    )
    snapshot = rounds.refresh_umkm_snapshot(session, data_round, saved)
    if confirm:
        rounds.confirm(session, snapshot, actor_id)
    return saved


@dataclass
class CooperativeUpdate:
    """What an officer updates of a cooperative in a round: its members, and its RAT and
    business in the round's book year."""

    members_count: int | None
    rat_held_on: date | None = None
    members_present: int | None = None
    shu: int | None = None
    business_volume: int | None = None


def save_cooperative(
    session: DbSession,
    round_id: int,
    area: Area,
    record_id: int,
    update: CooperativeUpdate,
    actor_id: int,
    today: date,
    *,
    confirm: bool,
) -> RegisteredCooperative:
    """An officer's update of a cooperative of their area, written to the record, its book
    year and its snapshot in the open round (its status follows), confirmed when asked."""
    record = cooperative_in(session, area, record_id)
    data_round = rounds.round_for_saving(session, round_id, today)
    members = checks.count(update.members_count, "members_count")  # refused before any write
    year = coops.BookYearInput(
        book_year=data_round.book_year,
        rat_held_on=update.rat_held_on,
        members_present=update.members_present,
        shu=update.shu,
        business_volume=update.business_volume,
    )
    coops.record_book_year(session, record, year, today)  # checks all, then writes
    coops.set_members_count(session, record, members)
    snapshot = rounds.refresh_cooperative_snapshot(session, data_round, record)
    if confirm:
        rounds.confirm(session, snapshot, actor_id)
    return record


def confirm_umkm(
    session: DbSession, round_id: int, area: Area, umkm_id: int, actor_id: int, today: date
) -> UmkmSnapshot:
    """Confirm an UMKM as it stands."""
    umkm = umkm_in(session, area, umkm_id)  # another area's record is not found, round or not
    data_round = rounds.round_for_saving(session, round_id, today)
    snapshot = rounds.refresh_umkm_snapshot(session, data_round, umkm)
    rounds.confirm(session, snapshot, actor_id)
    return snapshot


def confirm_cooperative(
    session: DbSession, round_id: int, area: Area, record_id: int, actor_id: int, today: date
) -> CooperativeSnapshot:
    """Confirm a cooperative of the area as it stands."""
    record = cooperative_in(session, area, record_id)
    data_round = rounds.round_for_saving(session, round_id, today)
    snapshot = rounds.refresh_cooperative_snapshot(session, data_round, record)
    rounds.confirm(session, snapshot, actor_id)
    return snapshot
