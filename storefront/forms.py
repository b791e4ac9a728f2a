"""Form helpers shared by audiences: the base form, field kinds, the fields the city office's
and the managers' forms have in common (each defined once, here), and turning domain errors
into field messages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Generic, TypeVar

import flask_babel
from flask import flash
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    Field,
    FloatField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import (  # type: ignore[attr-defined]  # WTForms 3.2 added it;
    SelectChoice as SelectChoice,  # its stub package (types-WTForms) lags. Re-exported here.
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)
from wtforms.widgets import TextInput

from accounts import passwords
from catalog.exceptions import InvalidInput
from catalog.money import parse_rupiah
from catalog.money import thousands as money_thousands
from storefront.i18n import decimal


class _CatalogueTranslations:
    """WTForms' translation hook answered from Gerai's own catalogue (see wtforms_messages)."""

    # WTForms fills the placeholders itself, so the raw catalogue is asked, not flask_babel's
    # gettext/ngettext, which would format with their own variables.
    def gettext(self, string: str) -> str:
        return flask_babel.get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return flask_babel.get_translations().ungettext(singular, plural, n)


AnyEnum = TypeVar("AnyEnum", bound=Enum)


class RupiahField(IntegerField):
    """Whole rupiah as people type them: '25000', '25.000' or 'Rp 25.000'."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = parse_rupiah(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError(gettext("Write the amount in whole rupiah, e.g. 25.000.")) from exc


class RupiahTextField(RupiahField):
    """Rupiah typed as text ('2.500.000.000': a number box refuses the dots), with the
    phone's digit keyboard, and shown back with its thousands dots."""

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return money_thousands(self.data) if self.data is not None else ""


class SignedRupiahField(RupiahTextField):
    """Whole rupiah that may be negative (a loss, a shortfall): a leading minus
    ('-1.500.000') makes it so, and the rule that reads it can refuse it in words."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        negative = raw.startswith(("-", "\u2212"))
        super().process_formdata([raw[1:] if negative else raw])
        if negative and self.data is not None:
            self.data = -self.data


class IsoDateField(DateField):
    """The browser's date picker (year-month-day); empty gives None."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if raw:
            try:
                self.data = date.fromisoformat(raw[:10])
            except ValueError as exc:
                raise ValueError(
                    gettext("Write the date as year-month-day, e.g. 2026-12-07.")
                ) from exc


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


# --- fields the city office's and the managers' forms share ------------------------------
# Factories, not a base class, so each form keeps its fields in its own order. Call one in a
# form's class body: ``phone = phone_field(_l("Phone"), _l("For example …"))``.


def enum_choices(labels: Mapping[AnyEnum, Any]) -> list[SelectChoice]:
    """The choices of a select over an enum, each value with its label, in the given order."""
    return [SelectChoice(member.value, label) for member, label in labels.items()]


def text_field(
    label: Any,
    max_length: int,
    *,
    required: bool = False,
    description: Any = "",
    id: str | None = None,
) -> StringField:
    """A one-line text box, required (DataRequired) or optional, of at most ``max_length``."""
    presence = DataRequired() if required else Optional()
    return StringField(
        label, validators=[presence, Length(max=max_length)], description=description, id=id
    )


def email_field(label: Any, *, required: bool = True, description: Any = "") -> EmailField:
    """An email address, required or optional (then empty is fine)."""
    presence = DataRequired() if required else Optional()
    return EmailField(
        label, validators=[presence, Email(), Length(max=254)], description=description
    )


def count_field(label: Any, *, minimum: int, id: str | None = None) -> IntegerField:
    """A required number of items (stock), from ``minimum`` up to a million."""
    return IntegerField(
        label, validators=[InputRequired(), NumberRange(min=minimum, max=1_000_000)], id=id
    )


def name_field(label: Any = None, max_length: int = 160) -> StringField:
    """A required name (of a cooperative, a gallery, a person)."""
    return text_field(label or _l("Name"), max_length, required=True)


def phone_field(label: Any, description: Any, *, required: bool = False) -> StringField:
    """A phone or WhatsApp number as people type it (stored as +62…); optional unless said."""
    return text_field(label, 30, required=required, description=description)


def commission_field(label: Any, description: Any, *, required: bool) -> IntegerField:
    """A commission rate in whole percent: the cooperative's (required, 15 unless changed) or
    a member's own (optional: empty means the cooperative's)."""
    return IntegerField(
        label,
        default=15 if required else None,
        validators=[InputRequired() if required else Optional(), NumberRange(min=0, max=100)],
        description=description,
    )


def id_choice_field(label: Any) -> SelectField:
    """A required choice of a row by id (kecamatan, cooperative, gallery…)."""
    return SelectField(label, coerce=int, validators=[InputRequired()])


def new_password_field(label: Any, description: Any, *, required: bool = True) -> PasswordField:
    """A new password, as long as :mod:`accounts.passwords` asks (its other checks, such as
    common passwords, are made by the service and shown beside the field)."""
    presence = DataRequired() if required else Optional()
    length = Length(min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH)
    return PasswordField(label, validators=[presence, length], description=description)


def repeated_password_field(label: Any) -> PasswordField:
    """The new password typed a second time, which must match the ``password`` field."""
    mismatch = _l("Passwords do not match.")
    return PasswordField(label, validators=[DataRequired(), EqualTo("password", message=mismatch)])


def generated_password_field(label: Any) -> PasswordField:
    """A password the admin or manager may type, or leave empty for Gerai to make one up."""
    description = _l("Leave empty and Gerai makes one up, shown to you once.")
    return new_password_field(label, description, required=False)


def delivery_fee_fields() -> tuple[RupiahField, RupiahField, KilometreField]:
    """A gallery's delivery fees: base fee, fee per km and radius, in that order
    (``base_fee, per_km_fee, max_radius_km = delivery_fee_fields()`` in a form's body)."""
    return (
        RupiahField(_l("Delivery: base fee (Rp)"), default=8000, validators=[InputRequired()]),
        RupiahField(_l("Delivery: fee per km (Rp)"), default=2500, validators=[InputRequired()]),
        KilometreField(
            _l("Delivery radius (km)"),
            default=8.0,
            validators=[InputRequired()],
            description=_l("Farther than this, shoppers pick up at the gallery."),
        ),
    )


class Form(FlaskForm):
    """Base form of every Gerai form: CSRF from Flask-WTF, messages in the page's language.

    A refused CSRF token (a page left open too long, or sent twice) is said at the top of the
    form in plain words: the token is a hidden field, so an error beside it would never show.
    """

    class Meta:
        def get_translations(self, form: FlaskForm) -> _CatalogueTranslations:
            return _CatalogueTranslations()

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        csrf_field = getattr(self, "csrf_token", None)
        if csrf_field is not None and csrf_field.errors:
            csrf_field.errors = []
            self.form_errors.append(
                gettext(
                    "This form was open too long or was sent twice. "
                    "Check what you typed and send it again."
                )
            )
        return valid


def _localised(params: Mapping[str, object]) -> dict[str, object]:
    """Message parameters as the page's language writes them (decimals: '0,5' / '0.5')."""
    return {k: decimal(v, 2) if isinstance(v, float) else v for k, v in params.items()}


def add_field_error(field: Field, message: str) -> None:
    """Show ``message`` beside ``field`` (a new list: WTForms may have left a tuple there)."""
    field.errors = [*field.errors, message]


def attach_error(form: FlaskForm, error: InvalidInput, fallback_field: str | None = None) -> None:
    """Show a domain validation error under its field (translated), or on the form."""
    message = gettext(error.message, **_localised(error.params))
    field = getattr(form, error.field, None) or (
        getattr(form, fallback_field, None) if fallback_field else None
    )
    if field is not None:
        add_field_error(field, message)
    else:
        form.form_errors.append(message)


T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a form's service call returned; a wrapper, so a service returning None still
    counts as saved."""

    value: T


def save_valid(
    form: FlaskForm, save: Callable[[], T], fallback_field: str | None = None
) -> Saved[T] | None:
    """Call ``save`` when ``form`` was posted and is valid. None when it was not sent, not
    valid, or the service refused the input (then its message stands beside its field)."""
    if not form.validate_on_submit():
        return None
    try:
        return Saved(save())
    except InvalidInput as error:
        attach_error(form, error, fallback_field)
        return None


def flash_new_state(active: bool, name: str, activated: Any, deactivated: Any) -> None:
    """Say which state a (de)activate button left the row called ``name`` in; the messages
    are lazy strings with a ``%(name)s`` placeholder."""
    message = activated if active else deactivated
    flash(str(message) % {"name": name}, "success" if active else "info")


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form has errors, so the request's transaction is rolled back."""
    return 400 if form.errors else 200
