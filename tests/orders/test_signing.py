"""Standard Webhooks signing and verifying: one module, checked against an independent verifier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from orders.signing import BadSignature, UnusableSecret, sign, verify
from tests.receivers import make_secret, signature_ok

SECRET = make_secret()
BODY = b'{"type":"delivery.requested","data":{"note":"Rumah cat hijau, dekat masjid"}}'


def signed(body: bytes = BODY, *, when: datetime | None = None, secret: str = SECRET) -> dict:
    return sign(secret, "msg_test_1", when or datetime.now(UTC), body)


def test_what_sign_makes_verify_accepts_and_the_independent_verifier_too():
    headers = signed()
    assert verify(SECRET, headers, BODY) == BODY
    assert signature_ok(SECRET, headers, BODY)
    assert headers["webhook-id"] == "msg_test_1"
    assert headers["content-type"] == "application/json"


def test_a_str_body_signs_as_its_utf8_bytes():
    text = '{"nama":"Kue lapis legit ½ loyang"}'
    headers = sign(SECRET, "msg_x", datetime.now(UTC), text)
    assert verify(SECRET, headers, text.encode()) == text.encode()


def test_the_timestamp_counts_whole_seconds():
    when = datetime(2025, 3, 1, 8, 0, 0, 900_000, tzinfo=UTC)
    assert signed(when=when)["webhook-timestamp"] == str(int(when.timestamp()))


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h, b: (h, b + b" "),  # the body changed
        lambda h, b: (h | {"webhook-id": "msg_other"}, b),  # another id
        lambda h, b: (h | {"webhook-signature": "v1,AAAA"}, b),  # a wrong signature
        lambda h, b: (h | {"webhook-signature": "v1,tandatangan-é"}, b),  # non-ASCII
        lambda h, b: (h | {"webhook-timestamp": "kemarin"}, b),  # not a number
        lambda h, b: ({k: v for k, v in h.items() if k != "webhook-signature"}, b),
    ],
)
def test_anything_that_does_not_check_out_is_a_bad_signature(tamper):
    headers, body = tamper(signed(), BODY)
    with pytest.raises(BadSignature):
        verify(SECRET, headers, body)
    assert not signature_ok(SECRET, headers, body)


def test_another_secret_or_a_stale_or_future_timestamp_is_refused():
    with pytest.raises(BadSignature):
        verify(make_secret(8), signed(), BODY)
    for minutes in (-6, 6):
        headers = signed(when=datetime.now(UTC) + timedelta(minutes=minutes))
        with pytest.raises(BadSignature):
            verify(SECRET, headers, BODY)


def test_a_malformed_secret_is_unusable_on_both_sides():
    with pytest.raises(UnusableSecret):
        verify("whsec_", signed(), BODY)
    with pytest.raises(UnusableSecret):
        sign("", "msg_x", datetime.now(UTC), BODY)
