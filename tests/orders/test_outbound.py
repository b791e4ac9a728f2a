"""Outbound calls cannot be turned inward: every spelling of an inward address is refused when
a courier endpoint is saved (in production settings) and again at every send.

Name resolution is faked (``socket.getaddrinfo``) for the invented names; every other name
(127.0.0.1 for the receivers) still resolves for real.
"""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from catalog import outbound
from catalog.courier_settings import set_courier_endpoint
from catalog.exceptions import InvalidInput
from orders.dispatch import FailureReason, claim_due
from orders.models import DeliveryAttempt, OutboxStatus
from storefront.activity import attempt_reason
from tests import factories
from tests.orders.helpers import send_one
from tests.orders.test_dispatch import SECRET, new_message
from tests.receivers import Receiver
from tests.storefront.manage_helpers import fresh
from tests.webforms import errors, form_for, submit_refused

PUBLIC = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo


class FakeDns:
    """``socket.getaddrinfo`` answering invented names from a table, others for real."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    def __call__(self, host: Any, port: Any, *args: Any, **kw: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in self.table:
            return _real_getaddrinfo(host, port, *args, **kw)
        self.asked.append(name)
        answers = []
        for address in self.table[name]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port or 0, 0, 0) if ":" in address else (address, port or 0)
            answers.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return answers


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    fake = FakeDns(
        {
            "ojek.example": [PUBLIC],
            "ojek.internal": ["10.0.0.7"],
            "campur.example": [PUBLIC, "192.168.0.9"],
            "v6.example": ["2606:2800:220:1:248:1893:25c8:1946"],
            "mapped.example": ["::ffff:127.0.0.1"],
        }
    )
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


INWARD = [
    "http://127.0.0.1/",
    "https://127.0.0.1/",
    "http://localhost/",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://api.localhost/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://127.1/",
    "https://0x7f.1/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[::]/",
    "https://10.0.0.5/",
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://100.64.0.1/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://0.0.0.0/",
    "https://0/",
    "https://224.0.0.1/",
    "https://ojek.internal/deliveries",
    "https://campur.example/deliveries",
    "https://mapped.example/deliveries",
    "https://user:pw@ojek.example/",
    "https://ojek.example@127.0.0.1/",
    "http://ojek.example/deliveries",
    "ftp://ojek.example/",
    "https://ojek.example:22/",
    "https://ojek.example:8443/",
    "https://tidak-ada.invalid/",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("url", INWARD)
def test_every_inward_spelling_is_refused_in_production(dns: FakeDns, url: str) -> None:
    with pytest.raises(outbound.BlockedURL):
        outbound.check_url(url, allow_private=False)
    with pytest.raises(outbound.BlockedURL):
        outbound.resolve_for_send(url, allow_private=False)


def test_a_public_name_on_443_is_accepted(dns: FakeDns) -> None:
    url = "https://ojek.example/gerai/deliveries"
    assert outbound.check_url(f"  {url} ", allow_private=False) == url
    assert outbound.check_url("https://ojek.example:443/d", allow_private=False)
    assert outbound.check_url("https://v6.example/d", allow_private=False)
    assert dns.asked == ["ojek.example", "ojek.example", "v6.example"]


def test_a_configured_port_is_accepted(dns: FakeDns) -> None:
    url = "https://ojek.example:8443/d"
    assert outbound.check_url(url, allow_private=False, ports=(443, 8443)) == url


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765/deliveries", "http://localhost:5000/x", "https://[::1]:9/"]
)
def test_the_development_setting_allows_this_machine(url: str) -> None:
    assert outbound.check_url(url, allow_private=True) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5/",
        "https://10.0.0.5/",
        "https://169.254.169.254/",
        "http://ojek.example/",
        "https://2130706433/",
        "https://127.1/",
    ],
)
def test_the_development_setting_still_refuses_other_inward_addresses(url: str) -> None:
    with pytest.raises(outbound.BlockedURL):
        outbound.check_url(url, allow_private=True)


def test_saving_says_why_in_words(db_session, dns: FakeDns) -> None:  # type: ignore[no-untyped-def]
    gallery = factories.gallery(db_session)
    with pytest.raises(InvalidInput) as refused:
        set_courier_endpoint(db_session, gallery, "https://ojek.internal/d", allow_private=False)
    assert refused.value.field == "courier_endpoint_url"
    assert refused.value.message == outbound.INTERNAL
    with pytest.raises(InvalidInput) as refused:
        set_courier_endpoint(db_session, gallery, "https://ojek.example:22/", allow_private=False)
    assert refused.value.message == outbound.BAD_PORT and refused.value.params == {"ports": "443"}
    assert gallery.courier_endpoint_url is None
    set_courier_endpoint(db_session, gallery, "https://ojek.example/d", allow_private=False)
    assert gallery.courier_endpoint_url == "https://ojek.example/d"


# --- the rendered courier settings page, production setting ----------------------------------


@pytest.fixture
def production_outbound(app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_PRIVATE", False)
    monkeypatch.setitem(app.config, "OUTBOUND_PORTS", (443,))


@pytest.mark.parametrize(
    "endpoint,message",
    [
        ("http://127.0.0.1:8765/deliveries", "diawali https://"),
        ("https://0x7f000001/", "jaringan internal"),
        ("https://[::ffff:127.0.0.1]/", "jaringan internal"),
        ("https://169.254.169.254/", "jaringan internal"),
        ("https://ojek.internal/deliveries", "jaringan internal"),
        ("https://ojek.example:22/", "port 443"),
    ],
)
def test_the_settings_page_refuses_inward_endpoints_beside_the_field(  # type: ignore[no-untyped-def]
    web, db_session, dns, production_outbound, endpoint, message
):
    from accounts.models import Role
    from tests import webforms

    gallery = factories.gallery(db_session)
    db_session.commit()
    webforms.signed_in(web, db_session, role=Role.MANAGER, cooperative=gallery.cooperative)
    url = f"/kelola/galeri/{gallery.id}/kurir"
    refused = submit_refused(form_for(web.get(url), url), courier_endpoint_url=endpoint)
    assert refused.status_int == 400
    assert any(message in text for text in errors(refused)), errors(refused)
    assert form_for(refused, url)["courier_endpoint_url"].value == endpoint
    assert fresh(db_session, gallery).courier_endpoint_url is None


def test_the_settings_page_saves_a_public_endpoint(  # type: ignore[no-untyped-def]
    web, db_session, dns, production_outbound
):
    from accounts.models import Role
    from tests import webforms

    gallery = factories.gallery(db_session)
    db_session.commit()
    webforms.signed_in(web, db_session, role=Role.MANAGER, cooperative=gallery.cooperative)
    url = f"/kelola/galeri/{gallery.id}/kurir"
    form = form_for(web.get(url), url)
    form["courier_endpoint_url"] = "https://ojek.example/gerai/deliveries"
    assert form.submit().status_int == 200  # the first secret is shown
    assert fresh(db_session, gallery).courier_endpoint_url == (
        "https://ojek.example/gerai/deliveries"
    )


# --- at every send ----------------------------------------------------------------------------


class SpySession(requests.Session):
    """A real HTTP session that remembers every request it was asked to make."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False
        self.calls: list[str] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kw: Any) -> Any:  # type: ignore[override]
        self.calls.append(str(url))
        return super().request(method, url, *args, **kw)


def _send(db_session, gallery, http, **policy: Any) -> DeliveryAttempt:  # type: ignore[no-untyped-def]
    message = new_message(db_session, gallery)
    db_session.commit()
    (claimed,) = claim_due(db_session, datetime.now(UTC), 1)
    assert claimed.id == message.id
    attempt = send_one(db_session, claimed, http, datetime.now(UTC), timeout=2.0, **policy)
    db_session.commit()
    return attempt


def test_the_harness_sees_a_request_when_one_is_made(db_session) -> None:  # type: ignore[no-untyped-def]
    with Receiver(SECRET) as receiver, SpySession() as http:
        gallery = factories.gallery(db_session, courier_secret=SECRET)
        set_courier_endpoint(db_session, gallery, receiver.url, allow_private=True)
        attempt = _send(db_session, gallery, http, allow_private=True)
    assert attempt.status_code == 200 and len(receiver.received) == 1 and len(http.calls) == 1


def test_a_name_that_resolves_inward_at_send_is_not_called(db_session, dns: FakeDns, app) -> None:  # type: ignore[no-untyped-def]
    with Receiver(SECRET) as receiver, SpySession() as http:
        port = int(receiver.url.split(":")[2].split("/")[0])
        gallery = factories.gallery(db_session, courier_secret=SECRET)
        endpoint = f"https://ojek.example:{port}/deliveries"
        set_courier_endpoint(db_session, gallery, endpoint, allow_private=False, ports=(port,))
        assert gallery.courier_endpoint_url == endpoint  # public when saved
        dns.table["ojek.example"] = ["127.0.0.1"]  # rebinding: this machine, at send
        dns.asked.clear()
        attempt = _send(db_session, gallery, http, allow_private=False, ports=(port,))
    assert dns.asked == ["ojek.example"]  # resolved afresh before sending
    assert http.calls == [] and receiver.received == []
    assert attempt.status_code is None and attempt.error == FailureReason.BLOCKED_ADDRESS
    assert attempt.response_excerpt == "" and attempt.duration_ms == 0
    message = fresh(db_session, attempt.message)
    assert message.status is OutboxStatus.PENDING and message.attempts == 1  # retried later
    with app.test_request_context():
        reason = attempt_reason(None, attempt.error)
    assert reason == "Tidak dikirim: alamat dispatcher mengarah ke jaringan internal."


# --- the connection goes to the address the check approved ----------------------------------


class Rebinding(FakeDns):
    """Answers ``first`` to the first question about a name, ``then`` to every later one: a
    name whose record changes between the check and the connection (a DNS rebinding)."""

    def __init__(self, name: str, first: str, then: str) -> None:
        super().__init__({name: [first]})
        self.name, self.then = name, then

    def __call__(self, host: Any, port: Any, *args: Any, **kw: Any) -> list[Any]:
        answers = super().__call__(host, port, *args, **kw)
        if self.asked and self.asked[-1] == self.name:
            self.table[self.name] = [self.then]
        return answers


@pytest.fixture
def tls() -> Any:
    """A certificate authority the test trusts and a server context for ``ojek.example``."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("ojek.example").configure_cert(server)
    with ca.cert_pem.tempfile() as ca_file:
        yield server, ca_file


def test_a_name_that_turns_inward_after_the_check_is_still_called_at_the_checked_address(
    db_session, monkeypatch: pytest.MonkeyPatch, tls: Any
) -> None:  # type: ignore[no-untyped-def]
    """The check sees a public address; the connection would look the name up again and find
    this machine. The request must go to the checked address (which does not answer here), so
    the receiver on this machine sees nothing."""
    server_context, ca_file = tls
    with Receiver(SECRET, tls=server_context) as receiver, requests.Session() as http:
        http.verify = ca_file
        gallery = factories.gallery(db_session, courier_secret=SECRET)
        endpoint = f"https://ojek.example:{receiver.port}/deliveries"
        gallery.courier_endpoint_url = endpoint
        dns = Rebinding("ojek.example", first=PUBLIC, then="127.0.0.1")
        monkeypatch.setattr(socket, "getaddrinfo", dns)
        attempt = _send_fast(db_session, gallery, http, ports=(receiver.port,))
    assert dns.asked == ["ojek.example"]  # asked once, by the check; the connection did not ask
    assert receiver.received == []
    assert attempt.error in {FailureReason.CONNECTION, FailureReason.TIMEOUT}


def test_a_pinned_call_still_proves_the_name_with_tls(
    db_session, monkeypatch: pytest.MonkeyPatch, tls: Any
) -> None:  # type: ignore[no-untyped-def]
    """Pinned to this machine (as if it were the public address), the request arrives with the
    name as Host, and only because the certificate is valid for that name."""
    server_context, ca_file = tls
    with Receiver(SECRET, tls=server_context) as receiver, requests.Session() as http:
        http.verify = ca_file
        gallery = factories.gallery(db_session, courier_secret=SECRET)
        destination = outbound.Destination(
            f"https://ojek.example:{receiver.port}/deliveries",
            "ojek.example",
            receiver.port,
            "127.0.0.1",
        )
        monkeypatch.setattr(
            outbound, "resolve_for_send", lambda url, **_kw: destination if "ojek" in url else None
        )
        gallery.courier_endpoint_url = destination.url
        attempt = _send_fast(db_session, gallery, http, ports=(receiver.port,))
        assert attempt.status_code == 200, attempt.error
        assert receiver.received[0].headers["host"] == f"ojek.example:{receiver.port}"
        assert receiver.received[0].signature_ok

        # the same address under a name the certificate does not cover: refused by TLS
        other = outbound.Destination(
            f"https://lain.example:{receiver.port}/deliveries",
            "lain.example",
            receiver.port,
            "127.0.0.1",
        )
        monkeypatch.setattr(outbound, "resolve_for_send", lambda url, **_kw: other)
        gallery.courier_endpoint_url = other.url
        refused = _send_fast(db_session, gallery, http, ports=(receiver.port,))
    assert refused.status_code is None and refused.error == FailureReason.CONNECTION
    assert len(receiver.received) == 1


def _send_fast(db_session, gallery, http, *, ports) -> DeliveryAttempt:  # type: ignore[no-untyped-def]
    """Queue and send one message in production settings, with a short connect timeout."""
    message = new_message(db_session, gallery)
    db_session.commit()
    (claimed,) = claim_due(db_session, datetime.now(UTC), 1)
    assert claimed.id == message.id
    attempt = send_one(
        db_session, claimed, http, datetime.now(UTC), timeout=1.0, allow_private=False, ports=ports
    )
    db_session.commit()
    return attempt
