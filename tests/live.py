"""A real Gerai server in its own process (gunicorn), on a fresh seeded database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, media_root: Path, instance: Path) -> dict[str, str]:
    return os.environ | {
        "GERAI_ENV": "testing",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DEMO_PHOTO_SIZE": "320",
        "GERAI_INSTANCE": str(instance),
    }


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2):  # noqa: S310
            return
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start in {timeout}s")


@dataclass(frozen=True)
class LiveServer:
    url: str
    instance: Path

    def demo_password(self, email: str) -> str:
        """The generated password of a demo account, as the seed wrote it down."""
        for line in (self.instance / "demo-accounts.txt").read_text().splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] == email:
                return parts[2]
        raise KeyError(email)


@contextlib.contextmanager
def live_server(
    database_url: str, tmp: Path, workers: int = 2, *, threads: int = 1, seed: bool = True
) -> Iterator[LiveServer]:
    """Seed the database through the CLI, serve it with gunicorn, yield where it runs.

    ``threads`` above 1 serves each worker's requests on that many threads (gunicorn's gthread
    worker); ``seed=False`` only migrates the database, for tests that make their own rows."""
    env = server_env(database_url, tmp / "media", tmp / "instance")
    subprocess.run(
        [
            str(BIN / "flask"),
            "--app",
            "storefront",
            *(["seed-demo"] if seed else ["db", "upgrade"]),
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--no-control-socket",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "storefront:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/", process)
        yield LiveServer(base, tmp / "instance")
    finally:
        process.terminate()
        process.wait(timeout=10)
