"""Page benchmark for Gerai (``make bench``): a script, never part of the test suite.

It seeds a throwaway database through the real CLI (``flask seed-demo --scale N``), serves Gerai
and a bare Flask app (``bench/bare_app.py``) under gunicorn with the same workers, loads a few
shopper pages and API calls from Python threads, and prints Markdown tables.

The client shares the machine's cores with the servers, so absolute figures mean little on their
own: read each row against the bare endpoint measured in the same run.

    .venv/bin/python bench/bench_pages.py [--postgres URL | --both]   # default: SQLite only
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import common

BENCH_DIR = common.ROOT / "bench"
HOST = "127.0.0.1"  # the only address this script ever talks to
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15


# --- options and machine -------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = common.argument_parser(__doc__)
    parser.add_argument("--scale", type=int, default=20_000, help="generated products to seed")
    parser.add_argument("--requests", type=int, default=400, help="measured requests per URL")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured requests per URL")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    return parser.parse_args(argv)


def print_machine(args: argparse.Namespace, pg_url: str | None) -> None:
    cores = os.cpu_count() or 0
    notes = [
        f"{args.workers} gunicorn sync workers per server (GERAI_ENV=production); "
        f"{args.concurrency} client threads; {args.requests} requests per URL "
        f"after {args.warmup} warm-up requests; {args.scale:,} generated products",
        f"The Python load generator shares the {cores} cores with the servers: "
        "compare each row against the bare Flask endpoint of the same run.",
    ]
    common.print_machine(pg_url, ("gunicorn", "flask"), notes)


def seed(tmp: Path, database_url: str, scale: int) -> float:
    """Seed through the real CLI; returns seconds. Its output (demo passwords) is not shown."""
    elapsed = common.seed_demo(tmp, database_url, ["--scale", str(scale)], "512")
    print()
    return elapsed


# --- servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One gunicorn master started by this script, in its own process group."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes]

    def stop(self) -> None:
        """SIGTERM (graceful, bounded by --graceful-timeout), then SIGKILL of its own group."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=STOP_TIMEOUT_S)

    def problems(self) -> list[str]:
        """Lines of the server log that suggest the app misbehaved."""
        marks = ("Traceback", "[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Exception")
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return [line for line in lines if any(mark in line for mark in marks)]


def start_server(name: str, app: str, env: dict[str, str], workers: int, tmp: Path) -> Server:
    port = free_port()
    log = tmp / f"gunicorn-{name}.log"
    argv = [
        str(common.BIN / "gunicorn"),
        "--no-control-socket",
        "--graceful-timeout",
        "5",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        "--pythonpath",
        str(BENCH_DIR),
        app,
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv,
            cwd=common.ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, port, log, proc)
    try:
        wait_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            break
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, _ = fetch(server.port, "/", timeout=2)
            if status == 200:
                return
        time.sleep(0.2)
    tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
    raise RuntimeError(f"{server.name} did not start on port {server.port}:\n{tail}")


# --- load ----------------------------------------------------------------------------------


def fetch(port: int, path: str, timeout: float = common.REQUEST_TIMEOUT_S) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def fetch_json(port: int, path: str) -> dict:
    status, body = fetch(port, path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return json.loads(body)


@dataclass
class Run:
    """What one URL gave under load."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    wall_s: float = 0.0
    # where this run's unique numbers start: each run of a URL asks for numbers of its own
    salt: int = field(default_factory=lambda: 500_000_000 + random.randrange(100_000) * 1_000)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms)

    @property
    def errors(self) -> int:
        return self.requests - self.statuses[200]

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile: the smallest latency with ``share`` of requests at or below."""
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def client(port: int, path: str, tickets: Iterator[int], total: int, run: Run) -> None:
    """One client thread: a keep-alive connection, requests until the tickets run out.

    gunicorn's sync workers close every connection after the response; http.client then
    reconnects by itself, so the connect is part of each measured request, as for a browser.
    """
    conn = http.client.HTTPConnection(HOST, port, timeout=common.REQUEST_TIMEOUT_S)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    try:
        while (ticket := next(tickets)) < total:
            started = time.perf_counter()
            try:
                conn.request("GET", path.replace(UNIQUE, str(run.salt + ticket)))
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0  # no answer at all: counted as an error
                conn.close()
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] += 1
    finally:
        conn.close()
        run.latencies_ms.extend(latencies)  # list.extend and Counter.update hold the GIL
        run.statuses.update(statuses)


UNIQUE = "{unique}"  # in a path: a number no other request of the run has (defeats caches)


def load(port: int, path: str, total: int, concurrency: int) -> Run:
    """``total`` GET requests of ``path`` from ``concurrency`` threads; wall time included."""
    run = Run()
    run.wall_s = common.run_threads(
        client,
        (port, path, common.Tickets(), total, run),
        concurrency,
        total * common.REQUEST_TIMEOUT_S,
    )
    return run


# --- the benchmark -------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    label: str
    server: Server
    path: str


def targets(gerai: Server, bare: Server) -> list[Target]:
    """The URLs to measure; a gallery and a product are taken from the API, as a client would."""
    gallery = fetch_json(gerai.port, "/api/v1/galleries")["items"][0]["slug"]
    product_url = fetch_json(gerai.port, "/api/v1/products?per_page=1")["items"][0]["url"]
    pages = [
        ("home", "/"),
        ("gallery", f"/galeri/{gallery}"),
        ("product", urlsplit(product_url).path),
        ("search gula aren", "/cari?q=gula+aren"),
        ("search keripik pedas", "/cari?q=keripik+pedas"),
        ("API products", "/api/v1/products"),
        ("API products q=batik", "/api/v1/products?q=batik"),
    ]
    return [Target("bare Flask", bare, "/")] + [Target(n, gerai, p) for n, p in pages]


def measure(target: Target, args: argparse.Namespace) -> str:
    """One Markdown table row for ``target``, after checking it answers 200 and warming up."""
    status, body = fetch(target.server.port, target.path.replace(UNIQUE, "999999999"))
    if status != 200:
        raise RuntimeError(f"GET {target.path} answered {status} before the load started")
    load(target.server.port, target.path, args.warmup, args.concurrency)
    run = load(target.server.port, target.path, args.requests, args.concurrency)
    if run.errors:
        print(f"  !! {target.path}: statuses {dict(run.statuses)} (0 = no answer)")
    return (
        f"| {target.label} | `{target.path}` | {len(body):,} | {run.requests} | {run.errors} "
        f"| {run.percentile(0.5):.1f} | {run.percentile(0.95):.1f} "
        f"| {run.requests / run.wall_s:.0f} |"
    )


def bench_database(title: str, database_url: str, tmp: Path, args: argparse.Namespace) -> None:
    """Seed, serve, measure and print one table; servers are stopped whatever happens."""
    print(f"### {title}\n")
    seed(tmp, database_url, args.scale)
    if database_url.startswith("postgres"):
        common.analyze_postgres(database_url)
    servers: list[Server] = []
    try:
        env = common.app_env(tmp, database_url, "production")
        servers.append(start_server("gerai", "storefront:create_app()", env, args.workers, tmp))
        servers.append(start_server("bare", "bare_app:app", env, args.workers, tmp))
        print("| URL | path | bytes | requests | errors | median ms | p95 ms | req/s |")
        print("|---|---|--:|--:|--:|--:|--:|--:|")
        for target in targets(*servers):
            print(measure(target, args), flush=True)
        print()
    finally:
        for server in servers:
            server.stop()
        report_problems(servers)


def report_problems(servers: list[Server]) -> None:
    for server in servers:
        problems = server.problems()
        if problems:
            print(f"!! {server.name} server log ({server.log}) has {len(problems)} error lines:")
            print("\n".join(f"   {line}" for line in problems[:20]))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return common.run_databases(
        args, bench_database, "gerai-bench-", lambda pg_server: print_machine(args, pg_server)
    )


if __name__ == "__main__":
    sys.exit(main())
