"""A small local server that answers like Stripe's API for Checkout Sessions, and signed webhooks.

The real ``stripe`` library talks to it over HTTP (``STRIPE_API_BASE``), so tests exercise
the library's form encoding, idempotency header, error mapping and retries. Only what Gerai
uses is here: create, retrieve and expire a Checkout Session; test hooks complete or expire
one as if the shopper paid or let it run out. Refunds: create (against a paid session's
PaymentIntent, never beyond what is left of it, replayed for a repeated idempotency key) and
retrieve; hooks make the next calls fail before or after the refund is made (an answer lost),
move a refund (pending → succeeded or failed) and build its ``refund.*``/``charge.refunded``
events.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import Flask

SECRET_KEY = "sk_test_gerai_fake"
WEBHOOK_SECRET = "whsec_gerai_fake_endpoint_secret"


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding back into objects: ``a[b][0][c]=1`` -> {"a": {"b": [{"c": "1"}]}}."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node: Any = root
        for part, following in itertools.pairwise([*parts, None]):
            if following is None:
                node[part] = value
                break
            node = node.setdefault(part, {})
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(k.isdigit() for k in node):
        return [_listify(node[k]) for k in sorted(node, key=int)]
    return {k: _listify(v) for k, v in node.items()}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]


@dataclass
class FakeStripe:
    """State shared with the request handler; tests read ``requests`` and ``sessions``."""

    url: str = ""
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    line_items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    idempotent: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)  # pi -> amount, refunded
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    refund_status: str = "succeeded"  # what a new refund starts as
    fail_refunds: int = 0  # the next n refund calls answer 500 before doing anything
    lose_refund_answers: int = 0  # the next n refund calls make the refund, then answer 500

    def reset(self) -> None:
        with self.lock:
            self.sessions.clear()
            self.line_items.clear()
            self.idempotent.clear()
            self.requests.clear()
            self.intents.clear()
            self.refunds.clear()
            self.refund_status = "succeeded"
            self.fail_refunds = self.lose_refund_answers = 0

    # --- refunds ----------------------------------------------------------------------
    def create_refund(self, params: dict[str, Any], key: str | None) -> tuple[int, dict]:
        if self.fail_refunds:
            self.fail_refunds -= 1
            return 500, _error("An unknown error occurred", "api_error")
        if key and key in self.idempotent:
            first, refund_id = self.idempotent[key]
            if first != params:
                return 400, _error(
                    "Keys for idempotent requests can only be used with the "
                    "same parameters they were first used with.",
                    "idempotency_error",
                )
            return 200, self.refunds[refund_id]
        intent = self.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return 404, _error(
                f"No such payment_intent: '{params.get('payment_intent')}'", "resource_missing"
            )
        left = intent["amount"] - intent["refunded"]
        amount = int(params.get("amount") or left)
        if amount <= 0 or amount > left:
            return 400, _error(
                f"Refund amount ({amount}) is greater than unrefunded amount on charge ({left})",
                "amount_too_large",
            )
        refund_id = "re_test_" + secrets.token_hex(12)
        intent["refunded"] += amount
        self.refunds[refund_id] = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "currency": "idr",
            "charge": intent["charge"],
            "payment_intent": params["payment_intent"],
            "status": self.refund_status,
            "reason": params.get("reason"),
            "metadata": params.get("metadata", {}),
            "created": int(time.time()),
            "failure_reason": None,
        }
        if key:
            self.idempotent[key] = (params, refund_id)
        if self.lose_refund_answers:
            self.lose_refund_answers -= 1
            return 500, _error("An unknown error occurred", "api_error")
        return 200, self.refunds[refund_id]

    def move_refund(self, refund_id: str, status: str, failure_reason: str | None = None) -> dict:
        """Stripe settles a refund later (a failed one gives the amount back to the charge)."""
        with self.lock:
            found = self.refunds[refund_id]
            if status == "failed" and found["status"] != "failed":
                self.intents[found["payment_intent"]]["refunded"] -= found["amount"]
            found.update(status=status, failure_reason=failure_reason)
            return dict(found)

    def refunded_total(self, payment_intent: str) -> int:
        """Hundredths of IDR refunded (or on the way) on a PaymentIntent."""
        return self.intents[payment_intent]["refunded"]

    def refund_event(self, kind: str, refund_id: str, event_id: str | None = None) -> dict:
        """A ``refund.*`` event carrying the refund as it is now."""
        return self._event(kind, dict(self.refunds[refund_id]), event_id)

    def charge_refunded_event(self, payment_intent: str, event_id: str | None = None) -> dict:
        """``charge.refunded``: the charge with its refunds listed."""
        intent = self.intents[payment_intent]
        listed = [r for r in self.refunds.values() if r["payment_intent"] == payment_intent]
        charge = {
            "id": intent["charge"],
            "object": "charge",
            "amount": intent["amount"],
            "amount_refunded": intent["refunded"],
            "payment_intent": payment_intent,
            "metadata": intent["metadata"],
            "refunded": intent["refunded"] == intent["amount"],
            "refunds": {"object": "list", "data": listed},
        }
        return self._event("charge.refunded", charge, event_id)

    def _event(self, kind: str, obj: dict[str, Any], event_id: str | None) -> dict[str, Any]:
        return {
            "id": event_id or "evt_" + secrets.token_hex(12),
            "object": "event",
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "livemode": False,
            "type": kind,
            "data": {"object": obj},
        }

    # --- what the API does -------------------------------------------------------------
    def create_session(self, params: dict[str, Any], key: str | None) -> tuple[int, dict]:
        if key and key in self.idempotent:
            first, session_id = self.idempotent[key]
            if first != params:
                return 400, _error(
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with.",
                    "idempotency_error",
                )
            return 200, self.sessions[session_id]
        items = params.get("line_items", [])
        total = sum(
            int(item["price_data"]["unit_amount"]) * int(item["quantity"]) for item in items
        )
        session_id = "cs_test_" + secrets.token_hex(12)
        self.sessions[session_id] = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            "status": "open",
            "payment_status": "unpaid",
            "mode": params.get("mode"),
            "currency": items[0]["price_data"]["currency"] if items else None,
            "amount_total": total,
            "metadata": params.get("metadata", {}),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "expires_at": int(params.get("expires_at") or time.time() + 86400),
            "success_url": params.get("success_url"),
            "cancel_url": params.get("cancel_url"),
            "livemode": False,
        }
        self.line_items[session_id] = items
        if key:
            self.idempotent[key] = (params, session_id)
        return 200, self.sessions[session_id]

    def expire_via_api(self, session_id: str) -> tuple[int, dict]:
        found = self.sessions.get(session_id)
        if found is None:
            return 404, _error(f"No such checkout.session: '{session_id}'", "resource_missing")
        if found["status"] != "open":
            return 400, _error(
                f"Only Checkout Sessions with a status of `open` can be expired; "
                f"this one is `{found['status']}`.",
                "checkout_session_not_open",
            )
        found["status"] = "expired"
        return 200, found

    # --- test hooks ---------------------------------------------------------------------
    def only_session(self) -> dict[str, Any]:
        assert len(self.sessions) == 1, f"expected one session, have {list(self.sessions)}"
        return next(iter(self.sessions.values()))

    def pay(self, session_id: str) -> dict[str, Any]:
        """The shopper paid on Stripe's page: the session gets its PaymentIntent."""
        found = self.sessions[session_id]
        intent = found.get("payment_intent") or "pi_test_" + secrets.token_hex(12)
        found.update(status="complete", payment_status="paid", payment_intent=intent)
        self.intents.setdefault(
            intent,
            {
                "amount": found["amount_total"],
                "refunded": 0,
                "charge": "ch_test_" + secrets.token_hex(12),
                "metadata": found.get("metadata", {}),
            },
        )
        return found

    def complete_unpaid(self, session_id: str) -> dict[str, Any]:
        """The shopper chose a delayed method: complete, payment still processing."""
        found = self.sessions[session_id]
        found.update(status="complete", payment_status="unpaid")
        return found

    def expire(self, session_id: str) -> dict[str, Any]:
        """The session ran out at Stripe."""
        found = self.sessions[session_id]
        found.update(status="expired")
        return found

    def event(self, kind: str, session_id: str, event_id: str | None = None) -> dict[str, Any]:
        """A Stripe event carrying the session as it is now."""
        return {
            "id": event_id or "evt_" + secrets.token_hex(12),
            "object": "event",
            "api_version": "2025-01-01",
            "created": int(time.time()),
            "livemode": False,
            "type": kind,
            "data": {"object": dict(self.sessions[session_id])},
        }


def _error(message: str, code: str) -> dict[str, Any]:
    return {"error": {"type": "invalid_request_error", "code": code, "message": message}}


def _handler(fake: FakeStripe) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: Any) -> None:  # keep test output clean
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", "req_" + secrets.token_hex(6))
            if status >= 500:  # the library gives up at once: a test's failure stays one
                self.send_header("Stripe-Should-Retry", "false")
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method: str) -> None:
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            params = _nest(parse_qsl(body or urlsplit(self.path).query, keep_blank_values=True))
            with fake.lock:
                fake.requests.append(Recorded(method, path, dict(self.headers), params))
                if not (self.headers.get("Authorization") or "").startswith("Bearer sk_test_"):
                    self._answer(401, _error("Invalid API Key provided.", "api_key_invalid"))
                    return
                status, body = self._dispatch(method, path, params)
                self._answer(status, body)

        def _dispatch(self, method: str, path: str, params: dict) -> tuple[int, dict]:
            if method == "POST" and path == "/v1/checkout/sessions":
                return fake.create_session(params, self.headers.get("Idempotency-Key"))
            if match := re.fullmatch(r"/v1/checkout/sessions/([\w]+)/expire", path):
                return fake.expire_via_api(match.group(1))
            if method == "GET" and (match := re.fullmatch(r"/v1/checkout/sessions/(\w+)", path)):
                found = fake.sessions.get(match.group(1))
                if found is None:
                    return 404, _error(f"No such checkout.session: '{match.group(1)}'", "missing")
                return 200, found
            if method == "POST" and path == "/v1/refunds":
                return fake.create_refund(params, self.headers.get("Idempotency-Key"))
            if method == "GET" and (match := re.fullmatch(r"/v1/refunds/(\w+)", path)):
                found = fake.refunds.get(match.group(1))
                if found is None:
                    return 404, _error(f"No such refund: '{match.group(1)}'", "resource_missing")
                return 200, found
            return 404, _error(f"Unrecognized request URL ({method}: {path}).", "not_found")

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

    return Handler


@pytest.fixture(scope="session")
def _fake_stripe_server() -> Iterator[FakeStripe]:
    fake = FakeStripe()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-stripe", daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fake_stripe(_fake_stripe_server: FakeStripe) -> Iterator[FakeStripe]:
    """The fake Stripe API, emptied for this test."""
    _fake_stripe_server.reset()
    yield _fake_stripe_server
    _fake_stripe_server.reset()


STRIPE_SETTINGS = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE")


@pytest.fixture
def stripe_app(app: Flask, fake_stripe: FakeStripe) -> Iterator[Flask]:
    """The app with card payments on, talking to the fake Stripe; settings restored after."""
    saved = {name: app.config.get(name) for name in STRIPE_SETTINGS}
    app.config.update(
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE=fake_stripe.url,
    )
    yield app
    app.config.update(saved)


def signed_webhook(
    payload: dict[str, Any] | bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers Stripe sends: ``Stripe-Signature: t=…,v1=HMAC-SHA256("t.body")``."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    stamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, {"Stripe-Signature": f"t={stamp},v1={mac}", "Content-Type": "application/json"}


def place_card_order(session: Any, products: list[Any], *, delivery: bool = False, **customer: Any):  # type: ignore[no-untyped-def]
    """A pending card order for one of each product (pickup, or ojek delivery ~1 km away)."""
    from orders.checkout import CheckoutRequest, Customer, GalleryChoice, LineRequest, place_order
    from orders.models import DeliveryMethod, PaymentMethod

    method = DeliveryMethod.DELIVERY if delivery else DeliveryMethod.PICKUP
    details = {"name": "Rina", "phone": "0812-3456-7890"} | customer
    if delivery:
        details |= {"address": "Jl. Raya Serpong No. 1", "lat": -6.29, "lng": 106.7}
    return place_order(
        session,
        CheckoutRequest(
            customer=Customer(**details),
            lines=[LineRequest(p.id, 1) for p in products],
            choices={p.gallery_id: GalleryChoice(method) for p in products},
            payment_method=PaymentMethod.CARD,
        ),
        card_payments_enabled=True,
    )
