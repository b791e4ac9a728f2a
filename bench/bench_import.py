"""Product import benchmark: a script, never part of the test suite.

It seeds a throwaway SQLite database through the real CLI (``flask seed-demo``), builds a sheet
of N new products (CSV and XLSX) for one seeded gallery, and measures checking (``plan_import``)
and applying (``apply_import`` + commit) in a fresh process per format and measurement:

- time: wall-clock seconds, without tracemalloc (it slows Python code down);
- memory: the peak of Python allocations under tracemalloc, and the process's peak RSS.

A second check of the same file after applying (every row an unchanged existing product) is
timed too. Photos are left out: their cost is Pillow's decoding and WebP encoding per photo.

    .venv/bin/python bench/bench_import.py              # 5,000 rows
    .venv/bin/python bench/bench_import.py --rows 10000
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TIMEOUT_S = 900
RUN_TIMEOUT_S = 1800
FORMATS = ("csv", "xlsx")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="products in the sheet")
    parser.add_argument(
        "--worker", nargs=3, metavar=("FORMAT", "MODE", "DIR"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def environment(folder: Path) -> dict[str, str]:
    return os.environ | {
        "GERAI_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{folder / 'gerai.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "GERAI_INSTANCE": str(folder / "instance"),
        "DEMO_PHOTO_SIZE": "256",
    }


def seed(folder: Path) -> None:
    """Seed the demo city once; each run gets a copy of the database file."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "storefront", "seed-demo"],
        cwd=ROOT,
        env=environment(folder),
        check=True,
        capture_output=True,
        timeout=SEED_TIMEOUT_S,
    )
    # Fold the write-ahead log into the database file, so a plain copy holds everything.
    with contextlib.closing(sqlite3.connect(folder / "gerai.sqlite3")) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


# --- one measured run, in its own process -------------------------------------------------------


def build_sheet(fmt: str, rows: int, members: list[str], categories: list[str]) -> bytes:
    from catalog.importer import COLUMNS

    rng = random.Random(7)
    table = [list(COLUMNS)]
    for n in range(rows):
        table.append(
            [
                f"Produk Uji Impor {n:05d}",
                "Dibuat dari bahan lokal pilihan, tanpa pengawet. " * rng.randint(1, 4),
                categories[n % len(categories)],
                members[n % len(members)],
                f"{rng.randrange(5, 500) * 1000:,}".replace(",", "."),
                rng.choice(["bungkus 250 g", "botol 350 ml", "lembar", "toples 500 g"]),
                str(rng.randrange(0, 200)),
                str(rng.randrange(50, 2000)),
            ]
        )
    return _xlsx(table) if fmt == "xlsx" else _csv(table)


def _csv(table: list[list[str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Produk")
    for values in table:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(mode: str, action: Callable[[], object]) -> dict[str, float]:
    if mode == "time":
        start = time.perf_counter()
        action()
        return {"seconds": time.perf_counter() - start}
    tracemalloc.start()
    try:
        action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return {"peak_mib": peak / 2**20}


def worker(fmt: str, mode: str, folder: Path, rows: int) -> dict[str, object]:
    os.environ.update(environment(folder))
    from sqlalchemy import select

    from catalog import db
    from catalog.importer import apply_import, plan_import
    from catalog.models import Category, Gallery, Member
    from storefront import create_app
    from storefront.media import media_storage

    app = create_app()
    with app.app_context():
        gallery = db.session.scalars(select(Gallery).order_by(Gallery.id)).first()
        members = db.session.scalars(
            select(Member.business_name).where(Member.cooperative_id == gallery.cooperative_id)
        ).all()
        categories = db.session.scalars(select(Category.slug)).all()
        data = build_sheet(fmt, rows, list(members), list(categories))
        baseline_rss = _peak_rss_mib()  # the app, its libraries and the built sheet
        reports = []
        check = measure(mode, lambda: reports.append(plan_import(db.session, gallery, data)))
        report = reports[0]
        assert report.ok, report.errors[:5]

        def apply() -> None:
            apply_import(db.session, media_storage(), report)
            db.session.commit()

        applied = measure(mode, apply)
        recheck = measure(mode, lambda: plan_import(db.session, gallery, data))
    return {
        "file_kib": len(data) / 1024,
        "check": check,
        "apply": applied,
        "recheck": recheck,
        "baseline_rss_mib": baseline_rss,
        "peak_rss_mib": _peak_rss_mib(),
    }


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the driver -------------------------------------------------------------------------------


def run(folder: Path, fmt: str, mode: str, rows: int) -> dict:
    run_dir = folder / f"{fmt}-{mode}"
    run_dir.mkdir()
    shutil.copy(folder / "seed" / "gerai.sqlite3", run_dir / "gerai.sqlite3")
    done = subprocess.run(
        [sys.executable, __file__, "--rows", str(rows), "--worker", fmt, mode, str(run_dir)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
    )
    if done.returncode:
        raise SystemExit(f"{fmt}/{mode} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    args = parse_args()
    if args.worker:
        fmt, mode, folder = args.worker
        print(json.dumps(worker(fmt, mode, Path(folder), args.rows)))
        return
    with tempfile.TemporaryDirectory(prefix="gerai-bench-import-") as tmp:
        folder = Path(tmp)
        (folder / "seed").mkdir()
        seed(folder / "seed")
        results = {
            fmt: {mode: run(folder, fmt, mode, args.rows) for mode in ("time", "memory")}
            for fmt in FORMATS
        }
    report(args.rows, results)


def report(rows: int, results: dict) -> None:
    print(f"Product import, {rows:,} new products into one gallery, SQLite")
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs\n"
    )
    print(
        "| format | file | check | apply + commit | re-check (all unchanged) "
        "| peak Python alloc. check / apply | peak RSS (before) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for fmt, result in results.items():
        timed, traced = result["time"], result["memory"]
        print(
            f"| {fmt} | {timed['file_kib']:,.0f} KiB | {timed['check']['seconds']:.2f} s "
            f"| {timed['apply']['seconds']:.2f} s | {timed['recheck']['seconds']:.2f} s "
            f"| {traced['check']['peak_mib']:.0f} / {traced['apply']['peak_mib']:.0f} MiB "
            f"| {timed['peak_rss_mib']:.0f} MiB ({timed['baseline_rss_mib']:.0f}) |"
        )


if __name__ == "__main__":
    main()
