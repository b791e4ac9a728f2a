"""City-office views of the yearly data rounds: open one, follow its completion per kelurahan,
close it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange

from catalog import db
from catalog.exceptions import InvalidInput, NotFound
from registry import rounds
from registry.models import DataRound
from storefront.admin import bp
from storefront.forms import (
    Form,
    IsoDateField,
    form_status,
    save_valid,
    text_field,
)
from storefront.i18n import local_today


class RoundForm(Form):
    name = text_field(_l("Name of the round"), 80, required=True)
    year = IntegerField(
        _l("Year"),
        validators=[InputRequired(), NumberRange(min=1945, max=9999)],
        render_kw={"inputmode": "numeric"},
        description=_l("Its book year, for RAT and business, is the year before."),
    )
    closes_on = IsoDateField(_l("Closes on"), validators=[InputRequired()])


def _round(round_id: int) -> DataRound:
    found = rounds.get_round(db.session, round_id)
    if found is None:
        raise NotFound(round_id)
    return found


def _rounds_page(form: RoundForm) -> ResponseReturnValue:
    all_rounds = rounds.all_rounds(db.session)
    page = render_template(
        "admin/registry/rounds.html",
        rounds=all_rounds,
        open_round=rounds.open_round_now(db.session),
        form=form,
    )
    return page, form_status(form)


@bp.get("/pendataan/putaran")
def registry_rounds() -> ResponseReturnValue:
    form = RoundForm(formdata=None)
    year = local_today().year
    form.name.data = f"Pendataan {year}"
    form.year.data = year
    return _rounds_page(form)


@bp.post("/pendataan/putaran")
def registry_round_open() -> ResponseReturnValue:
    form = RoundForm()
    data = rounds.RoundInput(form.name.data or "", form.year.data, form.closes_on.data)

    def open_it() -> DataRound:
        return rounds.open_round(db.session, data, current_user.id, local_today())

    if saved := save_valid(form, open_it):
        flash(
            _("%(name)s is open: officers can update their areas.", name=saved.value.name),
            "success",
        )
        return redirect(url_for("admin.registry_round", round_id=saved.value.id))
    return _rounds_page(form)


@bp.get("/pendataan/putaran/<int:round_id>")
def registry_round(round_id: int) -> ResponseReturnValue:
    data_round = _round(round_id)
    places = rounds.completion(db.session, data_round)
    totals = rounds.Completion(
        kecamatan="",
        kelurahan=None,
        kelurahan_id=None,
        kecamatan_id=None,
        umkm=sum(p.umkm for p in places),
        umkm_confirmed=sum(p.umkm_confirmed for p in places),
        cooperatives=sum(p.cooperatives for p in places),
        cooperatives_confirmed=sum(p.cooperatives_confirmed for p in places),
    )
    return render_template(
        "admin/registry/round.html", round=data_round, places=places, totals=totals
    )


@bp.post("/pendataan/putaran/<int:round_id>/tutup")
def registry_round_close(round_id: int) -> ResponseReturnValue:
    data_round = _round(round_id)
    if not Form().validate_on_submit():
        abort(400)
    try:
        rounds.close_round(db.session, data_round, current_user.id)
    except InvalidInput:
        flash(_("This round is closed already."), "info")
        return redirect(url_for("admin.registry_round", round_id=round_id))
    flash(_("%(name)s is closed.", name=data_round.name), "success")
    return redirect(url_for("admin.registry_round", round_id=round_id))
