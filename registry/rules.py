"""The office's two derived figures, each by one rule in one function: a cooperative's activity
status (aktif, kurang aktif, tidak aktif) and an UMKM's class (mikro, kecil, menengah).

Both are pure: they take the facts and the office's thresholds (``RegistrySettings``) and
return the finding with what it rests on, so every page shows the reason beside the status.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from catalog.i18n import N_


class Activity(enum.StrEnum):
    AKTIF = "aktif"
    KURANG_AKTIF = "kurang_aktif"
    TIDAK_AKTIF = "tidak_aktif"


@dataclass(frozen=True)
class YearFacts:
    """What a book year of a cooperative shows: whether its RAT was held, whether it reported
    any business."""

    book_year: int
    rat_held: bool
    business: bool


@dataclass(frozen=True)
class ActivityFinding:
    status: Activity
    reference_year: int  # the latest closed book year the rule looked at
    window: tuple[int, ...]  # the book years it looked at, oldest first
    rat_held: bool  # in the reference year
    business: bool  # in the reference year

    @property
    def reason(self) -> tuple[str, dict[str, object]]:
        """Why, as a message to translate and its parameters."""
        year, first = self.reference_year, self.window[0]
        if self.status is Activity.TIDAK_AKTIF:
            if first == year:
                return N_("No RAT and no business in %(year)s."), {"year": year}
            return N_("No RAT and no business in %(first)s–%(last)s."), {
                "first": first,
                "last": year,
            }
        if self.status is Activity.AKTIF:
            return N_("RAT held and business reported for %(year)s."), {"year": year}
        if not self.rat_held and not self.business:
            return N_("No RAT and no business reported yet for %(year)s."), {"year": year}
        if not self.rat_held:
            return N_("Business reported, but no RAT held for %(year)s."), {"year": year}
        return N_("RAT held, but no business reported for %(year)s."), {"year": year}


def activity(facts: Iterable[YearFacts], reference_year: int, idle_years: int) -> ActivityFinding:
    """The office's rule, for the book years up to ``reference_year`` (the latest closed one):

    - **tidak aktif** when none of the last ``idle_years`` book years had a RAT or any
      business (the office's rule: two years running without either);
    - **aktif** when the reference year had both its RAT and reported business;
    - **kurang aktif** otherwise (something happened lately, but not both in the last year).
    """
    idle_years = max(1, idle_years)
    window = tuple(range(reference_year - idle_years + 1, reference_year + 1))
    by_year = {f.book_year: f for f in facts}
    quiet = YearFacts(0, rat_held=False, business=False)

    def active(year: int) -> bool:
        seen = by_year.get(year, quiet)
        return seen.rat_held or seen.business

    last = by_year.get(reference_year, quiet)
    if not any(active(year) for year in window):
        status = Activity.TIDAK_AKTIF
    elif last.rat_held and last.business:
        status = Activity.AKTIF
    else:
        status = Activity.KURANG_AKTIF
    return ActivityFinding(status, reference_year, window, last.rat_held, last.business)


class BusinessClass(enum.StrEnum):
    MIKRO = "mikro"
    KECIL = "kecil"
    MENENGAH = "menengah"
    BESAR = "besar"  # beyond the medium limits: not an UMKM any more


@dataclass(frozen=True)
class ClassLimits:
    """The upper limits of each class, in rupiah (PP 7/2021 by default)."""

    micro_turnover_max: int = 2_000_000_000
    small_turnover_max: int = 15_000_000_000
    medium_turnover_max: int = 50_000_000_000
    micro_capital_max: int = 1_000_000_000
    small_capital_max: int = 5_000_000_000
    medium_capital_max: int = 10_000_000_000


@dataclass(frozen=True)
class ClassFinding:
    business_class: BusinessClass
    by_turnover: bool  # False: decided by capital, the turnover being unknown


def _class_under(value: int, micro: int, small: int, medium: int) -> BusinessClass:
    if value <= micro:
        return BusinessClass.MIKRO
    if value <= small:
        return BusinessClass.KECIL
    if value <= medium:
        return BusinessClass.MENENGAH
    return BusinessClass.BESAR


def business_class(
    turnover: int | None, capital: int | None, limits: ClassLimits
) -> ClassFinding | None:
    """The class by yearly turnover (hasil penjualan tahunan), the test PP 7/2021 sets for a
    running business; by capital (modal usaha, without land and buildings) when the turnover
    is not known; None when neither is."""
    if turnover is not None:
        found = _class_under(
            turnover,
            limits.micro_turnover_max,
            limits.small_turnover_max,
            limits.medium_turnover_max,
        )
        return ClassFinding(found, by_turnover=True)
    if capital is not None:
        found = _class_under(
            capital, limits.micro_capital_max, limits.small_capital_max, limits.medium_capital_max
        )
        return ClassFinding(found, by_turnover=False)
    return None
