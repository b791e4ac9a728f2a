"""Log-in, registration and change-of-password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from storefront.forms import Form, email_field, new_password_field, repeated_password_field

RULE = _l("At least 12 characters; not a common password.")


class LoginForm(Form):
    email = email_field(_l("Email"))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class RegisterForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    email = email_field(_l("Email"))
    # The length rule is checked here too (a quick message beside the field); the service
    # applies the whole rule (accounts.passwords.check_new_password: common passwords too).
    password = new_password_field(_l("Password"), RULE)
    confirm = repeated_password_field(_l("Repeat password"))


class ChangePasswordForm(Form):
    """The account's own new password, confirmed by the current one."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = new_password_field(_l("New password"), RULE)
    confirm = repeated_password_field(_l("Repeat new password"))


class ForgotPasswordForm(Form):
    """The address to send a password reset link to."""

    email = email_field(_l("Email"))


class ResetPasswordForm(Form):
    """A new password chosen through a reset link (the link is the proof of identity)."""

    password = new_password_field(_l("New password"), RULE)
    confirm = repeated_password_field(_l("Repeat new password"))
