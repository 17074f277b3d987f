"""A clone of the repository must work on its own: no file the project runs may reach for
a folder beside the checkout (the developers' `../shared` exists on their machines only),
and the data it ships says where it comes from."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from trustbeat.lib.datafiles import MissingDataFile, find_data_file, read_data_bytes

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".git", ".venv", "node_modules", "__pycache__", ".mypy_cache", ".ruff_cache",
                "staticfiles", "media", "test-results"}
# What the demo, the tests and CI run: code, build and CI files (docs may mention the folder).
RUN_FILES = re.compile(r"(\.py|\.toml|\.cfg|\.ini|\.txt|\.sh|\.js|\.html|/Makefile|/\.ci/run)$")
# The import benchmark times the full 121,000-row Boston file when it is there and says it
# skipped otherwise; it is a by-hand measurement, not part of the demo, the tests or CI.
ALLOWED = {ROOT / "bench" / "bench_import.py"}
SHARED_REFERENCE = re.compile(
    r"""(/work/shared|\.\./shared|["']shared["']\s*/|/\s*["']shared["'])"""
)


def project_files() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        if any(part in SKIPPED_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file() and RUN_FILES.search(path.as_posix()):
            found.append(path)
    return found


def test_nothing_the_project_runs_reads_a_folder_beside_the_checkout():
    offenders = []
    for path in project_files():
        if path in ALLOWED or path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if SHARED_REFERENCE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "Keep what these need in data/ instead:\n" + "\n".join(offenders)


def test_the_demo_data_defaults_to_the_repository():
    if "DEMO_DATA_DIR" in os.environ:
        pytest.skip("DEMO_DATA_DIR is set; the default is what a clone gets")
    assert Path(settings.DEMO_DATA_DIR).resolve() == (ROOT / "data").resolve()


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("places", "la-council-districts-2012.geojson"),
        ("places", "la-neighborhood-councils-2019.geojson"),
        ("311", "la311_2020_requests_seed.csv"),
        ("311", "la311_2017_excerpt.csv"),
        ("311", "boston311_2015_excerpt.csv"),
        ("standards/open311", "request.json"),
    ],
)
def test_every_file_the_demo_and_tests_read_is_in_the_repository(folder, name):
    path = find_data_file(ROOT / "data" / folder, name)
    assert len(read_data_bytes(path)) > 100


def test_every_data_folder_says_where_its_files_come_from():
    for folder in [ROOT / "data", *(p.parent for p in (ROOT / "data").rglob("*.*"))]:
        readme = folder / "README.md"
        assert readme.exists(), f"{folder} has no README.md"
        text = readme.read_text()
        if folder != ROOT / "data":
            assert "Origin" in text or "origin" in text, readme
            assert "Licence" in text or "licence" in text, readme


def test_a_missing_data_file_names_the_folder_it_looked_in(tmp_path):
    with pytest.raises(MissingDataFile, match=str(tmp_path)) as caught:
        find_data_file(tmp_path, "la311_2020_requests_seed.csv")
    assert "DEMO_DATA_DIR" in str(caught.value)


def test_a_plain_file_wins_over_its_compressed_copy(tmp_path):
    (tmp_path / "a.csv").write_text("plain")
    (tmp_path / "a.csv.gz").write_bytes(b"not used")
    assert read_data_bytes(find_data_file(tmp_path, "a.csv")) == b"plain"


def test_the_licence_is_the_gnu_affero_gpl_version_3_in_full():
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert 'license = "AGPL-3.0-or-later"' in (ROOT / "pyproject.toml").read_text()
