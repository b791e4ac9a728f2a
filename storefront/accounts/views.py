"""Registration, log in and log out (here or everywhere), and changing one's password."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from accounts import services
from accounts.models import Role, User
from catalog import db
from catalog.exceptions import InvalidInput
from storefront import mail, throttle
from storefront.accounts.forms import ChangePasswordForm, LoginForm, RegisterForm
from storefront.extensions import limiter
from storefront.forms import add_field_error, attach_error, form_status
from storefront.i18n import current_language
from storefront.urls import safe_next

bp = Blueprint("accounts", __name__, url_prefix="/akun")


LANDING = {
    Role.MANAGER: "manage.dashboard",
    Role.ADMIN: "admin.overview",
    Role.COURIER: "courier.jobs",
    Role.OFFICER: "officer.home",
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
@throttle.per_email_and_ip(throttle.LOGIN_FAILURES_PER_ACCOUNT, throttle.LOGIN_PER_IP)
def login() -> ResponseReturnValue:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session,
                form.email.data or "",
                form.password.data or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.AccountDeactivated as closed:
            form.form_errors.append(deactivated_message(closed.role))
        else:
            if user is not None:
                login_user(user)
                flash(_("Welcome back, %(name)s!", name=user.name), "success")
                return redirect(safe_next(form.next.data, landing_page(user)))
            form.form_errors.append(_("Email or password is wrong."))
            throttle.count_failure()
    return render_template("accounts/login.html", form=form)


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(throttle.REGISTER_PER_IP, methods=["POST"])
def register() -> ResponseReturnValue:
    """Register a shopper. A new address and a taken one get the same answer (so a stranger
    cannot learn who has an account): "check your email" and the log-in page. The new
    address gets its account and a welcome email; the owner of a taken one is told by email
    that someone tried, and nothing changes."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            registration = services.register_shopper(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except InvalidInput as error:
            attach_error(form, error)
        else:
            kind = mail.ACCOUNT_WELCOME if registration.created else mail.ACCOUNT_EXISTS
            language = current_language() if registration.created else None
            mail.queue_account_email(db.session, kind, registration.user, language=language)
            flash(
                _(
                    "Check your email: we have sent a message about your account to that "
                    "address. Then log in here."
                ),
                "info",
            )
            return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form), form_status(form)


def signed_in_user() -> User:
    """The signed-in account itself (not Flask-Login's proxy), for the account services."""
    user = current_user._get_current_object()  # the proxy would not pass isinstance
    assert isinstance(user, User)
    return user


@bp.post("/keluar")
@login_required
def logout() -> ResponseReturnValue:
    """Log out; a copy of this session's cookie, wherever it is, ends with it."""
    services.end_sessions(db.session, signed_in_user())
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("shop.home"))


@bp.post("/keluar-semua")
@login_required
def logout_everywhere() -> ResponseReturnValue:
    """End every session of the account: a phone lost or a shared computer left signed in."""
    services.end_sessions(db.session, signed_in_user())
    logout_user()
    flash(_("You have logged out on every device."), "info")
    return redirect(url_for("shop.home"))


@bp.get("/")
@login_required
def account() -> ResponseReturnValue:
    return _account_page(ChangePasswordForm(formdata=None))


@bp.post("/kata-sandi")
@login_required
@throttle.per_account_and_ip(
    throttle.PASSWORD_CHANGE_FAILURES_PER_ACCOUNT, throttle.PASSWORD_CHANGE_PER_IP
)
def change_password() -> ResponseReturnValue:
    """A new password ends every other session; this browser stays signed in under it."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = signed_in_user()
        try:
            services.change_own_password(
                db.session,
                user,
                current=form.current.data or "",
                new=form.password.data or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except services.WrongPassword:
            add_field_error(form.current, _("The current password is wrong."))
            throttle.count_failure()
        except InvalidInput as error:
            attach_error(form, error)
        else:
            login_user(user)  # keeps the new session version in this browser's session
            flash(_("Your password is changed; other devices are logged out."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(form), 400


def _account_page(password_form: ChangePasswordForm) -> str:
    return render_template("accounts/account.html", user=current_user, password_form=password_form)
