"""What the benchmark scripts share: options, the machine description, throwaway databases,
the demo seed through the real CLI, client threads, and the run over SQLite and PostgreSQL.

Not a benchmark itself; ``bench_pages.py``, ``bench_checkout.py`` and ``bench_dispatch.py``
import it (they run with ``bench/`` on ``sys.path``, as scripts do).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import URL, create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the virtualenv running this script holds flask and gunicorn
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
SEED_TIMEOUT_S = 900
REQUEST_TIMEOUT_S = 30

sys.path.insert(0, str(ROOT))  # the project's packages and tests/ helpers

from tests.databases import created_database  # noqa: E402

BenchDatabase = Callable[[str, str, Path, argparse.Namespace], object]


# --- options and machine -------------------------------------------------------------------


def argument_parser(doc: str) -> argparse.ArgumentParser:
    """A parser described by the script's first paragraph, with ``--postgres`` / ``--both``."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--postgres", metavar="URL", help="PostgreSQL server to bench against")
    where.add_argument("--both", action="store_true", help=f"SQLite, then {DEFAULT_POSTGRES}")
    return parser


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ram_gib() -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    return float("nan")


def postgres_version(server_url: str) -> str:
    engine = create_engine(psycopg_url(server_url))
    try:
        with engine.connect() as conn:
            return str(conn.scalar(text("SHOW server_version")))
    finally:
        engine.dispose()


def print_machine(pg_url: str | None, packages: tuple[str, ...], notes: list[str]) -> None:
    """The Markdown "Machine" section: CPU, RAM, versions of ``packages``, ``notes``, load."""
    pg = postgres_version(pg_url) if pg_url else "not used"
    versions = ", ".join(f"{name} {version(name)}" for name in packages)
    print("## Machine\n")
    print(f"- CPU: {cpu_model()}, {os.cpu_count() or 0} cores; RAM {ram_gib():.1f} GiB")
    print(
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"PostgreSQL {pg}, {versions}"
    )
    for note in notes:
        print(f"- {note}")
    load_1, load_5, _ = os.getloadavg()
    print(f"- Load average before the run: {load_1:.2f} (1 min), {load_5:.2f} (5 min)\n")


# --- databases -----------------------------------------------------------------------------


def psycopg_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


@contextlib.contextmanager
def sqlite_database(tmp: Path) -> Iterator[str]:
    yield f"sqlite:///{tmp / 'bench.sqlite3'}"


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A fresh database on ``server_url``, dropped (forcefully) when the block ends."""
    with created_database(server_url, f"gerai_bench_{secrets.token_hex(4)}") as url:
        yield url


def analyze_postgres(database_url: str) -> None:
    """Do now what autovacuum does to freshly bulk-inserted tables a little later: statistics
    for the planner, and the visibility map that lets index-only scans skip the table."""
    engine = create_engine(psycopg_url(database_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def app_env(tmp: Path, database_url: str, gerai_env: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GERAI_ENV=gerai_env,
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp / "media"),
        GERAI_INSTANCE=str(tmp / "instance"),
        DEMO_PHOTO_SIZE="512",
        SECRET_KEY=secrets.token_urlsafe(36),  # 48 characters, as production demands
        PUBLIC_BASE_URL=env.get("PUBLIC_BASE_URL") or "https://gerai.example",  # required too
    )
    return env


def seed_demo(tmp: Path, database_url: str, extra_argv: list[str], photo_size: str) -> float:
    """``flask seed-demo`` through the real CLI; returns seconds. Its output (demo passwords)
    is not shown, only its "Seeded:" summary."""
    argv = [str(BIN / "flask"), "--app", "storefront", "seed-demo", *extra_argv]
    env = app_env(tmp, database_url, "testing") | {"DEMO_PHOTO_SIZE": photo_size}
    started = time.perf_counter()
    done = subprocess.run(
        argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SEED_TIMEOUT_S
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"seed-demo failed ({done.returncode}):\n{done.stderr[-3000:]}")
    summary = [line for line in done.stdout.splitlines() if line.startswith("Seeded:")]
    print(f"Seeded in {elapsed:.1f} s. {' '.join(summary)}")
    return elapsed


# --- client threads ------------------------------------------------------------------------


class Tickets(Iterator[int]):
    """A thread-safe counter: each request takes the next number."""

    def __init__(self) -> None:
        self._next = 0
        self._lock = threading.Lock()

    def __next__(self) -> int:
        with self._lock:
            self._next += 1
            return self._next - 1


def run_threads(
    target: Callable[..., None], args: tuple, concurrency: int, timeout: float
) -> float:
    """``concurrency`` daemon threads of ``target(*args)``; returns the wall time in seconds."""
    threads = [threading.Thread(target=target, args=args, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return time.perf_counter() - started


# --- the run -------------------------------------------------------------------------------


def run_one(
    title: str, pg_server: str | None, args: argparse.Namespace, bench: BenchDatabase, prefix: str
) -> None:
    """``bench(title, url, tmp, args)`` on a throwaway database in a throwaway folder."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        database = sqlite_database(tmp) if pg_server is None else postgres_database(pg_server)
        with database as url:
            bench(title, url, tmp, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_databases(
    args: argparse.Namespace,
    bench: BenchDatabase,
    prefix: str,
    describe: Callable[[str | None], None],
) -> int:
    """SQLite unless ``--postgres``; PostgreSQL with ``--postgres`` or ``--both``; timed.

    ``describe(pg_server)`` prints what comes before the tables (the machine)."""
    pg_server = DEFAULT_POSTGRES if args.both else args.postgres
    started = time.perf_counter()
    describe(pg_server)
    if args.both or not args.postgres:
        run_one("SQLite", None, args, bench, prefix)
    if pg_server:
        run_one("PostgreSQL", pg_server, args, bench, prefix)
    print(f"\nWhole run: {time.perf_counter() - started:.0f} s.")
    return 0
