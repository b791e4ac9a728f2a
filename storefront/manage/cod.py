"""Manager views: the cash-on-delivery money couriers hold, and its handover to the gallery.

The COD page shows each courier's running balance (orders.cash: cash reported collected minus
cash handed over, across days) with the shipments not handed over yet, and below it the COD
deliveries of one day. Couriers of Gerai's own page are known by their account, drivers of an
external dispatcher by the phone (or name) it reported. A day runs from midnight in the city's
time zone. A handover is recorded on its own form and prints as a receipt.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NoReturn

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, HiddenField
from wtforms.validators import InputRequired, Optional

from accounts.models import User
from catalog import db
from catalog.db import as_utc
from catalog.money import rupiah
from catalog.queries import paginate
from orders import cash
from orders import courier as c
from orders.models import Shipment
from storefront.forms import Form, SignedRupiahField, add_field_error, text_field
from storefront.i18n import local_today, local_zone
from storefront.manage import actor_id, bp, cooperative_id, slips
from storefront.params import int_arg


@dataclass
class CourierCash:
    """One courier's COD deliveries of the day and what they add up to."""

    name: str
    own_page: bool
    deliveries: list[tuple[Shipment, datetime]] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(s.cod_amount for s, _at in self.deliveries)

    @property
    def collected(self) -> int:
        return c.cash_held(self.deliveries)


def _day() -> date:
    """The day asked for (``?tanggal=2025-01-31``), never after today; today by default."""
    today = local_today()
    try:
        chosen = date.fromisoformat(request.args.get("tanggal", "")[:10])
    except ValueError:
        return today
    return min(chosen, today)


def by_courier(rows: list[tuple[Shipment, datetime]]) -> list[CourierCash]:
    groups: dict[tuple[str, int | str], CourierCash] = {}
    for shipment, at in rows:
        if shipment.courier_user_id:
            key: tuple[str, int | str] = ("user", shipment.courier_user_id)
        else:
            key = ("name", shipment.courier_name.strip().casefold())
        group = groups.setdefault(
            key, CourierCash(shipment.courier_name or "—", shipment.courier_user_id is not None)
        )
        group.deliveries.append((shipment, at))
    return sorted(groups.values(), key=lambda g: g.name.casefold())


@bp.get("/kurir/tunai")
def cod_cash() -> ResponseReturnValue:
    day = _day()
    start = datetime.combine(day, time(), tzinfo=local_zone())
    rows = [
        (s, at)
        for s, at in c.delivered_since(db.session, start, cooperative_id=cooperative_id())
        if as_utc(at) < start + timedelta(days=1)
    ]
    couriers = by_courier(rows)
    return render_template(
        "manage/cod_cash.html",
        day=day,
        previous=day - timedelta(days=1),
        following=day + timedelta(days=1) if day < local_today() else None,
        couriers=couriers,
        total_due=sum(g.due for g in couriers),
        total_collected=sum(g.collected for g in couriers),
        balances=cash.balances(db.session, cooperative_id()),
    )


# --- handovers: the cash a courier hands to the gallery (orders.cash) ----------------------


class HandoverForm(Form):
    courier = HiddenField()
    submission = HiddenField()
    amount = SignedRupiahField(
        _l("Cash received (Rp)"),
        validators=[InputRequired(_l("Write the amount of cash you received."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        description=_l("Count the cash and write what you received, e.g. 125.000."),
    )
    # tz= and invalid_value_message= came with WTForms 3.3; its type stubs do not know them yet.
    received_at = DateTimeLocalField(  # type: ignore[call-arg]
        _l("Received at"),
        validators=[Optional()],
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        tz=local_zone,
        invalid_value_message=_l("Write the date and time the cash was received."),
        description=_l("When the courier gave you the cash; change it if you record it later."),
    )
    note = text_field(_l("Note (optional)"), 255)


def _now_to_the_minute() -> datetime:
    """The form's default time: now, in the city's zone, as the field shows it."""
    return datetime.now(local_zone()).replace(second=0, microsecond=0)


def _show_refusal(form: HandoverForm, error: cash.CashRefused) -> None:
    """The rule's reason, in the page's language, beside the amount or at the top."""
    params = {
        k: rupiah(v) if k == "amount" and isinstance(v, int) else v for k, v in error.params.items()
    }
    message = _(error.message, **params)
    if error.field in ("amount", "received_at"):
        add_field_error(form[error.field], message)
    else:
        form.form_errors.append(message)


def _not_found(error: cash.NotFound) -> NoReturn:
    abort(404)


def _period(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


@bp.route("/kurir/setoran/baru", methods=["GET", "POST"])
def cash_handover_new() -> ResponseReturnValue:
    key = request.values.get("courier", "")[:80]
    couriers = cash.balances(db.session, cooperative_id())
    if not key:
        return render_template("manage/cash_handover_pick.html", couriers=couriers)
    sent_before = cash.by_submission(
        db.session, cooperative_id(), request.form.get("submission", "")
    )
    if request.method == "POST" and sent_before is not None:  # the same form, sent again
        return redirect(url_for("manage.cash_handover", handover_id=sent_before.id), 303)
    try:
        courier = cash.balance_of(db.session, cooperative_id(), key)
    except cash.NotFound as error:
        _not_found(error)
    form = HandoverForm(courier=key, received_at=_now_to_the_minute())
    ticked = {o.shipment.id for o in courier.open}
    status = 200
    if request.method == "POST":
        ticked = {int(v) for v in request.form.getlist("shipment") if v.isdigit() and len(v) < 11}
        if form.validate():
            try:
                handover = cash.record_handover(
                    db.session,
                    cooperative_id=cooperative_id(),
                    courier=key,
                    shipment_ids=sorted(ticked),
                    amount=form.amount.data or 0,
                    received_by_id=actor_id(),
                    submission=form.submission.data or "",
                    note=form.note.data or "",
                    received_at=form.received_at.data,
                )
            except cash.NotFound as error:
                _not_found(error)
            except cash.CashRefused as error:
                _show_refusal(form, error)
                status = 409 if isinstance(error, cash.AlreadyHandedOver) else 422
            else:
                flash(_("Handover recorded."), "success")
                return redirect(url_for("manage.cash_handover", handover_id=handover.id), 303)
        else:
            status = 422
        if status == 409:  # another manager took some of it: show what is left
            db.session.rollback()
            courier = cash.balance_of(db.session, cooperative_id(), key)
    form.submission.data = secrets.token_urlsafe(24)  # a new key for the next send
    return render_template(
        "manage/cash_handover_form.html", form=form, courier=courier, ticked=ticked
    ), status


@bp.get("/kurir/setoran/<int:handover_id>")
def cash_handover(handover_id: int) -> ResponseReturnValue:
    try:
        handover = cash.handover_of(db.session, cooperative_id(), handover_id)
    except cash.NotFound as error:
        _not_found(error)
    return render_template(
        "manage/cash_receipt.html",
        handover=handover,
        paper=slips.paper(),
        paper_links=slips.paper_links(),
        receiver=db.session.get(User, handover.received_by_id),
    )


@bp.get("/kurir/setoran")
def cash_handovers() -> ResponseReturnValue:
    since, until = _period("dari"), _period("sampai")
    key = request.args.get("kurir", "")[:80]
    zone = local_zone()
    stmt = cash.handovers(
        db.session,
        cooperative_id(),
        courier=key,
        since=datetime.combine(since, time(), tzinfo=zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), tzinfo=zone) if until else None,
    )
    page = paginate(db.session, stmt, int_arg(request.args, "page", 1, 1, 10_000), 50)
    return render_template(
        "manage/cash_handovers.html",
        page=page,
        since=since,
        until=until,
        courier=key,
        couriers=cash.couriers_handed_over(db.session, cooperative_id()),
    )
