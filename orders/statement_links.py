"""The member's read-only statement link: signed, unguessable and expiring.

A manager sends a member a link (over WhatsApp) to read their own page: products, stock on
consignment, sales of the open period and past settlements. The link carries the member and
cooperative ids signed with the app's secret (HMAC, itsdangerous) and the time it was made:
an altered link fails the signature, an old one is refused as expired, and nothing in it can
be guessed or enumerated. It gives read access to one member's page and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "gerai.member-statement.v1"
DEFAULT_DAYS = 30


class LinkExpired(Exception):
    """The link was genuine but is older than its lifetime."""


class LinkInvalid(Exception):
    """The link was not made by Gerai (altered, cut short or made up)."""


@dataclass(frozen=True)
class StatementLink:
    member_id: int
    cooperative_id: int


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def make_token(secret: str, member_id: int, cooperative_id: int) -> str:
    return _serializer(secret).dumps({"m": member_id, "c": cooperative_id})


def read_token(secret: str, token: str, *, days: int = DEFAULT_DAYS) -> StatementLink:
    """The member a token names; LinkExpired or LinkInvalid otherwise."""
    if len(token) > 200:
        raise LinkInvalid(token[:20])
    try:
        data = _serializer(secret).loads(token, max_age=days * 86_400)
    except SignatureExpired as error:
        raise LinkExpired(str(error)) from None
    except BadSignature as error:
        raise LinkInvalid(str(error)) from None
    member, coop = (data.get("m"), data.get("c")) if isinstance(data, dict) else (None, None)
    if not isinstance(member, int) or not isinstance(coop, int):
        raise LinkInvalid("payload")
    return StatementLink(member_id=member, cooperative_id=coop)
