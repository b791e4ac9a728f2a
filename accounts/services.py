"""Account services: registering shoppers and checking passwords. They flush, never commit.

The password rule itself (length, common passwords, hashes) is in accounts/passwords.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from accounts.models import Role, User
from accounts.passwords import check_new_password, needs_rehash, verify
from catalog.db import DbSession, utcnow

DEFAULT_HASH_METHOD = "scrypt"  # config.py's default PASSWORD_HASH_METHOD


class AccountError(Exception):
    """Base for account errors a view turns into a form message."""


class EmailTaken(AccountError):
    """Another account already uses this email address."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is not the account's."""


class AccountDeactivated(AccountError):
    """The password was right, but the account (or its cooperative or gallery) is closed.

    Raised only after the password matched, so it tells nothing to someone guessing. ``role``
    says whom the person should ask: the city's cooperative office for a manager, the
    gallery's manager for a courier.
    """

    def __init__(self, user: User) -> None:
        super().__init__(user.email)
        self.role = user.role


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(session: DbSession, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


@dataclass(frozen=True)
class Registration:
    """What a registration did: ``created`` a new shopper, or found the address taken, and
    ``user`` is then its owner (to be told by email; the stranger is told nothing)."""

    user: User
    created: bool


def register_shopper(
    session: DbSession, *, email: str, name: str, password: str, hash_method: str
) -> Registration:
    """Create a shopper account, unless the address is in use; raises InvalidInput when the
    password breaks the rule (checked first, so a taken address is refused the same way).

    A taken address still costs one password hash, like a new account, so the time of the
    answer does not tell either.
    """
    check_new_password(password)
    hashed = generate_password_hash(password, method=hash_method)
    owner = find_by_email(session, email)
    if owner is not None:
        return Registration(owner, created=False)
    user = User(email=normalise_email(email), name=name.strip(), role=Role.SHOPPER)
    user.password_hash = hashed
    session.add(user)
    session.flush()
    return Registration(user, created=True)


def authenticate(
    session: DbSession, email: str, password: str, *, hash_method: str | None = None
) -> User | None:
    """The active user with this email and password, or None; records the login time.

    Raises AccountDeactivated when the password is right but the account may not log in; a
    wrong password gets None whatever the account's state, so nothing leaks without it. An
    unknown email still checks the password (against a dummy hash), so it answers as slowly
    as a wrong password. With ``hash_method`` (the configured ``PASSWORD_HASH_METHOD``), a
    right password stored with another method is hashed again with it.
    """
    user = find_by_email(session, email)
    method = hash_method or DEFAULT_HASH_METHOD
    if not verify(user.password_hash if user else None, password, method) or user is None:
        return None
    if not user.is_active:
        raise AccountDeactivated(user)
    if hash_method is not None and needs_rehash(user.password_hash, hash_method):
        user.set_password(password, method=hash_method)
    user.last_login_at = utcnow()
    return user


def names_of(session: DbSession, user_ids: set[int]) -> dict[int, str]:
    """Display names of some users, for ledgers and logs."""
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return dict(rows.all())


def end_sessions(session: DbSession, user: User) -> User:
    """End every session of the account, on every device, at its next request.

    Sessions live in signed cookies, so one cannot be deleted on the server; each carries the
    account's session version instead, and raising it makes every copy (a stolen one too)
    anonymous. Log-out, a new password and closing or reopening an account all come here.
    """
    user.end_sessions()
    session.flush()
    return user


def change_own_password(
    session: DbSession, user: User, *, current: str, new: str, hash_method: str
) -> User:
    """The user's own change of password, confirmed by the current one.

    Raises WrongPassword (nothing changes) or InvalidInput (the new one breaks the rule of
    :func:`accounts.passwords.check_new_password`). Every session ends, this one too: the
    caller signs this browser in again under the new version.
    """
    if not user.check_password(current):
        raise WrongPassword(user.email)
    check_new_password(new)
    user.set_password(new, method=hash_method)
    return end_sessions(session, user)
