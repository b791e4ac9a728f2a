"""Forgot your password: ask for a reset link by email, then choose a new password with it.

The request page answers the same, and sends to the same page, whether or not an account has
the address; only an active account is emailed. The link's page is read-only until its form is
sent (opening it, or a mail scanner fetching it, uses nothing up); the token travels in the
path, so both pages tell the browser to send no Referer and to keep no copy. A new password
ends every session of the account and signs this browser in afresh under the new one, as a
change of password on the account page does.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user
from werkzeug.wrappers import Response

from accounts import password_reset
from accounts.models import User
from catalog import db
from catalog.exceptions import InvalidInput
from storefront import mail, throttle
from storefront.accounts.forms import ForgotPasswordForm, ResetPasswordForm
from storefront.accounts.views import landing_page
from storefront.extensions import limiter
from storefront.forms import attach_error, form_status
from storefront.i18n import current_language

bp = Blueprint("password_reset", __name__, url_prefix="/akun")


@bp.after_request
def keep_the_token_private(response: Response) -> Response:
    """No Referer carries the link's token to another site, and no cache keeps the page."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@throttle.per_email_and_ip(
    throttle.RESET_REQUESTS_PER_ADDRESS, throttle.RESET_REQUEST_PER_IP, failures_only=False
)
def forgot() -> ResponseReturnValue:
    """Email a reset link to the address's account, if it has one; answer the same anyway."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = password_reset.request_password_reset(db.session, form.email.data or "")
        if user is not None:
            kind = mail.ACCOUNT_PASSWORD_RESET
            mail.queue_account_email(db.session, kind, user, language=current_language())
        flash(_sent_message(), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), form_status(form)


def _sent_message() -> str:
    minutes = _max_age_s() // 60
    return ngettext(
        "If an account exists for that address, we have sent it a link to choose a new "
        "password. Check your email: the link works for %(num)s minute.",
        "If an account exists for that address, we have sent it a link to choose a new "
        "password. Check your email: the link works for %(num)s minutes.",
        minutes,
    )


@bp.route("/sandi-baru/<token>", methods=["GET", "POST"])
@limiter.limit(throttle.NEW_PASSWORD_PER_IP, methods=["POST"])
def new_password(token: str) -> ResponseReturnValue:
    """Choose a new password with a reset link; the link is checked before the form shows."""
    secret_key, max_age_s = current_app.config["SECRET_KEY"], _max_age_s()
    try:
        user = password_reset.user_for_token(
            db.session, token, secret_key=secret_key, max_age_s=max_age_s
        )
    except password_reset.ResetLinkError as refused:
        return _link_refused(refused)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = password_reset.reset_password_with_token(
                db.session,
                token,
                form.password.data or "",
                secret_key=secret_key,
                max_age_s=max_age_s,
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except InvalidInput as error:
            attach_error(form, error)
        except password_reset.ResetLinkError as refused:  # used at the same moment elsewhere
            return _link_refused(refused)
        else:
            return _signed_in_afresh(user)
    page = render_template("accounts/new_password.html", form=form, user=user)
    return page, form_status(form)


def _signed_in_afresh(user: User) -> ResponseReturnValue:
    mail.queue_account_email(
        db.session, mail.ACCOUNT_PASSWORD_CHANGED, user, language=current_language()
    )
    login_user(user)  # under the new session version: every other session has ended
    flash(_("Your new password is set; every other device is logged out."), "success")
    return redirect(landing_page(user))


def _link_refused(refused: password_reset.ResetLinkError) -> ResponseReturnValue:
    """Why the link cannot be used, and a way to a new one: 410 for a link that worked once
    (expired, used), 400 for one that never did."""
    if isinstance(refused, password_reset.ResetLinkExpired):
        reason, status = "expired", 410
    elif isinstance(refused, password_reset.ResetLinkUsed):
        reason, status = "used", 410
    else:
        reason, status = "invalid", 400
    minutes = _max_age_s() // 60
    return render_template("accounts/reset_link_refused.html", reason=reason, minutes=minutes), (
        status
    )


def _max_age_s() -> int:
    return int(current_app.config["PASSWORD_RESET_MAX_AGE_S"])
