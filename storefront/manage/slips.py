"""Manager views: a packing slip per shipment and the day's pick list per gallery, printable on
A4 or on a 58/80-mm receipt printer (``?kertas=a4|80mm|58mm``; a body class and an @page rule
in static/print.css).
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue

from catalog import backoffice as catalog_backoffice
from catalog import db
from catalog.db import MAX_ID, utcnow
from orders import backoffice, desk
from storefront.manage import bp, cooperative_id
from storefront.manage.labels import qr_svg
from storefront.params import int_arg
from storefront.urls import public_url

PAPERS = ("a4", "80mm", "58mm")


def paper_links() -> dict[str, str]:
    """This page's URL on each paper."""
    args: dict[str, Any] = request.args.to_dict()
    endpoint = request.endpoint or "manage.shipments"
    view_args: dict[str, Any] = request.view_args or {}
    return {p: url_for(endpoint, **view_args, **(args | {"kertas": p})) for p in PAPERS}


def paper() -> str:
    """The paper asked for in the URL; A4 by default."""
    chosen = request.args.get("kertas", "")
    return chosen if chosen in PAPERS else PAPERS[0]


@bp.get("/pengiriman/<int:shipment_id>/slip")
def packing_slip(shipment_id: int) -> ResponseReturnValue:
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    link = public_url("manage.shipment", shipment_id=item.id)
    return render_template(
        "manage/packing_slip.html",
        shipment=item,
        order=item.order,
        qr=qr_svg(link),
        paper=paper(),
        paper_links=paper_links(),
        print_back=url_for("manage.shipment", shipment_id=item.id),
    )


@bp.get("/pengiriman/ambil")
def pick_list() -> ResponseReturnValue:
    """What to take off one gallery's shelves for the confirmed and packing shipments."""
    coop = cooperative_id()
    galleries = catalog_backoffice.galleries_of(db.session, coop)
    wanted = int_arg(request.args, "galeri", 0, 0, MAX_ID)
    if not wanted and len(galleries) == 1:
        wanted = galleries[0].id
    gallery = catalog_backoffice.gallery_of(db.session, coop, wanted) if wanted else None
    lines = desk.pick_list(db.session, coop, gallery.id) if gallery else []
    return render_template(
        "manage/pick_list.html",
        gallery=gallery,
        galleries=galleries,
        lines=lines,
        now=utcnow(),
        print_back=url_for("manage.shipments", galeri=gallery.id if gallery else None),
        shipments=desk.pick_shipments(db.session, coop, gallery.id) if gallery else [],
        paper=paper(),
        paper_links=paper_links(),
    )
