"""The member's own read-only page, reached by the signed link a manager sends them.

Members (the UMKM whose goods the gallery sells) have no account: the link is the key
(``orders.statement_links``). Every page is read-only, never cached, never indexed, and sends
no referrer, so the link does not leak from the member's phone.
"""

from __future__ import annotations

from flask import Blueprint, current_app, url_for

from orders.statement_links import make_token

bp = Blueprint("member", __name__, url_prefix="/anggota")


def statement_url(member_id: int, cooperative_id: int) -> str:
    """The absolute link to the member's page, valid for ``STATEMENT_LINK_DAYS`` days."""
    token = make_token(current_app.config["SECRET_KEY"], member_id, cooperative_id)
    return url_for("member.page", token=token, _external=True)


from storefront.member import views  # noqa: E402, F401 - register the routes
