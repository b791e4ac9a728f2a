"""Account services for the city office: managers' accounts. They flush, never commit.

A manager runs one cooperative (all of its galleries). The office sets an initial password or
lets Gerai generate one, shown once; managers cannot register themselves.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts.models import CooperativeRef, Role, User, target_columns
from accounts.passwords import check_new_password
from accounts.services import (
    AccountError,
    EmailTaken,
    end_sessions,
    find_by_email,
    normalise_email,
)
from catalog.db import DbSession, get_by_id
from catalog.exceptions import InvalidInput, NotFound
from catalog.i18n import N_

# No 0/O, 1/l/I: the password is read off a screen and typed on a phone.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class OwnAccount(AccountError):
    """The city office tried to deactivate the account it is logged in with."""


def generate_password(groups: int = 3, size: int = 4) -> str:
    """A random password easy to read aloud and type, e.g. 'k7dm-q2xe-h9tp' (~64 bits)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def check_password(password: str) -> None:
    """Refuse a password that breaks the rule of every account (:mod:`accounts.passwords`)."""
    check_new_password(password)


def _check_details(session: DbSession, email: str, name: str, user_id: int | None) -> str:
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise InvalidInput("email", N_("Give an email address."))
    if not name.strip() or len(name.strip()) > 120:
        raise InvalidInput("name", N_("Give the manager's name (up to 120 characters)."))
    other = find_by_email(session, email)
    if other is not None and other.id != user_id:
        raise EmailTaken(email)
    return email


def create_manager(
    session: DbSession,
    *,
    email: str,
    name: str,
    cooperative: CooperativeRef,
    password: str,
    hash_method: str,
) -> User:
    """A manager account for ``cooperative``; raises EmailTaken or InvalidInput."""
    email = _check_details(session, email, name, None)
    check_password(password)
    user = User(
        email=email, name=" ".join(name.split()), role=Role.MANAGER, cooperative_id=cooperative.id
    )
    user.set_password(password, method=hash_method)
    session.add(user)
    session.flush()
    return user


def update_manager(
    session: DbSession, user: User, *, email: str, name: str, cooperative: CooperativeRef
) -> User:
    """Change a manager's email, name or cooperative."""
    user.email = _check_details(session, email, name, user.id)
    user.name = " ".join(name.split())
    user.cooperative_id = cooperative.id
    session.flush()
    return user


def set_password(session: DbSession, user: User, *, password: str, hash_method: str) -> User:
    """Give the account a new password (the manager forgot theirs); its sessions end."""
    check_password(password)
    user.set_password(password, method=hash_method)
    return end_sessions(session, user)


def set_account_active(
    session: DbSession, user: User, active: bool, *, actor_id: int | None = None
) -> User:
    """Close (or reopen) an account; its sessions end on their next request.

    Reopening ends them too, so a cookie kept from before the account was closed does not
    come back to life with it.
    """
    if not active and user.id == actor_id:
        raise OwnAccount(user.email)
    user.is_active_account = active
    return end_sessions(session, user)


def managers(session: DbSession) -> Sequence[User]:
    """Every manager account, active or not, by cooperative then name."""
    cooperative = target_columns(User.cooperative)
    stmt = (
        select(User)
        .join(User.cooperative)
        .where(User.role == Role.MANAGER)
        .options(joinedload(User.cooperative))
        .order_by(cooperative.name, User.name, User.id)
    )
    return session.scalars(stmt).all()


def managers_by_cooperative(session: DbSession) -> dict[int, list[User]]:
    """Manager accounts grouped by their cooperative's id."""
    grouped: dict[int, list[User]] = {}
    for user in managers(session):
        grouped.setdefault(user.cooperative_id or 0, []).append(user)
    return grouped


def get_manager(session: DbSession, user_id: int) -> User:
    """A manager account by id; any other account is reported as not found."""
    user = get_by_id(session, User, user_id)
    if user is None or user.role != Role.MANAGER:
        raise NotFound("manager")
    return user
