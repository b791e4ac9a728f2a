"""City-office views of the officers' accounts: the kecamatan and kelurahan officers who update
and confirm their areas' records in a data round."""

from __future__ import annotations

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField

from accounts import admin_services
from accounts.models import User
from accounts.services import EmailTaken
from catalog import cooperatives as catalog_coops
from catalog import db
from catalog.exceptions import InvalidInput
from catalog.models import Kecamatan, Kelurahan
from registry import officer_accounts
from storefront.admin import bp
from storefront.admin.forms import optional_int
from storefront.forms import (
    Form,
    SelectChoice,
    add_field_error,
    attach_error,
    email_field,
    form_status,
    generated_password_field,
    id_choice_field,
    name_field,
)


class OfficerForm(Form):
    name = name_field(_l("Full name"), max_length=120)
    email = email_field(_l("Email"))
    kecamatan_id = id_choice_field(_l("Kecamatan"))
    kelurahan_id = SelectField(
        _l("Kelurahan (for a kelurahan officer)"),
        coerce=optional_int,
        description=_l("Leave empty for an officer of the whole kecamatan."),
    )
    password = generated_password_field(_l("Initial password (optional)"))


def _choices(form: OfficerForm) -> None:
    places = catalog_coops.all_kecamatan(db.session)
    form.kecamatan_id.choices = [SelectChoice(str(k.id), k.name) for k in places]
    form.kelurahan_id.choices = [SelectChoice("", _l("The whole kecamatan"))] + [
        SelectChoice(str(kel.id), f"{k.name} – {kel.name}") for k in places for kel in k.kelurahan
    ]


def _areas() -> tuple[dict[int, str], dict[int, str]]:
    kecamatan = {k.id: k.name for k in db.session.scalars(select(Kecamatan))}
    kelurahan = {k.id: k.name for k in db.session.scalars(select(Kelurahan))}
    return kecamatan, kelurahan


@bp.get("/pendataan/petugas")
def registry_officers() -> ResponseReturnValue:
    kecamatan, kelurahan = _areas()
    return render_template(
        "admin/registry/officers.html",
        officers=officer_accounts.officers(db.session),
        kecamatan=kecamatan,
        kelurahan=kelurahan,
    )


def _password_page(user: User, password: str | None) -> tuple[str, int, dict[str, str]]:
    """The one time a password is shown; it must not be kept in any cache."""
    page = render_template("admin/registry/officer_password.html", officer=user, password=password)
    return page, 200, {"Cache-Control": "no-store"}


@bp.route("/pendataan/petugas/baru", methods=["GET", "POST"])
def registry_officer_new() -> ResponseReturnValue:
    form = OfficerForm()
    _choices(form)
    if form.validate_on_submit():
        generated = None if form.password.data else admin_services.generate_password()
        try:
            user = officer_accounts.create_officer(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                kecamatan_id=form.kecamatan_id.data,
                kelurahan_id=form.kelurahan_id.data,
                password=form.password.data or generated or "",
                hash_method=current_app.config["PASSWORD_HASH_METHOD"],
            )
        except EmailTaken:
            add_field_error(form.email, _("An account with this email already exists."))
        except InvalidInput as error:
            attach_error(form, error)
        else:
            return _password_page(user, generated)
    page = render_template("admin/registry/officer_form.html", form=form)
    return page, form_status(form)
