"""Manager views: the courier accounts of the cooperative's galleries.

Couriers of galleries without a dispatcher take deliveries on Gerai's courier page (``/kurir/``).
The manager adds them, gives a forgotten password a generated replacement (shown once, never
cached) and closes or reopens their accounts. Another cooperative's couriers and galleries are
not found (404).
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from accounts import admin_services, courier_accounts
from accounts.models import User
from accounts.services import EmailTaken
from catalog import backoffice, db
from catalog.exceptions import InvalidInput
from catalog.models import Gallery
from catalog.phones import display_phone
from storefront.admin.forms import StatusForm
from storefront.forms import Form, SelectChoice, attach_error, form_status
from storefront.manage import bp, cooperative_id


class CourierForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(
        _l("WhatsApp / phone"),
        validators=[DataRequired(), Length(max=30)],
        description=_l("For example 0812-3456-7890."),
    )
    email = EmailField(
        _l("Email (to log in)"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    # The choices are the manager's own galleries; a forged id is looked up and is a 404.
    gallery_id = SelectField(
        _l("Gallery"), coerce=int, validate_choice=False, validators=[InputRequired()]
    )


class ResetPasswordForm(Form):
    """The "new password" button: nothing but the CSRF token."""


def _gallery_choices(form: CourierForm) -> None:
    form.gallery_id.choices = [
        SelectChoice(str(g.id), g.name)
        for g in backoffice.galleries_of(db.session, cooperative_id())
    ]


def _password_page(courier: User, password: str) -> tuple[str, int, dict[str, str]]:
    """The one time a password is shown; it must not be kept in any cache."""
    page = render_template("manage/courier_password.html", courier=courier, password=password)
    return page, 200, {"Cache-Control": "no-store"}


@bp.get("/kurir/akun")
def couriers() -> ResponseReturnValue:
    galleries = backoffice.galleries_of(db.session, cooperative_id())
    by_gallery: dict[int, list[User]] = {g.id: [] for g in galleries}
    for courier in courier_accounts.couriers_of(db.session, cooperative_id()):
        by_gallery.setdefault(courier.gallery_id or 0, []).append(courier)
    return render_template(
        "manage/couriers.html",
        galleries=galleries,
        by_gallery=by_gallery,
        display_phone=display_phone,
    )


def _preselected_gallery() -> Gallery | None:
    """The gallery of the "add a courier" link (``?galeri=ID``); another cooperative's is 404."""
    raw = request.args.get("galeri", "")
    if not raw:
        return None
    if not raw.isdigit():
        abort(404)
    return backoffice.gallery_of(db.session, cooperative_id(), int(raw))


@bp.route("/kurir/akun/baru", methods=["GET", "POST"])
def courier_new() -> ResponseReturnValue:
    preselected = _preselected_gallery()
    form = CourierForm(gallery_id=preselected.id if preselected else None)
    _gallery_choices(form)
    if form.validate_on_submit():
        gallery = backoffice.gallery_of(db.session, cooperative_id(), form.gallery_id.data)
        password = admin_services.generate_password()
        try:
            courier = courier_accounts.create_courier(
                db.session,
                gallery=gallery,
                email=form.email.data or "",
                name=form.name.data or "",
                phone=form.phone.data or "",
                password=password,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except EmailTaken:
            form.email.errors = [
                *form.email.errors,
                _("This email is already used by another account. Use another one."),
            ]
        except InvalidInput as error:
            attach_error(form, error)
        else:
            return _password_page(courier, password)
    page = render_template("manage/courier_form.html", form=form)
    return page, form_status(form)


@bp.post("/kurir/akun/<int:courier_id>/kata-sandi")
def courier_password(courier_id: int) -> ResponseReturnValue:
    courier = courier_accounts.courier_of(db.session, cooperative_id(), courier_id)
    if not ResetPasswordForm().validate_on_submit():
        abort(400)
    password = admin_services.generate_password()
    courier_accounts.reset_password(
        db.session,
        courier,
        password=password,
        hash_method=current_app.config["PASSWORD_HASH_METHOD"],
    )
    return _password_page(courier, password)


@bp.post("/kurir/akun/<int:courier_id>/status")
def courier_status(courier_id: int) -> ResponseReturnValue:
    courier = courier_accounts.courier_of(db.session, cooperative_id(), courier_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    courier_accounts.set_courier_active(db.session, courier, form.active.data == "1")
    if courier.is_active_account:
        flash(_("%(name)s can log in again.", name=courier.name), "success")
    else:
        flash(_("%(name)s can no longer log in.", name=courier.name), "info")
    return redirect(url_for("manage.couriers"))
