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

    .venv/bin/python bench/bench_dispatch.py [--postgres URL | --both]   # default: SQLite only
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
    if args.messages < 1 or args.slow_messages < 1 or args.latency_ms < 0:
        parser.error("--messages and --slow-messages must be at least 1, --latency-ms >= 0")
    return args


def describe(pg_server: str | None) -> None:
    """The machine, then the head of the one table every run adds a row to."""
    notes = [
        "Workers and the dispatcher (a Python threading HTTP server) share the cores; "
        "the dispatcher verifies every signature."
    ]
    print_machine(pg_server, ("requests", "standardwebhooks"), notes)
    print("| run | workers | messages | messages/s | wall (incl. start-up) | check |")
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


def prepare(engine: Engine, endpoint: str, count: int) -> None:
    """A gallery pointed at ``endpoint`` and ``count`` due messages, in one bulk insert."""
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        gallery = s.scalar(select(Gallery))
        if gallery is None:
            kec = Kecamatan(slug="ciputat", name="Ciputat", lat=-6.3, lng=106.7)
            coop = Cooperative(slug="kop", name="Kop", legal_type=LegalType.JASA, kecamatan=kec)
            gallery = Gallery(
                slug="g", name="Galeri", cooperative=coop, kecamatan=kec, lat=-6.3, lng=106.7
            )
            s.add(gallery)
        gallery.courier_endpoint_url, gallery.courier_secret = endpoint, SECRET
        s.flush()
        due = datetime.now(UTC) - timedelta(seconds=1)
        rows = [
            {
                "message_id": new_message_id(),
                "event_type": "delivery.requested",
                "gallery_id": gallery.id,
                "payload": payload(n),
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "last_error": "",
                "next_attempt_at": due,
                "created_at": due,
            }
            for n in range(count)
        ]
        s.execute(insert(OutboxMessage), rows)
        s.commit()


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


def bench_database(title: str, url: str, tmp: Path, args: argparse.Namespace) -> list[Result]:
    engine = make_engine(url)
    migrate.upgrade(engine)
    # production settings, but the benchmark's dispatcher listens on 127.0.0.1: allowed explicitly
    env = app_env(tmp, url, "production") | {"OUTBOUND_ALLOW_PRIVATE": "1"}
    postgres = url.startswith("postgresql")
    fast, slow = "fast dispatcher", f"dispatcher answers in {args.latency_ms} ms"
    worker_counts = (1, 2) if postgres else (1,)  # SQLite: one worker, by design
    plan = [(fast, n, args.messages, 0) for n in worker_counts]
    if args.latency_ms:
        plan += [(slow, n, args.slow_messages, args.latency_ms) for n in worker_counts]
    results = []
    try:
        for label, workers, count, latency in plan:
            results.append(one_run(engine, env, f"{title}, {label}", workers, count, latency))
            print_result(results[-1])
    finally:
        engine.dispose()
    return results


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
