"""The registry of the city's UMKM: every micro, small and medium business, member of a
cooperative or not, with the class PP 7/2021 gives it. Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.db import DbSession, get_by_id, saved, taken_by_another
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from catalog.models import Member
from registry import checks
from registry.models import RegisteredCooperative, RegisteredUmkm, Sector
from registry.rules import ClassFinding, business_class
from registry.settings import class_limits

NIB_LENGTH = 13  # Nomor Induk Berusaha


@dataclass
class UmkmInput:
    owner_name: str
    business_name: str
    sector: Sector
    kecamatan_id: int | None
    kelurahan_id: int | None = None
    nib: str | None = None
    address: str = ""
    employees: int | None = 0
    turnover: int | None = None
    capital: int | None = None
    cooperative_record_id: int | None = None
    member_id: int | None = None  # its Gerai member record, when it sells through a gallery


def _check(session: DbSession, data: UmkmInput, umkm_id: int | None) -> int:
    """Clean ``data`` in place, refusing what breaks a rule; returns its kecamatan's id."""
    data.owner_name = checks.one_line(data.owner_name, "owner_name", 120, required=True)
    data.business_name = checks.one_line(data.business_name, "business_name", 160, required=True)
    data.address = checks.one_line(data.address, "address", 255, required=False)
    data.nib = checks.digits(data.nib, "nib", NIB_LENGTH)
    data.employees = checks.count(data.employees, "employees")
    data.turnover = checks.rupiah(data.turnover, "turnover")
    data.capital = checks.rupiah(data.capital, "capital")
    kecamatan_id = checks.place(session, data.kecamatan_id, data.kelurahan_id)
    data.kecamatan_id = kecamatan_id
    same_nib = RegisteredUmkm.nib == data.nib
    if data.nib and taken_by_another(session, RegisteredUmkm.id, same_nib, other_than=umkm_id):
        raise InvalidInput("nib", N_("Another UMKM is registered with this NIB."))
    coop = data.cooperative_record_id
    if coop is not None and get_by_id(session, RegisteredCooperative, coop) is None:
        raise InvalidInput("cooperative_record_id", N_("Choose a registered cooperative."))
    if data.member_id is not None:
        if get_by_id(session, Member, data.member_id) is None:
            raise InvalidInput("member_id", N_("Choose a member of a Gerai cooperative."))
        linked = RegisteredUmkm.member_id == data.member_id
        if taken_by_another(session, RegisteredUmkm.id, linked, other_than=umkm_id):
            raise InvalidInput("member_id", N_("Another UMKM is already linked to this member."))
    return kecamatan_id


def _apply(session: DbSession, umkm: RegisteredUmkm, data: UmkmInput) -> RegisteredUmkm:
    kecamatan_id = _check(session, data, umkm.id)
    umkm.owner_name = data.owner_name
    umkm.business_name = data.business_name
    umkm.nib = data.nib
    umkm.sector = data.sector
    umkm.kecamatan_id = kecamatan_id
    umkm.kelurahan_id = data.kelurahan_id
    umkm.address = data.address
    umkm.employees = data.employees or 0
    umkm.turnover = data.turnover
    umkm.capital = data.capital
    umkm.cooperative_record_id = data.cooperative_record_id
    umkm.member_id = data.member_id
    return saved(session, umkm)


def create_umkm(session: DbSession, data: UmkmInput) -> RegisteredUmkm:
    return _apply(session, RegisteredUmkm(), data)


def update_umkm(session: DbSession, umkm: RegisteredUmkm, data: UmkmInput) -> RegisteredUmkm:
    return _apply(session, umkm, data)


def class_of(session: DbSession, umkm: RegisteredUmkm) -> ClassFinding | None:
    """The business's class under the office's limits (None while neither turnover nor
    capital is known)."""
    return business_class(umkm.turnover, umkm.capital, class_limits(session))
