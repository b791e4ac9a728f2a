"""Shopper forms: checkout and order cancellation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from storefront.forms import Form, SelectChoice


class CheckoutForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    phone = StringField(
        _l("WhatsApp / phone"),
        validators=[DataRequired(), Length(max=30)],
        description=_l("The gallery and the courier contact you here, e.g. 0812-3456-7890."),
    )
    email = EmailField(
        _l("Email (optional)"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("We send the order link and its updates here."),
    )
    address = TextAreaField(
        _l("Delivery address"),
        validators=[Optional(), Length(max=255)],
        description=_l("Street, house number, RT/RW, landmarks. Not needed for pickup only."),
    )
    kelurahan_id = SelectField(_l("Kelurahan"), coerce=int, validators=[Optional()])
    lat = HiddenField()
    lng = HiddenField()
    payment_method = RadioField(
        _l("Payment"),
        choices=[SelectChoice("cod", _l("Cash on delivery (bayar di tempat)"))],
        default="cod",
        validators=[DataRequired()],
    )


class CancelForm(Form):
    reason = StringField(_l("Why (optional)"), validators=[Optional(), Length(max=200)])
