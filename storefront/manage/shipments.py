"""Manager views: the cooperative's shipments — pack, make ready (calls the courier), hand over."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import backoffice as catalog_backoffice
from catalog import db
from catalog.db import MAX_ID
from orders import actors, backoffice, desk, redispatch
from orders.exceptions import InvalidTransition
from orders.fulfilment import mark_collected, mark_packing, mark_ready
from orders.states import next_steps
from storefront.activity import actor_labels, attempt_reason, dispatch_words
from storefront.i18n import local_zone
from storefront.mail import queue_order_email
from storefront.manage import actor_id, bp, cooperative_id, returns
from storefront.manage.cancellations import said_refunds, send_refunds
from storefront.params import int_arg, query_arg
from storefront.urls import public_url

PER_PAGE = 30


def courier_callback_url() -> str:
    """Where couriers report back, as an absolute URL for the dispatcher."""
    return public_url("api_courier.CourierEvents")


def _day_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, "").strip()[:10])
    except ValueError:
        return None


def _filters() -> tuple[desk.DeskFilters, dict[str, Any]]:
    """The desk's filters from the URL (bad values fall back), and what the form shows."""
    tab = request.args.get("tab", "")
    first, last = _day_arg("dari"), _day_arg("sampai")
    zone = local_zone()
    filters = desk.DeskFilters(
        tab=tab if tab in desk.TABS else desk.DEFAULT_TAB,
        since=datetime.combine(first, time(), tzinfo=zone) if first else None,
        until=datetime.combine(last + timedelta(days=1), time(), tzinfo=zone) if last else None,
        gallery_id=int_arg(request.args, "galeri", 0, 0, MAX_ID) or None,
        q=query_arg(request.args, 60),
    )
    shown = {"dari": first, "sampai": last, "galeri": filters.gallery_id, "q": filters.q}
    return filters, shown


@bp.get("/pengiriman")
def shipments() -> ResponseReturnValue:
    """The orders desk: a tab of the cooperative's shipments, filtered, with every tab's count."""
    filters, shown = _filters()
    number = int_arg(request.args, "page", 1, 1, 10_000)
    found = desk.desk(db.session, cooperative_id(), filters, number, PER_PAGE)
    return render_template(
        "manage/shipments.html",
        page=found.page,
        filters=filters,
        shown=shown,
        tabs=desk.TABS,
        counts=found.counts,
        galleries=catalog_backoffice.galleries_of(db.session, cooperative_id()),
    )


@bp.get("/pengiriman/<int:shipment_id>")
def shipment(shipment_id: int) -> ResponseReturnValue:
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    return render_template(
        "manage/shipment.html",
        shipment=item,
        order=item.order,
        steps=next_steps(item, actors.manager(actor_id())),
        rearrangements=redispatch.choices(db.session, item),
        messages=backoffice.dispatch_log(db.session, item),
        reports=backoffice.courier_reports(db.session, item),
        actor_names=actor_labels(db.session, (event.actor for event in item.events)),
        attempt_reason=attempt_reason,
        **dispatch_words(),
        **returns.shipment_refunds(db.session, item),
    )


@bp.post("/pengiriman/<int:shipment_id>/status")
def shipment_status(shipment_id: int) -> ResponseReturnValue:
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    actor = actors.manager(actor_id())
    wanted = request.form.get("status", "")
    try:
        if wanted == "packing":
            mark_packing(db.session, item, actor=actor)
        elif wanted == "ready":
            mark_ready(db.session, item, actor=actor, callback_url=courier_callback_url())
        elif wanted == "collected":
            mark_collected(db.session, item, actor=actor)
        else:
            abort(400)
    except InvalidTransition:
        flash(_("That step is not possible now; the page shows the current state."), "error")
        return redirect(url_for("manage.shipment", shipment_id=item.id)), 303
    flash(_("Shipment updated."), "success")
    return redirect(url_for("manage.shipment", shipment_id=item.id))


@bp.post("/pengiriman/<int:shipment_id>/atur-ulang")
def shipment_rearrange(shipment_id: int) -> ResponseReturnValue:
    """A stuck delivery arranged again: the dispatcher again, own couriers, or pickup."""
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    raw = request.form.get("cara", "")
    if raw not in redispatch.Rearrangement._value2member_map_:
        abort(400)
    try:
        done = redispatch.rearrange(
            db.session,
            item,
            redispatch.Rearrangement(raw),
            actor=actors.manager(actor_id()),
            callback_url=courier_callback_url(),
        )
    except InvalidTransition as refused:
        flash(_(refused.message, **refused.params), "error")
        return redirect(url_for("manage.shipment", shipment_id=item.id)), 303
    queue_order_email(db.session, redispatch.SHOPPER_EMAIL, item.order, shipment=item)
    flash(_("Delivery arranged again; the shopper is told by email."), "success")
    if done.refund is not None:  # the delivery fee back to the card, after the commit
        said_refunds([done.refund], send_refunds([done.refund]))
    return redirect(url_for("manage.shipment", shipment_id=item.id))
