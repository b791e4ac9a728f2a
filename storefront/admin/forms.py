"""Forms of the city office's console."""

from __future__ import annotations

import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    Field,
    HiddenField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
)
from wtforms.widgets import TextInput

from catalog.models import LegalType
from storefront.forms import (
    Form,
    commission_field,
    delivery_fee_fields,
    email_field,
    enum_choices,
    generated_password_field,
    id_choice_field,
    name_field,
    phone_field,
    text_field,
)

LEGAL_TYPE_CHOICES = enum_choices(
    {
        LegalType.PRODUSEN: _l("Producers' cooperative (produsen)"),
        LegalType.KONSUMEN: _l("Consumers' cooperative (konsumen)"),
        LegalType.PEMASARAN: _l("Marketing cooperative (pemasaran)"),
        LegalType.JASA: _l("Services cooperative (jasa)"),
        LegalType.SIMPAN_PINJAM: _l("Savings and loans (simpan pinjam)"),
    }
)

# "-6.3160, 106.6720" as Google Maps copies it; also with a space or ";" between, and with
# decimal commas ("-6,316; 106,672") as Indonesian spreadsheets write them.
_POSITIONS = (
    re.compile(r"^(-?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)$"),
    re.compile(r"^(-?\d{1,3}(?:,\d+)?)\s*[;\s]\s*(-?\d{1,3}(?:,\d+)?)$"),
)


def optional_int(value: str | int | None) -> int | None:
    """Coerce for selects with an empty choice: '' becomes None."""
    if value is None or value == "":
        return None
    return int(value)


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


class StatusForm(Form):
    """The (de)activate buttons: which state is wanted, so a repeated click changes nothing."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])


class CooperativeForm(Form):
    name = name_field()
    legal_type = SelectField(_l("Kind"), choices=LEGAL_TYPE_CHOICES)
    kecamatan_id = id_choice_field(_l("Kecamatan"))
    address = text_field(_l("Address"), 255)
    phone = phone_field(_l("Phone"), _l("For example 021-7412345 or 0812-3456-7890."))
    commission_rate_percent = commission_field(
        _l("Commission rate %"),
        _l("The cooperative's share of each sale; members may have their own."),
        required=True,
    )
    description = TextAreaField(_l("About the cooperative"), validators=[Length(max=4000)])


class GalleryForm(Form):
    name = name_field()
    cooperative_id = id_choice_field(_l("Cooperative"))
    kecamatan_id = id_choice_field(_l("Kecamatan"))
    kelurahan_id = SelectField(_l("Kelurahan (optional)"), coerce=optional_int)
    address = text_field(_l("Address"), 255, required=True)
    position = PositionField(
        _l("Position on the map"),
        validators=[InputRequired()],
        description=_l(
            "In Google Maps, press and hold (or right-click) the gallery's spot, copy the numbers "
            "and paste them here: -6.3160, 106.6720."
        ),
    )
    opening_hours = text_field(
        _l("Opening hours"), 160, description=_l("For example “Senin–Sabtu 08.00–17.00”.")
    )
    whatsapp = phone_field(
        _l("WhatsApp"), _l("Shoppers chat with the gallery here, e.g. 0812-3456-7890.")
    )
    description = TextAreaField(_l("About the gallery"), validators=[Length(max=4000)])
    base_fee, per_km_fee, max_radius_km = delivery_fee_fields()


class ManagerForm(Form):
    name = name_field(_l("Full name"), max_length=120)
    email = email_field(_l("Email"))
    cooperative_id = id_choice_field(_l("Cooperative"))


class NewManagerForm(ManagerForm):
    password = generated_password_field(_l("Initial password (optional)"))


class PasswordForm(Form):
    password = generated_password_field(_l("New password (optional)"))
