"""Manager views: money back for goods of a delivered or collected shipment (brought back, or
arrived damaged), one order line at a time.

The refund (``orders.aftersale.refund_delivered``) commits first; a card order's money is then
asked of Stripe (``commit_then``), and one Stripe could not be reached about stays on the
payment record with a button to send it again. A cash-on-delivery order's money is paid back
in cash at the gallery's counter: the page says how much.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from catalog import db
from catalog.db import DbSession
from orders import actors, aftersale, backoffice
from orders.aftersale import LineNotFound, ReturnInput, ReturnRefused
from orders.exceptions import CancelRefused
from orders.models import LineRefund, OrderLine, RefundMethod, Shipment
from storefront.forms import Form, add_field_error, text_field
from storefront.i18n import rupiah
from storefront.manage import actor_id, bp, cooperative_id
from storefront.manage.cancellations import said_refunds, send_refunds


class LineRefundForm(Form):
    submission = HiddenField()
    quantity = IntegerField(
        _l("Units to refund"),
        validators=[
            InputRequired(message=_l("Say how many units are refunded.")),
            NumberRange(min=1, max=1_000_000),
        ],
    )
    reason = text_field(_l("Reason"), 255, required=True)
    restock = BooleanField(
        _l("The goods are back on the shelf"),
        description=_l("Tick only for goods in good condition: their units go back into stock."),
    )


def shipment_refunds(session: DbSession, shipment: Shipment) -> dict[str, Any]:
    """For the shipment page: its refunds of delivered goods, each line's units left to refund
    (only for a delivered or collected shipment), and the words for their states."""
    return {
        "line_refunds": aftersale.refunds_of_shipment(session, shipment.id),
        "refundable_units": aftersale.units_left(session, shipment),
    }


def _line(shipment_id: int, line_id: int) -> OrderLine:
    """The cooperative's delivered line, of the shipment in the URL; 404 otherwise."""
    try:
        line = aftersale.returnable_line(db.session, cooperative_id(), line_id)
    except LineNotFound:
        abort(404)
    if line.shipment_id != shipment_id:
        abort(404)
    return line


@bp.route("/pengiriman/<int:shipment_id>/kembalikan-dana/<int:line_id>", methods=["GET", "POST"])
def line_refund(shipment_id: int, line_id: int) -> ResponseReturnValue:
    backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    line = _line(shipment_id, line_id)
    form = LineRefundForm()
    if form.is_submitted():
        earlier = aftersale.by_submission(db.session, form.submission.data or "")
        if earlier is not None:  # the same form sent again: it was recorded once
            flash(_("This refund was recorded already."), "info")
            return _to_shipment(shipment_id)
    if form.validate_on_submit():
        try:
            returned = aftersale.refund_delivered(db.session, cooperative_id(), _input(form, line))
        except ReturnRefused as refused:
            _refused(form, refused)
        except CancelRefused as refused:
            form.form_errors.append(_(refused.message, **refused.params))
        else:
            _said_done(returned)
            return _to_shipment(shipment_id)
    status = 422 if form.is_submitted() else 200
    return _page(form, line), status


def _refused(form: LineRefundForm, refused: ReturnRefused) -> None:
    message = _(refused.message, **refused.params)
    field = getattr(form, refused.field, None)
    if field is None:
        form.form_errors.append(message)
    else:
        add_field_error(field, message)


def _input(form: LineRefundForm, line: OrderLine) -> ReturnInput:
    return ReturnInput(
        line_id=line.id,
        quantity=form.quantity.data or 0,
        reason=form.reason.data or "",
        submission=form.submission.data or "",
        restock=bool(form.restock.data),
        actor=actors.manager(actor_id()),
        actor_id=actor_id(),
    )


def _page(form: LineRefundForm, line: OrderLine) -> str:
    left = aftersale.units_left(db.session, line.shipment)[line.id]
    form.submission.data = secrets.token_urlsafe(24)  # a new key for each form shown
    if not form.is_submitted():
        form.quantity.data = 1
    return render_template(
        "manage/line_refund.html",
        form=form,
        line=line,
        shipment=line.shipment,
        order=line.order,
        refunded=line.quantity - left,
        left=left,
    )


def _said_done(returned: LineRefund) -> None:
    """Say what happens to the money; a card refund is sent to Stripe now, after the commit."""
    if returned.method is RefundMethod.CASH:
        flash(
            _(
                "Refund recorded: pay %(amount)s in cash to the shopper at the gallery.",
                amount=rupiah(returned.amount),
            ),
            "success",
        )
        return
    refunds = [returned.refund] if returned.refund is not None else []
    said_refunds(refunds, send_refunds(refunds))


def _to_shipment(shipment_id: int) -> Any:
    return redirect(url_for("manage.shipment", shipment_id=shipment_id, _anchor="returns"), 303)
