"""Forms of the manager console."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from catalog.models import ProductStatus
from storefront.forms import (
    Form,
    RupiahField,
    SelectChoice,
    commission_field,
    id_choice_field,
    name_field,
    phone_field,
)

STATUS_CHOICES = [
    SelectChoice(ProductStatus.ACTIVE.value, _l("Active (in the shop)")),
    SelectChoice(ProductStatus.DRAFT.value, _l("Draft (hidden)")),
    SelectChoice(ProductStatus.ARCHIVED.value, _l("Archived")),
]


class MemberForm(Form):
    owner_name = StringField(_l("Owner's name"), validators=[DataRequired(), Length(max=120)])
    business_name = StringField(_l("Business name"), validators=[DataRequired(), Length(max=160)])
    phone = phone_field(_l("WhatsApp / phone"), _l("For example 0812-3456-7890."))
    nib = StringField(
        _l("NIB (optional)"),
        validators=[Optional(), Length(max=20)],
        description=_l("Nomor Induk Berusaha, 13 digits."),
    )
    commission_rate_percent = commission_field(
        _l("Commission rate % (optional)"),
        _l("Leave empty to use the cooperative's rate."),
        required=False,
    )
    story = TextAreaField(_l("About the business"), validators=[Optional(), Length(max=2000)])


class ProductForm(Form):
    gallery_id = id_choice_field(_l("Gallery"))
    name = name_field(_l("Product name"))
    category_id = id_choice_field(_l("Category"))
    member_id = id_choice_field(_l("Made by (member)"))
    price = RupiahField(
        _l("Price (Rp)"),
        validators=[InputRequired(), NumberRange(min=1, max=1_000_000_000)],
        description=_l("Whole rupiah, without dots: 25000."),
    )
    unit = StringField(
        _l("Sold per"),
        validators=[DataRequired(), Length(max=60)],
        description=_l("For example “bungkus 250 g”, “botol 350 ml”, “lembar”."),
    )
    weight_g = IntegerField(
        _l("Shipping weight (grams)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100_000)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    pirt_number = StringField(_l("P-IRT number"), validators=[Optional(), Length(max=40)])
    is_halal = BooleanField(_l("Halal certified"))
    is_featured = BooleanField(_l("Show among the favourites"))
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="active")
    initial_stock = IntegerField(
        _l("Stock now"), default=0, validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )


class RestockForm(Form):
    # Distinct ids: this form and AdjustForm share the product page and a field name.
    quantity = IntegerField(
        _l("Items brought in"),
        validators=[InputRequired(), NumberRange(min=1, max=1_000_000)],
        id="restock-quantity",
    )
    reason = StringField(
        _l("Note"),
        id="restock-reason",
        validators=[Optional(), Length(max=255)],
        description=_l("For example “setoran Bu Sri, 12 Nov”."),
    )


class AdjustForm(Form):
    new_level = IntegerField(
        _l("Counted stock"),
        validators=[InputRequired(), NumberRange(min=0, max=1_000_000)],
        id="adjust-new-level",
    )
    reason = StringField(
        _l("Reason"),
        id="adjust-reason",
        validators=[DataRequired(), Length(max=255)],
        description=_l("For example “stock opname” or “2 bungkus rusak”."),
    )


class PhotoForm(Form):
    photo = FileField(_l("Photo"), validators=[FileRequired()])
    alt = StringField(
        _l("Describe the photo"),
        validators=[Optional(), Length(max=255)],
        description=_l("For people who cannot see it, e.g. “Keripik balado in a 250 g pouch”."),
    )


class AltForm(Form):
    alt = StringField(_l("Description"), validators=[Optional(), Length(max=255)])
