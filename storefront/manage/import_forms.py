"""The form of the product import (bulk upload of a sheet and its photos)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField

from storefront.forms import Form


class ImportForm(Form):
    # validate_choice=False: a gallery id of another cooperative must reach gallery_of and be a
    # 404 like everywhere else in the console, not a form error that tells it exists.
    gallery_id = SelectField(_l("Gallery"), coerce=int, validate_choice=False)
    sheet = FileField(
        _l("Product sheet (CSV or XLSX)"),
        validators=[FileRequired(_l("Choose the CSV or XLSX file to import."))],
        description=_l(
            "Columns: name, description, category, member, price_idr, unit, stock, weight_g, "
            "and optionally image."
        ),
    )
    photos = FileField(
        _l("Photos (ZIP, optional)"),
        description=_l("The image column names a file inside this ZIP, e.g. foto/kripik.jpg."),
    )
    dry_run = BooleanField(_l("Only check the file, change nothing"), default=True)
