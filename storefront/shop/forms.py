"""Shopper forms: checkout and order cancellation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from storefront.forms import Form, SelectChoice, email_field, text_field


class CheckoutForm(Form):
    name = text_field(_l("Your name"), 120, required=True)
    # a mobile number (orders.checkout refuses landlines): the phone's dial pad to type it
    phone = TelField(
        _l("Mobile number (HP / WhatsApp)"),
        validators=[DataRequired(), Length(max=30)],
        description=_l(
            "A mobile number, e.g. 0812-3456-7890: the gallery and the courier call or WhatsApp "
            "you on it on delivery day."
        ),
        render_kw={"inputmode": "tel"},
    )
    email = email_field(
        _l("Email (optional)"),
        required=False,
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
    reason = text_field(_l("Why (optional)"), 200)
