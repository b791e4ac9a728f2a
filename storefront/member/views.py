"""The member's page and their paid statements, read through the signed link (read-only).

The token alone says who is reading: an altered or made-up one is a 404 (nothing tells a
guesser whether a member exists), an expired genuine one a 410 that says to ask the gallery
for a new link. The member must still belong to the cooperative the token names.
"""

from __future__ import annotations

from flask import Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from catalog import db
from catalog.backoffice import ProductListFilters, products_of
from catalog.consignment import consigned, past_term
from catalog.models import Member
from orders.reports import this_month
from orders.settlement import (
    SettlementNotFound,
    member_of,
    open_statement,
    paid_statement,
    settlement_of,
    settlements_of_member,
)
from orders.statement_links import LinkExpired, LinkInvalid, StatementLink, read_token
from storefront.i18n import local_today, local_zone
from storefront.member import bp

PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
}


@bp.after_request
def private(response: Response) -> Response:
    """The link is the key: never cached, never indexed, never sent on as a referrer."""
    response.headers.update(PRIVATE_HEADERS)
    return response


@bp.errorhandler(404)
@bp.errorhandler(410)
def link_refused(error: HTTPException) -> ResponseReturnValue:
    return render_template("member/refused.html", code=error.code), error.code or 404


def _link(token: str) -> StatementLink:
    """The member the token names; 404 for a token Gerai did not make, 410 for an old one."""
    days = int(current_app.config.get("STATEMENT_LINK_DAYS", 30))
    try:
        return read_token(current_app.config["SECRET_KEY"], token, days=days)
    except LinkExpired:
        abort(410)
    except LinkInvalid:
        abort(404)


def _member(link: StatementLink) -> Member:
    try:
        return member_of(db.session, link.cooperative_id, link.member_id)
    except SettlementNotFound:
        abort(404)


@bp.get("/<token>")
def page(token: str) -> ResponseReturnValue:
    link = _link(token)
    member = _member(link)
    today = local_today()
    filters = ProductListFilters(member_id=member.id)
    products = db.session.scalars(products_of(db.session, link.cooperative_id, filters)).all()
    statement = open_statement(
        db.session, link.cooperative_id, member.id, this_month(today), local_zone()
    )
    return render_template(
        "member/page.html",
        token=token,
        member=member,
        products=products,
        consigned=consigned(products),
        statement=statement,
        settlements=settlements_of_member(db.session, member.id),
        to_collect=past_term(db.session, link.cooperative_id, today, member_id=member.id),
        today=today,
    )


@bp.get("/<token>/bagi-hasil/<int:settlement_id>")
def settlement(token: str, settlement_id: int) -> ResponseReturnValue:
    link = _link(token)
    member = _member(link)
    try:
        paid = settlement_of(db.session, link.cooperative_id, settlement_id)
    except SettlementNotFound:
        abort(404)
    if paid.member_id != member.id:
        abort(404)
    return render_template(
        "member/settlement.html",
        token=token,
        member=member,
        statement=paid_statement(db.session, paid, local_zone()),
        settlement=paid,
    )
