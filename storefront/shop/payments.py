"""Card payment pages: off to Stripe Checkout, back on the success or cancel page, the webhook.

Every call to Stripe goes through ``storefront.database.commit_then``: the order is committed
first and, on SQLite, the write lock is taken before Stripe is asked (other writers wait, within
the busy timeout, rather than fail); PostgreSQL only locks rows at the final updates.
"""

from __future__ import annotations

import logging
from typing import Any

import stripe
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from catalog import db
from config import card_payments_enabled
from orders.exceptions import PaymentError
from orders.models import Order, OrderStatus, PaymentMethod
from orders.payments import (
    PaymentOutcome,
    StripeGateway,
    check_event,
    confirm_from_success_page,
    handle_event,
    plain,
    start_checkout,
    withdraw_checkout,
)
from storefront.database import commit_then, start_writing
from storefront.extensions import csrf
from storefront.i18n import current_language
from storefront.mail import queue_order_email
from storefront.shop.orders import visible_order
from storefront.urls import public_url

__all__ = ["begin_payment", "bp", "card_payments_enabled", "checkout_url_for"]

log = logging.getLogger(__name__)

bp = Blueprint("payments", __name__)


def payment_gateway() -> StripeGateway:
    config = current_app.config
    return StripeGateway(config["STRIPE_SECRET_KEY"], api_base=config.get("STRIPE_API_BASE"))


def _links(order: Order) -> tuple[str, str]:
    """Where Stripe sends the shopper back; Stripe fills in {CHECKOUT_SESSION_ID} itself."""
    args = {"order": order.code, "token": order.access_token}
    done = public_url("payments.done", **args) + "&session_id={CHECKOUT_SESSION_ID}"
    return done, public_url("payments.cancelled", **args)


def open_checkout(order: Order) -> tuple[str | None, str | None]:
    """(Stripe Checkout's address, None), or (None, why not) for a pending card order.

    Through :func:`commit_then`: the order exists before its Checkout Session, and a failure
    here leaves it pending (its stock held until it expires). The session is opened once, then
    reused.
    """
    if not card_payments_enabled(current_app.config):
        return None, _("Card payment is not available right now.")
    success_url, cancel_url = _links(order)
    try:
        payment = commit_then(
            lambda: start_checkout(
                db.session,
                payment_gateway(),
                order,
                success_url=success_url,
                cancel_url=cancel_url,
                locale=current_language(),
                delivery_label=_("Delivery from %(gallery)s"),
            )
        )
    except PaymentError as error:
        log.info("No card payment for %s: %s", order.code, error)
        return None, _(error.message, **error.params)
    db.session.commit()
    return payment.checkout_url, None


def checkout_url_for(order: Order) -> str | None:
    """Stripe Checkout's address for a pending card order; None if it cannot be opened now."""
    return open_checkout(order)[0]


def begin_payment(order: Order) -> Response | None:
    """A 303 redirect to Stripe Checkout for ``order``, or None if it cannot be opened."""
    url = checkout_url_for(order)
    return redirect(url, 303) if url else None


def _order_page(order: Order, token: str | None) -> str:
    if "orders.detail" in current_app.view_functions:
        return url_for("orders.detail", code=order.code, token=token or None)
    return url_for("payments.cancelled", order=order.code, token=token or None)


def _token() -> str | None:
    return request.values.get("token") or None


def _returning_order() -> tuple[Order, str | None]:
    """The order a shopper comes back with from Stripe (``order`` and ``token`` in the query
    or the form), if they may see it; 404 otherwise."""
    token = _token()
    return visible_order(request.values.get("order", ""), token), token


def _payment_page(template: str, order: Order, token: str | None) -> str:
    return render_template(template, order=order, state=_state(order), token=token)


@bp.post("/pesanan/<code>/bayar")
def pay(code: str) -> ResponseReturnValue:
    """Start or resume the card payment of a pending order."""
    token = _token()
    order = visible_order(code, token)
    if order.payment_method != PaymentMethod.CARD or order.status != OrderStatus.PENDING_PAYMENT:
        flash(_("This order is not waiting for a card payment."), "info")
        return redirect(_order_page(order, token), 303)
    url, problem = open_checkout(order)
    if url is None:
        flash(problem or "", "error")
        return redirect(_order_page(order, token), 303)
    return redirect(url, 303)


def _state(order: Order) -> str:
    if order.status in (OrderStatus.CONFIRMED, OrderStatus.COMPLETED):
        return "paid"
    return "waiting" if order.status == OrderStatus.PENDING_PAYMENT else "cancelled"


@bp.get("/pembayaran/selesai")
def done() -> ResponseReturnValue:
    """Back from Stripe: confirm at once if Stripe says paid (the webhook may come later)."""
    order, token = _returning_order()
    session_id = request.args.get("session_id", "")[:255]
    ready = card_payments_enabled(current_app.config) and session_id.startswith("cs_")
    if order.status == OrderStatus.PENDING_PAYMENT and ready:
        try:
            outcome = commit_then(
                lambda: confirm_from_success_page(db.session, payment_gateway(), order, session_id)
            )
        except PaymentError:
            pass  # the webhook will tell; the page says we are waiting
        else:
            if outcome == PaymentOutcome.CONFIRMED:
                queue_order_email(db.session, "confirmed", order)
    return _payment_page("shop/payment_done.html", order, token)


@bp.get("/pembayaran/batal")
def cancelled() -> ResponseReturnValue:
    """Back from Stripe without paying: pay again, or cancel the order."""
    order, token = _returning_order()
    return _payment_page("shop/payment_cancelled.html", order, token)


@bp.post("/pembayaran/batal")
def cancel() -> ResponseReturnValue:
    """Cancel a card order still waiting for payment; its Stripe session is closed first."""
    order, token = _returning_order()
    if order.status == OrderStatus.PENDING_PAYMENT and card_payments_enabled(current_app.config):
        try:
            outcome = commit_then(
                lambda: withdraw_checkout(
                    db.session, payment_gateway(), order, reason=_("Cancelled by the shopper")
                )
            )
        except PaymentError:
            flash(_("The order could not be cancelled just now. Please try again."), "error")
            return redirect(url_for("payments.cancelled", order=order.code, token=token), 303)
        _flash_outcome(order, outcome)
    return redirect(_order_page(order, token), 303)


def _flash_outcome(order: Order, outcome: PaymentOutcome) -> None:
    if outcome == PaymentOutcome.CANCELLED:
        flash(_("Order %(code)s is cancelled. Nothing is charged.", code=order.code), "info")
    elif outcome == PaymentOutcome.CONFIRMED:
        flash(
            _("Your payment went through: order %(code)s is confirmed.", code=order.code), "success"
        )


@bp.post("/api/v1/stripe/webhook")
@csrf.exempt
def webhook() -> ResponseReturnValue:
    """Stripe's events, verified on the raw body with the endpoint secret; each id once."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        abort(503, description="Card payments are not set up.")
    signature = request.headers.get("Stripe-Signature")
    try:
        event = plain(stripe.Webhook.construct_event(request.get_data(), signature, secret))
        check_event(event)
    except stripe.SignatureVerificationError:
        abort(400, description="Missing, wrong or stale Stripe-Signature.")
    except (ValueError, AttributeError):  # not UTF-8, not JSON, or not shaped like an event
        abort(400, description="The body is not a Stripe event.")
    start_writing(db.session)
    outcome = handle_event(db.session, event)
    if outcome == PaymentOutcome.CONFIRMED:
        _email_confirmation(event)
    return jsonify(received=True, outcome=outcome)


def _email_confirmation(event: dict[str, Any]) -> None:
    """Queue the 'confirmed' email for the order a paid event confirmed (outboxed by the commit)."""
    obj = event["data"]["object"]
    code = (obj.get("metadata") or {}).get("order_code") or obj.get("client_reference_id")
    order = db.session.scalar(select(Order).where(Order.code == code))
    if order is not None:
        queue_order_email(db.session, "confirmed", order)
