"""Shopper registration, log in and log out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts import services
from accounts.models import Role, User
from catalog import db
from storefront.accounts.forms import LoginForm, RegisterForm
from storefront.extensions import limiter
from storefront.forms import add_field_error, form_status
from storefront.urls import safe_next

bp = Blueprint("accounts", __name__, url_prefix="/akun")


LANDING = {
    Role.MANAGER: "manage.dashboard",
    Role.ADMIN: "admin.overview",
    Role.COURIER: "courier.jobs",
}


def deactivated_message(role: Role) -> str:
    """Why a closed account cannot log in, and whom to ask to reopen it."""
    if role == Role.COURIER:
        return _("This account is deactivated. Ask the manager of your gallery to reopen it.")
    return _(
        "This account is deactivated. Contact the city's cooperative office "
        "(Dinas Koperasi) to reopen it."
    )


def landing_page(user: User) -> str:
    """Where a user lands after logging in without a ``next``: their console, or the shop."""
    return url_for(LANDING.get(user.role, "shop.home"))


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session, form.email.data or "", form.password.data or ""
            )
        except services.AccountDeactivated as closed:
            form.form_errors.append(deactivated_message(closed.role))
        else:
            if user is not None:
                login_user(user)
                flash(_("Welcome back, %(name)s!", name=user.name), "success")
                return redirect(safe_next(form.next.data, landing_page(user)))
            form.form_errors.append(_("Email or password is wrong."))
    return render_template("accounts/login.html", form=form)


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def register() -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.register_shopper(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.EmailTaken:
            add_field_error(form.email, _("An account with this email already exists."))
        else:
            login_user(user)
            flash(_("Your account is ready. Selamat berbelanja!"), "success")
            return redirect(url_for("shop.home"))
    return render_template("accounts/register.html", form=form), form_status(form)


@bp.post("/keluar")
@login_required
def logout() -> ResponseReturnValue:
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("shop.home"))


@bp.get("/")
@login_required
def account() -> ResponseReturnValue:
    return render_template("accounts/account.html", user=current_user)
