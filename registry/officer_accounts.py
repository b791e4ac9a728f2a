"""The office's officer accounts: a kecamatan officer, or a kelurahan officer of one kelurahan,
each logging in to update and confirm their area's records in a data round. Flush, never
commit."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from accounts import admin_services
from accounts.models import Role, User
from accounts.services import EmailTaken, find_by_email, normalise_email
from catalog.db import DbSession, get_by_id
from catalog.exceptions import InvalidInput, NotFound
from catalog.i18n import N_
from registry import checks


def create_officer(
    session: DbSession,
    *,
    email: str,
    name: str,
    kecamatan_id: int | None,
    kelurahan_id: int | None,
    password: str,
    hash_method: str,
) -> User:
    """An officer account for a kecamatan, or for one of its kelurahan; raises EmailTaken or
    InvalidInput."""
    name = checks.one_line(name, "name", 120, required=True)
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise InvalidInput("email", N_("Give an email address."))
    if find_by_email(session, email) is not None:
        raise EmailTaken(email)
    kecamatan = checks.place(session, kecamatan_id, kelurahan_id)
    admin_services.check_password(password)
    user = User(
        email=email, name=name, role=Role.OFFICER, kecamatan_id=kecamatan, kelurahan_id=kelurahan_id
    )
    user.set_password(password, method=hash_method)
    session.add(user)
    session.flush()
    return user


def officers(session: DbSession) -> Sequence[User]:
    """Every officer account, by name."""
    return session.scalars(
        select(User).where(User.role == Role.OFFICER).order_by(User.name, User.id)
    ).all()


def get_officer(session: DbSession, user_id: int) -> User:
    user = get_by_id(session, User, user_id)
    if user is None or user.role is not Role.OFFICER:
        raise NotFound(user_id)
    return user
