"""The office's two derived figures: a cooperative's activity status and an UMKM's class."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from registry.rules import (
    Activity,
    BusinessClass,
    ClassLimits,
    YearFacts,
    activity,
    business_class,
)

LIMITS = ClassLimits()
MILIAR = 1_000_000_000


def year(book_year: int, rat: bool = False, business: bool = False) -> YearFacts:
    return YearFacts(book_year, rat_held=rat, business=business)


def test_two_years_without_rat_or_business_is_tidak_aktif():
    found = activity([year(2023, rat=True, business=True)], 2025, idle_years=2)
    assert found.status is Activity.TIDAK_AKTIF
    assert found.window == (2024, 2025)
    message, params = found.reason
    assert message % params == "No RAT and no business in 2024–2025."


def test_one_quiet_year_after_an_active_one_is_kurang_aktif():
    found = activity([year(2024, rat=True, business=True)], 2025, idle_years=2)
    assert found.status is Activity.KURANG_AKTIF
    message, params = found.reason
    assert message % params == "No RAT and no business reported yet for 2025."


def test_rat_and_business_in_the_last_book_year_is_aktif():
    found = activity([year(2025, rat=True, business=True)], 2025, idle_years=2)
    assert found.status is Activity.AKTIF
    assert found.reason[1] == {"year": 2025}


def test_business_without_its_rat_is_kurang_aktif_and_says_so():
    found = activity([year(2025, business=True)], 2025, idle_years=2)
    assert found.status is Activity.KURANG_AKTIF
    message, params = found.reason
    assert message % params == "Business reported, but no RAT held for 2025."


def test_the_idle_years_are_the_offices_setting():
    facts = [year(2023, rat=True)]
    assert activity(facts, 2025, idle_years=3).status is Activity.KURANG_AKTIF
    assert activity(facts, 2025, idle_years=2).status is Activity.TIDAK_AKTIF
    one = activity([], 2025, idle_years=1)
    assert one.reason[0] % one.reason[1] == "No RAT and no business in 2025."


@given(
    st.lists(st.tuples(st.integers(2015, 2026), st.booleans(), st.booleans()), max_size=12),
    st.integers(2016, 2026),
    st.integers(1, 5),
)
def test_the_status_follows_the_rule_for_any_history(history, reference, idle):
    facts = [year(y, rat, business) for y, rat, business in history]
    found = activity(facts, reference, idle)
    latest = {f.book_year: f for f in facts}  # a later row for a year replaces an earlier one
    window = range(reference - idle + 1, reference + 1)
    quiet = all(not (latest[y].rat_held or latest[y].business) for y in window if y in latest)
    last = latest.get(reference)
    if quiet:
        assert found.status is Activity.TIDAK_AKTIF
    elif last is not None and last.rat_held and last.business:
        assert found.status is Activity.AKTIF
    else:
        assert found.status is Activity.KURANG_AKTIF
    assert found.reason[0]  # every status says why


def test_turnover_decides_the_class_at_pp_7_2021s_limits():
    assert business_class(2 * MILIAR, None, LIMITS).business_class is BusinessClass.MIKRO
    assert business_class(2 * MILIAR + 1, None, LIMITS).business_class is BusinessClass.KECIL
    assert business_class(15 * MILIAR, None, LIMITS).business_class is BusinessClass.KECIL
    assert business_class(15 * MILIAR + 1, None, LIMITS).business_class is BusinessClass.MENENGAH
    assert business_class(50 * MILIAR, None, LIMITS).business_class is BusinessClass.MENENGAH
    assert business_class(50 * MILIAR + 1, None, LIMITS).business_class is BusinessClass.BESAR


def test_capital_decides_only_when_the_turnover_is_unknown():
    by_capital = business_class(None, 3 * MILIAR, LIMITS)
    assert by_capital is not None
    assert (by_capital.business_class, by_capital.by_turnover) == (BusinessClass.KECIL, False)
    by_turnover = business_class(1 * MILIAR, 3 * MILIAR, LIMITS)
    assert by_turnover is not None
    assert (by_turnover.business_class, by_turnover.by_turnover) == (BusinessClass.MIKRO, True)
    assert business_class(None, None, LIMITS) is None


ORDER = [BusinessClass.MIKRO, BusinessClass.KECIL, BusinessClass.MENENGAH, BusinessClass.BESAR]


@given(st.integers(0, 10**14), st.integers(0, 10**14))
def test_more_turnover_never_means_a_smaller_class(a, b):
    low, high = sorted((a, b))
    found_low = business_class(low, None, LIMITS)
    found_high = business_class(high, None, LIMITS)
    assert found_low is not None and found_high is not None
    assert ORDER.index(found_low.business_class) <= ORDER.index(found_high.business_class)
