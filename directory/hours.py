"""Opening hours: HSDS schedules → weekly periods, "open now" and "opens at".

Pure functions (no database): a schedule's `byday` ("MO,TU,WE") and `opens_at` /
`closes_at` become one period per weekday; a period whose closing time is not after its
opening time runs past midnight (overnight). Times are local to the service's zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Weekday names as HSDS 1.x/2.x regular_schedules write them, and common abbreviations.
DAY_NAMES = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}


@dataclass(frozen=True)
class Period:
    weekday: int
    opens: dt.time
    closes: dt.time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


def parse_weekday(text: str) -> int:
    """'MO', 'Monday', 'mon', '1' (HSDS 1.x: 1 = Monday … 7 = Sunday) → 0..6."""
    value = (text or "").strip()
    upper = value.upper()
    if upper in DAY_CODES:
        return DAY_CODES.index(upper)
    if value.lower() in DAY_NAMES:
        return DAY_NAMES[value.lower()]
    if value.isdigit() and 1 <= int(value) <= 7:
        return int(value) - 1
    raise ValidationError(_("Unknown weekday: %(day)s.") % {"day": value[:20]})


def parse_byday(text: str) -> list[int]:
    """'MO,TU,WE' → [0, 1, 2]; an RRULE prefix like '1MO' (first Monday) is refused,
    because monthly positions cannot become weekly periods."""
    days: list[int] = []
    for part in (text or "").replace(";", ",").split(","):
        if part.strip():
            day = parse_weekday(part)
            if day not in days:
                days.append(day)
    return days


def parse_time(text: str) -> dt.time:
    value = (text or "").strip().lower().replace(".", "")
    for fmt in ("%H:%M:%S", "%H:%M", "%I:%M %p", "%I:%M%p", "%I %p", "%I%p"):
        try:
            return dt.datetime.strptime(value, fmt).time()  # noqa: DTZ007 — a time of day
        except ValueError:
            continue
    raise ValidationError(_("Not a time of day: %(value)s.") % {"value": value[:20]})


def periods_for(
    days: Iterable[int], opens: dt.time, closes: dt.time, *, allow_overnight: bool = True
) -> list[Period]:
    """Periods for the days. A closing time before the opening time is an overnight
    period when `allow_overnight`, otherwise an impossible schedule."""
    if opens == closes:
        raise ValidationError(_("A schedule cannot open and close at the same time."))
    if closes < opens and not allow_overnight:
        raise ValidationError(
            _("The schedule closes (%(closes)s) before it opens (%(opens)s).")
            % {"closes": closes.strftime("%H:%M"), "opens": opens.strftime("%H:%M")}
        )
    return [Period(day, opens, closes) for day in days]


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("America/Los_Angeles")


def is_open(periods: Sequence[Period], local: dt.datetime) -> bool:
    """Open at the local (naive or aware, already in the service's zone) moment?"""
    day, now = local.weekday(), local.time()
    yesterday = (day - 1) % 7
    for period in periods:
        if period.overnight:
            if (period.weekday == day and now >= period.opens) or (
                period.weekday == yesterday and now < period.closes
            ):
                return True
        elif period.weekday == day and period.opens <= now < period.closes:
            return True
    return False


def next_opening(periods: Sequence[Period], local: dt.datetime) -> dt.datetime | None:
    """When it next opens after `local` (within a week), or None without periods."""
    best: dt.datetime | None = None
    for period in periods:
        for offset in range(8):
            date = local.date() + dt.timedelta(days=offset)
            if date.weekday() != period.weekday:
                continue
            start = dt.datetime.combine(date, period.opens, tzinfo=local.tzinfo)
            if start > local and (best is None or start < best):
                best = start
    return best


def closes_at(periods: Sequence[Period], local: dt.datetime) -> dt.time | None:
    """The closing time of the period open now, if any."""
    day, now = local.weekday(), local.time()
    for period in periods:
        if period.overnight:
            if (period.weekday == day and now >= period.opens) or (
                period.weekday == (day - 1) % 7 and now < period.closes
            ):
                return period.closes
        elif period.weekday == day and period.opens <= now < period.closes:
            return period.closes
    return None


def week_table(periods: Sequence[Period]) -> list[tuple[int, list[Period]]]:
    """(weekday, periods that day) for Monday..Sunday, for the hours table."""
    return [
        (day, sorted((p for p in periods if p.weekday == day), key=lambda p: p.opens))
        for day in range(7)
    ]


def plausible_overnight(opens: dt.time, closes: dt.time) -> bool:
    """Closing before opening reads as overnight only for an evening-to-morning period
    (opens at or after noon, closes by noon); 10:00–08:00 is a typo, not a night shift."""
    return closes < opens and opens >= dt.time(12) and closes <= dt.time(12)
