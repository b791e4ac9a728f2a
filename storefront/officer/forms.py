"""The officer's UMKM form: what an officer checks in the field, on a phone.

Not the office's links (the Gerai member, the cooperative): the office keeps those. The
kecamatan is the officer's own; the kelurahan is chosen among the area's, or fixed (and the
field taken away) for a kelurahan officer.
"""

from __future__ import annotations

from typing import cast

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, ValidationError
from wtforms.validators import Optional

from storefront.admin.forms import optional_int
from storefront.admin.registry_labels import SECTORS
from storefront.forms import (
    Form,
    IsoDateField,
    RupiahTextField,
    SelectChoice,
    SignedRupiahField,
    enum_choices,
    name_field,
    text_field,
)

# The two submit buttons share a name; the one pressed says whether to confirm as well.
ACTION = "aksi"
SAVE_AND_CONFIRM = "konfirmasi"
SAVE_ONLY = "simpan"


class OfficerUmkmForm(Form):
    business_name = name_field(_l("Business name"))
    owner_name = name_field(_l("Owner's name"), max_length=120)
    nib = text_field(
        _l("NIB (optional)"),
        40,
        description=_l("Nomor Induk Berusaha from OSS: 13 digits."),
    )
    sector = SelectField(_l("Sector"), choices=enum_choices(SECTORS))
    # Choices: the area's kelurahan (set by the view). Checked below rather than by WTForms,
    # so a kelurahan of another area is refused in the officer's words, not "not a choice".
    kelurahan_id = SelectField(_l("Kelurahan"), coerce=optional_int, validate_choice=False)
    address = text_field(_l("Address"), 255)
    employees = IntegerField(
        _l("Employees"),
        default=0,
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": "0"},
    )
    turnover = RupiahTextField(
        _l("Yearly turnover, Rp (optional)"),
        description=_l("Sales in a year (omzet), e.g. 750.000.000. It decides the class."),
    )
    capital = RupiahTextField(
        _l("Business capital, Rp (optional)"),
        description=_l(
            "Modal usaha without land and buildings: decides the class while the turnover "
            "is not known."
        ),
    )

    def validate_kelurahan_id(self, field: SelectField) -> None:
        # The view sets them as SelectChoice (WTForms' stubs know only tuples and strings).
        offered = {str(choice.value) for choice in cast(list[SelectChoice], field.choices or [])}
        if ("" if field.data is None else str(field.data)) not in offered:
            raise ValidationError(_l("Choose a kelurahan of your own area."))


class OfficerCooperativeForm(Form):
    """What an officer checks of a cooperative in a round: its members, and its RAT and
    business in the round's book year."""

    members_count = IntegerField(
        _l("Members (anggota)"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": "0"},
    )
    rat_held_on = IsoDateField(
        _l("RAT held on"), validators=[Optional()], description=_l("Empty: no RAT held.")
    )
    members_present = IntegerField(
        _l("Members present at the RAT"),
        validators=[Optional()],
        render_kw={"inputmode": "numeric", "min": "0"},
    )
    shu = SignedRupiahField(
        _l("SHU (surplus)"),
        validators=[Optional()],
        description=_l("A loss is written with a minus sign."),
    )
    business_volume = RupiahTextField(
        _l("Business volume"),
        validators=[Optional()],
        description=_l("Empty: no business reported for the year."),
    )
