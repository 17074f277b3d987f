import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from directory import hours

P = hours.Period



MONDAY_9 = dt.datetime(2026, 11, 30, 9, 0)  # noqa: DTZ001 — local wall-clock time


def test_it_reads_weekdays_in_every_spelling():
    assert hours.parse_byday("MO,tu, Wednesday,thu,7") == [0, 1, 2, 3, 6]


def test_it_refuses_an_unknown_weekday():
    with pytest.raises(ValidationError, match="Unknown weekday: Funday"):
        hours.parse_byday("MO,Funday")


def test_it_refuses_a_schedule_that_closes_before_it_opens():
    with pytest.raises(ValidationError, match=r"closes \(08:00\) before it opens \(10:00\)"):
        hours.periods_for([0], dt.time(10), dt.time(8), allow_overnight=False)


def test_an_overnight_period_is_open_after_midnight_the_next_day():
    periods = [P(0, dt.time(19), dt.time(7))]  # Monday night
    assert hours.is_open(periods, MONDAY_9.replace(hour=22))
    assert hours.is_open(periods, MONDAY_9 + dt.timedelta(hours=20))  # Tuesday 05:00
    assert not hours.is_open(periods, MONDAY_9 + dt.timedelta(hours=23))  # Tuesday 08:00
    assert not hours.is_open(periods, MONDAY_9)


def test_several_periods_a_day_leave_the_lunch_break_closed():
    periods = [P(0, dt.time(9), dt.time(12)), P(0, dt.time(13), dt.time(16))]
    assert hours.is_open(periods, MONDAY_9.replace(hour=11))
    assert not hours.is_open(periods, MONDAY_9.replace(hour=12, minute=30))
    assert hours.next_opening(periods, MONDAY_9.replace(hour=12, minute=30)) == MONDAY_9.replace(
        hour=13)


def test_it_finds_the_next_opening_across_the_weekend():
    periods = [P(d, dt.time(9), dt.time(17)) for d in range(5)]
    saturday = MONDAY_9 + dt.timedelta(days=5)
    assert hours.next_opening(periods, saturday) == MONDAY_9 + dt.timedelta(days=7)


def test_only_evening_to_morning_reads_as_overnight():
    assert hours.plausible_overnight(dt.time(19), dt.time(7))
    assert not hours.plausible_overnight(dt.time(10), dt.time(8))
