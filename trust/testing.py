"""Helpers tests use to build trust data through the real actions.

    survey = make_survey()                      # the standard instrument, open
    make_answers(survey, area, 40, safety=7)    # 40 answers through do_submit_response
"""

from __future__ import annotations

import random
from typing import Any

from places.models import Area
from trust.actions import do_submit_response, ensure_standard_survey
from trust.models import Response, Survey


def make_survey() -> Survey:
    return ensure_standard_survey()


def answer(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"safety": 6, "respect": 7, "listening": 5}
    values.update(overrides)
    return values


def make_answers(
    survey: Survey, area: Area, count: int, *, seed: int = 1, **fixed: Any
) -> list[Response]:
    """`count` answers with varied scores (fixed values win), demographics left out."""
    rng = random.Random(seed)  # noqa: S311 - test data, not a secret
    made = []
    for _i in range(count):
        values = {"safety": rng.randint(3, 9), "respect": rng.randint(3, 10),
                  "listening": rng.randint(2, 9)}
        values.update(fixed)
        made.append(do_submit_response(survey, area, values, actor=None))
    return made
