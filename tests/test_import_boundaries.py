"""Data flows one way (docs/architecture.md): apps import `accounts` and `places` and
`trustbeat.lib`; no app imports another app's views; nothing imports `dashboard`."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent


def our_apps() -> set[str]:
    return {
        config.name.split(".")[0] for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT)
        and ".venv" not in Path(config.path).resolve().relative_to(ROOT).parts
    }


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def app_modules() -> list[tuple[str, Path]]:
    found = []
    for app in sorted(our_apps()):
        for path in (ROOT / app).rglob("*.py"):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            found.append((app, path))
    return found


def test_no_app_imports_another_apps_views():
    found = []
    for app, path in app_modules():
        if app == "trustbeat":
            continue  # the project package wires the apps together (root URLs, context)
        for name in imported_modules(path):
            parts = name.split(".")
            if "views" in parts[1:] and parts[0] != app and parts[0] in our_apps():
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not found, "share through queries.py / trustbeat.lib instead:\n" + "\n".join(found)


def test_nothing_imports_the_dashboard():
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for app, path in app_modules() if app != "dashboard"
        for name in imported_modules(path) if name.split(".")[0] == "dashboard"
    ]
    assert not found, "the dashboard reads the registry; no one reads it:\n" + "\n".join(found)
