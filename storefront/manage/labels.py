"""Manager views: printable shelf labels with a QR code that opens the product's shop page.

The print page is a GET with ``ids=1,2,3`` (or repeated ``ids``) so a sheet can be bookmarked
and printed again. Ids that are not the cooperative's products are dropped, and counted together
with unknown ids, so another cooperative's ids reveal nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import segno
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from catalog import backoffice, db
from catalog.db import MAX_ID
from catalog.models import Gallery, Product, ProductStatus
from storefront.manage import bp, cooperative_id
from storefront.params import int_arg, query_arg
from storefront.urls import public_url

MAX_PRODUCTS = 200  # products on one print page; also the most the selection list shows
MAX_COPIES = 10
LABELS_PER_SHEET = 21  # 3 columns x 7 rows of 70 x 42.3 mm on A4


@dataclass(frozen=True)
class ChosenIds:
    ids: list[int]
    truncated: bool  # more than MAX_PRODUCTS were asked for


def parse_ids(args: MultiDict[str, str]) -> ChosenIds:
    """Product ids from ``ids=1,2,3`` or repeated ``ids``; malformed ones are skipped."""
    chosen: dict[int, None] = {}
    for raw in args.getlist("ids"):
        for token in raw.split(","):
            token = token.strip()
            if not token.isascii() or not token.isdigit() or len(token) > 10:
                continue
            value = int(token)
            if 0 < value <= MAX_ID:
                chosen[value] = None
            if len(chosen) > MAX_PRODUCTS:
                return ChosenIds(list(chosen)[:MAX_PRODUCTS], truncated=True)
    return ChosenIds(list(chosen), truncated=False)


def product_url(product: Product) -> str:
    """The absolute shop URL of ``product``, for its QR code."""
    return public_url("shop.product", slug=product.slug)


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code of ``url``: sized by CSS (viewBox only), no style attributes."""
    qr = segno.make(url, error="m")
    # segno writes only a viewBox, a class and a path of module coordinates, never the URL:
    # safe markup (what bandit's B704 and ruff's S704 cannot see)
    svg = qr.svg_inline(omitsize=True, svgclass="qr", lineclass=None)
    return Markup(svg)  # noqa: S704  # nosec B704


@dataclass(frozen=True)
class Label:
    product: Product
    url: str
    qr: Markup


def _products(ids: Sequence[int]) -> list[Product]:
    stmt = backoffice.products_of(db.session, cooperative_id(), backoffice.ProductListFilters())
    stmt = (
        stmt.where(Product.id.in_(ids))
        .order_by(None)
        .order_by(Gallery.name, Product.name, Product.id)
    )
    return list(db.session.scalars(stmt).unique())


def _selection_filters(args: Mapping[str, str]) -> backoffice.ProductListFilters:
    return backoffice.ProductListFilters(
        gallery_id=int_arg(args, "gallery", 0, 0, MAX_ID) or None,
        status=ProductStatus.ACTIVE,
        q=query_arg(args, 100),
    )


@bp.get("/label")
def labels() -> ResponseReturnValue:
    """Choose active products and a number of copies; ``ids`` pre-checks a former choice."""
    coop = cooperative_id()
    filters = _selection_filters(request.args)
    stmt = backoffice.products_of(db.session, coop, filters).limit(MAX_PRODUCTS + 1)
    products = list(db.session.scalars(stmt).unique())
    return render_template(
        "manage/labels.html",
        products=products[:MAX_PRODUCTS],
        more=len(products) > MAX_PRODUCTS,
        max_products=MAX_PRODUCTS,
        filters=filters,
        galleries=backoffice.galleries_of(db.session, coop),
        checked=set(parse_ids(request.args).ids),
        copies=int_arg(request.args, "copies", 1, 1, MAX_COPIES),
        max_copies=MAX_COPIES,
    )


@bp.get("/label/cetak")
def labels_print() -> ResponseReturnValue:
    """A4 sheets of labels for the chosen active products; the rest is listed, not printed."""
    chosen = parse_ids(request.args)
    if not chosen.ids:
        flash(_("Choose at least one product."), "error")
        return redirect(url_for("manage.labels"))
    found = _products(chosen.ids)
    active = [p for p in found if p.status == ProductStatus.ACTIVE]
    copies = int_arg(request.args, "copies", 1, 1, MAX_COPIES)
    unique = [Label(p, url, qr_svg(url)) for p in active for url in [product_url(p)]]
    return render_template(
        "manage/labels_print.html",
        labels=[label for label in unique for _copy in range(copies)],
        copies=copies,
        per_sheet=LABELS_PER_SHEET,
        inactive=[p for p in found if p.status != ProductStatus.ACTIVE],
        not_found=len(chosen.ids) - len(found),
        truncated=chosen.truncated,
        max_products=MAX_PRODUCTS,
        ids=",".join(str(p.id) for p in active),
    )
