"""City-office view: the whole city at a glance."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from accounts import admin_services
from catalog import cooperatives as coops
from catalog import db
from storefront.admin import bp


@bp.get("/")
def overview() -> ResponseReturnValue:
    figures = coops.figures_by_kecamatan(db.session)
    return render_template(
        "admin/overview.html",
        figures=figures,
        totals={
            "galleries": sum(f.active_galleries for f in figures),
            "products": sum(f.active_products for f in figures),
            "members": sum(f.active_members for f in figures),
        },
        cooperatives=coops.all_cooperatives(db.session),
        managers=admin_services.managers_by_cooperative(db.session),
    )
