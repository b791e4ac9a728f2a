"""Member (UMKM) services for managers: add, edit, deactivate. They flush, never commit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from catalog.db import DbSession, saved, taken_by_another
from catalog.exceptions import DuplicateName, InvalidInput
from catalog.i18n import N_
from catalog.models import Cooperative, Member
from catalog.phones import normalise_phone

NIB_PATTERN = re.compile(r"^\d{13}$")


@dataclass
class MemberInput:
    owner_name: str
    business_name: str
    phone: str = ""
    nib: str | None = None
    commission_rate_percent: int | None = None
    story: str = ""


def _clean(session: DbSession, coop: Cooperative, data: MemberInput, member_id: int | None) -> None:
    data.owner_name = " ".join(data.owner_name.split())
    data.business_name = " ".join(data.business_name.split())
    if not data.owner_name or len(data.owner_name) > 120:
        raise InvalidInput("owner_name", N_("Give the owner's name (up to 120 characters)."))
    if not data.business_name or len(data.business_name) > 160:
        raise InvalidInput("business_name", N_("Give the business name (up to 160 characters)."))
    data.phone = normalise_phone(data.phone) if data.phone.strip() else ""
    data.nib = re.sub(r"\D", "", data.nib or "") or None
    if data.nib and not NIB_PATTERN.match(data.nib):
        raise InvalidInput("nib", N_("An NIB has 13 digits."))
    rate = data.commission_rate_percent
    if rate is not None and not 0 <= rate <= 100:
        raise InvalidInput("commission_rate_percent", N_("A rate is between 0 and 100 percent."))
    same = (Member.cooperative_id == coop.id, Member.business_name == data.business_name)
    if taken_by_another(session, Member.id, *same, other_than=member_id):
        raise DuplicateName(
            "business_name", N_("This cooperative already has a member with this business name.")
        )


def _apply(session: DbSession, coop: Cooperative, member: Member, data: MemberInput) -> None:
    """Check and clean ``data`` for a member of ``coop`` (new or not), then write it in."""
    _clean(session, coop, data, member.id)
    member.owner_name = data.owner_name
    member.business_name = data.business_name
    member.phone = data.phone
    member.nib = data.nib
    member.commission_rate_percent = data.commission_rate_percent
    member.story = data.story.strip()


def create_member(session: DbSession, coop: Cooperative, data: MemberInput) -> Member:
    member = Member(cooperative_id=coop.id)
    _apply(session, coop, member, data)
    return saved(session, member)


def update_member(session: DbSession, member: Member, data: MemberInput) -> Member:
    _apply(session, member.cooperative, member, data)
    return saved(session, member)


def set_member_active(session: DbSession, member: Member, active: bool) -> Member:
    """Deactivate (or reactivate) a member; their products stay, for the ledger's sake."""
    member.is_active = active
    return saved(session, member)
