"""The Spanish catalog is complete: every marked string translated, none fuzzy, compiled."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
PO_PATH = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


def test_every_spanish_entry_is_translated_and_not_fuzzy():
    catalog = polib.pofile(str(PO_PATH))
    missing = [e.msgid for e in catalog if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags and not e.obsolete]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_the_compiled_catalog_matches_its_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.pofile(str(PO_PATH))
        if e.translated() and not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.mofile(str(MO_PATH))
        if e.msgid
    }
    assert compiled == source, "run: manage.py compilemessages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext not installed")
def test_the_catalog_holds_every_string_marked_in_the_code(tmp_path):
    """Run makemessages on the real tree, compare, and put the catalog back as it was."""
    backup = tmp_path / "django.po"
    shutil.copy2(PO_PATH, backup)
    try:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete",
             "--ignore=.venv/*", "--ignore=staticfiles/*", "--ignore=bench/*"],
            cwd=ROOT, check=True, capture_output=True, timeout=300,
        )
        fresh = {e.msgid for e in polib.pofile(str(PO_PATH))}
    finally:
        shutil.copy2(backup, PO_PATH)
    known = {e.msgid for e in polib.pofile(str(PO_PATH)) if not e.obsolete}
    assert fresh - known == set(), f"strings not in the catalog: {sorted(fresh - known)[:10]}"
