"""Reading the cooperative registry for the office's pages: lists under filters, each record
with the status the office's rule gives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from catalog.db import DbSession, get_by_id
from catalog.exceptions import NotFound
from catalog.text import escape_like
from registry.cooperatives import year_facts
from registry.models import Health, LegalForm, RegisteredCooperative
from registry.rules import Activity, ActivityFinding, activity
from registry.settings import current_settings


@dataclass(frozen=True)
class CooperativeFilters:
    kecamatan_id: int | None = None
    legal_form: LegalForm | None = None
    health: Health | None = None
    status: Activity | None = None
    text: str = ""  # a part of the name or of the NIK


@dataclass(frozen=True)
class CooperativeRow:
    record: RegisteredCooperative
    finding: ActivityFinding


def cooperative_rows(
    session: DbSession, filters: CooperativeFilters, reference_year: int
) -> list[CooperativeRow]:
    """The registered cooperatives under the filters, by name, each with its status. A city
    registers hundreds, so the status (a rule over each one's book years) is worked out here
    rather than in SQL, from the years loaded in one more query."""
    stmt = (
        select(RegisteredCooperative)
        .options(
            selectinload(RegisteredCooperative.years),
            selectinload(RegisteredCooperative.kecamatan),
            selectinload(RegisteredCooperative.kelurahan),
        )
        .order_by(RegisteredCooperative.name, RegisteredCooperative.id)
    )
    if filters.kecamatan_id is not None:
        stmt = stmt.where(RegisteredCooperative.kecamatan_id == filters.kecamatan_id)
    if filters.legal_form is not None:
        stmt = stmt.where(RegisteredCooperative.legal_form == filters.legal_form)
    if filters.health is not None:
        stmt = stmt.where(RegisteredCooperative.health == filters.health)
    if filters.text:
        pattern = f"%{escape_like(filters.text.lower())}%"
        stmt = stmt.where(
            or_(
                RegisteredCooperative.name.ilike(pattern, escape="\\"),
                RegisteredCooperative.nik.like(pattern, escape="\\"),
            )
        )
    idle = current_settings(session).idle_years
    rows = [
        CooperativeRow(record, activity(year_facts(record), reference_year, idle))
        for record in session.scalars(stmt)
    ]
    if filters.status is not None:
        rows = [row for row in rows if row.finding.status is filters.status]
    return rows


def get_record(session: DbSession, record_id: int) -> RegisteredCooperative:
    record = get_by_id(session, RegisteredCooperative, record_id)
    if record is None:
        raise NotFound(record_id)
    return record


def all_records(session: DbSession) -> Sequence[RegisteredCooperative]:
    """Every registered cooperative by name (for a select of the UMKM form)."""
    return session.scalars(select(RegisteredCooperative).order_by(RegisteredCooperative.name)).all()
