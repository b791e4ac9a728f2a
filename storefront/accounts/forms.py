"""Log-in and registration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from storefront.forms import Form, email_field, new_password_field


class LoginForm(Form):
    email = email_field(_l("Email"))
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class RegisterForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(min=2, max=120)])
    email = email_field(_l("Email"))
    password = new_password_field(_l("Password"), _l("At least 8 characters."))
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[DataRequired(), EqualTo("password", message=_l("Passwords do not match."))],
    )
