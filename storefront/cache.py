"""A cache for what every shopper is shown alike: rendered parts of pages and JSON answers.

Flask-Caching holds the entries (Redis when ``REDIS_URL`` is set, so every app process shares
them, else this process's memory; config.Config.cache_settings). Each key carries

- the catalogue's version (catalog.version), renewed after every committed change to
  products, stock, photos, galleries, members, categories or places, so a change is seen on
  the very next request;
- the release: a digest of the templates and translations this process renders with, so a
  deploy never serves the previous release's markup from a shared Redis;
- what the caller says the text depends on (language, arguments, page).

Nothing personal may be cached here: callers cache the part of a page that is the same for
every shopper and render the header (cart, account) around it on every request. A request
that has changed the catalogue without committing reads its own changes and bypasses the
cache. A cache that cannot be reached is skipped with one log line; the page is rendered.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from flask import Flask, current_app, g, session

from catalog import db, version
from storefront.extensions import cache

log = logging.getLogger(__name__)

RELEASE = "gerai.release"
T = TypeVar("T")


def init_app(app: Flask) -> None:
    cache.init_app(app)
    app.extensions[RELEASE] = _release_digest(app)


def _release_digest(app: Flask) -> str:
    """A digest of every template and compiled translation the app renders with."""
    digest = hashlib.blake2b(digest_size=8)
    templates = Path(app.root_path, app.template_folder or "templates")
    roots = [templates, Path(app.root_path) / "translations"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".txt", ".mo") and path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _catalogue_version() -> str | None:
    """The catalogue's version, read once per request."""
    if "catalogue_version" not in g:
        g.catalogue_version = version.current(db.session)
    token: str | None = g.catalogue_version
    return token


def key_for(kind: str, parts: Iterable[object]) -> str | None:
    """The cache key of ``kind`` for these parts now, or None when the cache must not be used
    (this request's own changes are uncommitted, or there is no catalogue version yet)."""
    if version.pending(db.session):
        return None
    token = _catalogue_version()
    if token is None:
        return None
    described = repr(tuple(parts)).encode()
    digest = hashlib.blake2b(described, digest_size=16).hexdigest()
    return f"{kind}:{current_app.extensions[RELEASE]}:{token}:{digest}"


def page_for_everyone(guest_with_empty_cart: bool) -> bool:
    """Whether this request's page is the one every such visitor sees, header included: a
    guest with an empty cart and no flashed message waiting."""
    return guest_with_empty_cart and "_flashes" not in session


def cached_text(kind: str, parts: Iterable[object], make: Callable[[], str]) -> str:
    """The text ``make`` renders for ``parts``, from the cache when it holds it."""
    return cached(kind, parts, make, str)


def cached(kind: str, parts: Iterable[object], make: Callable[[], T], kept: type[T]) -> T:
    """What ``make`` gives for ``parts`` (a ``kept``, which the cache pickles), from the
    cache when it holds it."""
    key = key_for(kind, parts)
    if key is None:
        return make()
    try:
        hit = cache.get(key)
    except Exception:  # any failure of the cache's store only costs the work
        log.warning("The cache could not be read; working it out instead", exc_info=True)
        return make()
    if isinstance(hit, kept):
        return hit
    value = make()
    if not version.pending(db.session):
        try:
            cache.set(key, value)
        except Exception:
            log.warning("The cache could not be written", exc_info=True)
    return value


def memo(kind: str, parts: tuple[object, ...], make: Callable[[], list[Any]]) -> list[Any]:
    """:func:`cached` for the search engine's lists (catalog.search.engine.GroupMemo)."""
    return cached(kind, parts, make, list)
