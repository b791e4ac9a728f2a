"""The search box's suggestions as JSON (``GET /cari/saran?q=``), for static/suggest.js.

The answer depends only on its URL: the script names the page's language in it (``lang``),
so a shared cache may keep it for a minute, and Gerai's own cache keeps it until the catalogue
changes (storefront/cache.py). Like the API's other public reads it is not
rate-limited: it is one indexed query, and phones behind one carrier address type a lot.
Names are plain strings; the script inserts them as text, never as markup.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from flask.typing import ResponseReturnValue

from catalog import db
from catalog.search.suggest import Suggestions, suggest
from storefront import cache
from storefront.i18n import current_language, rupiah
from storefront.params import query_arg

bp = Blueprint("suggest", __name__)

PRODUCTS = 5
OTHERS = 3  # categories and galleries each: the list must fit a phone's screen
CACHE = "public, max-age=60"


@bp.get("/cari/saran")
def suggestions() -> ResponseReturnValue:
    text = query_arg(request.args, current_app.config["SEARCH_MAX_LENGTH"])
    language = _language()

    def answer() -> str:
        found = suggest(db.session, text, limit=PRODUCTS, english=language == "en")
        return current_app.json.dumps(_body(found))

    body = cache.cached_text("suggest", (language, text), answer)
    return current_app.response_class(
        body, mimetype="application/json", headers={"Cache-Control": CACHE}
    )


def _language() -> str:
    """The language the URL names, else the shopper's."""
    chosen = request.args.get("lang", "")
    return chosen if chosen in current_app.config["LANGUAGES"] else current_language()


def _body(found: Suggestions) -> dict[str, list[dict[str, object]]]:
    return {
        "products": [
            {
                "name": p.name,
                "url": url_for("shop.product", slug=p.slug),
                "price": p.price,
                "price_text": rupiah(p.price),
                "gallery": p.gallery,
            }
            for p in found.products
        ],
        "categories": [
            {"name": c.label, "url": url_for("shop.category", slug=c.slug)}
            for c in found.categories[:OTHERS]
        ],
        "galleries": [
            {"name": g.name, "url": url_for("shop.gallery", slug=g.slug)}
            for g in found.galleries[:OTHERS]
        ],
    }
