"""Standard Webhooks signing and verifying, in one place, by the maintained library.

Every signed message Gerai sends (delivery requests to a gallery's dispatcher) and every one it
checks (courier reports on ``POST /api/v1/courier/events``) goes through :func:`sign` and
:func:`verify`; the demo courier simulator uses the same two on the other side of the wire.
The library compares signatures as bytes, so a header with non-ASCII text is a mismatch, never
a crash; whatever else a hostile header makes it raise becomes :class:`BadSignature` here.
"""

from __future__ import annotations

from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class BadSignature(Exception):
    """Missing headers, a wrong signature, or a timestamp more than five minutes off."""


class UnusableSecret(BadSignature):
    """The secret is not one the scheme accepts (``whsec_`` + base64), so nothing verifies."""


def check_secret(secret: str) -> Webhook:
    """The signer for ``secret``; raises :class:`UnusableSecret` for a malformed one."""
    try:
        return Webhook(secret)
    except Exception as error:  # the library raises several kinds for a malformed secret
        raise UnusableSecret(f"{type(error).__name__}: {error}") from error


def sign(secret: str, message_id: str, timestamp: datetime, body: bytes | str) -> dict[str, str]:
    """The headers that make ``body`` a signed Standard Webhooks message sent at ``timestamp``
    (whole seconds, as the scheme counts them)."""
    sent_at = datetime.fromtimestamp(int(timestamp.timestamp()), UTC)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": check_secret(secret).sign(message_id, sent_at, body),
    }


def verify(secret: str, headers: dict[str, str], body: bytes) -> bytes:
    """``body``, if ``headers`` sign it with ``secret`` within five minutes of now.

    Raises :class:`UnusableSecret` for a malformed secret and :class:`BadSignature` for
    anything else that does not check out (missing or malformed headers included).
    """
    signer = check_secret(secret)
    try:
        signer.verify(body, headers, json_parse=False)
    except (WebhookVerificationError, ValueError, TypeError) as error:
        raise BadSignature(str(error) or type(error).__name__) from error
    return body
