"""A pretend ojek dispatcher for the demo and the tests (the command, ``flask courier-simulator``,
is in demo/cli.py).

It listens on 127.0.0.1 (port 8765 by default) for ``POST /deliveries``, the signed
``delivery.requested`` messages the dispatch worker sends, and plays a dispatcher that finds a
driver: it checks the Standard Webhooks signature with the gallery's secret (401 if it does not
match), counts each ``webhook-id`` once (a repeat is answered 200 and ignored), answers 202 at
once and then, after short delays, posts ``courier_assigned``, ``picked_up`` and ``delivered``
to the message's ``callback_url``, each signed with the same secret under a fresh
``webhook-id`` and retried a few times on connection errors and 5xx answers.

Which secret: the ones given with ``--secret``, or (``--from-db``, the default) the secrets of
the galleries whose courier endpoint points at this simulator, read again for every request so
a rotated secret is picked up at once. ``flask courier-demo-setup SLUG`` points a gallery at
the simulator and gives it a fresh secret (through ``catalog.courier_settings``).

Only a development tool: it keeps its state in memory and, unless told otherwise, only calls
back to loopback addresses.
"""

from __future__ import annotations

import ipaddress
import json
import random
import secrets
import signal
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import click
from flask import Flask

from orders import signing

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_DELAYS = (2.0, 3.0, 4.0)  # seconds before assigned, picked up, delivered
DEFAULT_RETRY_DELAYS = (0.5, 1.0, 2.0)  # waits between the tries of one callback
DELIVERIES_PATH = "/deliveries"
DELIVERY_REQUESTED = "delivery.requested"
MAX_BODY_BYTES = 256 * 1024
CALLBACK_TIMEOUT = 5.0

DRIVER_FIRST_NAMES = (
    "Agus", "Bambang", "Dedi", "Eko", "Hendra", "Iwan", "Joko", "Rudi", "Slamet", "Sutrisno",
    "Wahyu", "Yanto", "Asep", "Ujang", "Dadang", "Rizky", "Fajar", "Budi",
)  # fmt: skip
DRIVER_LAST_NAMES = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Kurniawan", "Setiawan", "Nugroho", "Pratama",
    "Firmansyah", "Suryadi", "Gunawan", "Ramadhan",
)  # fmt: skip

SecretSource = Callable[[], Sequence[str]]
Log = Callable[[str], None]


# --- secrets -------------------------------------------------------------------------------


def is_loopback_url(url: str) -> bool:
    """Whether ``url`` is http(s) to this machine (127.0.0.0/8, ::1 or localhost)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def points_at(url: str | None, port: int) -> bool:
    """Whether a gallery's courier endpoint ``url`` is a simulator on this machine at ``port``."""
    if not url or not is_loopback_url(url):
        return False
    parts = urlsplit(url)
    try:
        url_port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    return url_port == port


def gallery_secrets_from_db(app: Flask, port: int) -> SecretSource:
    """The secrets of the galleries whose endpoint points at a simulator on ``port``.

    Read afresh on every call, in an app context of its own (the server's threads have none).
    """
    from sqlalchemy import select

    from catalog import db
    from catalog.models import Gallery

    def read() -> list[str]:
        with app.app_context():
            try:
                rows = db.session.execute(
                    select(Gallery.courier_endpoint_url, Gallery.courier_secret).where(
                        Gallery.courier_secret.is_not(None),
                        Gallery.courier_endpoint_url.is_not(None),
                    )
                ).all()
            finally:
                db.session.remove()
        return [secret for url, secret in rows if secret and points_at(url, port)]

    return read


def verify(body: bytes, headers: dict[str, str], candidates: Iterable[str]) -> str | None:
    """The first candidate secret the Standard Webhooks signature matches, or None."""
    for secret in candidates:
        try:
            signing.verify(secret, headers, body)
        except signing.BadSignature:  # a malformed secret or header is just a mismatch
            continue
        return secret
    return None


def signed_headers(secret: str, body: bytes, message_id: str | None = None) -> dict[str, str]:
    """The Standard Webhooks headers for ``body``, signed with ``secret`` now."""
    message_id = message_id or "msg_sim_" + secrets.token_urlsafe(16)
    return signing.sign(secret, message_id, datetime.now(UTC), body)


# --- the dispatcher ------------------------------------------------------------------------


def random_driver(rng: random.Random) -> dict[str, str]:
    """A made-up Tangsel ojek driver: name, ``+62812…`` phone and a ``B 1234 XYZ`` plate."""
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    suffix = "".join(rng.choice(letters) for _ in range(rng.choice((2, 3))))
    return {
        "name": f"{rng.choice(DRIVER_FIRST_NAMES)} {rng.choice(DRIVER_LAST_NAMES)}",
        "phone": "+62812" + "".join(str(rng.randrange(10)) for _ in range(8)),
        "plate": f"B {rng.randrange(1000, 10000)} {suffix}",
    }


@dataclass
class CourierSimulator:
    """The HTTP server and the background runs it starts; ``start()`` then ``stop()``."""

    secrets_source: SecretSource
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    delays: Sequence[float] = DEFAULT_DELAYS
    retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS
    allow_remote_callbacks: bool = False
    log: Log = click.echo
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._runs: list[threading.Thread] = []
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self._server = ThreadingHTTPServer((self.host, self.port), _handler_for(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{DELIVERIES_PATH}"

    def start(self) -> CourierSimulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="courier-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking requests, abandon the runs' remaining waits and close the socket."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout)
        for run in list(self._runs):
            run.join(timeout)

    def __enter__(self) -> CourierSimulator:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- one request --

    def receive(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """Judge one delivery request; returns the status and JSON answer to give."""
        message_id = headers.get("webhook-id", "")
        secret = verify(body, headers, self._candidates())
        if secret is None:
            self.log(f"[simulator] 401 bad or missing signature (webhook-id {message_id or '-'})")
            return 401, {"error": "invalid signature"}
        with self._lock:
            duplicate = message_id in self._seen
            self._seen.add(message_id)
        if duplicate:
            self.log(f"[simulator] 200 duplicate {message_id}, already handled")
            return 200, {"status": "duplicate"}
        try:
            message = json.loads(body)
            kind, data = message.get("type"), message["data"]
            if kind == DELIVERY_REQUESTED:
                shipment_id, callback_url = data["shipment_id"], data["callback_url"]
        except (ValueError, KeyError, TypeError, AttributeError):
            with self._lock:
                self._seen.discard(message_id)
            self.log(f"[simulator] 400 not a delivery request ({message_id})")
            return 400, {"error": "expected {type, data: {shipment_id, callback_url, …}}"}
        if kind != DELIVERY_REQUESTED:
            self.log(f"[simulator] 200 ignoring {kind!r} ({message_id})")
            return 200, {"status": "ignored"}
        if urlsplit(str(callback_url)).scheme not in ("http", "https"):
            self.log(f"[simulator] 422 callback {callback_url!r} is not an http(s) address")
            return 422, {"error": "callback_url must be http(s)"}
        if not self.allow_remote_callbacks and not is_loopback_url(str(callback_url)):
            self.log(f"[simulator] 422 callback {callback_url} is not on this machine")
            return 422, {"error": "callback_url must be a loopback address"}
        self.log(
            f"[simulator] 202 delivery.requested {message_id}: shipment {shipment_id}, "
            f"order {data.get('order_code')}, COD Rp {data.get('cod_amount') or 0}"
        )
        run = threading.Thread(
            target=self._run, args=(secret, data), name=f"courier-run-{shipment_id}", daemon=True
        )
        with self._lock:
            self._runs = [r for r in self._runs if r.is_alive()]
            self._runs.append(run)
        run.start()
        return 202, {"status": "accepted", "shipment_id": shipment_id}

    def _candidates(self) -> Sequence[str]:
        try:
            return self.secrets_source()
        except Exception as error:  # a database hiccup answers 401, logged
            self.log(f"[simulator] could not read the secrets: {error}")
            return ()

    # -- the courier's trip --

    def _run(self, secret: str, data: dict[str, Any]) -> None:
        driver = random_driver(self.rng)
        base = {"shipment_id": data["shipment_id"], "order_code": data.get("order_code")}
        steps: list[tuple[str, dict[str, Any], str]] = [
            (
                "courier_assigned",
                {"courier": driver},
                f"{driver['name']} ({driver['plate']}, {driver['phone']}) takes the job",
            ),
            ("picked_up", {}, "picked up at the gallery"),
            (
                "delivered",
                {"cod_collected": int(data.get("cod_amount") or 0)},
                f"delivered, COD collected Rp {int(data.get('cod_amount') or 0)}",
            ),
        ]
        for (kind, extra, story), delay in zip(steps, self._delays(), strict=True):
            if self._stopping.wait(delay):
                return
            event = {
                "type": kind,
                "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
                "data": base | extra,
            }
            if not self._post(secret, data["callback_url"], event, story):
                self.log(f"[simulator] shipment {base['shipment_id']}: stopping this trip")
                return

    def _delays(self) -> list[float]:
        delays = list(self.delays)[:3]
        return delays + [delays[-1] if delays else 0.0] * (3 - len(delays))

    def _post(self, secret: str, url: str, event: dict[str, Any], story: str) -> bool:
        """Post one signed event, retrying on connection errors, 408, 429 and 5xx."""
        body = json.dumps(event, separators=(",", ":")).encode("utf-8")
        headers = signed_headers(secret, body)  # one webhook-id for all tries of this event
        shipment = event["data"]["shipment_id"]
        waits = [*self.retry_delays, None]
        for attempt, wait in enumerate(waits, start=1):
            if attempt > 1:  # re-sign: a retry long after the first try still has a fresh time
                headers = signed_headers(secret, body, headers["webhook-id"])
            # http(s) only: receive() refused any other callback_url
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
            try:
                with self._opener.open(request, timeout=CALLBACK_TIMEOUT) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
                error.close()
            except (OSError, ValueError) as error:
                status, reason = None, str(getattr(error, "reason", error))
            if status is not None and 200 <= status < 300:
                self.log(f"[simulator] shipment {shipment}: {event['type']} → {status}, {story}")
                return True
            retryable = status is None or status in (408, 429) or status >= 500
            outcome = f"HTTP {status}" if status is not None else f"error: {reason}"
            if not retryable or wait is None:
                self.log(f"[simulator] shipment {shipment}: {event['type']} → {outcome}, giving up")
                return False
            self.log(
                f"[simulator] shipment {shipment}: {event['type']} → {outcome}, "
                f"retrying in {wait:g} s (try {attempt + 1} of {len(waits)})"
            )
            if self._stopping.wait(wait):
                return False
        return False


def _handler_for(simulator: CourierSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "GeraiCourierSimulator/1"

        def do_POST(self) -> None:
            if self.path.split("?", 1)[0].rstrip("/") != DELIVERIES_PATH:
                self._answer(404, {"error": "POST /deliveries"})
                return
            try:
                length = int(self.headers.get("content-length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY_BYTES:
                self._answer(413, {"error": "body too large or length missing"})
                return
            body = self.rfile.read(length)
            headers = {key.lower(): value for key, value in self.headers.items()}
            status, answer = simulator.receive(body, headers)
            self._answer(status, answer)

        def do_GET(self) -> None:
            self._answer(200, {"simulator": "gerai courier", "post": DELIVERIES_PATH})

        def _answer(self, status: int, answer: dict[str, Any]) -> None:
            payload = json.dumps(answer).encode("utf-8")
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the simulator logs one readable line per step instead

    return Handler


def serve_until_stopped(simulator: CourierSimulator) -> None:
    """Run until Ctrl+C or SIGTERM, then stop cleanly (in the main thread)."""
    stop = threading.Event()

    def on_signal(_signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    simulator.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        simulator.log("[simulator] stopping")
        simulator.stop()


# --- commands --------------------------------------------------------------------------------


def parse_delays(value: str) -> tuple[float, ...]:
    try:
        delays = tuple(float(part) for part in value.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter("seconds, comma-separated, for example 2,3,4") from None
    if not 1 <= len(delays) <= 3 or any(d < 0 or d > 3600 for d in delays):
        raise click.BadParameter("one to three delays between 0 and 3600 seconds")
    return delays
