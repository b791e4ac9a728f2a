"""Courier dispatch benchmark for Gerai (issue 5): messages per second the worker delivers.

A script, never part of the test suite. For each database it migrates a throwaway copy, queues
``--messages`` ``delivery.requested`` messages (a realistic payload of about 700 bytes) for one
gallery, and runs the real worker (``flask dispatch-worker --once``) as one or two processes
against a local dispatcher on 127.0.0.1 (``tests/receivers.py``: a threading HTTP server in this
script's process that checks every signature independently). It reports messages per second
between the first and last request the dispatcher received (the worker's start-up excluded),
the whole wall time, and checks that every message is SENT, sent exactly once, and has one
delivery attempt. ``--latency-ms`` makes the dispatcher answer late, as one across the
internet would: then a worker mostly waits, and a second worker nearly doubles the rate.

The ``hang`` scenario (issue 10): one gallery's dispatcher hangs (reads the request and never
answers; it lets go when the worker hangs up), ``--galleries`` other galleries' dispatchers are
healthy. The hanging gallery has ``--hang-backlog`` messages due when the worker starts; then
for ``--arrival-s`` seconds one message is queued every ``--arrival-ms`` for the healthy
galleries in turn, as orders come in. The worker runs continuously (``--poll``, 1 s by
default) and is stopped with SIGTERM once every healthy message arrived (or ``--deadline-s``
after the last was queued). It reports the healthy messages' delay from their commit to their
arrival at the dispatcher (p50, p95, max), and checks that none arrived twice. It runs twice
(``--worker``): as the worker sent before issue 10 (one at a time, 5 s connect and 10 s read
timeouts, no breaker, through the ``DISPATCH_*`` settings) and with the default settings.

    .venv/bin/python bench/bench_dispatch.py [--postgres URL | --both]   # default: SQLite only
    .venv/bin/python bench/bench_dispatch.py --scenario hang --both
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import BIN, ROOT, app_env, argument_parser, print_machine, run_databases
from sqlalchemy import Engine, func, insert, select

from catalog.db import make_engine
from catalog.models import Cooperative, Gallery, Kecamatan, LegalType
from orders.fulfilment import new_message_id
from orders.models import DeliveryAttempt, OutboxEvent, OutboxMessage, OutboxStatus
from storefront import migrate
from tests.receivers import Receiver, make_secret

SECRET = make_secret(42)
WORKER_TIMEOUT_S = 900


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argument_parser(__doc__)
    parser.add_argument("--messages", type=int, default=2000, help="messages per run")
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=20,
        help="the dispatcher's answer delay for the extra 'slow dispatcher' runs (0: none)",
    )
    parser.add_argument(
        "--slow-messages", type=int, default=500, help="messages per slow-dispatcher run"
    )
    parser.add_argument(
        "--scenario",
        choices=("throughput", "hang", "all"),
        default="all",
        help="throughput: one gallery, messages/s; hang: one gallery's dispatcher hangs",
    )
    parser.add_argument("--galleries", type=int, default=5, help="healthy galleries (hang)")
    parser.add_argument("--hang-backlog", type=int, default=4, help="hanging gallery's messages")
    parser.add_argument("--arrival-s", type=float, default=10.0, help="seconds of arrivals")
    parser.add_argument("--arrival-ms", type=int, default=100, help="ms between arrivals")
    parser.add_argument("--deadline-s", type=float, default=60.0, help="wait after arrivals")
    parser.add_argument(
        "--poll", type=float, default=1.0, help="hang: the worker's --poll (its default: 1 s)"
    )
    parser.add_argument(
        "--worker",
        choices=("before", "after", "both"),
        default="both",
        help="hang: which worker settings to run (before: one at a time, the old timeouts)",
    )
    args = parser.parse_args(argv)
    if args.messages < 1 or args.slow_messages < 1 or args.latency_ms < 0:
        parser.error("--messages and --slow-messages must be at least 1, --latency-ms >= 0")
    if args.galleries < 1 or args.arrival_ms < 1 or args.arrival_s <= 0:
        parser.error("--galleries and --arrival-ms must be at least 1, --arrival-s > 0")
    return args


def describe(pg_server: str | None) -> None:
    """The machine, then the head of the one table every run adds a row to."""
    notes = [
        "Workers and the dispatcher (a Python threading HTTP server) share the cores; "
        "the dispatcher verifies every signature."
    ]
    print_machine(pg_server, ("requests", "standardwebhooks"), notes)
    print(f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")


def table_head(scenario: str) -> None:
    if scenario == "hang":
        print("\n| run | worker | healthy messages | p50 | p95 | max | hanging tried | check |")
        print("|---|---|--:|--:|--:|--:|--:|---|")
    else:
        print("\n| run | workers | messages | messages/s | wall (incl. start-up) | check |")
        print("|---|--:|--:|--:|--:|---|")


# --- data ----------------------------------------------------------------------------------


def payload(n: int) -> dict:
    """A delivery request shaped like ``orders.fulfilment.delivery_payload``."""
    return {
        "type": "delivery.requested",
        "data": {
            "shipment_id": n,
            "order_code": f"GR-BENCH-{n:05d}",
            "pickup": {
                "name": "Galeri UMKM Ciputat",
                "address": "Jl. Dewi Sartika No. 12, Ciputat, Tangerang Selatan",
                "lat": -6.3086,
                "lng": 106.7531,
                "whatsapp": "+6281234567890",
            },
            "dropoff": {
                "name": "Rina Wulandari",
                "phone": "+6281298765432",
                "address": "Perumahan Bukit Pamulang Indah Blok C3 No. 7, Pamulang",
                "lat": -6.3421,
                "lng": 106.7389,
                "note": "Pagar hijau, sebelah masjid",
            },
            "items": [
                {"name": "Kopi Robusta Bubuk 250 g", "quantity": 2},
                {"name": "Keripik Singkong Balado", "quantity": 3},
                {"name": "Tas Anyaman Pandan", "quantity": 1},
            ],
            "weight_g": 1450,
            "cod_amount": 187_000,
            "currency": "IDR",
            "callback_url": "https://gerai.example/api/v1/courier/events",
        },
    }


def gallery_at(engine: Engine, endpoint: str, slug: str = "g") -> int:
    """The gallery ``slug`` (made if missing) pointed at ``endpoint``; its id."""
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        gallery = s.scalar(select(Gallery).where(Gallery.slug == slug))
        if gallery is None:
            kec = s.scalar(select(Kecamatan)) or Kecamatan(
                slug="ciputat", name="Ciputat", lat=-6.3, lng=106.7
            )
            coop = s.scalar(select(Cooperative)) or Cooperative(
                slug="kop", name="Kop", legal_type=LegalType.JASA, kecamatan=kec
            )
            gallery = Gallery(
                slug=slug,
                name=f"Galeri {slug}",
                cooperative=coop,
                kecamatan=kec,
                lat=-6.3,
                lng=106.7,
            )
            s.add(gallery)
        gallery.courier_endpoint_url, gallery.courier_secret = endpoint, SECRET
        s.commit()
        return gallery.id


def prepare(engine: Engine, endpoint: str, count: int) -> None:
    """A gallery pointed at ``endpoint`` and ``count`` due messages, in one bulk insert."""
    queue(engine, gallery_at(engine, endpoint), count)


def queue(engine: Engine, gallery_id: int, count: int, first: int = 0) -> list[str]:
    """``count`` messages due now for the gallery, in one bulk insert and commit; their ids."""
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        due = datetime.now(UTC) - timedelta(seconds=1)
        rows = [
            {
                "message_id": new_message_id(),
                "event_type": "delivery.requested",
                "gallery_id": gallery_id,
                "payload": payload(n),
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "last_error": "",
                "next_attempt_at": due,
                "created_at": due,
            }
            for n in range(first, first + count)
        ]
        s.execute(insert(OutboxMessage), rows)
        s.commit()
    return [str(row["message_id"]) for row in rows]


def reset(engine: Engine) -> None:
    from sqlalchemy import delete
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        s.execute(delete(DeliveryAttempt))
        s.execute(delete(OutboxEvent))  # each message's status moves point at it
        s.execute(delete(OutboxMessage))
        s.commit()


def check(engine: Engine, receiver: Receiver, count: int) -> list[str]:
    from sqlalchemy.orm import Session

    problems = []
    with Session(engine) as s:
        sent = s.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT))
        attempts = s.scalar(select(func.count()).select_from(DeliveryAttempt))
    if sent != count:
        problems.append(f"{sent} of {count} messages SENT")
    if attempts != count:
        problems.append(f"{attempts} delivery attempts for {count} messages")
    if len(receiver.ids) != count or receiver.duplicates():
        problems.append(f"{len(receiver.ids)} received, {len(receiver.duplicates())} duplicated")
    if not all(r.signature_ok for r in receiver.received):
        problems.append("a signature failed the independent check")
    return problems


# --- runs ----------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    workers: int
    messages: int
    rate: float  # messages/s between the first and last request received
    wall_s: float  # from starting the workers to the last one exiting
    problems: list[str]


def run_workers(env: dict[str, str], workers: int) -> float:
    argv = [str(BIN / "flask"), "--app", "storefront", "dispatch-worker", "--once"]
    started = time.perf_counter()
    procs = [
        subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=WORKER_TIMEOUT_S)
        if proc.returncode != 0:
            raise RuntimeError(f"worker failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    return time.perf_counter() - started


def one_run(
    engine: Engine, env: dict[str, str], label: str, workers: int, count: int, latency_ms: int
) -> Result:
    reset(engine)
    with Receiver(SECRET, delay_s=latency_ms / 1000) as receiver:
        prepare(engine, receiver.url, count)
        wall = run_workers(env, workers)
        times = [r.at for r in receiver.received]
        span = max(times) - min(times) if len(times) > 1 else float("nan")
        problems = check(engine, receiver, count)
    return Result(label, workers, count, (len(times) - 1) / span, wall, problems)


def bench_database(title: str, url: str, tmp: Path, args: argparse.Namespace) -> list[object]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    # production settings, but the benchmark's dispatcher listens on 127.0.0.1: allowed explicitly
    env = app_env(tmp, url, "production") | {"OUTBOUND_ALLOW_PRIVATE": "1"}
    postgres = url.startswith("postgresql")
    results: list[object] = []
    try:
        if args.scenario in ("throughput", "all"):
            table_head("throughput")
            fast, slow = "fast dispatcher", f"dispatcher answers in {args.latency_ms} ms"
            worker_counts = (1, 2) if postgres else (1,)  # SQLite: one worker, by design
            plan = [(fast, n, args.messages, 0) for n in worker_counts]
            if args.latency_ms:
                plan += [(slow, n, args.slow_messages, args.latency_ms) for n in worker_counts]
            for label, workers, count, latency in plan:
                result = one_run(engine, env, f"{title}, {label}", workers, count, latency)
                print_result(result)
                results.append(result)
        if args.scenario in ("hang", "all"):
            table_head("hang")
            for worker, settings in WORKERS.items():
                if args.worker != "both" and not worker.startswith(args.worker):
                    continue
                outcome = hang_run(engine, env | settings, title, worker, args)
                print_hang(outcome)
                results.append(outcome)
    finally:
        engine.dispose()
    return results


# --- the hanging dispatcher (issue 10) -------------------------------------------------------

WORKERS: dict[str, dict[str, str]] = {
    "before: one at a time, 5 s + 10 s timeouts": {
        "DISPATCH_CONCURRENCY": "1",
        "DISPATCH_PER_ENDPOINT": "1",
        "DISPATCH_BREAKER_FAILURES": "0",
        "DISPATCH_CONNECT_TIMEOUT_S": "5",
        "DISPATCH_READ_TIMEOUT_S": "10",
    },
    "after: the default settings": {},
}


@dataclass
class HangResult:
    label: str
    worker: str
    delays: list[float]  # seconds from commit to arrival, one per healthy message
    missing: int  # healthy messages that had not arrived when the worker was stopped
    hanging_tried: int  # requests the hanging dispatcher received
    problems: list[str]


def hang_run(
    engine: Engine, env: dict[str, str], label: str, worker: str, args: argparse.Namespace
) -> HangResult:
    reset(engine)
    argv = [str(BIN / "flask"), "--app", "storefront", "dispatch-worker", "--poll", str(args.poll)]
    worker = f"{worker}, --poll {args.poll:g}"
    committed: dict[str, float] = {}
    with contextlib.ExitStack() as stack:
        hanging = stack.enter_context(Receiver(SECRET, hang_first=10**9, hang_s=600))
        healthy = [stack.enter_context(Receiver(SECRET)) for _ in range(args.galleries)]
        queue(engine, gallery_at(engine, hanging.url, "hanging"), args.hang_backlog)
        galleries = [gallery_at(engine, r.url, f"healthy-{n}") for n, r in enumerate(healthy)]
        proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            started = time.monotonic() + 60
            while not hanging.received and time.monotonic() < started:
                time.sleep(0.02)  # the worker is up: it called the hanging dispatcher
            feed(engine, galleries, args, committed)
            deadline = time.monotonic() + args.deadline_s
            while time.monotonic() < deadline and arrived(healthy) < len(committed):
                time.sleep(0.05)
            stopped = time.time()
        finally:
            proc.send_signal(signal.SIGTERM)
            _out, err = proc.communicate(timeout=WORKER_TIMEOUT_S)
        first: dict[str, float] = {}
        for receiver in healthy:
            for got in receiver.received:
                first.setdefault(got.headers["webhook-id"], got.at)
        delays = [first[m] - at if m in first else stopped - at for m, at in committed.items()]
        problems = []
        if proc.returncode != 0:
            problems.append(f"worker exited {proc.returncode}: {err.decode()[-500:]}")
        duplicated = sum(len(r.duplicates()) for r in healthy)
        if duplicated:
            problems.append(f"{duplicated} healthy messages arrived twice")
        if not all(got.signature_ok for r in healthy for got in r.received):
            problems.append("a signature failed the independent check")
        missing = len(committed) - len(first.keys() & committed.keys())
    return HangResult(label, worker, delays, missing, len(hanging.received), problems)


def feed(
    engine: Engine, galleries: list[int], args: argparse.Namespace, committed: dict[str, float]
) -> None:
    """One message every ``--arrival-ms`` for the healthy galleries in turn; commit times."""
    start, step = time.monotonic(), args.arrival_ms / 1000
    for n in range(int(args.arrival_s / step)):
        time.sleep(max(0.0, start + n * step - time.monotonic()))
        (message_id,) = queue(engine, galleries[n % len(galleries)], 1, first=n)
        committed[message_id] = time.time()


def arrived(receivers: list[Receiver]) -> int:
    return sum(len(set(r.ids)) for r in receivers)


def print_hang(result: HangResult) -> None:
    delays = sorted(result.delays)
    p95 = statistics.quantiles(delays, n=20, method="inclusive")[18] if len(delays) > 1 else 0.0
    at_least = "≥ " if result.missing else ""
    status = "; ".join(result.problems) or "ok"
    if result.missing:
        status = (
            f"{result.missing} not arrived when stopped (counted as stopped − queued); {status}"
        )
    median, worst = statistics.median(delays), delays[-1]
    print(
        f"| {result.label} | {result.worker} | {len(delays)} | {median:.2f} s | "
        f"{at_least}{p95:.2f} s | {at_least}{worst:.2f} s | {result.hanging_tried} | {status} |",
        flush=True,
    )


def print_result(result: Result) -> None:
    status = "ok" if not result.problems else "; ".join(result.problems)
    print(
        f"| {result.label} | {result.workers} | {result.messages:,} | {result.rate:,.0f} | "
        f"{result.wall_s:.1f} s | {status} |",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    return run_databases(parse_args(argv), bench_database, "gerai-bench-dispatch-", describe)


if __name__ == "__main__":
    raise SystemExit(main())
