"""Fixtures for card payment tests: the fake Stripe API and the app pointed at it."""

from tests.stripe_fake import _fake_stripe_server, fake_stripe, stripe_app  # noqa: F401
