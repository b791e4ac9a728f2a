"""Form helpers shared by audiences: turning domain errors into field messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import flask_babel
from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import IntegerField

from catalog.exceptions import InvalidInput
from catalog.money import parse_rupiah
from storefront.i18n import decimal


class _CatalogueTranslations:
    """WTForms' translation hook answered from Gerai's own catalogue (see wtforms_messages)."""

    # WTForms fills the placeholders itself, so the raw catalogue is asked, not flask_babel's
    # gettext/ngettext, which would format with their own variables.
    def gettext(self, string: str) -> str:
        return flask_babel.get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return flask_babel.get_translations().ungettext(singular, plural, n)


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


def attach_error(form: FlaskForm, error: InvalidInput, fallback_field: str | None = None) -> None:
    """Show a domain validation error under its field (translated), or on the form."""
    message = gettext(error.message, **_localised(error.params))
    field = getattr(form, error.field, None) or (
        getattr(form, fallback_field, None) if fallback_field else None
    )
    if field is not None:
        field.errors = [*field.errors, message]
    else:
        form.form_errors.append(message)


def form_status(form: FlaskForm) -> int:
    """400 when a submitted form has errors, so the request's transaction is rolled back."""
    return 400 if form.errors else 200
