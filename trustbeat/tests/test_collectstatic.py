"""`collectstatic` builds the manifest production needs whatever DEBUG says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("debug", ["1", "0"])
def test_collectstatic_writes_the_manifest_with_debug_on_or_off(debug, tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "trustbeat.settings", "DEBUG": debug,
           "STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "css/site.css" in manifest["paths"]


def test_a_production_page_renders_from_a_debug_built_manifest(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "trustbeat.settings", "DEBUG": "1",
           "STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )
    script = (
        "from django.templatetags.static import static\n"
        "print(static('css/site.css'))\n"
    )
    shown = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env={**env, "DEBUG": "0"}, check=True, capture_output=True, text=True,
        timeout=120,
    )
    # Production resolves the hashed name from the manifest instead of raising (a 500).
    url = shown.stdout.strip().splitlines()[-1]
    assert url.startswith("/static/css/site.") and url.endswith(".css")
    assert url != "/static/css/site.css"
