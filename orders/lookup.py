"""Finding an order the way its holders may: by public code, with its link's token or as owner.

Guests follow an order through an unguessable link (``/pesanan/GR-7K3F9Q?token=…``); signed-in
shoppers also reach their own orders without it. The web pages and the JSON API ask here, so
the rule and its constant-time token check exist once.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from catalog.db import DbSession
from catalog.exceptions import NotFound
from orders.models import Order

CODE_LENGTH = 12  # longer than any code Gerai makes; longer input is cut, not looked up


def token_matches(order: Order, token: str | None) -> bool:
    """Whether ``token`` is the order's link token (constant time; any text is safe)."""
    if not token:
        return False
    return hmac.compare_digest(token.encode("utf-8", "replace"), order.access_token.encode())


def visible_order(
    session: DbSession,
    code: str,
    *,
    token: str | None,
    user_id: int | None = None,
    options: Sequence[Any] = (),
) -> Order:
    """The order with this code if ``user_id`` owns it or ``token`` opens it; else NotFound.

    A wrong token and a missing order are the same answer, so codes cannot be probed.
    """
    stmt = select(Order).where(Order.code == code.upper()[:CODE_LENGTH]).options(*options)
    order = session.scalar(stmt)
    if order is None:
        raise NotFound("order")
    owner = user_id is not None and order.user_id == user_id
    if not (owner or token_matches(order, token)):
        raise NotFound("order")
    return order
