"""Every string the site shows has its Indonesian translation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_extracted_message_is_translated_to_indonesian(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with (ROOT / "storefront/translations/id/LC_MESSAGES/messages.po").open("rb") as f:
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in read_po(f)
            if m.id
            and m.string
            and (m.string if isinstance(m.string, str) else m.string[0])
            and not m.fuzzy
        }
    assert sorted(wanted - translated) == []


def test_every_plural_message_has_both_indonesian_forms():
    """The catalogue declares two plural forms: with only the first, a count other than one
    shows the English text."""
    with (ROOT / "storefront/translations/id/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    assert catalog.num_plurals == 2
    missing = [
        m.id[0] for m in catalog if m.pluralizable and (len(m.string) != 2 or not all(m.string))
    ]
    assert missing == []
