"""Forms of the city office's console."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    Field,
    FloatField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import TextInput

from catalog.models import LegalType
from storefront.forms import Form, RupiahField
from storefront.i18n import decimal

LEGAL_TYPE_CHOICES = [
    SelectChoice(LegalType.PRODUSEN.value, _l("Producers' cooperative (produsen)")),
    SelectChoice(LegalType.KONSUMEN.value, _l("Consumers' cooperative (konsumen)")),
    SelectChoice(LegalType.PEMASARAN.value, _l("Marketing cooperative (pemasaran)")),
    SelectChoice(LegalType.JASA.value, _l("Services cooperative (jasa)")),
    SelectChoice(LegalType.SIMPAN_PINJAM.value, _l("Savings and loans (simpan pinjam)")),
]

# "-6.3160, 106.6720" as Google Maps copies it; also with a space or ";" between, and with
# decimal commas ("-6,316; 106,672") as Indonesian spreadsheets write them.
_POSITIONS = (
    re.compile(r"^(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$"),
    re.compile(r"^(-?\d{1,3}(?:,\d+)?)\s*[;\s]\s*(-?\d{1,3}(?:,\d+)?)$"),
)


def optional_int(value: object) -> int | None:
    """Coerce for selects with an empty choice: '' becomes None."""
    if value in ("", None):
        return None
    return int(value)  # type: ignore[arg-type]


class PositionField(Field):
    """Latitude and longitude in one box, the way map apps copy them; data is (lat, lng)."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data[0]:.6f}, {self.data[1]:.6f}" if self.data else ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        text = valuelist[0] if valuelist else ""
        if not text.strip():
            return
        text = text.strip()[:60]
        match = next((m for p in _POSITIONS if (m := p.match(text))), None)
        if match is None:
            raise ValueError(gettext("Write latitude, longitude, e.g. -6.3160, 106.6720."))
        self.data = tuple(float(part.replace(",", ".")) for part in match.groups())


class KilometreField(FloatField):
    """Kilometres; a decimal comma is accepted, as Indonesians write '7,5', and shown so."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and valuelist[0]:
            valuelist = [valuelist[0][:20].replace(",", ".")]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        # Every stored decimal is shown (up to six, far below a metre), so a form saved
        # untouched keeps the radius exactly: two digits would turn 7.125 into 7.13.
        if self.raw_data:
            return str(self.raw_data[0])
        return decimal(self.data, 6) if self.data is not None else ""


class StatusForm(Form):
    """The (de)activate buttons: which state is wanted, so a repeated click changes nothing."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class CooperativeForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    legal_type = SelectField(_l("Kind"), choices=LEGAL_TYPE_CHOICES)
    kecamatan_id = SelectField(_l("Kecamatan"), coerce=int, validators=[InputRequired()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    phone = StringField(
        _l("Phone"),
        validators=[Optional(), Length(max=30)],
        description=_l("For example 021-7412345 or 0812-3456-7890."),
    )
    commission_rate_percent = IntegerField(
        _l("Commission rate %"),
        default=15,
        validators=[InputRequired(), NumberRange(min=0, max=100)],
        description=_l("The cooperative's share of each sale; members may have their own."),
    )
    description = TextAreaField(_l("About the cooperative"), validators=[Length(max=4000)])


class GalleryForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    cooperative_id = SelectField(_l("Cooperative"), coerce=int, validators=[InputRequired()])
    kecamatan_id = SelectField(_l("Kecamatan"), coerce=int, validators=[InputRequired()])
    kelurahan_id = SelectField(_l("Kelurahan (optional)"), coerce=optional_int)
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=255)])
    position = PositionField(
        _l("Position on the map"),
        validators=[InputRequired()],
        description=_l(
            "In Google Maps, press and hold (or right-click) the gallery's spot, copy the numbers "
            "and paste them here: -6.3160, 106.6720."
        ),
    )
    opening_hours = StringField(
        _l("Opening hours"),
        validators=[Optional(), Length(max=160)],
        description=_l("For example “Senin–Sabtu 08.00–17.00”."),
    )
    whatsapp = StringField(
        _l("WhatsApp"),
        validators=[Optional(), Length(max=30)],
        description=_l("Shoppers chat with the gallery here, e.g. 0812-3456-7890."),
    )
    description = TextAreaField(_l("About the gallery"), validators=[Length(max=4000)])
    base_fee = RupiahField(
        _l("Delivery: base fee (Rp)"), default=8000, validators=[InputRequired()]
    )
    per_km_fee = RupiahField(
        _l("Delivery: fee per km (Rp)"), default=2500, validators=[InputRequired()]
    )
    max_radius_km = KilometreField(
        _l("Delivery radius (km)"),
        default=8.0,
        validators=[InputRequired()],
        description=_l("Farther than this, shoppers pick up at the gallery."),
    )


class ManagerForm(Form):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    cooperative_id = SelectField(_l("Cooperative"), coerce=int, validators=[InputRequired()])


class NewManagerForm(ManagerForm):
    password = PasswordField(
        _l("Initial password (optional)"),
        validators=[Optional(), Length(min=8, max=200)],
        description=_l("Leave empty and Gerai makes one up, shown to you once."),
    )


class PasswordForm(Form):
    password = PasswordField(
        _l("New password (optional)"),
        validators=[Optional(), Length(min=8, max=200)],
        description=_l("Leave empty and Gerai makes one up, shown to you once."),
    )
