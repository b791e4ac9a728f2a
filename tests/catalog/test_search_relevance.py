"""Product search against the relevance set: recall@5 and MRR, overall and per kind of query,
on the demo catalogue (SQLite, or PostgreSQL with ``TEST_DATABASE_URL``).

The figures and every query that missed are printed to the terminal even without ``-s`` and
repeated in the assertion message, so a drop shows what it was.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import Product
from catalog.search import SearchQuery, search_products
from tests.catalog.search_catalogue import catalogue_database
from tests.catalog.search_relevance import (
    DEPTH,
    RELEVANCE_SET,
    RelevanceQuery,
    figures,
    measure,
    report,
)
from tests.databases import is_postgres

# Floors for the whole set: the figures reached, rounded down a little, so that any later
# loss fails the test.
MIN_RECALL_AT_5 = 0.99  # reached 0.997 (2026-12-07, both databases)
MIN_MRR = 0.95  # reached 0.963


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A session on a database holding the demo catalogue, loaded once for this module."""
    with (
        catalogue_database(tmp_path_factory.mktemp("search-relevance")) as engine,
        Session(engine) as session,
    ):
        yield session


@pytest.fixture(scope="module")
def catalogue_names(session: Session) -> set[str]:
    return set(session.scalars(select(Product.name)))


def top_names(session: Session, q: str) -> list[str]:
    """The names of the first results of ``q``, best first."""
    page = search_products(session, SearchQuery(q=q), page=1, per_page=DEPTH)
    return [product.name for product in page.items]


@pytest.mark.parametrize("query", RELEVANCE_SET, ids=lambda query: f"{query.kind}: {query.q}")
def test_expected_products_are_in_the_catalogue(
    query: RelevanceQuery, catalogue_names: set[str]
) -> None:
    assert 1 <= len(query.expected) <= 3
    unknown = sorted(set(query.expected) - catalogue_names)
    assert not unknown, f"not demo product names: {unknown}"


def test_search_finds_what_shoppers_mean(
    session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes = measure(lambda q: top_names(session, q))
    overall = figures(outcomes)
    text = report(outcomes)
    with capsys.disabled():
        print("\n" + text)
    assert overall.recall_at_5 >= MIN_RECALL_AT_5, text
    assert overall.mrr >= MIN_MRR, text


@pytest.mark.skipif(not is_postgres(), reason="compares PostgreSQL (TEST_DATABASE_URL) with SQLite")
def test_both_databases_give_the_same_top_five(
    session: Session, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same rules on both databases: the same first five results for every query."""
    with (
        catalogue_database(tmp_path_factory.mktemp("search-sqlite"), sqlite=True) as engine,
        Session(engine) as on_sqlite,
    ):
        differing = [
            (query.q, top_names(session, query.q)[:5], top_names(on_sqlite, query.q)[:5])
            for query in RELEVANCE_SET
            if top_names(session, query.q)[:5] != top_names(on_sqlite, query.q)[:5]
        ]
    assert not differing, differing[:5]
