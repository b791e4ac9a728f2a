"""City-office view: any gallery's courier settings, the same page managers have."""

from __future__ import annotations

from flask.typing import ResponseReturnValue

from catalog import cooperatives as coops
from catalog import db
from storefront.admin import bp

# The module, not its function: storefront.manage imports storefront.admin.forms, so either
# package may be the one still initialising when this line runs.
from storefront.manage import courier_settings as shared


@bp.route("/galeri/<int:gallery_id>/kurir", methods=["GET", "POST"])
def gallery_courier(gallery_id: int) -> ResponseReturnValue:
    gallery = coops.get_gallery(db.session, gallery_id)
    return shared.settings_page(gallery, "admin/courier_settings.html")
