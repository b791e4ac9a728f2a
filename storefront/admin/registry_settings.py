"""City-office view: the registries' thresholds — when a cooperative counts as not active, and
the limits of each UMKM class."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField

from catalog import db
from registry import settings as office_settings
from storefront.admin import bp
from storefront.admin.registry_umkm import RupiahTextField
from storefront.forms import Form, form_status, save_valid


class SettingsForm(Form):
    idle_years = IntegerField(
        _l("Years without RAT or business"),
        description=_l(
            "A cooperative is “tidak aktif” after this many book years with neither a RAT nor "
            "any business. The office's rule: 2."
        ),
    )
    micro_turnover_max = RupiahTextField(
        _l("Micro, up to (Rp)"), description=_l("PP 7/2021: Rp 2 miliar.")
    )
    small_turnover_max = RupiahTextField(
        _l("Small, up to (Rp)"), description=_l("PP 7/2021: Rp 15 miliar.")
    )
    medium_turnover_max = RupiahTextField(
        _l("Medium, up to (Rp)"), description=_l("PP 7/2021: Rp 50 miliar. Above it: large.")
    )
    micro_capital_max = RupiahTextField(
        _l("Micro, up to (Rp)"), description=_l("PP 7/2021: Rp 1 miliar.")
    )
    small_capital_max = RupiahTextField(
        _l("Small, up to (Rp)"), description=_l("PP 7/2021: Rp 5 miliar.")
    )
    medium_capital_max = RupiahTextField(
        _l("Medium, up to (Rp)"), description=_l("PP 7/2021: Rp 10 miliar. Above it: large.")
    )


def _settings_input(form: SettingsForm) -> office_settings.SettingsInput:
    return office_settings.SettingsInput(
        idle_years=form.idle_years.data,
        micro_turnover_max=form.micro_turnover_max.data,
        small_turnover_max=form.small_turnover_max.data,
        medium_turnover_max=form.medium_turnover_max.data,
        micro_capital_max=form.micro_capital_max.data,
        small_capital_max=form.small_capital_max.data,
        medium_capital_max=form.medium_capital_max.data,
    )


@bp.route("/pendataan/pengaturan", methods=["GET", "POST"])
def registry_settings() -> ResponseReturnValue:
    form = SettingsForm(obj=office_settings.current_settings(db.session))
    if save_valid(form, lambda: office_settings.update_settings(db.session, _settings_input(form))):
        flash(_("The registry's settings are saved."), "success")
        return redirect(url_for("admin.registry_settings"))
    return render_template("admin/registry/settings.html", form=form), form_status(form)
