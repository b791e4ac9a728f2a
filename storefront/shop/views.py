"""Shopper pages. Each view parses input, asks a catalog query, renders."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from catalog import db, nearby
from catalog import queries as q
from catalog.models import Product
from storefront.i18n import current_language
from storefront.params import int_arg, query_arg, slug_arg
from storefront.urls import safe_next

bp = Blueprint("shop", __name__)


def _page_number() -> int:
    return int_arg(request.args, "page", default=1, lo=1, hi=q.MAX_PAGE_NUMBER)


def _per_page() -> int:
    return current_app.config["PER_PAGE"]


def _products(filters: q.ProductFilters) -> q.Page[Product]:
    """The page of products matching ``filters`` that the query string asks for."""
    return q.product_page(db.session, filters, _page_number(), _per_page())


def _product_list(template: str, filters: q.ProductFilters, **context: object) -> str:
    """A page listing the products that match ``filters``, beside ``context``."""
    return render_template(template, page=_products(filters), **context)


def _place() -> nearby.Place | None:
    """Where the shopper said they are: the browser's position, else the kelurahan chosen in
    the URL (remembered in the session; chosen empty, forgotten), else the one remembered."""
    args = request.args
    position = nearby.position_place(args.get("lat"), args.get("lng"))
    if position is not None:
        return position
    if "kelurahan" in args:
        chosen = nearby.kelurahan_place(db.session, args["kelurahan"])
        if chosen is None:
            session.pop("kelurahan", None)
        else:
            session["kelurahan"] = chosen.kelurahan_id
        return chosen
    return nearby.kelurahan_place(db.session, session.get("kelurahan"))


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template(
        "shop/home.html",
        kecamatan_galleries=q.kecamatan_with_galleries(db.session),
        featured=q.featured_products(db.session),
        categories=q.list_categories(db.session),
        product_counts=q.product_counts_by_gallery(db.session),
    )


@bp.get("/kecamatan/<slug:slug>")
def kecamatan(slug: str) -> ResponseReturnValue:
    chosen = q.get_kecamatan(db.session, slug)
    filters = q.ProductFilters(kecamatan=chosen.slug)
    place = _place()
    galleries = q.galleries_in(db.session, chosen)
    near = nearby.galleries_near(db.session, place, chosen) if place else []
    return _product_list(
        "shop/kecamatan.html",
        filters,
        kecamatan=chosen,
        galleries=galleries,
        near=near,
        place=place,
    )


@bp.get("/galeri")
def galleries() -> ResponseReturnValue:
    """Every gallery; nearest first, with distances, once the shopper says where they are."""
    place = _place()
    return render_template(
        "shop/galleries.html",
        place=place,
        near=nearby.galleries_near(db.session, place) if place else [],
        galleries=q.galleries_in(db.session),
        places=nearby.kelurahan_by_kecamatan(db.session),
    )


@bp.get("/galeri/<slug:slug>")
def gallery(slug: str) -> ResponseReturnValue:
    shop = q.get_gallery(db.session, slug)
    filters = q.ProductFilters(gallery=shop.slug, category=slug_arg(request.args, "kategori"))
    categories = q.list_categories(db.session)
    return _product_list(
        "shop/gallery.html",
        filters,
        gallery=shop,
        categories=categories,
        active_category=filters.category,
    )


@bp.get("/produk/<slug:slug>")
def product(slug: str) -> ResponseReturnValue:
    item = q.get_product(db.session, slug=slug)
    if item.in_stock:
        return render_template("shop/product.html", product=item)
    place = _place()
    return render_template(
        "shop/product.html",
        product=item,
        place=place,
        alternatives=nearby.alternatives(db.session, item, place),
        places=nearby.kelurahan_by_kecamatan(db.session),
    )


@bp.get("/kategori/<slug:slug>")
def category(slug: str) -> ResponseReturnValue:
    chosen = q.get_category(db.session, slug)
    filters = q.ProductFilters(category=chosen.slug, kecamatan=slug_arg(request.args, "kecamatan"))
    return _product_list(
        "shop/category.html",
        filters,
        category=chosen,
        kecamatan_galleries=q.kecamatan_with_galleries(db.session),
        active_kecamatan=filters.kecamatan,
    )


@bp.get("/cari")
def search() -> ResponseReturnValue:
    text = query_arg(request.args, current_app.config["SEARCH_MAX_LENGTH"])
    filters = q.ProductFilters(q=text, category=slug_arg(request.args, "kategori"))
    page = _products(filters) if text else None
    return render_template(
        "shop/search.html",
        query=text,
        page=page,
        categories=q.list_categories(db.session),
        active_category=filters.category,
    )


@bp.get("/bahasa/<language>")
def set_language(language: str) -> ResponseReturnValue:
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = language
    return redirect(safe_next(request.args.get("next"), url_for("shop.home")))


@bp.get("/media/<path:key>")
def media(key: str) -> ResponseReturnValue:
    """Product photos; names carry a content hash, so they may be cached for a year."""
    return send_from_directory(current_app.config["MEDIA_ROOT"], key, max_age=31_536_000)


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    return send_from_directory(current_app.static_folder or "", "favicon.ico", max_age=86_400)


@bp.app_context_processor
def inject_language() -> dict[str, str]:
    return {"lang": current_language()}
