"""The needs residents and officers start from, mapped to Open Eligibility terms.

The essay's needs come first: mental health, child care, abuse, low-income housing, food,
legal help, substance use, crisis. Each maps to Open Eligibility codes; a service matches
a need when it carries one of those terms or a term below them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Need:
    slug: str
    label: str | Promise
    hint: str | Promise
    codes: tuple[str, ...]
    icon: str


NEEDS: tuple[Need, ...] = (
    Need(
        "crisis",
        _("Crisis right now"),
        _("Hotlines and emergency mental-health care"),
        ("1126", "1231", "1305"),
        "!",
    ),
    Need(
        "mental-health",
        _("Mental health"),
        _("Counseling, therapy, evaluation"),
        ("1198", "1214", "1220", "1304"),
        "♥",
    ),
    Need(
        "abuse",
        _("Abuse and violence"),
        _("Help escaping violence, safe housing"),
        ("1123", "1124", "1125"),
        "☂",
    ),
    Need(
        "housing",
        _("Low-income housing"),
        _("Shelter, help finding and paying for housing"),
        ("1103", "1116"),
        "⌂",
    ),
    Need(
        "food", _("Food"), _("Pantries, free meals, food benefits"), ("1102", "1114", "1120"), "♨"
    ),
    Need(
        "child-care",
        _("Child care"),
        _("Daycare, preschool, after-school care"),
        ("1277", "1280", "1279", "1284"),
        "☺",
    ),
    Need(
        "legal", _("Legal help"), _("Legal aid, advocacy, immigration help"), ("1111", "1375"), "⚖"
    ),
    Need(
        "substance-use", _("Substance use"), _("Detox, treatment, recovery support"), ("1178",), "✚"
    ),
)

NEEDS_BY_SLUG = {need.slug: need for need in NEEDS}
NEED_CHOICES = [(need.slug, need.label) for need in NEEDS]
