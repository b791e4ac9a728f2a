"""Error pages in the site's layout, JSON errors under /api, and a rollback on every error."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, NotFound

from catalog import db
from catalog.exceptions import NotFound as CatalogNotFound


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _status(error: HTTPException) -> int:
    """The error's HTTP status. Flask passes only errors that have one to these handlers (it
    returns an HTTPException without a code as it is), so the fallback is never used."""
    return error.code or 500


def error_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The headers the error carries itself (``Allow`` on a 405), less its content type: the
    body is ours. (429 has a handler of its own, storefront/throttle.py, with Retry-After.)"""
    return [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]


def json_error(error: HTTPException) -> Response:
    """``{"code", "status", "message"}``, plus ``errors`` (per field) or ``field`` when known;
    with the error's own headers (``Allow``)."""
    data = getattr(error, "data", None) or {}
    body: dict[str, object] = {
        "code": error.code,
        "status": error.name,
        "message": data.get("message") or error.description,
    }
    if messages := data.get("messages"):
        body["errors"] = messages
    if field := data.get("field"):
        body["field"] = field
    response = jsonify(body)
    response.status_code = _status(error)
    response.headers.extend(error_headers(error))
    return response


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    db.session.rollback()
    if wants_json():
        return json_error(error)
    template = f"errors/{error.code}.html"
    page = render_template([template, "errors/generic.html"], error=error)
    return page, _status(error), error_headers(error)


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    """A refused CSRF token, said plainly: the page was open too long, or sent twice."""
    db.session.rollback()
    if wants_json():
        return json_error(error)
    page = render_template(
        "errors/generic.html",
        error=error,
        title=_("This page has expired"),
        text=_(
            "The page was open too long, or the form was sent twice, so nothing was saved. "
            "Go back, reload the page and send it again."
        ),
    )
    return page, _status(error), error_headers(error)


def handle_catalog_not_found(_error: CatalogNotFound) -> ResponseReturnValue:
    return handle_http_error(NotFound())


def init_errors(app: Flask) -> None:
    """Register after flask-smorest so these handlers replace its app-wide JSON one.

    Unhandled exceptions reach the HTTPException handler as InternalServerError (Flask logs
    them first); in testing they propagate so a test shows the traceback.
    """
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(CatalogNotFound, handle_catalog_not_found)
