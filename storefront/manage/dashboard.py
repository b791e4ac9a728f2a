"""Manager view: the console's front page."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from catalog import backoffice, db
from storefront.manage import bp, cooperative_id


@bp.get("/")
def dashboard() -> ResponseReturnValue:
    coop = cooperative_id()
    low = backoffice.ProductListFilters(low_stock=True)
    low_stock = db.session.scalars(backoffice.products_of(db.session, coop, low).limit(20)).all()
    return render_template(
        "manage/dashboard.html",
        galleries=backoffice.galleries_of(db.session, coop),
        counts=backoffice.product_counts_by_status(db.session, coop),
        low_stock=low_stock,
        member_count=len(backoffice.members_of(db.session, coop, include_inactive=False)),
    )
