"""The demo command: per-step durations, and a clear message when data is missing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from trustbeat import registry
from trustbeat.management.commands import load_demo


@override_settings(DEBUG=True)
def test_it_prints_each_steps_own_duration_not_a_running_total(monkeypatch):
    steps = [
        registry.DemoStep("one", "first things", lambda context: "2 neighborhoods", 1),
        registry.DemoStep("two", "second things", lambda context: None, 2),
        registry.DemoStep("three", "third things", lambda context: None, 3),
    ]
    monkeypatch.setattr(registry, "demo_steps", lambda: steps)
    # A clock that advances 10 s in the first step, 2 s in the second and 3 s in the third.
    ticks: Iterator[float] = iter([0.0, 0.0, 10.0, 10.0, 12.0, 12.0, 15.0, 15.0])
    monkeypatch.setattr(f"{load_demo.__name__}.time.monotonic", lambda: next(ticks))
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = [line.strip() for line in out.getvalue().splitlines()]
    assert [line for line in lines if "took" in line] == [
        "2 neighborhoods, took 10.0s", "took 2.0s", "took 3.0s",
    ]
    assert lines[-1] == "Demo ready in 15.0s."


@pytest.mark.django_db
def test_it_explains_a_missing_data_folder_instead_of_a_traceback(tmp_path: Any):
    with (
        override_settings(DEBUG=True, DEMO_DATA_DIR=tmp_path),
        pytest.raises(CommandError) as caught,
    ):
        call_command("load_demo", stdout=io.StringIO())
    message = str(caught.value)
    assert "la-council-districts-2012.geojson" in message
    assert str(tmp_path) in message and "DEMO_DATA_DIR" in message
