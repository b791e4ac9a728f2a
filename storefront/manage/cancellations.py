"""Manager views: cancel a shipment or an order with a reason, and the card refunds that follow.

The cancellation (stock, states, the refund rows, the shopper's email) commits first; Stripe is
asked afterwards, one refund at a time (``commit_then``). A refund Stripe could not be asked
about stays "requested" on the payment record, with a button to send it again (same key).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField
from wtforms.validators import InputRequired

from catalog import db
from catalog.db import get_by_id
from config import card_payments_enabled
from orders import actors, backoffice
from orders.cancellation import REASONS, Cancellation, can_cancel, cancel_shipments
from orders.cancellation import cancellable_parts as parts_of
from orders.exceptions import CancelRefused, PaymentError
from orders.models import Order, Payment, Refund, Shipment
from orders.refunds import (
    left_to_refund,
    owed_back,
    refund_paid_after_cancel,
    retry_refund,
    send_refund,
    shipment_share,
)
from storefront.activity import actor_labels
from storefront.database import commit_then
from storefront.forms import Form, SelectChoice, add_field_error, text_field
from storefront.i18n import rupiah
from storefront.manage import actor_id, bp, cooperative_id
from storefront.shop.payments import payment_gateway

SCOPES = [
    SelectChoice("shipment", _l("Only this gallery's part")),
    SelectChoice("order", _l("The whole order (every part from your cooperative's galleries)")),
]


class CancelForm(Form):
    scope = RadioField(_l("What to cancel"), choices=SCOPES, default="shipment")
    reason = SelectField(
        _l("Reason"),
        choices=[
            SelectChoice("", _l("Choose a reason")),
            *(SelectChoice(key, _l(words)) for key, words in REASONS.items()),
        ],
        validators=[InputRequired(message=_l("Choose why it is cancelled."))],
    )
    detail = text_field(_l("Details for the shopper"), 200)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.reason.data == "other" and not (self.detail.data or "").strip():
            add_field_error(self.detail, _("Write the reason for the shopper."))
            return False
        return valid

    def reason_text(self) -> str:
        """The reason as stored and emailed: the chosen words, then the details typed."""
        chosen = _(REASONS[self.reason.data]) if self.reason.data in REASONS else ""
        detail = " ".join((self.detail.data or "").split())
        if self.reason.data == "other":
            return detail
        return f"{chosen}: {detail}" if detail else chosen


def _actor() -> str:
    return actors.manager(actor_id())


def _own_order(order: Order) -> None:
    """404 unless the order has a shipment of the manager's cooperative."""
    if not parts_of(order, cooperative_id()):
        abort(404)


@bp.route("/pengiriman/<int:shipment_id>/batal", methods=["GET", "POST"])
def shipment_cancel(shipment_id: int) -> ResponseReturnValue:
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return _page(item, form), 422 if form.is_submitted() else 200
    parts = [item] if form.scope.data == "shipment" else parts_of(item.order, cooperative_id())
    try:
        done = cancel_shipments(
            db.session, parts, reason=form.reason_text(), actor=_actor(), actor_id=actor_id()
        )
    except CancelRefused as refused:
        form.form_errors.append(_(refused.message, **refused.params))
        return _page(item, form), 409
    _said_done(done, send_refunds(done.refunds))
    return redirect(url_for("manage.shipment", shipment_id=item.id), 303)


def _page(item: Shipment, form: CancelForm) -> str:
    parts = parts_of(item.order, cooperative_id())
    return render_template(
        "manage/shipment_cancel.html",
        shipment=item,
        order=item.order,
        form=form,
        parts=parts,
        share=shipment_share,
        cancellable=can_cancel(item),
    )


def send_refunds(refunds: Iterable[Refund]) -> int:
    """Ask Stripe for each refund, after the cancellation is committed; how many stay unsent."""
    if not card_payments_enabled(current_app.config):
        return len(list(refunds))
    unsent = 0
    for refund in refunds:
        try:
            commit_then(partial(send_refund, db.session, payment_gateway(), refund, actor=_actor()))
        except PaymentError:
            unsent += 1
    return unsent


def _said_done(done: Cancellation, unsent: int) -> None:
    if done.order_cancelled:
        flash(_("The order is cancelled; the stock is back and the shopper is emailed."), "success")
    else:
        flash(_("Cancelled; the stock is back and the shopper is emailed."), "success")
    said_refunds(done.refunds, unsent)


def said_refunds(refunds: list[Refund], unsent: int) -> None:
    if unsent:
        flash(
            _("Stripe could not be reached for a refund. It is kept; send it again below."),
            "error",
        )
    elif refunds:
        failed = [r for r in refunds if r.status.value == "failed"]
        if failed:
            flash(_("Stripe refused the refund: %(why)s", why=failed[0].error), "error")
        else:
            total = sum(r.amount for r in refunds)
            flash(_("Refund of %(amount)s sent to Stripe.", amount=rupiah(total)), "success")


@bp.post("/pengembalian/<int:refund_id>/kirim-ulang")
def refund_retry(refund_id: int) -> ResponseReturnValue:
    refund = get_by_id(db.session, Refund, refund_id)
    if refund is None:
        abort(404)
    _own_order(refund.payment.order)
    try:
        again = retry_refund(db.session, refund, actor=_actor())
    except CancelRefused as refused:
        flash(_(refused.message, **refused.params), "error")
        return _back(refund.payment), 303
    said_refunds([again], send_refunds([again]))
    return _back(refund.payment), 303


@bp.post("/pembayaran/<int:payment_id>/kembalikan")
def payment_refund(payment_id: int) -> ResponseReturnValue:
    payment = get_by_id(db.session, Payment, payment_id)
    if payment is None:
        abort(404)
    _own_order(payment.order)
    try:
        refund = refund_paid_after_cancel(
            db.session, payment, actor=_actor(), reason=_("Paid after the order was cancelled")
        )
    except CancelRefused as refused:
        flash(_(refused.message, **refused.params), "error")
        return _back(payment), 303
    said_refunds([refund], send_refunds([refund]))
    return _back(payment), 303


def _back(payment: Payment) -> Any:
    own = parts_of(payment.order, cooperative_id())
    return redirect(url_for("manage.shipment", shipment_id=own[0].id, _anchor="payments"))


@bp.app_context_processor
def payment_record_helpers() -> dict[str, Any]:
    """For the shipment page: whether it can be cancelled, and the order's payment record."""
    return {"can_cancel": can_cancel, "payment_record": payment_record}


def payment_record(order: Order) -> dict[str, Any]:
    """The order's card payments with their refunds, who made them, and what is owed back."""
    tags = [refund.actor for payment in order.payments for refund in payment.refunds]
    return {
        "payments": order.payments,
        "names": actor_labels(db.session, tags),
        "owed": {payment.id: owed_back(payment) for payment in order.payments},
        "left": {payment.id: left_to_refund(payment) for payment in order.payments},
    }
