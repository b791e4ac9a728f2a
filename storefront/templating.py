"""Template filters and globals: money, cache-busted static URLs, responsive image URLs."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import flask_babel
from flask import Flask, current_app, request, url_for
from markupsafe import Markup, escape

from catalog.images import variant_key
from catalog.models import ProductImage
from catalog.phones import display_phone
from catalog.search import Understood, marked
from storefront.i18n import LANGUAGE_NAMES, current_language, decimal, rupiah, thousands


@cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A static file's URL with a content hash, so browsers may cache it for a year."""
    folder = current_app.static_folder or ""
    version = _file_digest(str(Path(folder) / filename))
    return url_for("static", filename=filename, v=version)


def media_url(image: ProductImage, width: int | None = None) -> str:
    """URL of the variant of ``image`` nearest above ``width`` (the largest if none is)."""
    widths = sorted(image.variant_widths)
    chosen = next((w for w in widths if width is not None and w >= width), widths[-1])
    return url_for("shop.media", key=variant_key(image.content_hash, chosen))


def srcset(image: ProductImage) -> str:
    """The ``srcset`` attribute value listing every stored width of ``image``."""
    return ", ".join(f"{media_url(image, w)} {w}w" for w in sorted(image.variant_widths))


def language_switch_url(language: str) -> str:
    return url_for("shop.set_language", language=language, next=request.full_path.rstrip("?"))


def page_url(number: int) -> str:
    """This page's URL with the same query but another page number."""
    # Typed as url_for takes them (``**values: Any``), not as its ``_external``-style options.
    args: dict[str, Any] = request.args.to_dict() | {"page": number}
    return url_for(request.endpoint or "shop.home", **(request.view_args or {}), **args)


def highlight(text: str, understood: Understood | None = None) -> Markup:
    """``text`` escaped, with the words the search found wrapped in ``<mark>``."""
    if not understood:
        return escape(text)
    pieces = marked(text, understood)
    return Markup("").join(Markup("<mark>%s</mark>") % p if hit else escape(p) for p, hit in pieces)


def translate_note(note: str) -> str:
    """A stored note in the reader's language when it is a known message, as typed otherwise.

    Unlike ``_()`` in a template this never %-formats, so a '%' typed by someone is harmless.
    """
    return flask_babel.get_translations().ugettext(note) if note else ""


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["rupiah"] = rupiah
    app.jinja_env.filters["thousands"] = thousands
    app.jinja_env.filters["note"] = translate_note
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["phone"] = display_phone
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.globals.update(
        static_url=static_url,
        media_url=media_url,
        srcset=srcset,
        current_language=current_language,
        language_names=LANGUAGE_NAMES,
        language_switch_url=language_switch_url,
        page_url=page_url,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
