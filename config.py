"""Settings for Gerai, read from environment variables when a configuration class is chosen.

Defaults give an embedded setup: a SQLite file and a media folder under ``instance/``.
``DATABASE_URL`` and ``MEDIA_ROOT`` override them in every configuration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - deliberately public, refused in production


class ConfigError(RuntimeError):
    """The configuration cannot run safely; the message says what to set."""


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


class Config:
    """Settings shared by every configuration; values are read when the class is instantiated."""

    ENV_NAME = "development"

    def __init__(self) -> None:
        env = os.environ
        self.INSTANCE_PATH = env.get("GERAI_INSTANCE") or str(INSTANCE_DIR)
        self.SECRET_KEY = env.get("SECRET_KEY", DEV_SECRET_KEY)
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            env.get("DATABASE_URL") or self.default_database_url()
        )
        self.SQLALCHEMY_ECHO = env.get("SQLALCHEMY_ECHO") == "1"
        self.MEDIA_ROOT = env.get("MEDIA_ROOT") or str(Path(self.INSTANCE_PATH) / "media")
        self.DEMO_PHOTO_SIZE = _env_int("DEMO_PHOTO_SIZE", 1024)
        self.BABEL_DEFAULT_LOCALE = "id"
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
        self.LANGUAGES = ("id", "en")
        self.PER_PAGE = _env_int("GERAI_PER_PAGE", 24)
        self.API_MAX_PER_PAGE = 100
        self.SEARCH_MAX_LENGTH = 100
        self.MAX_CONTENT_LENGTH = _env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
        self.PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a hash method, not a secret
        # How long a "forgot your password" link works (accounts/password_reset.py)
        self.PASSWORD_RESET_MAX_AGE_S = _env_int("PASSWORD_RESET_MAX_AGE_S", 3600)
        # How long a member's statement link (sent over WhatsApp) stays readable.
        self.STATEMENT_LINK_DAYS = _env_int("STATEMENT_LINK_DAYS", 30)
        self.SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.WTF_CSRF_TIME_LIMIT = None
        self.PUBLIC_BASE_URL = public_base_url(env.get("PUBLIC_BASE_URL"))
        self.RATELIMIT_ENABLED = env.get("RATELIMIT_ENABLED", "1") != "0"  # 0: benchmarks only
        self.ratelimit_settings()
        self.cache_settings()
        # Order emails (storefront/mail.py): SMTP when MAIL_SERVER is set, else the app log;
        # tests never use SMTP unless MAIL_BACKEND says so.
        self.MAIL_SERVER = env.get("MAIL_SERVER", "")
        self.MAIL_USE_TLS = env.get("MAIL_USE_TLS", "").lower() in ("1", "true", "yes", "on")
        self.MAIL_USE_SSL = env.get("MAIL_USE_SSL", "").lower() in ("1", "true", "yes", "on")
        self.MAIL_PORT = _env_int(
            "MAIL_PORT", 465 if self.MAIL_USE_SSL else 587 if self.MAIL_USE_TLS else 25
        )
        self.MAIL_USERNAME = env.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD", "")
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER", "Gerai <no-reply@gerai.example>")
        self.MAIL_TIMEOUT = _env_int("MAIL_TIMEOUT", 10)
        self.MAIL_BACKEND = env.get("MAIL_BACKEND") or (
            "smtp" if self.MAIL_SERVER and self.ENV_NAME != "testing" else "log"
        )
        self.stripe_settings()
        self.api_settings()
        self.outbound_settings()
        self.dispatch_settings()

    def stripe_settings(self) -> None:
        """Card payments through Stripe Checkout; without both secrets the card option is hidden."""
        env = os.environ
        self.STRIPE_SECRET_KEY = env.get("STRIPE_SECRET_KEY") or None
        self.STRIPE_WEBHOOK_SECRET = env.get("STRIPE_WEBHOOK_SECRET") or None
        self.STRIPE_API_BASE = env.get("STRIPE_API_BASE") or None  # None: Stripe itself
        self.CARD_PAYMENT_MINUTES = _env_int("CARD_PAYMENT_MINUTES", 60)

    def ratelimit_settings(self) -> None:
        """Flask-Limiter (limits and keys: ``storefront/throttle.py``).

        Counts go to ``RATELIMIT_STORAGE_URI``, else to ``REDIS_URL`` (shared by every process,
        keys under ``gerai-limits:``), else to this process's memory. A storage that cannot be
        reached lets requests through and logs an error (``RATELIMIT_SWALLOW_ERRORS``); a 429
        carries ``Retry-After`` in seconds. ``TRUSTED_PROXY_COUNT``: how many reverse proxies
        append to ``X-Forwarded-For`` in front of Gerai (0: use the connection's address).
        """
        env = os.environ
        self.REDIS_URL = env.get("REDIS_URL") or None
        self.RATELIMIT_STORAGE_URI = (
            env.get("RATELIMIT_STORAGE_URI") or self.REDIS_URL or "memory://"
        )
        self.RATELIMIT_STORAGE_OPTIONS: dict[str, object] = {}
        if self.RATELIMIT_STORAGE_URI.startswith(("redis://", "rediss://", "redis+unix://")):
            # a Redis that is down or unreachable answers within a second, not a request's life
            self.RATELIMIT_STORAGE_OPTIONS = {
                "key_prefix": "gerai-limits",
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
            }
        self.RATELIMIT_STRATEGY = "moving-window"
        self.RATELIMIT_HEADERS_ENABLED = True
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)

    def cache_settings(self) -> None:
        """Flask-Caching for what shoppers are shown (``storefront/cache.py``): Redis when
        ``REDIS_URL`` is set (shared by every process, keys under ``gerai-cache:``), else this
        process's memory; ``CACHE_TYPE=NullCache`` turns it off. Entries are keyed by the
        catalogue's version, so the timeout only bounds memory and a lost renewal."""
        env = os.environ
        shared = "RedisCache" if self.REDIS_URL else "SimpleCache"
        self.CACHE_TYPE = env.get("CACHE_TYPE") or shared
        self.CACHE_DEFAULT_TIMEOUT = _env_int("CACHE_DEFAULT_TIMEOUT", 300)
        self.CACHE_KEY_PREFIX = "gerai-cache:"
        self.CACHE_THRESHOLD = _env_int("CACHE_THRESHOLD", 2000)  # in-process entries at most
        if self.REDIS_URL:
            self.CACHE_REDIS_URL = self.REDIS_URL
            self.CACHE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}

    def dispatch_settings(self) -> None:
        """The dispatch worker (``storefront/dispatch_cli.py``, ``orders/endpoints.py``): short
        timeouts for courier dispatchers, sends in flight at once (in all, and per endpoint),
        the circuit breaker (``DISPATCH_BREAKER_FAILURES=0``: off) and the claim's lease."""
        self.DISPATCH_CONNECT_TIMEOUT_S = _env_float("DISPATCH_CONNECT_TIMEOUT_S", 3.0)
        self.DISPATCH_READ_TIMEOUT_S = _env_float("DISPATCH_READ_TIMEOUT_S", 5.0)
        self.DISPATCH_CONCURRENCY = _env_int("DISPATCH_CONCURRENCY", 8)
        self.DISPATCH_PER_ENDPOINT = _env_int("DISPATCH_PER_ENDPOINT", 2)
        self.DISPATCH_BREAKER_FAILURES = _env_int("DISPATCH_BREAKER_FAILURES", 3)
        self.DISPATCH_BREAKER_COOL_DOWN_S = _env_float("DISPATCH_BREAKER_COOL_DOWN_S", 60.0)
        self.DISPATCH_LEASE_S = _env_float("DISPATCH_LEASE_S", 120.0)
        if min(self.DISPATCH_CONCURRENCY, self.DISPATCH_PER_ENDPOINT) < 1:
            raise ConfigError("DISPATCH_CONCURRENCY and DISPATCH_PER_ENDPOINT must be at least 1.")
        # a claimed entry may wait for 4 sends to its endpoint before its own (CLAIM_AHEAD)
        shortest_lease = 5 * (self.DISPATCH_CONNECT_TIMEOUT_S + self.DISPATCH_READ_TIMEOUT_S) + 10
        if shortest_lease > self.DISPATCH_LEASE_S:
            raise ConfigError(
                "DISPATCH_LEASE_S must cover five sends with their timeouts and 10 s more "
                f"(at least {shortest_lease:g} s with these timeouts)."
            )

    def outbound_settings(self) -> None:
        """URLs the server itself calls (courier endpoints): see ``catalog/outbound.py``.

        ``OUTBOUND_ALLOW_PRIVATE`` lets them point at this machine (the demo's courier simulator,
        the tests' receivers on 127.0.0.1); on by default in development and testing, off in
        production. ``OUTBOUND_PORTS`` lists the https ports allowed (443 by default).
        """
        env = os.environ
        allow = env.get("OUTBOUND_ALLOW_PRIVATE", "1" if self.ENV_NAME != "production" else "0")
        self.OUTBOUND_ALLOW_PRIVATE = allow.lower() in ("1", "true", "yes", "on")
        ports = env.get("OUTBOUND_PORTS", "443")
        try:
            self.OUTBOUND_PORTS = tuple(sorted({int(p) for p in ports.split(",") if p.strip()}))
        except ValueError as error:
            raise ConfigError(f"OUTBOUND_PORTS must list port numbers, not {ports!r}.") from error
        if not self.OUTBOUND_PORTS or not all(0 < p < 65536 for p in self.OUTBOUND_PORTS):
            raise ConfigError(f"OUTBOUND_PORTS must list port numbers, not {ports!r}.")

    def api_settings(self) -> None:
        """flask-smorest's settings for the generated OpenAPI document."""
        self.API_TITLE = "Gerai API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"

    def default_database_url(self) -> str:
        return f"sqlite:///{Path(self.INSTANCE_PATH) / 'gerai.sqlite3'}"

    def validate(self) -> None:
        """Refuse settings that are unsafe for this configuration."""


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class TestingConfig(Config):
    ENV_NAME = "testing"

    def __init__(self) -> None:
        super().__init__()
        self.TESTING = True
        # cheap hashing keeps tests fast
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"  # noqa: S105
        self.RATELIMIT_ENABLED = False


class ProductionConfig(Config):
    ENV_NAME = "production"

    def __init__(self) -> None:
        super().__init__()
        self.SESSION_COOKIE_SECURE = True
        self.PREFERRED_URL_SCHEME = "https"

    def validate(self) -> None:
        if self.SECRET_KEY == DEV_SECRET_KEY or len(self.SECRET_KEY) < 32:
            raise ConfigError(
                "Production needs SECRET_KEY set to a random value of 32+ characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        if not os.environ.get("DATABASE_URL"):
            raise ConfigError(
                "Production needs DATABASE_URL, e.g. postgresql+psycopg://user@host/gerai."
            )
        if not self.PUBLIC_BASE_URL:
            # Emails, printed labels and courier callbacks carry absolute links: without it
            # they would be built from the Host a request claims, which anyone can forge.
            raise ConfigError("Production needs PUBLIC_BASE_URL, e.g. https://gerai.example.")


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def public_base_url(value: str | None) -> str | None:
    """The site's public origin for printed QR codes and emails, e.g. https://gerai.example."""
    if not value:
        return None
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"PUBLIC_BASE_URL must start with http:// or https://, not {value!r}.")
    return value


def card_payments_enabled(app_config: Mapping[str, Any]) -> bool:
    """Card payment is offered only with both Stripe secrets: the API key and the webhook's."""
    return bool(app_config.get("STRIPE_SECRET_KEY") and app_config.get("STRIPE_WEBHOOK_SECRET"))


def config_from_env() -> Config:
    """The configuration named by ``GERAI_ENV`` (development by default)."""
    name = os.environ.get("GERAI_ENV", "development")
    if name not in CONFIGS:
        raise ConfigError(f"GERAI_ENV must be one of {', '.join(CONFIGS)}, not {name!r}.")
    return CONFIGS[name]()
