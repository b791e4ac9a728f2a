"""Gerai's own courier page, for galleries without an external dispatcher (mobile first).

Every route is for role courier; a courier sees and acts only on their own gallery's shipments.
"""

from __future__ import annotations

from flask import Blueprint

from accounts.models import Role
from storefront.auth import require_role_for_blueprint

bp = Blueprint("courier", __name__, url_prefix="/kurir")
bp.before_request(require_role_for_blueprint(Role.COURIER))

from storefront.courier import views  # noqa: E402, F401 - register the routes
