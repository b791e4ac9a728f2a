"""Browser fixtures: Debian's Chromium driven by Playwright, against a live gunicorn server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from catalog.db import make_engine
from tests.databases import fresh_database
from tests.live import LiveServer, live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("GERAI_SCREENSHOTS", "/tmp/gerai-screenshots"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # one worker runs them all, so only one live server is seeded per run
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is not installed: run `make browser` (CI must not skip)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("live-db")) as url:
        yield url


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory, live_database_url: str) -> Iterator[LiveServer]:
    with live_server(live_database_url, tmp_path_factory.mktemp("live")) as server:
        yield server


@pytest.fixture
def live_db(live: LiveServer, live_database_url: str) -> Iterator[Session]:
    """A session on the live server's database, to check what the pages changed.

    Call ``rollback()`` before re-reading a row the server may have changed since: it ends
    the read transaction (whose snapshot predates the change) and expires what was loaded."""
    engine = make_engine(live_database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(scope="session")
def base_url(live: LiveServer) -> str:
    return live.url


@pytest.fixture(scope="session")
def browser(chromium_path: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A 360-px Android phone, in Indonesian: what a browser context is opened as.
PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "id-ID",
}


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    """A page the size of a 360-px Android phone."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()
