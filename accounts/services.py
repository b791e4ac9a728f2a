"""Account services: registering shoppers and checking passwords. They flush, never commit."""

from __future__ import annotations

from sqlalchemy import func, select

from accounts.models import Role, User
from catalog.db import DbSession, utcnow


class AccountError(Exception):
    """Base for account errors a view turns into a form message."""


class EmailTaken(AccountError):
    """Another account already uses this email address."""


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


def register_shopper(
    session: DbSession, *, email: str, name: str, password: str, hash_method: str
) -> User:
    """Create a shopper account; raises EmailTaken if the address is in use."""
    if find_by_email(session, email) is not None:
        raise EmailTaken(email)
    user = User(email=normalise_email(email), name=name.strip(), role=Role.SHOPPER)
    user.set_password(password, method=hash_method)
    session.add(user)
    session.flush()
    return user


def authenticate(session: DbSession, email: str, password: str) -> User | None:
    """The active user with this email and password, or None; records the login time.

    Raises AccountDeactivated when the password is right but the account may not log in; a
    wrong password gets None whatever the account's state, so nothing leaks without it.
    """
    user = find_by_email(session, email)
    if user is None or not user.check_password(password):
        return None
    if not user.is_active:
        raise AccountDeactivated(user)
    user.last_login_at = utcnow()
    return user


def names_of(session: DbSession, user_ids: set[int]) -> dict[int, str]:
    """Display names of some users, for ledgers and logs."""
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(user_ids)))
    return dict(rows.all())
