"""The office's thresholds for the registries' derived figures (one row, made by the migration)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import pairwise

from catalog.db import DbSession, saved
from catalog.exceptions import InvalidInput
from catalog.i18n import N_
from registry import checks
from registry.models import RegistrySettings
from registry.rules import ClassLimits

SETTINGS_ID = 1
SIZES = ("micro", "small", "medium")


def current_settings(session: DbSession) -> RegistrySettings:
    """The settings row (made with PP 7/2021's limits if it is missing)."""
    found = session.get(RegistrySettings, SETTINGS_ID)
    if found is None:
        found = saved(session, RegistrySettings(id=SETTINGS_ID, **_defaults()))
    return found


def _defaults() -> dict[str, int]:
    return {"idle_years": 2, **asdict(ClassLimits())}


def class_limits(session: DbSession) -> ClassLimits:
    row = current_settings(session)
    return ClassLimits(**{name: getattr(row, name) for name in ClassLimits.__dataclass_fields__})


@dataclass
class SettingsInput:
    idle_years: int | None
    micro_turnover_max: int | None
    small_turnover_max: int | None
    medium_turnover_max: int | None
    micro_capital_max: int | None
    small_capital_max: int | None
    medium_capital_max: int | None


def update_settings(session: DbSession, data: SettingsInput) -> RegistrySettings:
    if data.idle_years is None or not 1 <= data.idle_years <= 10:
        raise InvalidInput("idle_years", N_("Give a number of years from 1 to 10."))
    limits = {}
    for name in ClassLimits.__dataclass_fields__:
        value = checks.rupiah(getattr(data, name), name)
        if not value:
            raise InvalidInput(name, N_("Give an amount above zero rupiah."))
        limits[name] = value
    for kind in ("turnover", "capital"):
        for lower, upper in pairwise(SIZES):
            if not limits[f"{lower}_{kind}_max"] < limits[f"{upper}_{kind}_max"]:
                raise InvalidInput(
                    f"{upper}_{kind}_max", N_("Each class's limit must be above the one before it.")
                )
    row = current_settings(session)
    row.idle_years = data.idle_years
    for name, value in limits.items():
        setattr(row, name, value)
    return saved(session, row)
