"""Throttling: how often a client address or an account may try, and the 429 answer.

Limits (Flask-Limiter, moving window: "5 per 15 minutes" means at most 5 in any 15 minutes):

========================  =========================  ==========================================
what                      per client address (IP)    per account
========================  =========================  ==========================================
log in                    20 per minute, every try   5 failed tries per 15 minutes (the
                                                     submitted email, normalised and hashed)
change one's password     10 per minute              5 wrong current passwords per 15 minutes
register                  5 per minute               -
ask for a reset link      10 per minute              3 per hour (every request: each one
                                                     emails that address)
choose the new password   5 per minute               -
place an order (web/API)  30 per minute              -
========================  =========================  ==========================================

Only failures count for an account (:func:`count_failure`), so its owner who types the right
password is never locked out by their own log-ins, while someone guessing from many addresses
is stopped after five wrong passwords; the owner can still log in from anywhere once the
window has moved on (at most 15 minutes). The per-address limit counts every try: it bounds
the password hashing a single client can ask for and a sweep across many accounts. Mobile
carriers put many phones behind one address, hence 20 a minute rather than fewer.

Counts live in ``RATELIMIT_STORAGE_URI``: ``REDIS_URL`` when only that is set (keys under
``gerai-limits:``), shared by every process; ``memory://`` otherwise, per process. When the
storage cannot be reached, requests go through unthrottled and each failed check is logged
as an error by the ``flask-limiter`` logger (``RATELIMIT_SWALLOW_ERRORS``): a Redis outage must
not lock every shopper out of the shop; log-in stays slow to guess through its password hash.

The client address is the connection's, unless ``TRUSTED_PROXY_COUNT`` says how many reverse
proxies in front of Gerai append to ``X-Forwarded-For``: then the address that many entries
from the right, the one the outermost trusted proxy saw. A client's own ``X-Forwarded-For``
is never believed beyond that. IPv6 clients are counted per /64, the block one home or phone
usually gets.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user
from limits.storage import Storage
from limits.strategies import RateLimiter
from werkzeug.exceptions import TooManyRequests

from accounts.services import normalise_email
from catalog import db
from storefront.urls import safe_next

LOGIN_PER_IP = "20 per minute"
LOGIN_FAILURES_PER_ACCOUNT = "5 per 15 minutes"
PASSWORD_CHANGE_PER_IP = "10 per minute"  # noqa: S105 - a limit, not a password
PASSWORD_CHANGE_FAILURES_PER_ACCOUNT = "5 per 15 minutes"  # noqa: S105 - a limit
REGISTER_PER_IP = "5 per minute"
RESET_REQUEST_PER_IP = "10 per minute"
RESET_REQUESTS_PER_ADDRESS = "3 per hour"
NEW_PASSWORD_PER_IP = "5 per minute"  # noqa: S105 - a limit, not a password

F = TypeVar("F", bound=Callable[..., ResponseReturnValue])
_FAILED = "gerai_throttle_failed"


# --- whom a limit counts --------------------------------------------------------------------


def client_ip() -> str:
    """The client's address for per-IP limits (see the module's note on proxies)."""
    address = request.remote_addr or ""
    trusted = current_app.config.get("TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        forwarded = [
            part.strip()
            for header in request.headers.getlist("X-Forwarded-For")
            for part in header.split(",")
        ]
        if len(forwarded) >= trusted:
            address = forwarded[-trusted]
    return "ip:" + _network(address)


def _network(address: str) -> str:
    """The address itself (IPv4), its /64 (IPv6), or the text as given if it is no address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def email_key(field: str = "email") -> Callable[[], str]:
    """A key function: the submitted ``field``, normalised as accounts store it, as a keyed hash
    (HMAC with SECRET_KEY, so the storage holds no address and no list can be checked against
    it); every process with the same SECRET_KEY computes the same key."""

    def key() -> str:
        email = normalise_email(request.form.get(field, ""))
        secret = str(current_app.config["SECRET_KEY"]).encode()
        digest = hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()
        return "email:" + digest[:32]

    return key


def account_key() -> str:
    """The signed-in account (by id); the client address for a visitor, who is sent to log in."""
    if current_user.is_authenticated:
        return f"user:{current_user.get_id()}"
    return client_ip()


# --- counting failures only -----------------------------------------------------------------


def count_failure() -> None:
    """Mark this request as a failed try (a wrong password): per-account limits set up with
    ``failures_only`` count it when the response is sent."""
    setattr(g, _FAILED, True)


def _failed(_response: Response) -> bool:
    return bool(g.get(_FAILED, False))


def per_email_and_ip(
    per_email: str, per_ip: str, *, field: str = "email", failures_only: bool = True
) -> Callable[[F], F]:
    """Limit a view's POSTs per client address (every POST) and per submitted email address.

    ``failures_only``: the per-email limit counts only requests where the view called
    :func:`count_failure` (log-in); otherwise every POST (e.g. asking for a reset link, which
    sends an email to that address). Both counts are kept per view (endpoint).

    Usage::

        @bp.route("/lupa", methods=["GET", "POST"])
        @throttle.per_email_and_ip("3 per hour", "10 per minute", failures_only=False)
        def forgot() -> ResponseReturnValue: ...
    """
    return _per_key_and_ip(per_email, per_ip, email_key(field), failures_only)


def per_account_and_ip(
    per_account: str, per_ip: str, *, failures_only: bool = True
) -> Callable[[F], F]:
    """Like :func:`per_email_and_ip` for a signed-in account's own forms (changing the
    password): counted per account id; put it under ``@login_required``."""
    return _per_key_and_ip(per_account, per_ip, account_key, failures_only)


def _per_key_and_ip(
    per_key: str, per_ip: str, key: Callable[[], str], failures_only: bool
) -> Callable[[F], F]:
    from storefront.extensions import limiter  # extensions imports this module

    by_ip = limiter.limit(per_ip, key_func=client_ip, methods=["POST"])
    by_key = limiter.limit(
        per_key, key_func=key, methods=["POST"], deduct_when=_failed if failures_only else None
    )

    def decorate(view: F) -> F:
        # Flask-Limiter's wrappers keep the view's name and signature (functools.wraps)
        return cast(F, by_ip(by_key(view)))

    return decorate


# --- one limiter, several apps --------------------------------------------------------------


@dataclass(frozen=True)
class _AppLimits:
    enabled: bool
    storage: Storage | None
    strategy: RateLimiter | None


class AppLimiter(Limiter):
    """Flask-Limiter with its on/off switch and its storage kept per app.

    Flask-Limiter keeps both on the extension object, so a second app built in the same process
    (the tests build several, some with limits on) would take over the first one's storage and
    switch. Here each app keeps its own, and the rest of the settings (headers, strategy,
    swallowing storage errors) come from the same Config for every app.
    """

    def init_app(self, app: Flask) -> None:
        self._storage_options = {}  # Flask-Limiter adds each app's options to the last ones
        super().init_app(app)
        on = bool(self.enabled)
        app.extensions["gerai.limits"] = _AppLimits(
            on, self._storage if on else None, self._limiter if on else None
        )
        self.enabled = True  # the app's own switch, checked in _check_request_limit, decides

    @staticmethod
    def _app_limits() -> _AppLimits:
        limits = current_app.extensions.get("gerai.limits")
        return limits if isinstance(limits, _AppLimits) else _AppLimits(False, None, None)

    @property
    def storage(self) -> Storage:
        storage = self._app_limits().storage
        assert storage is not None, "rate limits are off in this app"
        return storage

    @property
    def limiter(self) -> RateLimiter:
        strategy = self._app_limits().strategy
        assert strategy is not None, "rate limits are off in this app"
        return strategy

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if self._app_limits().enabled:
            super()._check_request_limit(callable_name, in_middleware)


# --- the 429 answer -------------------------------------------------------------------------


def retry_after_seconds(error: TooManyRequests) -> int:
    """Seconds until the breached limit lets a request through again (at least 1)."""
    from storefront.extensions import limiter

    if isinstance(error, RateLimitExceeded) and limiter.current_limit is not None:
        # as Flask-Limiter writes the header: whole seconds to the end of the window
        return max(1, int(limiter.current_limit.reset_at - time.time()))
    retry_after = getattr(error, "retry_after", None)
    return retry_after if isinstance(retry_after, int) and retry_after > 0 else 60


def handle_too_many(error: TooManyRequests) -> ResponseReturnValue:
    """429 with ``Retry-After``: JSON under /api/, else a page in the layout saying how long to
    wait, with a link back to the form."""
    db.session.rollback()
    seconds = retry_after_seconds(error)
    headers = {"Retry-After": str(seconds)}
    if request.path.startswith("/api/"):  # as storefront.errors.wants_json
        message = _("Too many requests; try again in %(seconds)s seconds.", seconds=seconds)
        body = {"code": 429, "status": error.name, "message": message}
        return jsonify(body), 429, headers
    minutes = math.ceil(seconds / 60)
    page = render_template("errors/429.html", minutes=minutes, back_url=_back_url())
    return page, 429, headers


def _back_url() -> str:
    """The page the form was on (the Referer, when it is this site), else this address when it
    shows a page, else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        back = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""), "")
        if back:
            return back
    adapter = current_app.url_map.bind_to_environ(request.environ)
    if adapter.test(request.path, method="GET"):
        return request.path
    return url_for("shop.home")


def init_throttle(app: Flask) -> None:
    """The 429 answer; a warning when production counts in one process's memory."""
    app.register_error_handler(TooManyRequests, handle_too_many)
    uri = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    production = app.config.get("ENV_NAME") == "production"
    if production and app.config.get("RATELIMIT_ENABLED") and uri.startswith("memory://"):
        app.logger.warning(
            "Rate limits are counted in this process's memory (RATELIMIT_STORAGE_URI=%s): with "
            "several worker processes each counts on its own, so a client gets the limits "
            "once per process, and a restart forgets them. Set REDIS_URL to share them.",
            uri,
        )
