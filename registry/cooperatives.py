"""The registry of the city's cooperatives: records, their book years (RAT and business), their
board and supervisors, and the activity status the office's rule derives. Flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from catalog.db import DbSession, get_by_id, saved, taken_by_another
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.models import Cooperative
from registry import checks
from registry.models import (
    Board,
    CooperativeOfficial,
    CooperativeYear,
    Health,
    LegalForm,
    RegisteredCooperative,
)
from registry.rules import ActivityFinding, YearFacts, activity
from registry.settings import current_settings

NIK_LENGTH = 16  # Nomor Induk Koperasi


@dataclass
class CooperativeRecordInput:
    name: str
    legal_form: LegalForm
    kecamatan_id: int | None
    kelurahan_id: int | None = None
    nik: str | None = None
    legal_number: str = ""
    legal_date: date | None = None
    address: str = ""
    members_count: int | None = 0
    health: Health | None = None
    health_year: int | None = None
    cooperative_id: int | None = None  # its Gerai cooperative, when it runs a gallery


def _check(
    session: DbSession, data: CooperativeRecordInput, record_id: int | None, today: date
) -> int:
    """Clean ``data`` in place, refusing what breaks a rule; returns its kecamatan's id."""
    data.name = checks.one_line(data.name, "name", 160, required=True)
    data.legal_number = checks.one_line(data.legal_number, "legal_number", 80, required=False)
    data.address = checks.one_line(data.address, "address", 255, required=False)
    data.nik = checks.digits(data.nik, "nik", NIK_LENGTH)
    data.legal_date = checks.past_date(data.legal_date, "legal_date", today)
    data.members_count = checks.count(data.members_count, "members_count")
    kecamatan_id = checks.place(session, data.kecamatan_id, data.kelurahan_id)
    data.kecamatan_id = kecamatan_id
    if (data.health is None) != (data.health_year is None):
        raise InvalidInput("health_year", N_("Give the assessment's result with its year."))
    data.health_year = checks.year(data.health_year, "health_year", today)
    same_nik = RegisteredCooperative.nik == data.nik
    if data.nik and taken_by_another(
        session, RegisteredCooperative.id, same_nik, other_than=record_id
    ):
        raise InvalidInput("nik", N_("Another cooperative is registered with this NIK."))
    if data.cooperative_id is not None:
        if get_by_id(session, Cooperative, data.cooperative_id) is None:
            raise InvalidInput("cooperative_id", N_("Choose a cooperative of Gerai."))
        linked = RegisteredCooperative.cooperative_id == data.cooperative_id
        if taken_by_another(session, RegisteredCooperative.id, linked, other_than=record_id):
            raise InvalidInput(
                "cooperative_id", N_("Another record is already linked to this cooperative.")
            )
    return kecamatan_id


def _apply(
    session: DbSession, record: RegisteredCooperative, data: CooperativeRecordInput, today: date
) -> RegisteredCooperative:
    kecamatan_id = _check(session, data, record.id, today)
    record.name = data.name
    record.nik = data.nik
    record.legal_number = data.legal_number
    record.legal_date = data.legal_date
    record.legal_form = data.legal_form
    record.kecamatan_id = kecamatan_id
    record.kelurahan_id = data.kelurahan_id
    record.address = data.address
    record.members_count = data.members_count or 0
    record.health = data.health
    record.health_year = data.health_year
    record.cooperative_id = data.cooperative_id
    return saved(session, record)


def create_record(
    session: DbSession, data: CooperativeRecordInput, today: date
) -> RegisteredCooperative:
    return _apply(session, RegisteredCooperative(), data, today)


def update_record(
    session: DbSession, record: RegisteredCooperative, data: CooperativeRecordInput, today: date
) -> RegisteredCooperative:
    return _apply(session, record, data, today)


@dataclass
class BookYearInput:
    book_year: int | None
    rat_held_on: date | None = None
    members_present: int | None = None
    shu: int | None = None
    business_volume: int | None = None


def record_book_year(
    session: DbSession, record: RegisteredCooperative, data: BookYearInput, today: date
) -> CooperativeYear:
    """Write (or rewrite) one book year of the cooperative. A RAT accounts for a closed year,
    so it is held after the year began and never in the future."""
    book_year = checks.year(data.book_year, "book_year", today)
    if book_year is None:
        raise InvalidInput("book_year", N_("Give the book year."))
    held = checks.past_date(data.rat_held_on, "rat_held_on", today)
    if held is not None and held < date(book_year, 1, 1):
        raise InvalidInput(
            "rat_held_on", N_("A RAT for %(year)s is held after that year began."), year=book_year
        )
    present = data.members_present
    if present is not None:
        present = checks.count(present, "members_present")
    found = session.scalars(
        select(CooperativeYear).where(
            CooperativeYear.record_id == record.id, CooperativeYear.book_year == book_year
        )
    ).first()
    year_row = found or CooperativeYear(record_id=record.id, book_year=book_year)
    year_row.rat_held_on = held
    year_row.members_present = present
    year_row.shu = checks.rupiah(data.shu, "shu", negative=True)
    year_row.business_volume = checks.rupiah(data.business_volume, "business_volume")
    saved(session, year_row)
    session.expire(record, ["years"])
    return year_row


def set_members_count(
    session: DbSession, record: RegisteredCooperative, members: int | None
) -> RegisteredCooperative:
    """The cooperative's number of members as an officer counted it."""
    record.members_count = checks.count(members, "members_count")
    return saved(session, record)


def add_official(
    session: DbSession, record: RegisteredCooperative, board: Board, title: str, name: str
) -> CooperativeOfficial:
    official = CooperativeOfficial(
        record_id=record.id,
        board=board,
        title=checks.one_line(title, "title", 60, required=True),
        name=checks.one_line(name, "name", 120, required=True),
    )
    saved(session, official)
    session.expire(record, ["officials"])
    return official


def remove_official(session: DbSession, official: CooperativeOfficial) -> None:
    record = official.record
    session.delete(official)
    session.flush()
    session.expire(record, ["officials"])


def latest_closed_year(today: date) -> int:
    """The last book year that has ended: what this year's RAT and pendataan look back on."""
    return today.year - 1


def year_facts(record: RegisteredCooperative) -> list[YearFacts]:
    """What the activity rule reads of the record's book years."""
    return [
        YearFacts(y.book_year, y.rat_held_on is not None, bool(y.business_volume))
        for y in record.years
    ]


def activity_of(
    session: DbSession, record: RegisteredCooperative, reference_year: int
) -> ActivityFinding:
    """The record's status under the office's rule and thresholds."""
    return activity(year_facts(record), reference_year, current_settings(session).idle_years)
