"""The city office's console (Dinas Koperasi): cooperatives, galleries, managers, the overview.

Every route is for role admin.
"""

from __future__ import annotations

from flask import Blueprint, abort

from accounts.models import Role
from storefront.admin.forms import StatusForm
from storefront.auth import require_role_for_blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_role_for_blueprint(Role.ADMIN))


def requested_state() -> bool:
    """The state a (de)activate button asks for; a malformed post is a 400."""
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    return form.active.data == "1"


from storefront.admin import (  # noqa: E402, F401
    cooperatives,
    courier_settings,
    managers,
    officers,
    overview,
    registry_cooperatives,
    registry_rounds,
    registry_settings,
    registry_umkm,
)
