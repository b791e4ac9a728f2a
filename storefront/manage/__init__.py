"""The manager console: a cooperative's managers run members, products, photos and stock.

Every route is for role manager and scoped to the manager's own cooperative.
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from accounts.models import Role
from catalog import db
from orders import backoffice
from storefront.auth import require_role_for_blueprint

bp = Blueprint("manage", __name__, url_prefix="/kelola")
bp.before_request(require_role_for_blueprint(Role.MANAGER))


def cooperative_id() -> int:
    """The signed-in manager's cooperative; every query of the console is scoped by it."""
    return current_user.cooperative_id


def actor_id() -> int:
    return current_user.id


@bp.context_processor
def new_orders() -> dict[str, int]:
    """The menu's count of orders waiting to be packed, on every console page (one query)."""
    if not (current_user.is_authenticated and current_user.has_role(Role.MANAGER)):
        return {}  # an error page for a visitor refused at the door
    return {"new_order_count": backoffice.new_order_count(db.session, cooperative_id())}


@bp.context_processor
def console_names() -> dict[str, dict[str, str]]:
    return {
        "status_names": {
            "active": _("Active"),
            "draft": _("Draft"),
            "archived": _("Archived"),
        },
        "shipment_status_names": {
            "pending": _("Waiting for payment"),
            "confirmed": _("New order"),
            "packing": _("Being packed"),
            "ready": _("Ready"),
            "courier_assigned": _("Courier on the way to the gallery"),
            "picked_up": _("With the courier, on the way to the shopper"),
            "delivered": _("Delivered"),
            "collected": _("Picked up at the gallery"),
            "failed": _("Delivery failed"),
            "cancelled": _("Cancelled"),
        },
        "movement_names": {
            "restock": _("Restock"),
            "sale": _("Sale"),
            "release": _("Returned to stock"),
            "adjust": _("Correction"),
            "intake": _("Intake note"),
            "returned_to_member": _("Returned to the member"),
            "written_off": _("Written off"),
        },
    }


from storefront.manage import (  # noqa: E402, F401 - register the routes
    cancellations,
    cod,
    consignment,
    consignment_term,
    courier_settings,
    couriers,
    dashboard,
    dispatch,
    imports,
    labels,
    members,
    photos,
    products,
    returns,
    settlements,
    shipments,
    slips,
    stock,
)
