"""Manager views: the cooperative's shipments — pack, make ready (calls the courier), hand over."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from catalog import db
from catalog.queries import paginate
from orders import actors, backoffice
from orders.exceptions import InvalidTransition
from orders.fulfilment import mark_collected, mark_packing, mark_ready
from orders.models import ShipmentStatus
from orders.states import next_steps
from storefront.activity import actor_labels, attempt_reason, dispatch_words
from storefront.manage import actor_id, bp, cooperative_id
from storefront.params import int_arg
from storefront.urls import public_url


def courier_callback_url() -> str:
    """Where couriers report back, as an absolute URL for the dispatcher."""
    return public_url("api_courier.CourierEvents")


@bp.get("/pengiriman")
def shipments() -> ResponseReturnValue:
    raw = request.args.get("status", "")
    status = ShipmentStatus(raw) if raw in ShipmentStatus._value2member_map_ else None
    stmt = backoffice.shipments_of(db.session, cooperative_id(), status)
    page = paginate(db.session, stmt, int_arg(request.args, "page", 1, 1, 10_000), 50)
    return render_template(
        "manage/shipments.html",
        page=page,
        status=status,
        counts=backoffice.open_counts(db.session, cooperative_id()),
    )


@bp.get("/pengiriman/<int:shipment_id>")
def shipment(shipment_id: int) -> ResponseReturnValue:
    item = backoffice.shipment_of(db.session, cooperative_id(), shipment_id)
    return render_template(
        "manage/shipment.html",
        shipment=item,
        order=item.order,
        steps=next_steps(item, actors.manager(actor_id())),
        messages=backoffice.dispatch_log(db.session, item),
        reports=backoffice.courier_reports(db.session, item),
        actor_names=actor_labels(db.session, (event.actor for event in item.events)),
        attempt_reason=attempt_reason,
        **dispatch_words(),
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
