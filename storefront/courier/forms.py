"""Forms of the courier page: claim, delivered (with the cash collected), failed."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from catalog.db import MAX_ID
from storefront.forms import Form, RupiahField


class ClaimForm(Form):
    plate = StringField(
        _l("Number plate"),
        validators=[Optional(), Length(max=20)],
        description=_l("Shown to the shopper, e.g. B 3456 TNG."),
    )


class StepForm(Form):
    """Just the CSRF token: picked up."""


class DeliveredForm(Form):
    cod_collected = RupiahField(
        _l("Cash collected"),
        validators=[Optional(), NumberRange(min=0, max=MAX_ID)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class FailedForm(Form):
    reason = StringField(
        _l("What happened?"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("E.g. nobody at home, phone not answered, address not found."),
    )
