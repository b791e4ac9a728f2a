"""City-office views of the cooperative registry (pendataan): every cooperative of the city with
its legal standing, book years, board and the activity status the office's rule gives it."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from catalog import cooperatives as catalog_coops
from catalog import db
from catalog.db import get_by_id
from catalog.exceptions import NotFound
from catalog.queries import Page, clamp_page
from registry import cooperatives as coops
from registry import queries, rounds
from registry.models import Board, CooperativeOfficial, Health, LegalForm, RegisteredCooperative
from registry.rules import Activity
from storefront.admin import bp
from storefront.admin.forms import optional_int
from storefront.admin.registry_labels import ACTIVITY, BOARDS, HEALTH, LEGAL_FORMS
from storefront.forms import (
    Form,
    IsoDateField,
    RupiahTextField,
    SelectChoice,
    SignedRupiahField,
    enum_choices,
    form_status,
    id_choice_field,
    name_field,
    save_valid,
    text_field,
)
from storefront.i18n import local_today
from storefront.params import int_arg, query_arg

NONE_CHOSEN = SelectChoice("", _l("—"))
PER_PAGE = 50
E = TypeVar("E", LegalForm, Health, Activity)


def _count_field(label: Any, *, required: bool = False) -> IntegerField:
    presence = InputRequired() if required else Optional()
    return IntegerField(
        label,
        validators=[presence, NumberRange(min=0, max=10_000_000)],
        render_kw={"inputmode": "numeric"},
    )


class RecordForm(Form):
    name = name_field()
    nik = text_field(
        _l("Nomor Induk Koperasi (NIK)"), 40, description=_l("16 digits, from the ODS.")
    )
    legal_form = SelectField(_l("Legal form"), choices=enum_choices(LEGAL_FORMS))
    legal_number = text_field(_l("Legal entity number (badan hukum)"), 80)
    legal_date = IsoDateField(_l("Legal entity date"), validators=[Optional()])
    kecamatan_id = id_choice_field(_l("Kecamatan"))
    kelurahan_id = SelectField(_l("Kelurahan (optional)"), coerce=optional_int)
    address = text_field(_l("Address"), 255)
    members_count = _count_field(_l("Members (anggota)"))
    health = SelectField(_l("Health assessment"), choices=[])
    health_year = IntegerField(
        _l("Year of the assessment"),
        validators=[Optional(), NumberRange(min=1945, max=9999)],
        render_kw={"inputmode": "numeric"},
    )
    cooperative_id = SelectField(_l("Runs a gallery on Gerai as"), coerce=optional_int)


class BookYearForm(Form):
    book_year = IntegerField(
        _l("Book year"),
        validators=[InputRequired(), NumberRange(min=1945, max=9999)],
        render_kw={"inputmode": "numeric"},
    )
    rat_held_on = IsoDateField(
        _l("RAT held on"), validators=[Optional()], description=_l("Empty: no RAT held.")
    )
    members_present = _count_field(_l("Members present at the RAT"))
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


class OfficialForm(Form):
    board = SelectField(_l("Board"), choices=enum_choices(BOARDS))
    title = text_field(
        _l("Position"), 60, required=True, description=_l("For example Ketua, Bendahara.")
    )
    name = name_field(_l("Full name"), max_length=120)


def _record(record_id: int) -> RegisteredCooperative:
    return queries.get_record(db.session, record_id)


def _filters() -> queries.CooperativeFilters:
    args = request.args
    kecamatan = int_arg(args, "kecamatan", 0, 0, db.MAX_ID) or None
    return queries.CooperativeFilters(
        kecamatan_id=kecamatan,
        legal_form=_enum_arg(LegalForm, args.get("bentuk", "")),
        health=_enum_arg(Health, args.get("kesehatan", "")),
        status=_enum_arg(Activity, args.get("status", "")),
        text=query_arg(args, 80),
    )


def _enum_arg(kind: type[E], raw: str) -> E | None:
    try:
        return kind(raw)
    except ValueError:
        return None


@bp.get("/pendataan/koperasi")
def registry_cooperatives() -> ResponseReturnValue:
    filters = _filters()
    reference = coops.latest_closed_year(local_today())
    rows = queries.cooperative_rows(db.session, filters, reference)
    number = clamp_page(int_arg(request.args, "page", 1, 1, 100_000), PER_PAGE, len(rows))
    shown = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
    return render_template(
        "admin/registry/cooperatives.html",
        page=Page(items=shown, page=number, per_page=PER_PAGE, total=len(rows)),
        filters=filters,
        reference_year=reference,
        kecamatan=catalog_coops.all_kecamatan(db.session),
        legal_forms=LEGAL_FORMS,
        health_labels=HEALTH,
        activity_labels=ACTIVITY,
    )


def _record_choices(form: RecordForm) -> None:
    form.kecamatan_id.choices = [
        SelectChoice(str(k.id), k.name) for k in catalog_coops.all_kecamatan(db.session)
    ]
    form.kelurahan_id.choices = [NONE_CHOSEN] + [
        SelectChoice(str(kel.id), f"{kecamatan.name} – {kel.name}")
        for kecamatan in catalog_coops.all_kecamatan(db.session)
        for kel in kecamatan.kelurahan
    ]
    form.health.choices = [NONE_CHOSEN, *enum_choices(HEALTH)]
    form.cooperative_id.choices = [SelectChoice("", _l("No gallery on Gerai"))] + [
        SelectChoice(str(c.id), c.name) for c in catalog_coops.all_cooperatives(db.session)
    ]


def _record_input(form: RecordForm) -> coops.CooperativeRecordInput:
    return coops.CooperativeRecordInput(
        name=form.name.data or "",
        nik=form.nik.data,
        legal_form=LegalForm(form.legal_form.data),
        legal_number=form.legal_number.data or "",
        legal_date=form.legal_date.data,
        kecamatan_id=form.kecamatan_id.data,
        kelurahan_id=form.kelurahan_id.data,
        address=form.address.data or "",
        members_count=form.members_count.data,
        health=Health(form.health.data) if form.health.data else None,
        health_year=form.health_year.data,
        cooperative_id=form.cooperative_id.data,
    )


def _record_page(form: RecordForm, record: RegisteredCooperative | None) -> ResponseReturnValue:
    page = render_template("admin/registry/cooperative_form.html", form=form, record=record)
    return page, form_status(form)


@bp.route("/pendataan/koperasi/baru", methods=["GET", "POST"])
def registry_cooperative_new() -> ResponseReturnValue:
    form = RecordForm()
    _record_choices(form)
    today = local_today()

    def create() -> RegisteredCooperative:
        return coops.create_record(db.session, _record_input(form), today)

    if saved := save_valid(form, create):
        rounds.keep_cooperative_in_open_round(db.session, saved.value)
        flash(_("%(name)s is registered.", name=saved.value.name), "success")
        return redirect(url_for("admin.registry_cooperative", record_id=saved.value.id))
    return _record_page(form, None)


@bp.route("/pendataan/koperasi/<int:record_id>/ubah", methods=["GET", "POST"])
def registry_cooperative_edit(record_id: int) -> ResponseReturnValue:
    record = _record(record_id)
    form = RecordForm(obj=record)
    _record_choices(form)
    if request.method == "GET" and record.health is not None:
        form.health.data = record.health.value
    today = local_today()

    def update() -> RegisteredCooperative:
        return coops.update_record(db.session, record, _record_input(form), today)

    if save_valid(form, update):
        rounds.keep_cooperative_in_open_round(db.session, record)
        flash(_("%(name)s is saved.", name=record.name), "success")
        return redirect(url_for("admin.registry_cooperative", record_id=record.id))
    return _record_page(form, record)


def _detail(
    record: RegisteredCooperative,
    year_form: BookYearForm | None = None,
    official_form: OfficialForm | None = None,
) -> ResponseReturnValue:
    year_form = year_form or BookYearForm(formdata=None)
    official_form = official_form or OfficialForm(formdata=None)
    if year_form.book_year.data is None:
        year_form.book_year.data = coops.latest_closed_year(local_today())
    reference = coops.latest_closed_year(local_today())
    page = render_template(
        "admin/registry/cooperative.html",
        record=record,
        finding=coops.activity_of(db.session, record, reference),
        year_form=year_form,
        official_form=official_form,
        legal_forms=LEGAL_FORMS,
        health_labels=HEALTH,
        activity_labels=ACTIVITY,
        boards=BOARDS,
    )
    return page, max(form_status(year_form), form_status(official_form))


@bp.get("/pendataan/koperasi/<int:record_id>")
def registry_cooperative(record_id: int) -> ResponseReturnValue:
    return _detail(_record(record_id))


@bp.post("/pendataan/koperasi/<int:record_id>/tahun-buku")
def registry_cooperative_year(record_id: int) -> ResponseReturnValue:
    record = _record(record_id)
    form = BookYearForm()
    data = coops.BookYearInput(
        book_year=form.book_year.data,
        rat_held_on=form.rat_held_on.data,
        members_present=form.members_present.data,
        shu=form.shu.data,
        business_volume=form.business_volume.data,
    )
    if save_valid(form, lambda: coops.record_book_year(db.session, record, data, local_today())):
        rounds.keep_cooperative_in_open_round(db.session, record)
        flash(_("Book year %(year)s is saved.", year=form.book_year.data), "success")
        return redirect(url_for("admin.registry_cooperative", record_id=record.id) + "#tahun-buku")
    return _detail(record, year_form=form)


@bp.post("/pendataan/koperasi/<int:record_id>/pengurus")
def registry_cooperative_official(record_id: int) -> ResponseReturnValue:
    record = _record(record_id)
    form = OfficialForm()

    def add() -> CooperativeOfficial:
        board = Board(form.board.data)
        title, name = form.title.data or "", form.name.data or ""
        return coops.add_official(db.session, record, board, title, name)

    if save_valid(form, add):
        flash(_("%(name)s is added.", name=form.name.data), "success")
        return redirect(url_for("admin.registry_cooperative", record_id=record.id) + "#pengurus")
    return _detail(record, official_form=form)


@bp.post("/pendataan/koperasi/<int:record_id>/pengurus/<int:official_id>/hapus")
def registry_official_remove(record_id: int, official_id: int) -> ResponseReturnValue:
    record = _record(record_id)
    official = get_by_id(db.session, CooperativeOfficial, official_id)
    if official is None or official.record_id != record.id:
        raise NotFound(official_id)
    if not Form().validate_on_submit():
        abort(400)
    name = official.name
    coops.remove_official(db.session, official)
    flash(_("%(name)s is removed.", name=name), "info")
    return redirect(url_for("admin.registry_cooperative", record_id=record.id) + "#pengurus")
