"""Forms of the manager console."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from catalog.models import ProductStatus
from storefront.forms import (
    Form,
    RupiahField,
    commission_field,
    count_field,
    enum_choices,
    id_choice_field,
    name_field,
    phone_field,
    text_field,
)

STATUS_CHOICES = enum_choices(
    {
        ProductStatus.ACTIVE: _l("Active (in the shop)"),
        ProductStatus.DRAFT: _l("Draft (hidden)"),
        ProductStatus.ARCHIVED: _l("Archived"),
    }
)


class MemberForm(Form):
    owner_name = name_field(_l("Owner's name"), max_length=120)
    business_name = name_field(_l("Business name"))
    phone = phone_field(_l("WhatsApp / phone"), _l("For example 0812-3456-7890."))
    nib = text_field(_l("NIB (optional)"), 20, description=_l("Nomor Induk Berusaha, 13 digits."))
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
    unit = text_field(
        _l("Sold per"),
        60,
        required=True,
        description=_l("For example “bungkus 250 g”, “botol 350 ml”, “lembar”."),
    )
    weight_g = IntegerField(
        _l("Shipping weight (grams)"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=100_000)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    pirt_number = text_field(_l("P-IRT number"), 40)
    is_halal = BooleanField(_l("Halal certified"))
    is_featured = BooleanField(_l("Show among the favourites"))
    status = SelectField(_l("Status"), choices=STATUS_CHOICES, default="active")
    initial_stock = IntegerField(
        _l("Stock now"), default=0, validators=[Optional(), NumberRange(min=0, max=1_000_000)]
    )


class RestockForm(Form):
    # Distinct ids: this form and AdjustForm share the product page and a field name.
    quantity = count_field(_l("Items brought in"), minimum=1, id="restock-quantity")
    reason = text_field(
        _l("Note"),
        255,
        description=_l("For example “setoran Bu Sri, 12 Nov”."),
        id="restock-reason",
    )


class AdjustForm(Form):
    new_level = count_field(_l("Counted stock"), minimum=0, id="adjust-new-level")
    reason = text_field(
        _l("Reason"),
        255,
        required=True,
        description=_l("For example “stock opname” or “2 bungkus rusak”."),
        id="adjust-reason",
    )


class PhotoForm(Form):
    photo = FileField(_l("Photo"), validators=[FileRequired()])
    alt = text_field(
        _l("Describe the photo"),
        255,
        description=_l("For people who cannot see it, e.g. “Keripik balado in a 250 g pouch”."),
    )


class AltForm(Form):
    alt = text_field(_l("Description"), 255)
