"""The kecamatan and kelurahan officers' pages for the yearly pendataan (mobile first).

Every route is for role officer; an officer sees and changes only their own area's records,
and only while a data round is open.
"""

from __future__ import annotations

from flask import Blueprint

from accounts.models import Role
from storefront.auth import require_role_for_blueprint

bp = Blueprint("officer", __name__, url_prefix="/petugas")
bp.before_request(require_role_for_blueprint(Role.OFFICER))

from storefront.officer import views  # noqa: E402, F401 - register the routes
