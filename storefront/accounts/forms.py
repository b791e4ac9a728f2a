"""Log-in, registration and change-of-password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from accounts.passwords import MAX_LENGTH, MIN_LENGTH
from storefront.forms import Form, email_field


class LoginForm(Form):
    email = email_field(_l("Email"))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class RegisterForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    email = email_field(_l("Email"))
    # The length rule is checked here too (a quick message beside the field); the service
    # applies the whole rule (accounts.passwords.check_new_password: common passwords too).
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        description=_l("At least 12 characters; not a common password."),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )


class ChangePasswordForm(Form):
    """The account's own new password, confirmed by the current one."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        description=_l("At least 12 characters; not a common password."),
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )
