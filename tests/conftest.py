"""Fixtures: one migrated and seeded database per test process, each test rolled back.

Each test runs inside an outer transaction that is rolled back at the end; the app's commits
only release savepoints ("joining a session into an external transaction" in SQLAlchemy's docs).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import scoped_session

from catalog import db
from catalog.storage import LocalStorage
from config import TestingConfig
from demo.seed import seed_catalog
from storefront import create_app, migrate
from storefront.extensions import cache
from tests.databases import fresh_database, is_postgres
from tests.webforms import web  # noqa: F401 - the WebTest fixture, for every test

TEST_PHOTO_SIZE = 256  # small demo photos keep seeding fast; the pipeline is the same


def pytest_report_header() -> str:
    return "database: " + ("PostgreSQL (TEST_DATABASE_URL)" if is_postgres() else "SQLite")


def make_test_app(database_url: str, media_root: Path) -> Flask:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.MEDIA_ROOT = str(media_root)
    config.INSTANCE_PATH = str(media_root.parent / "instance")
    config.DEMO_PHOTO_SIZE = TEST_PHOTO_SIZE
    return create_app(config)


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="session")
def app(database_url: str, media_root: Path) -> Iterator[Flask]:
    """The app on this process's test database, migrated and seeded with the demo city."""
    flask_app = make_test_app(database_url, media_root)
    engine = flask_app.extensions["gerai.engine"]
    migrate.upgrade(engine)
    with flask_app.app_context():
        seed_catalog(db.session, LocalStorage(media_root), photo_size=TEST_PHOTO_SIZE)
        db.session.commit()
    yield flask_app
    db.session.remove()
    engine.dispose()


@pytest.fixture
def db_session(app: Flask) -> Iterator[scoped_session]:
    """The session handle, inside a transaction that is rolled back after the test."""
    engine = app.extensions["gerai.engine"]
    connection = engine.connect()
    outer = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    with app.app_context():
        cache.clear()  # what an earlier test cached is no answer of this one's
    yield db.session
    db.session.remove()
    outer.rollback()
    connection.close()
    db.session.configure(bind=engine, join_transaction_mode="conditional_savepoint")


@pytest.fixture
def client(app: Flask, db_session: scoped_session) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


class QueryCounter:
    """Counts SQL statements sent while it is active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if not re.match(r"\s*(SAVEPOINT|RELEASE|ROLLBACK)", statement):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):  # type: ignore[no-untyped-def]
    """A context manager factory: ``with count_queries() as counter: ...``."""
    import contextlib

    engine = app.extensions["gerai.engine"]

    @contextlib.contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


def login(client: FlaskClient, email: str, password: str):  # type: ignore[no-untyped-def]
    """Log in through the real form (CSRF is on in tests too)."""
    page = client.get("/akun/masuk")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.data)
    assert token, "login form has no CSRF token"
    return client.post(
        "/akun/masuk",
        data={"email": email, "password": password, "csrf_token": token.group(1).decode()},
    )
