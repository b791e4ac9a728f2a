"""Shopper pages. Each view parses input, asks a catalog query, renders."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

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
from markupsafe import Markup

from catalog import db, nearby
from catalog import queries as q
from catalog import search as engine
from catalog.models import Product
from catalog.money import parse_rupiah
from catalog.search.engine import MAX_PRICE
from storefront import cache
from storefront.i18n import current_language
from storefront.params import int_arg, query_arg, slug_arg
from storefront.shop.cart import guest_with_empty_cart
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


# The sort orders as the URL names them (Indonesian, like the other arguments).
_SORTS = {
    "relevan": engine.Sort.RELEVANCE,
    "termurah": engine.Sort.PRICE_LOW,
    "termahal": engine.Sort.PRICE_HIGH,
    "terbaru": engine.Sort.NEWEST,
    "terdekat": engine.Sort.NEAREST,
}
_SORT_KEYS = {sort: key for key, sort in _SORTS.items()}
_MAX_PRICE_LENGTH = 24  # "Rp 1.000.000.000" with room to spare; longer is not a price
_NEAR_GALLERIES = 6  # galleries offered on an empty result


def _price_arg(name: str) -> int | None:
    """A price bound typed the Indonesian way ("25.000", "Rp 25.000", "25000"); anything that
    is no amount is no bound."""
    try:
        amount = parse_rupiah(request.args.get(name, "")[:_MAX_PRICE_LENGTH])
    except ValueError:
        return None
    return min(amount, MAX_PRICE)


def _search_query(place: nearby.Place | None) -> engine.SearchQuery:
    """What the URL asks the search for; nearest first only where the shopper's place is known."""
    args = request.args
    sort = _SORTS.get(args.get("urut", ""), engine.Sort.RELEVANCE)
    if sort is engine.Sort.NEAREST and place is None:
        sort = engine.Sort.RELEVANCE
    low, high = engine.SearchQuery(
        min_price=_price_arg("harga_min"), max_price=_price_arg("harga_maks")
    ).price_range
    return engine.SearchQuery(
        q=query_arg(args, current_app.config["SEARCH_MAX_LENGTH"]),
        category=slug_arg(args, "kategori"),
        kecamatan=slug_arg(args, "kecamatan"),
        gallery=slug_arg(args, "galeri"),
        min_price=low,
        max_price=high,
        in_stock=args.get("stok") == "1",
        halal=args.get("halal") == "1",
        sort=sort,
        near=(place.lat, place.lng) if place else None,
    )


def _filter_count(query: engine.SearchQuery) -> int:
    """How many filters narrow the query (a price range counts once)."""
    chosen = [query.category, query.kecamatan, query.gallery, query.in_stock, query.halal]
    priced = query.min_price is not None or query.max_price is not None
    return sum(1 for value in chosen if value) + priced


def _search_args(query: engine.SearchQuery, place: nearby.Place | None) -> dict[str, str]:
    """The query as URL arguments, empty ones left out: what every link of the page changes."""
    args = {
        "q": query.q,
        "kategori": query.category or "",
        "kecamatan": query.kecamatan or "",
        "galeri": query.gallery or "",
        "harga_min": "" if query.min_price is None else str(query.min_price),
        "harga_maks": "" if query.max_price is None else str(query.max_price),
        "stok": "1" if query.in_stock else "",
        "halal": "1" if query.halal else "",
        "urut": "" if query.sort is engine.Sort.RELEVANCE else _SORT_KEYS[query.sort],
    }
    if place is not None and place.kelurahan_id is None:  # a position lives only in the URL
        args |= {"lat": f"{place.lat:.6f}", "lng": f"{place.lng:.6f}"}
    return {name: value for name, value in args.items() if value}


def _search_link(args: dict[str, str]) -> Callable[..., str]:
    """``link(**changes)``: this search's URL with some arguments changed (None removes one)."""

    def link(**changes: str | None) -> str:
        # Typed as url_for takes them (``**values: Any``), not as its ``_external``-style options.
        merged: dict[str, Any] = {name: value for name, value in (args | changes).items() if value}
        return url_for("shop.search", **merged)

    return link


def _nothing_found(
    query: engine.SearchQuery,
    understood: engine.Understood,
    place: nearby.Place | None,
    args: dict[str, str],
) -> dict[str, object]:
    """What an empty result offers instead: the categories the words meet without the filters
    (else every category), the nearest galleries (else the first ones) and the place form."""
    related: list[engine.FacetValue] = []
    if understood and _filter_count(query):  # without filters, the words met nothing at all
        english = current_language() == "en"
        related = engine.facets(
            db.session, engine.SearchQuery(q=query.q), understood, english
        ).categories
    near = nearby.galleries_near(db.session, place) if place else []
    return {
        "related": related,
        "categories": [] if related else q.list_categories(db.session),
        "near": near[:_NEAR_GALLERIES],
        "galleries": [] if near else q.galleries_in(db.session)[:_NEAR_GALLERIES],
        "places": nearby.kelurahan_by_kecamatan(db.session),
        "place_args": {k: v for k, v in args.items() if k not in ("lat", "lng")},
    }


@bp.get("/cari")
def search() -> ResponseReturnValue:
    """Search results with their facets; an empty query shows the categories and a hint. The
    page's main part is the same for everyone who asks the same thing, and is cached; a guest
    with an empty cart and no message waiting is served the whole page from the cache."""
    place = _place()
    query = _search_query(place)
    args = _search_args(query, place)
    number, per_page = _page_number(), _per_page()
    asked = (current_language(), query, place, args, number, per_page)

    def whole_page() -> str:
        body = cache.cached_text(
            "search", asked, lambda: _search_body(query, place, args, number, per_page)
        )
        rendered = Markup(body)  # noqa: S704  # nosec B704 - an autoescaped template's output
        return render_template("shop/search.html", query=query.q, body=rendered)

    if cache.page_for_everyone(guest_with_empty_cart()):
        return cache.cached_text("search-page", asked, whole_page)
    return whole_page()


def _search_body(
    query: engine.SearchQuery,
    place: nearby.Place | None,
    args: dict[str, str],
    number: int,
    per_page: int,
) -> str:
    """The search page's main part, rendered (an autoescaped template, so safe markup)."""
    filters = _filter_count(query)
    page = functools.partial(
        render_template,
        "shop/_search_body.html",
        query=query.q,
        search=query,
        place=place,
        link=_search_link(args),
        args=args,
        sort_key=_SORT_KEYS[query.sort],
        filter_count=filters,
    )
    if not query.q and not filters:
        return page(results=None, facets=None, categories=q.list_categories(db.session))
    english = current_language() == "en"
    results, counted = engine.search_with_facets(
        db.session, query, number, per_page, english, memo=cache.memo
    )
    found = results.page.total > 0 and bool(results.understood or filters)
    shown = counted if found or filters else None
    more = {} if found else _nothing_found(query, results.understood, place, args)
    return page(results=results, found=found, facets=shown, **more)


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
