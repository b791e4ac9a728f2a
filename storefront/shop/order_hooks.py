"""Placing an order and what happens around it: emails and card payment. The web checkout and
the JSON API both place orders through :func:`place`, so the two paths cannot drift apart; kept
apart from the views so each stays a list of steps."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from catalog import db
from config import card_payments_enabled
from orders.checkout import CheckoutRequest, place_order
from orders.models import Order
from orders.payments import card_payment_allowed
from storefront.database import start_writing
from storefront.i18n import current_language
from storefront.mail import queue_order_email
from storefront.shop.payments import begin_payment, checkout_url_for


def place(request_: CheckoutRequest) -> Order:
    """Place the order in this request's transaction (stock taken at once) and queue its
    'placed' email; raises the checkout's refusals (CheckoutInvalid, OutOfStock, PricesChanged),
    a card order while card payments are not set up among them.
    """
    start_writing(db.session)
    order = place_order(
        db.session,
        request_,
        card_payments_enabled=card_payments_enabled(current_app.config),
        card_expiry=timedelta(minutes=current_app.config.get("CARD_PAYMENT_MINUTES", 60)),
    )
    order_placed(order)
    return order


def order_placed(order: Order) -> None:
    """Queue the 'placed' email; it goes out only if the request's transaction commits."""
    queue_order_email(db.session, "placed", order, language=current_language())


def card_option(total: int) -> tuple[bool, str | None]:
    """Whether card payment is offered for ``total`` rupiah, and why not when it is not."""
    if not card_payments_enabled(current_app.config):
        return False, None
    if not card_payment_allowed(total):
        return False, _("Card payment is not possible for totals this large; pay cash on delivery.")
    return True, None


def start_card_payment(order: Order) -> Response:
    """Send the shopper to Stripe Checkout; if Stripe cannot be reached, to the order page."""
    response = begin_payment(order)
    if response is not None:
        return response
    flash(_("The card payment page could not be opened. Try again from your order page."), "error")
    return redirect(url_for("orders.detail", code=order.code, token=order.access_token))


def card_payment_url(order: Order) -> str | None:
    """The Stripe Checkout URL for a card order placed through the API (None if unreachable)."""
    return checkout_url_for(order)
