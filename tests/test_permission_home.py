"""Permission decisions live in one home: `accounts/permissions.py` and each app's
`<app>/permissions.py`. Everywhere else asks a named predicate (`permission_required`,
`{% can %}`, `can_*()`), so no view, action or template compares roles itself."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".git", "node_modules", "staticfiles", "media", "migrations", "tests",
             "bench", "docs", "locale", "requirements", "data", ".ci"}
# Where role comparisons belong: the permission homes, the model that defines roles, and
# demo loaders that create one person per role.
ALLOWED = re.compile(r"(^|/)(permissions\.py|models\.py|demo\.py|conftest\.py|decorators\.py)$")

PY_PATTERNS = [
    re.compile(r"\brole\s*(==|!=)"),
    re.compile(r"(==|!=)\s*Role\.\w+"),
    re.compile(r"\brole\s+(not\s+)?in\s+(?!Role\.values)"),
    re.compile(r"\bhas_role\("),
    re.compile(r"\b[A-Z]+_ROLES\b"),
    re.compile(r"\brole_required\("),
    re.compile(r"^\s*\w*ROLES\s*=\s*[\(\[\{]", re.MULTILINE),
]
TEMPLATE_PATTERNS = [re.compile(r"\.role\b"), re.compile(r"\brequires_two_factor\b")]


def app_files(suffix: str) -> list[Path]:
    return [
        path for path in ROOT.rglob(f"*{suffix}")
        if not SKIP_DIRS & set(path.relative_to(ROOT).parts)
    ]


def offences(paths: list[Path], patterns: list[re.Pattern[str]]) -> list[str]:
    found = []
    for path in paths:
        relative = path.relative_to(ROOT).as_posix()
        if ALLOWED.search(relative):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: {match.group(0).strip()}")
    return found


def test_no_code_outside_the_permission_homes_compares_roles():
    found = offences(app_files(".py"), PY_PATTERNS)
    assert not found, "ask a named can_* predicate instead:\n" + "\n".join(found)


def test_no_template_compares_roles():
    found = offences(app_files(".html"), TEMPLATE_PATTERNS)
    assert not found, 'use {% can "verb_noun" as allowed %} instead:\n' + "\n".join(found)
