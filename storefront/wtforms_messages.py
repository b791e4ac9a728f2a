"""WTForms' own messages, listed so they are extracted into Gerai's catalogue.

WTForms ships no Indonesian translation; :class:`storefront.forms.Form` looks its messages up
in Gerai's catalogue instead, so field errors speak the page's language.
"""

from __future__ import annotations

from flask_babel import lazy_ngettext

from catalog.i18n import N_

WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Field must be equal to %(other_name)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("The CSRF token is missing."),
    N_("The CSRF token is invalid."),
    N_("The CSRF token has expired."),
)
WTFORMS_PLURAL_MESSAGES = (
    lazy_ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    ),
    lazy_ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    ),
    lazy_ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    ),
)
