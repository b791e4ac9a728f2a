"""Resetting a forgotten password through a link sent by email. Services flush, never commit.

No table keeps the links: a link's token is signed with the app's secret key (its own salt, so
no other signed value of Gerai passes for one) and carries the account's id, the time it was
made and a fingerprint of the account's password hash and session version. Using it sets a new
password, which changes both, so the token no longer matches: it works once. Logging out, a
password changed another way or a hash upgraded on log-in make outstanding tokens stale too,
which is what one wants of them. A token older than the maximum age is refused.

The fingerprint is a digest, not the hash itself: the token is signed, not encrypted, and
anyone holding the link can read what it carries.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import update
from werkzeug.security import generate_password_hash

from accounts.models import User
from accounts.passwords import check_new_password
from accounts.services import AccountError, find_by_email
from catalog.db import MAX_ID, DbSession, updated_rows, utcnow

SALT = "gerai.accounts.password-reset"
DEFAULT_MAX_AGE_S = 3600  # config.py's default PASSWORD_RESET_MAX_AGE_S
MAX_TOKEN_LENGTH = 200  # ours are about 90 characters; anything longer is refused unread
CLOCK_SKEW_S = 60  # a token "made" later than now (another server's clock) is still accepted


class ResetLinkError(AccountError):
    """The reset link cannot be used; nothing changed."""


class ResetLinkInvalid(ResetLinkError):
    """The token is not one of Gerai's (mistyped, cut short, tampered with)."""


class ResetLinkUsed(ResetLinkError):
    """A genuine token whose account has changed since: the link was used, the password was
    changed another way, or the account logged out (or is gone, or closed)."""


class ResetLinkExpired(ResetLinkError):
    """A genuine token older than the maximum age."""


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def fingerprint(user: User) -> str:
    """What a token remembers of the account's state: it changes with every new password and
    every end of sessions."""
    state = f"{user.password_hash}\n{user.session_version}".encode()
    return hashlib.sha256(state).hexdigest()[:32]


def make_token(user: User, secret_key: str, *, now: datetime | None = None) -> str:
    """A reset token for ``user`` (flushed), made at ``now`` (default: the current time)."""
    made = int((now or utcnow()).timestamp())
    return _serializer(secret_key).dumps([user.id, fingerprint(user), made])


def _read(token: str, secret_key: str) -> tuple[int, str, int]:
    """(user id, fingerprint, time made) of a genuine token; raises ResetLinkInvalid."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise ResetLinkInvalid(token[:20])
    try:
        payload = _serializer(secret_key).loads(token)
    except (BadData, UnicodeError, ValueError) as error:
        raise ResetLinkInvalid(token[:20]) from error
    match payload:
        case [int(user_id), str(print_), int(made)] if 0 < user_id <= MAX_ID:
            return user_id, print_, made
    raise ResetLinkInvalid(token[:20])  # signed by us, but not a reset token's shape


def user_for_token(
    session: DbSession,
    token: str,
    *,
    secret_key: str,
    max_age_s: int = DEFAULT_MAX_AGE_S,
    now: datetime | None = None,
) -> User:
    """The account a reset token is for, while the token may still be used; changes nothing.

    Raises ResetLinkInvalid, ResetLinkExpired or ResetLinkUsed (see each). A closed account
    counts as used: its owner cannot log in after the reset anyway.
    """
    user_id, print_, made = _read(token, secret_key)
    age = int((now or utcnow()).timestamp()) - made
    if age > max_age_s or age < -CLOCK_SKEW_S:
        raise ResetLinkExpired(str(user_id))
    user = session.get(User, user_id)
    if user is None or fingerprint(user) != print_ or not user.is_active:
        raise ResetLinkUsed(str(user_id))
    return user


def request_password_reset(session: DbSession, email: str) -> User | None:
    """The account to send a reset link to: the active one with this address, else None.

    The caller answers the same either way and emails only an account returned here; a closed
    account gets no link (its owner is told whom to ask when logging in).
    """
    user = find_by_email(session, email)
    if user is None or not user.is_active:
        return None
    return user


def reset_password_with_token(
    session: DbSession,
    token: str,
    new_password: str,
    *,
    secret_key: str,
    hash_method: str,
    max_age_s: int = DEFAULT_MAX_AGE_S,
    now: datetime | None = None,
) -> User:
    """Set the password of the token's account and end every one of its sessions.

    Raises a ResetLinkError (see :func:`user_for_token`) or InvalidInput (the password breaks
    the rule); either way nothing changes and a good token still works. The change is one
    conditional update on the state the token was made for, so of two uses at once only one
    succeeds; the other gets ResetLinkUsed. Records the time as a log-in: the caller signs the
    person in under the new session version.
    """
    user = user_for_token(session, token, secret_key=secret_key, max_age_s=max_age_s, now=now)
    check_new_password(new_password)
    changed = updated_rows(
        session,
        update(User)
        .where(
            User.id == user.id,
            User.password_hash == user.password_hash,
            User.session_version == user.session_version,
        )
        .values(
            password_hash=generate_password_hash(new_password, method=hash_method),
            session_version=User.session_version + 1,
            last_login_at=now or utcnow(),
        ),
    )
    session.expire(user, ["password_hash", "session_version", "last_login_at"])
    if changed != 1:
        raise ResetLinkUsed(str(user.id))
    return user
