"""Manager views: a gallery's courier settings (dispatcher endpoint, signing secret, fees).

The page is shared with the city office (``storefront/admin/courier_settings.py``): both call
:func:`settings_page` with the gallery they are allowed to edit.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, URLField
from wtforms.validators import AnyOf, Length

from catalog import backoffice, db
from catalog.courier_settings import (
    DeliveryFees,
    rotate_courier_secret,
    set_courier_endpoint,
    set_delivery_fees,
)
from catalog.exceptions import InvalidInput
from catalog.models import Gallery
from storefront.forms import Form, attach_error, delivery_fee_fields, form_status
from storefront.manage import bp, cooperative_id
from storefront.manage.shipments import courier_callback_url


class CourierSettingsForm(Form):
    courier_endpoint_url = URLField(
        _l("Dispatcher endpoint (optional)"),
        validators=[Length(max=500)],
        description=_l(
            "Where Gerai sends delivery requests, e.g. https://ojek.example/gerai/deliveries. "
            "Leave empty and your couriers use Gerai's courier page instead."
        ),
    )
    base_fee, per_km_fee, max_radius_km = delivery_fee_fields()


class RotateSecretForm(Form):
    """The "generate a new signing secret" button."""

    rotate = HiddenField(default="1", validators=[AnyOf(["1"])])


def _save(gallery: Gallery, form: CourierSettingsForm) -> None:
    set_courier_endpoint(
        db.session,
        gallery,
        form.courier_endpoint_url.data or "",
        allow_private=current_app.config["OUTBOUND_ALLOW_PRIVATE"],
        ports=current_app.config["OUTBOUND_PORTS"],
    )
    fees = DeliveryFees(
        base_fee=form.base_fee.data if form.base_fee.data is not None else 0,
        per_km_fee=form.per_km_fee.data if form.per_km_fee.data is not None else 0,
        max_radius_km=form.max_radius_km.data or 0.0,
    )
    set_delivery_fees(db.session, gallery, fees)


def _rotate(gallery: Gallery) -> tuple[CourierSettingsForm, str]:
    if not RotateSecretForm().validate_on_submit():
        abort(400)
    secret = rotate_courier_secret(db.session, gallery)
    flash(_("A new signing secret is made. The old one no longer works."), "success")
    return CourierSettingsForm(formdata=None, obj=gallery), secret


def settings_page(gallery: Gallery, template: str) -> ResponseReturnValue:
    """Show or save the settings, or make a new secret and show it this once (never cached)."""
    secret = None
    if request.method == "POST" and "rotate" in request.form:
        form, secret = _rotate(gallery)
    else:
        form = CourierSettingsForm(obj=gallery)
        if form.validate_on_submit():
            try:
                _save(gallery, form)
            except InvalidInput as error:
                attach_error(form, error)
            else:
                flash(_("Courier settings saved for %(name)s.", name=gallery.name), "success")
                if not (gallery.courier_endpoint_url and not gallery.courier_secret):
                    return redirect(request.path)
                # An endpoint without a secret would never be called: make the first one now.
                secret = rotate_courier_secret(db.session, gallery)
    page = render_template(
        template,
        gallery=gallery,
        form=form,
        rotate_form=RotateSecretForm(formdata=None),
        new_secret=secret,
        callback_url=courier_callback_url(),
    )
    return page, form_status(form), {"Cache-Control": "no-store"} if secret else {}


@bp.route("/galeri/<int:gallery_id>/kurir", methods=["GET", "POST"])
def courier_settings(gallery_id: int) -> ResponseReturnValue:
    gallery = backoffice.gallery_of(db.session, cooperative_id(), gallery_id)
    return settings_page(gallery, "manage/courier_settings.html")
