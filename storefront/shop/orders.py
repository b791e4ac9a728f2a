"""The shopper's orders: one order's page (owner or unguessable link), history, cancel."""

from __future__ import annotations

from functools import partial

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog import db
from catalog.money import rupiah
from config import card_payments_enabled
from orders import actors, lookup
from orders.cancellation import shopper_cancels
from orders.exceptions import PaymentError
from orders.lifecycle import can_shopper_cancel
from orders.models import Order, OrderStatus, Refund, Shipment
from orders.payments import StripeGateway, awaits_card_payment, paid_by_card
from orders.refunds import send_refund
from storefront.database import commit_then
from storefront.shop.forms import CancelForm

bp = Blueprint("orders", __name__, url_prefix="/pesanan")


def visible_order(code: str, token: str | None) -> Order:
    """The order if the visitor owns it or holds its link's token; 404 otherwise."""
    return lookup.visible_order(
        db.session,
        code,
        token=token,
        user_id=current_user.id if current_user.is_authenticated else None,
        options=(
            selectinload(Order.shipments).selectinload(Shipment.events),
            selectinload(Order.shipments).selectinload(Shipment.lines),
            selectinload(Order.shipments).joinedload(Shipment.gallery),
        ),
    )


def _order_page(order: Order, token: str, cancel_form: CancelForm) -> str:
    """The order's page; ``cancel_form`` carries what was typed when a cancel was refused."""
    return render_template(
        "shop/order.html",
        order=order,
        token=token,
        can_cancel=can_shopper_cancel(order),
        cancel_form=cancel_form,
        can_pay=awaits_card_payment(order) and card_payments_enabled(current_app.config),
    )


@bp.get("/<code>")
def detail(code: str) -> ResponseReturnValue:
    order = visible_order(code, request.args.get("token"))
    return _order_page(order, request.args.get("token", ""), CancelForm())


@bp.post("/<code>/batal")
def cancel(code: str) -> ResponseReturnValue:
    token = request.form.get("token") or None
    order = visible_order(code, token)
    form = CancelForm()
    link = url_for("orders.detail", code=order.code, token=token)
    if not can_shopper_cancel(order):
        flash(_("This order can no longer be cancelled: a gallery is already packing it."), "error")
        return redirect(link)
    if not form.validate():
        return _order_page(order, token or "", form), 400
    reason = (form.reason.data or "").strip() or _("Cancelled by the shopper")
    if order.status == OrderStatus.PENDING_PAYMENT and card_payments_enabled(current_app.config):
        return redirect(url_for("payments.cancel", order=order.code, token=token), 307)
    done = shopper_cancels(db.session, order, reason=reason, actor=actors.SHOPPER)
    if done.order_cancelled:
        _send_refunds(done.refunds)
        flash(_cancelled_message(order, done.refunds), "info")
    return redirect(link)


def _send_refunds(refunds: list[Refund]) -> None:
    """Ask Stripe for each refund once the cancellation is committed; one Stripe could not be
    asked about stays requested, and the gallery's payment record sends it again."""
    config = current_app.config
    if not card_payments_enabled(config):
        return
    gateway = StripeGateway(config["STRIPE_SECRET_KEY"], api_base=config.get("STRIPE_API_BASE"))
    for refund in refunds:
        try:
            commit_then(partial(send_refund, db.session, gateway, refund, actor=actors.SHOPPER))
        except PaymentError:
            current_app.logger.warning("Refund %s left for the gallery to send again", refund.id)


def _cancelled_message(order: Order, refunds: list[Refund]) -> str:
    if refunds:
        return _(
            "Order %(code)s is cancelled. The %(amount)s you paid is being refunded to your "
            "card; a card refund can take a few days to show.",
            code=order.code,
            amount=rupiah(sum(r.amount for r in refunds)),
        )
    paid = paid_by_card(order)
    if not paid:
        return _("Order %(code)s is cancelled. Nothing is charged.", code=order.code)
    return _(
        "Order %(code)s is cancelled. The gallery is told to refund the %(amount)s you paid "
        "to your card.",
        code=order.code,
        amount=rupiah(paid),
    )


@bp.get("/")
@login_required
def history() -> ResponseReturnValue:
    orders = db.session.scalars(
        select(Order)
        .where(Order.user_id == current_user.id)
        .order_by(Order.created_at.desc(), Order.id.desc())
        .limit(100)
        .options(selectinload(Order.shipments).joinedload(Shipment.gallery))
    ).all()
    return render_template("shop/orders.html", orders=orders)


@bp.app_context_processor
def order_names() -> dict[str, dict[str, str]]:
    """Translated names of order and shipment states, for every template."""
    return {
        "order_status_names": {
            "pending_payment": _("Waiting for payment"),
            "confirmed": _("Confirmed"),
            "completed": _("Completed"),
            "cancelled": _("Cancelled"),
        },
        "shipment_status_names": {
            "pending": _("Waiting for payment"),
            "confirmed": _("Order received by the gallery"),
            "packing": _("Being packed"),
            "ready": _("Ready"),
            "courier_assigned": _("Courier on the way to the gallery"),
            "picked_up": _("On the way to you"),
            "delivered": _("Delivered"),
            "collected": _("Picked up at the gallery"),
            "failed": _("Delivery failed"),
            "cancelled": _("Cancelled"),
        },
    }
