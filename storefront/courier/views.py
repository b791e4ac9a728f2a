"""Courier page views: the job list, one job, and the steps (claim, picked up, delivered, failed).

The steps go through orders.courier, the same code that applies a dispatcher's reports, so the
transitions, the timeline and the shopper's emails are the same whichever way a courier works.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from catalog import db
from catalog.i18n import N_
from orders import actors
from orders import courier as c
from orders.models import Shipment, ShipmentStatus
from orders.states import next_steps
from storefront.courier import bp
from storefront.courier.forms import ClaimForm, DeliveredForm, FailedForm, StepForm
from storefront.database import start_writing
from storefront.forms import Form, form_status
from storefront.mail import queue_order_email

PLATE_KEY = "courier_plate"


def start_of_today() -> datetime:
    """Midnight in the city's time zone: the courier's cash counts from then (kept simple)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Asia/Jakarta"))
    return datetime.combine(datetime.now(zone).date(), time(), tzinfo=zone)


def begin_step() -> None:
    """Start the write transaction, then make sure the courier's account is loaded: the emails
    rendered at commit ask whether the user is active, which a session in the middle of
    committing cannot lazy-load."""
    start_writing(db.session)
    _ = current_user.is_active


def my_job(shipment_id: int) -> Shipment:
    """A shipment of the courier's gallery that is open for claiming or is theirs; else 404."""
    shipment = c.job_for(db.session, shipment_id, current_user.gallery_id)
    if shipment is None:
        abort(404)
    mine = shipment.courier_user_id == current_user.id
    claimable = shipment.courier_user_id is None and ShipmentStatus.COURIER_ASSIGNED in my_steps(
        shipment
    )
    if not (mine or (claimable and _served_here(shipment))):
        abort(404)
    return shipment


@bp.context_processor
def courier_wording() -> dict[str, dict[str, str]]:
    """The courier's own names of shipment states.

    The shared ``shipment_status_names`` speak to the shopper ("On the way to you"); on the
    courier's page the same state says what the courier should do next.
    """
    return {
        "courier_status_names": {
            "pending": _("Waiting for payment"),
            "confirmed": _("Order received by the gallery"),
            "packing": _("Being packed"),
            "ready": _("Ready: waiting for a courier"),
            "courier_assigned": _("Yours: pick it up at the gallery"),
            "picked_up": _("Picked up — deliver to the shopper"),
            "delivered": _("Delivered"),
            "collected": _("Collected by the shopper at the gallery"),
            "failed": _("Delivery failed"),
            "cancelled": _("Cancelled"),
        }
    }


def my_steps(shipment: Shipment) -> tuple[ShipmentStatus, ...]:
    """The states this courier may move the shipment to now, from the shipment table."""
    return next_steps(shipment, actors.courier(current_user.id))


def _served_here(shipment: Shipment) -> bool:
    return any(s.id == shipment.id for s in c.open_jobs(db.session, shipment.gallery_id))


@bp.get("/")
def jobs() -> ResponseReturnValue:
    delivered = c.delivered_since(db.session, start_of_today(), courier_user_id=current_user.id)
    return render_template(
        "courier/jobs.html",
        mine=c.my_jobs(db.session, current_user.id),
        open_jobs=c.open_jobs(db.session, current_user.gallery_id),
        delivered=delivered,
        cash=c.cash_held(delivered),
        claim_form=ClaimForm(plate=session.get(PLATE_KEY, "")),
    )


@bp.get("/<int:shipment_id>")
def job(shipment_id: int) -> ResponseReturnValue:
    shipment = my_job(shipment_id)
    return _job_page(shipment)


def _job_page(shipment: Shipment, status: int = 200, **forms: Form) -> tuple[str, int]:
    forms.setdefault("claim_form", ClaimForm(plate=session.get(PLATE_KEY, "")))
    forms.setdefault("step_form", StepForm())
    forms.setdefault("delivered_form", DeliveredForm(cod_collected=shipment.cod_amount))
    forms.setdefault("failed_form", FailedForm())
    return render_template(
        "courier/job.html",
        shipment=shipment,
        order=shipment.order,
        steps=my_steps(shipment),
        **forms,
    ), status


@bp.post("/<int:shipment_id>/ambil")
def claim(shipment_id: int) -> ResponseReturnValue:
    form = ClaimForm()
    if not form.validate():
        return _job_page(my_job(shipment_id), form_status(form), claim_form=form)
    plate = (form.plate.data or "").strip().upper()
    session[PLATE_KEY] = plate
    who = c.CourierIdentity(
        current_user.id, current_user.gallery_id, current_user.name, current_user.phone, plate
    )
    begin_step()
    try:
        c.claim_shipment(db.session, shipment_id, who)
    except c.ClaimRefused as refusal:
        flash(_(refusal.message), "error")
        return redirect(url_for("courier.jobs"), 303)
    flash(_("The delivery is yours: pick it up at the gallery."), "success")
    return redirect(url_for("courier.job", shipment_id=shipment_id), 303)


@bp.post("/<int:shipment_id>/diambil")
def picked_up(shipment_id: int) -> ResponseReturnValue:
    form = StepForm()
    if not form.validate():
        return _job_page(_mine(shipment_id), 400, step_form=form)
    return _report(shipment_id, c.CourierReport(c.CourierEventType.PICKED_UP))


@bp.post("/<int:shipment_id>/sampai")
def delivered(shipment_id: int) -> ResponseReturnValue:
    form = DeliveredForm()
    shipment = _mine(shipment_id)
    if form.validate() and shipment.cod_amount and form.cod_collected.data is None:
        form.cod_collected.errors = [_("How much cash did you collect?")]
    if form.errors:
        return _job_page(shipment, 400, delivered_form=form)
    report = c.CourierReport(c.CourierEventType.DELIVERED, cod_collected=form.cod_collected.data)
    return _report(shipment_id, report)


@bp.post("/<int:shipment_id>/gagal")
def failed(shipment_id: int) -> ResponseReturnValue:
    form = FailedForm()
    if not form.validate():
        return _job_page(_mine(shipment_id), 400, failed_form=form)
    report = c.CourierReport(c.CourierEventType.FAILED, reason=(form.reason.data or "").strip())
    return _report(shipment_id, report)


def _mine(shipment_id: int) -> Shipment:
    shipment = my_job(shipment_id)
    if shipment.courier_user_id != current_user.id:
        abort(404)
    return shipment


def _report(shipment_id: int, report: c.CourierReport) -> ResponseReturnValue:
    """Apply a step through the same code as a dispatcher's report; tell the shopper."""
    begin_step()
    shipment = _mine(shipment_id)
    data: dict[str, int | str] = {"shipment_id": shipment.id}
    if report.cod_collected is not None:
        data["cod_collected"] = report.cod_collected
    if report.reason:
        data["reason"] = report.reason
    payload = {"type": report.type.value, "data": data}
    applied = c.handle_report(
        db.session,
        shipment,
        report,
        webhook_id=c.new_event_id(),
        payload=payload,
        actor=actors.courier(current_user.id),
    )
    for kind in applied.emails:
        queue_order_email(db.session, kind, shipment.order, shipment=shipment)
    if applied.outcome != c.Outcome.APPLIED:
        flash(_("That step is not possible now; the page shows the current state."), "error")
        return redirect(url_for("courier.job", shipment_id=shipment_id), 303)
    flash(_(MESSAGES[report.type]), "success")
    if shipment.status in c.ACTIVE:
        return redirect(url_for("courier.job", shipment_id=shipment_id), 303)
    return redirect(url_for("courier.jobs"), 303)


MESSAGES = {
    c.CourierEventType.PICKED_UP: N_("Picked up: the shopper has been told you are on the way."),
    c.CourierEventType.DELIVERED: N_("Delivered. Thank you!"),
    c.CourierEventType.FAILED: N_("Marked as failed; the gallery has been told."),
}
