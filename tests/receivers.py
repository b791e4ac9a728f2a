"""Courier dispatchers for tests: real HTTP servers on 127.0.0.1 that record what they receive.

Signatures are checked here by an implementation independent of the ``standardwebhooks``
library the worker signs with: HMAC-SHA256 of ``id.timestamp.body`` under the base64-decoded
secret, compared as bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import select
import socket
import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_S = 300


def make_secret(byte: int = 7) -> str:
    """A Standard Webhooks secret with known bytes."""
    return "whsec_" + base64.b64encode(bytes([byte]) * 24).decode()


def signature_ok(
    secret: str, headers: dict[str, str], body: bytes, now: float | None = None
) -> bool:
    """Verify a Standard Webhooks signature without the library that made it."""
    msg_id, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not (msg_id and stamp.isdigit()):
        return False
    if abs((now or time.time()) - int(stamp)) > TOLERANCE_S:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = msg_id.encode() + b"." + stamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    return any(
        hmac.compare_digest(expected, part[3:].encode())
        for part in headers.get("webhook-signature", "").split()
        if part.startswith("v1,")
    )


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool
    at: float


@dataclass
class Receiver:
    """A dispatcher that fails its first ``fail_first`` requests (``fail_status``), hangs on its
    first ``hang_first`` for ``hang_s`` seconds (or until the caller hangs up), and answers
    ``delay_s`` late; else 200. ``peak`` is the most requests it was handling at once (a
    hanging request counts until its caller hangs up)."""

    secret: str
    fail_first: int = 0
    fail_status: int = 500
    hang_first: int = 0
    hang_s: float = 3.0
    delay_s: float = 0.0
    received: list[Received] = field(default_factory=list)
    active: int = 0
    peak: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _release: threading.Event = field(default_factory=threading.Event)
    tls: ssl.SSLContext | None = None  # answer over https with this server context
    _server: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/deliveries"

    @property
    def ids(self) -> list[str]:
        with self._lock:
            return [r.headers["webhook-id"] for r in self.received]

    def duplicates(self) -> list[str]:
        return [msg_id for msg_id, n in Counter(self.ids).items() if n > 1]

    def _answer(
        self, headers: dict[str, str], body: bytes, connection: socket.socket | None = None
    ) -> tuple[int, bytes]:
        with self._lock:
            self.received.append(
                Received(headers, body, signature_ok(self.secret, headers, body), time.time())
            )
            n = len(self.received)
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            if n <= self.hang_first:
                self._hang(connection)
        finally:
            with self._lock:
                self.active -= 1
        if self.delay_s:
            time.sleep(self.delay_s)
        if n <= self.fail_first:
            return self.fail_status, b'{"error":"dispatcher busy"}'
        return 200, b'{"accepted":true}'

    def _hang(self, connection: socket.socket | None) -> None:
        """Wait ``hang_s`` (or until stopped), but no longer than the caller stays connected."""
        deadline = time.monotonic() + self.hang_s
        while (left := deadline - time.monotonic()) > 0 and not self._release.is_set():
            if connection is None:
                self._release.wait(min(left, 0.05))
                continue
            try:
                readable, _, _ = select.select([connection], [], [], min(left, 0.05))
                if readable and not connection.recv(1, socket.MSG_PEEK):
                    return  # the caller gave up and closed the connection
            except OSError:
                return  # reset by the caller

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real dispatchers do
            disable_nagle_algorithm = True  # headers and body go out as two writes

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, answer = receiver._answer(headers, body, self.connection)
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(answer)))
                try:
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:  # the caller gave up waiting (a hanging answer)
                    self.close_connection = True

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            self._server.socket = self.tls.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
