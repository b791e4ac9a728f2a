"""Hostile input refused before any view runs, so it never becomes a 500.

PostgreSQL refuses NUL in text (psycopg raises DataError mid-request) and cannot store lone
surrogates; Python's json module recurses once per nesting level, so deeply nested JSON ends
in a RecursionError. One early ``before_request`` answers such requests with a 400 that says
why (a page in the user's language, or ``{"code", "status", "message"}`` under /api) before
anything reads or writes the database:

- a matched path with control characters or invalid UTF-8 (an unmatched one stays a 404);
- form fields and values (names included) with control characters other than tab, CR and LF,
  or, url-encoded, invalid UTF-8; uploaded files are never read as text;
- any other body that is not UTF-8, or nested deeper than ``MAX_JSON_DEPTH`` (counted on the
  raw bytes, without recursion, before anything parses it); JSON whose strings hold control
  characters or lone surrogates; a body declared JSON that does not parse;
- query strings under /api or of a form being sent with control characters or invalid UTF-8.
  HTML pages read their query string leniently (storefront/params.py): there the control
  characters are dropped instead, and the page is shown.

Raw bodies are read with ``get_data(cache=True)`` and never altered, so the Stripe webhook and
courier events still verify their signatures on exactly the bytes that were sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import parse_qsl

from flask import Flask, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from storefront.errors import json_error, wants_json

MAX_JSON_DEPTH = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Stripe signs what it sends and retries refused events for days: its texts are not judged.
# Courier events are signed too: nothing about them is said before the signature checks out
# (a 401 for any unsigned body), then their event schema refuses control characters.
TEXT_UNCHECKED_ENDPOINTS = frozenset({"payments.webhook", "api_courier.CourierEvents"})

# C0 control characters except tab, LF and CR; DEL; and (JSON escapes only) lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_SURROGATE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f]")
# a JSON string (possessive, so a long or unterminated one costs linear time) or a bracket
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{}]')


class Refused(Exception):
    """Why the request is refused; ``text`` is already translated."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def init_hostile_input(app: Flask) -> None:
    """Run the guard before every other ``before_request`` (CSRF, rate limits, log-in)."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_hostile_input)


def refuse_hostile_input() -> ResponseReturnValue | None:
    try:
        check_path()
        check_query_string()
        check_body()
    except Refused as refusal:
        return refused(refusal.text)
    return None


def refused(text: str) -> ResponseReturnValue:
    if wants_json():
        return json_error(BadRequest(description=text))
    title = _("Something in the request cannot be accepted")
    page = render_template("errors/generic.html", error=BadRequest(), title=title, text=text)
    return Response(page, status=400)


def control_characters() -> Refused:
    return Refused(
        _(
            "What was sent contains invisible control characters (such as a NUL byte), "
            "so nothing was saved. Remove them and send it again."
        )
    )


def not_utf8() -> Refused:
    return Refused(
        _("What was sent is not valid UTF-8 text, so nothing was saved. Retype it and try again.")
    )


def check_path() -> None:
    if request.routing_exception is not None:
        return  # no page has this address: the usual 404 (or 405) answers it
    raw = request.environ.get("PATH_INFO", "")
    try:
        path = raw.encode("latin-1").decode("utf-8")
    except UnicodeError:
        raise not_utf8() from None
    if _ANY_CONTROL.search(path):
        raise control_characters()


def check_query_string() -> None:
    raw = request.query_string
    if not raw:
        return
    if request.method in SAFE_METHODS and not wants_json():
        drop_control_characters_from_args()
        return
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeError:
        raise not_utf8() from None
    check_texts(text for pair in pairs for text in pair)


def drop_control_characters_from_args() -> None:
    args = request.args
    if not any(_ANY_CONTROL.search(k) or _ANY_CONTROL.search(v) for k, v in args.items(True)):
        return
    request.args = ImmutableMultiDict(
        (_ANY_CONTROL.sub("", k), _ANY_CONTROL.sub("", v)) for k, v in args.items(True)
    )


def check_body() -> None:
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        # text fields only: werkzeug keeps files apart and never decodes them
        check_texts(text for pair in request.form.items(True) for text in pair)
        return
    raw = request.get_data(cache=True)
    if not raw:
        return
    if mimetype == "application/x-www-form-urlencoded":
        check_urlencoded(raw)
    else:
        check_json_like(raw, declared_json=request.is_json)


def check_urlencoded(raw: bytes) -> None:
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, errors="strict")
    except UnicodeError:
        raise not_utf8() from None
    check_texts(text for pair in pairs for text in pair)


def check_texts(texts: Iterable[str]) -> None:
    if any(_CONTROL.search(text) for text in texts):
        raise control_characters()


def check_json_like(raw: bytes, *, declared_json: bool) -> None:
    """Any other body is text (JSON, for every endpoint that reads one) or refused."""
    try:
        text = raw.decode("utf-8")
    except UnicodeError:
        raise not_utf8() from None
    if nesting_depth_exceeds(raw, MAX_JSON_DEPTH):
        raise Refused(
            _(
                "The JSON sent is nested more than %(limit)s levels deep, so nothing was saved.",
                limit=MAX_JSON_DEPTH,
            )
        )
    try:
        body = json.loads(text)  # safe now: at most MAX_JSON_DEPTH levels to recurse into
    except ValueError:  # not JSON, or a number of thousands of digits
        if declared_json:
            raise Refused(_("The body is not valid JSON, so nothing was saved.")) from None
        return
    if request.endpoint not in TEXT_UNCHECKED_ENDPOINTS and has_bad_string(body):
        raise control_characters()


def nesting_depth_exceeds(raw: bytes, limit: int) -> bool:
    """Whether brackets outside JSON strings nest deeper than ``limit``, counted without
    parsing (and so without recursion)."""
    depth = 0
    for token in _JSON_TOKEN.finditer(raw):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif char in (b"]", b"}"):
            depth -= 1
    return False


def has_bad_string(body: object) -> bool:
    """Whether any key or string value holds a control character or a lone surrogate."""
    pending = [body]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _CONTROL_OR_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
