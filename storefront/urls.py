"""URL helpers shared by views: safe redirects, and absolute URLs for the world outside."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request


def safe_next(target: str | None, fallback: str = "/") -> str:
    """``target`` if it is a path on this site, otherwise ``fallback`` (no open redirects)."""
    if not target:
        return fallback
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return fallback
    return target


def public_origin() -> str:
    """Where people and services reach Gerai: ``PUBLIC_BASE_URL`` (set it in production: a
    request's Host header is the client's to choose), else this request's origin in
    development, else localhost (a command run without a request)."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return str(base).rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    current_app.logger.warning("PUBLIC_BASE_URL is not set: absolute links point to localhost")
    return "http://localhost"


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` for emails, printed labels, Stripe and couriers; built
    from the app's URL map, so it works inside a request and outside one alike."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return public_origin() + path
