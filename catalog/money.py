"""Rupiah amounts as people write them: '25.000', 'Rp 25.000', '25000', '25.000,00'."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


def parse_rupiah(text: str) -> int:
    """Whole rupiah from Indonesian notation; raises ValueError for anything else.

    Dots group thousands, a comma starts decimals (only ',0' or ',00' make sense for rupiah).
    """
    cleaned = re.sub(r"^rp\.?", "", text.strip().lower()).strip().replace(" ", "")
    if "," in cleaned:
        cleaned, _, cents = cleaned.partition(",")
        # ',00' is Indonesian decimals; '25,000' is an English thousands separator: refuse
        # rather than guess, since one reading is a thousand times the other.
        if len(cents) > 2 or cents.strip("0"):
            raise ValueError("rupiah amounts have no cents")
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"not a rupiah amount: {text!r}")
    return int(cleaned.replace(".", ""))


def thousands(number: int) -> str:
    """A whole number with Indonesian thousands dots: 1500000 -> '1.500.000'."""
    return f"{int(number):,}".replace(",", ".")


def rupiah(amount: int | None) -> str:
    """Integer rupiah shown the Indonesian way: 25000 -> 'Rp 25.000'."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {thousands(abs(int(amount)))}"
