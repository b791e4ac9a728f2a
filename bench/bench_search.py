"""Search benchmark for Gerai (issue 12): a script, never part of the test suite.

For each database it seeds the demo city with ``--scale`` generated products through the real
CLI (``flask seed-demo``, which indexes every product as it goes), rebuilds the search index
once more to time it (``catalog.search.index.rebuild``) and reports the index's size. It then
times, in-process, search (page 1 of 24 with its count), faceted search (page 1 with every
facet's counts, a category chosen, as the search page asks) and autocomplete over a set of
queries of every kind the relevance set has (variants, synonyms, typos, word starts, several
words, English), and
serves Gerai and the bare Flask app (``bench/bare_app.py``) under gunicorn to compare the
search page's and the API's throughput with the bare route in the same run: the same URL
again and again, as many shoppers on a promotion day (answered from Gerai's cache,
storefront/cache.py, after the first request of each worker), and URLs no request has asked
before (a price bound that differs each time, so every request searches).

    .venv/bin/python bench/bench_search.py [--scale N] [--postgres URL | --both]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote_plus

import bench_pages
import common
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from catalog.db import make_engine
from catalog.models import Product
from catalog.search import SearchQuery, index, search, search_with_facets
from catalog.search.suggest import suggest
from config import normalise_database_url

QUERIES = [
    "keripik",
    "kripik pedas",
    "gula merah",
    "gula aren cetak",
    "batik tulis",
    "batk",
    "gla aren",
    "kopu",
    "gul",
    "kerip sing",
    "coffee",
    "tote bag",
    "palm sugar",
    "sambel bawang",
    "KRIIIPIK!!",
    "tas anyaman pandan",
    "hijab",
    "kue kering nastar",
    "madu",
    "xyzzy",
]
TYPED = ["g", "gu", "gul", "gula", "gula a", "kri", "krip", "bat", "bati", "kop", "tas a", "hij"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = common.argument_parser(__doc__)
    parser.add_argument("--scale", type=int, default=100_000, help="generated products to seed")
    parser.add_argument("--calls", type=int, default=5, help="timed calls per query, in-process")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests per URL")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    return parser.parse_args(argv)


def describe(args: argparse.Namespace, pg_url: str | None) -> None:
    notes = [
        f"{args.scale:,} generated products besides the demo's own; in-process: {args.calls} "
        f"timed calls per query after one warm-up, {len(QUERIES)} queries, "
        f"{len(TYPED)} autocomplete inputs",
        f"pages: {args.workers} gunicorn sync workers per server (GERAI_ENV=production), "
        f"{args.concurrency} client threads, {args.requests} requests per URL after "
        f"{args.warmup} warm-up requests; the client shares the cores with the servers",
    ]
    common.print_machine(pg_url, ("gunicorn", "flask", "sqlalchemy"), notes)


def index_size(engine: Engine) -> str:
    """What the search index takes on disk: its documents, typo keys and full-text index."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            size = conn.scalar(
                text(
                    "SELECT pg_total_relation_size('product_search')"
                    " + pg_total_relation_size('search_typo')"
                    " + pg_total_relation_size('search_name_word')"
                )
            )
        else:
            size = conn.scalar(
                text(
                    "SELECT sum(pgsize) FROM dbstat WHERE name IN ('product_search', "
                    "'search_typo', 'sqlite_autoindex_search_typo_1', 'search_name_word', "
                    "'sqlite_autoindex_search_name_word_1') OR name LIKE 'product_fts%'"
                )
            )
        typo_rows = conn.scalar(text("SELECT count(*) FROM search_typo"))
    return f"{(size or 0) / 1_048_576:.1f} MiB ({typo_rows:,} typo keys)"


def timed(fn: Callable[[], object], calls: int) -> list[float]:
    fn()
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def row(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(0.95 * len(ordered)) - 1)]
    return (
        f"| {label} | {len(times)} | {statistics.median(ordered):.1f} | {p95:.1f} "
        f"| {ordered[-1]:.1f} |"
    )


def in_process(engine: Engine, args: argparse.Namespace) -> None:
    with Session(engine) as session:
        started = time.perf_counter()
        count = index.rebuild(session)
        session.commit()
        built = time.perf_counter() - started
        if engine.dialect.name == "postgresql":  # what autovacuum does after the rewrite
            common.analyze_postgres(engine.url.render_as_string(hide_password=False))
        print(f"Index rebuilt for {count:,} products in {built:.1f} s; {index_size(engine)}.\n")
        category = session.scalar(select(Product.category_id).limit(1))
        slug = session.scalar(text("SELECT slug FROM category WHERE id = :id"), {"id": category})
        plain: list[float] = []
        faceted: list[float] = []
        for q in QUERIES:
            plain += timed(lambda q=q: search(session, SearchQuery(q=q), 1, 24), args.calls)

            def with_facets(q: str = q) -> None:
                search_with_facets(session, SearchQuery(q=q, category=slug), 1, 24)

            faceted += timed(with_facets, args.calls)
        typed: list[float] = []
        for q in TYPED:
            typed += timed(lambda q=q: suggest(session, q), args.calls)
        total = session.scalar(select(func.count(Product.id)))
    print(f"| in-process ({total:,} products) | calls | median ms | p95 ms | max ms |")
    print("|---|--:|--:|--:|--:|")
    print(row("search, page 1 of 24 and the count", plain))
    print(row("faceted search: page 1 of 24, a category chosen, every facet counted", faceted))
    print(row("autocomplete", typed))
    print()


def pages(tmp: Path, database_url: str, args: argparse.Namespace) -> None:
    servers: list[bench_pages.Server] = []
    try:
        env = common.app_env(tmp, database_url, "production")
        gerai = bench_pages.start_server("gerai", "storefront:create_app()", env, args.workers, tmp)
        servers.append(gerai)
        bare = bench_pages.start_server("bare", "bare_app:app", env, args.workers, tmp)
        servers.append(bare)
        targets = [bench_pages.Target("bare Flask", bare, "/")] + [
            bench_pages.Target(label, gerai, path)
            for label, path in (
                ("search keripik", "/cari?q=keripik"),
                ("search keripik, uncached", f"/cari?q=keripik&harga_maks={bench_pages.UNIQUE}"),
                ("search batk, uncached", f"/cari?q=batk&harga_maks={bench_pages.UNIQUE}"),
                ("search gula merah", f"/cari?q={quote_plus('gula merah')}"),
                ("search batk (typo)", "/cari?q=batk"),
                ("autocomplete gul", "/cari/saran?q=gul"),
                ("API products q=batik", "/api/v1/products?q=batik"),
            )
        ]
        print("| URL | path | bytes | requests | errors | median ms | p95 ms | req/s |")
        print("|---|---|--:|--:|--:|--:|--:|--:|")
        for target in targets:
            print(bench_pages.measure(target, args), flush=True)
        print()
    finally:
        for server in servers:
            server.stop()
        bench_pages.report_problems(servers)


def bench_database(title: str, database_url: str, tmp: Path, args: argparse.Namespace) -> None:
    print(f"### {title}\n")
    common.seed_demo(tmp, database_url, ["--scale", str(args.scale)], "256")
    if database_url.startswith("postgres"):
        common.analyze_postgres(database_url)
    engine = make_engine(normalise_database_url(database_url))
    try:
        in_process(engine, args)
    finally:
        engine.dispose()
    if database_url.startswith("postgres"):
        common.analyze_postgres(database_url)
    pages(tmp, database_url, args)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return common.run_databases(
        args, bench_database, "gerai-bench-search-", lambda pg: describe(args, pg)
    )


if __name__ == "__main__":
    sys.exit(main())
