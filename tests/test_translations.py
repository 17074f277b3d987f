"""The Spanish catalogs are complete: every marked string translated, none fuzzy, compiled.

The foundation's strings live in `locale/es`; each module keeps its own in
`<app>/locale/es`, so modules never edit a shared catalog. `makemessages` run from the
project root writes each string into the catalog of the nearest `locale` folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
IGNORED = (".venv", "staticfiles", "node_modules")
CATALOGS = sorted(
    path
    for path in ROOT.glob("**/locale/es/LC_MESSAGES/django.po")
    if not any(part in IGNORED for part in path.relative_to(ROOT).parts)
)


def test_the_root_catalog_is_among_those_checked():
    assert ROOT / "locale/es/LC_MESSAGES/django.po" in CATALOGS


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spanish_entry_is_translated_and_not_fuzzy(po_path):
    catalog = polib.pofile(str(po_path))
    missing = [e.msgid for e in catalog if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in catalog if "fuzzy" in e.flags and not e.obsolete]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("po_path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalog_matches_its_source(po_path):
    source = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.pofile(str(po_path))
        if e.translated() and not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr or tuple(e.msgstr_plural.values()))
        for e in polib.mofile(str(po_path.with_suffix(".mo")))
        if e.msgid
    }
    assert compiled == source, "run: manage.py compilemessages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext not installed")
def test_the_catalogs_hold_every_string_marked_in_the_code(tmp_path):
    """Run makemessages on the real tree, compare, and put the catalogs back as they were."""
    backups = {}
    for index, po_path in enumerate(CATALOGS):
        backups[po_path] = tmp_path / f"{index}.po"
        shutil.copy2(po_path, backups[po_path])
    fresh: dict[Path, set[str]] = {}
    try:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete",
             "--ignore=.venv/*", "--ignore=staticfiles/*", "--ignore=bench/*"],
            cwd=ROOT, check=True, capture_output=True, timeout=300,
        )
        for po_path in CATALOGS:
            fresh[po_path] = {e.msgid for e in polib.pofile(str(po_path))}
    finally:
        for po_path, backup in backups.items():
            shutil.copy2(backup, po_path)
    for po_path in CATALOGS:
        known = {e.msgid for e in polib.pofile(str(po_path)) if not e.obsolete}
        new = fresh[po_path] - known
        assert not new, f"strings not in {po_path.relative_to(ROOT)}: {sorted(new)[:10]}"
