"""City-office views: cooperative managers' accounts — list, create, edit, password, status."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from accounts import admin_services
from accounts.models import User
from accounts.services import EmailTaken
from catalog import cooperatives as coops
from catalog import db
from catalog.exceptions import InvalidInput
from storefront.admin import bp, requested_state
from storefront.admin.forms import ManagerForm, NewManagerForm, PasswordForm
from storefront.forms import SelectChoice, add_field_error, attach_error, form_status


def _cooperative_choices(form: ManagerForm) -> None:
    form.cooperative_id.choices = [
        SelectChoice(str(c.id), c.name + ("" if c.is_active else " " + _("(inactive)")))
        for c in coops.all_cooperatives(db.session)
    ]


def _password_page(user: User, password: str | None) -> tuple[str, int, dict[str, str]]:
    """The one time a password is shown; it must not be kept in any cache."""
    page = render_template("admin/manager_password.html", manager=user, password=password)
    return page, 200, {"Cache-Control": "no-store"}


@bp.get("/pengelola")
def managers() -> ResponseReturnValue:
    return render_template("admin/managers.html", managers=admin_services.managers(db.session))


@bp.route("/pengelola/baru", methods=["GET", "POST"])
def manager_new() -> ResponseReturnValue:
    form = NewManagerForm()
    _cooperative_choices(form)
    if form.validate_on_submit():
        generated = None if form.password.data else admin_services.generate_password()
        try:
            user = admin_services.create_manager(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                cooperative=coops.get_cooperative(db.session, form.cooperative_id.data),
                password=form.password.data or generated or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except EmailTaken:
            add_field_error(form.email, _("An account with this email already exists."))
        except InvalidInput as error:
            attach_error(form, error)
        else:
            return _password_page(user, generated)
    page = render_template("admin/manager_form.html", form=form, manager=None)
    return page, form_status(form)


def _edit_page(user: User, form: ManagerForm, password_form: PasswordForm) -> tuple[str, int]:
    page = render_template(
        "admin/manager_form.html", form=form, password_form=password_form, manager=user
    )
    return page, 400 if form.errors or password_form.errors else 200


@bp.route("/pengelola/<int:user_id>", methods=["GET", "POST"])
def manager_edit(user_id: int) -> ResponseReturnValue:
    user = admin_services.get_manager(db.session, user_id)
    form = ManagerForm(obj=user)
    _cooperative_choices(form)
    if form.validate_on_submit():
        try:
            admin_services.update_manager(
                db.session,
                user,
                email=form.email.data or "",
                name=form.name.data or "",
                cooperative=coops.get_cooperative(db.session, form.cooperative_id.data),
            )
        except EmailTaken:
            add_field_error(form.email, _("An account with this email already exists."))
        except InvalidInput as error:
            attach_error(form, error)
        else:
            flash(_("%(name)s is saved.", name=user.name), "success")
            return redirect(url_for("admin.managers"))
    return _edit_page(user, form, PasswordForm(formdata=None))


@bp.post("/pengelola/<int:user_id>/kata-sandi")
def manager_password(user_id: int) -> ResponseReturnValue:
    user = admin_services.get_manager(db.session, user_id)
    password_form = PasswordForm()
    if password_form.validate_on_submit():
        generated = None if password_form.password.data else admin_services.generate_password()
        admin_services.set_password(
            db.session,
            user,
            password=password_form.password.data or generated or "",
            hash_method=current_app.config["PASSWORD_HASH_METHOD"],
        )
        return _password_page(user, generated)
    form = ManagerForm(formdata=None, obj=user)
    _cooperative_choices(form)
    return _edit_page(user, form, password_form)


@bp.post("/pengelola/<int:user_id>/status")
def manager_status(user_id: int) -> ResponseReturnValue:
    user = admin_services.get_manager(db.session, user_id)
    admin_services.set_account_active(db.session, user, requested_state(), actor_id=current_user.id)
    if user.is_active_account:
        flash(_("%(name)s can log in again.", name=user.name), "success")
    else:
        flash(_("%(name)s can no longer log in.", name=user.name), "info")
    return redirect(url_for("admin.managers"))
