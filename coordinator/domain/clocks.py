"""Working-day clocks with pauses and extensions, and their lights (rules R2, R3, R5, R6, R7)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache

from coordinator.domain.calendar import WorkCalendar


@dataclass
class Pause:
    """A stop of a clock (R3): working days in (start, end] are not counted; end is None while paused."""

    start: dt.date
    reason: str
    note: str = ""
    end: dt.date | None = None


class Clock:
    """A clock that starts on a day, may be paused (its own pauses plus its parent's) and extended once."""

    __slots__ = ("extension", "extension_reason", "finished", "legal", "limit", "parent", "pauses", "start")

    def __init__(self, limit: int, legal: int | None = None, parent: Clock | None = None):
        self.start: dt.date | None = None
        self.limit = limit
        self.legal = legal
        self.extension = 0
        self.extension_reason = ""
        self.pauses: list[Pause] = []
        self.finished: dt.date | None = None
        self.parent = parent

    @property
    def started(self) -> bool:
        return self.start is not None

    @property
    def open(self) -> bool:
        return self.start is not None and self.finished is None

    def all_pauses(self) -> list[Pause]:
        """Own pauses and every ancestor's (pausing a stage pauses its items and their opinions)."""
        pauses = list(self.pauses)
        parent = self.parent
        while parent is not None:
            pauses.extend(parent.pauses)
            parent = parent.parent
        return pauses

    def own_pause_open(self) -> Pause | None:
        """This clock's own running pause, if any."""
        return next((p for p in self.pauses if p.end is None), None)

    def is_paused(self) -> bool:
        """True when an own or inherited pause is running."""
        return self.open and any(p.end is None for p in self.all_pauses())


def paused_ranges(clock: Clock, cal: WorkCalendar, until: dt.date) -> list[tuple[int, int]]:
    """The clock's paused working days within (start, until], merged, as rank ranges [a, b)."""
    pauses = clock.all_pauses()
    if not pauses:
        return []
    lo = cal.rank(clock.start)
    hi = cal.rank(until)
    ranges = []
    for p in pauses:
        a = max(cal.rank(p.start), lo)
        b = min(cal.rank(p.end if p.end is not None and p.end < until else until), hi)
        if b > a:
            ranges.append((a, b))
    return merge(ranges)


def merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge overlapping or touching half-open ranges."""
    ranges.sort()
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


@lru_cache(maxsize=1024)
def warn_days(limit: int, ratio: Decimal) -> int:
    """R7: yellow threshold max(1, ceil(N × ratio)), computed exactly in decimal."""
    return max(1, int((Decimal(limit) * ratio).to_integral_value(rounding=ROUND_CEILING)))


@dataclass
class Reading:
    """What a clock shows on a day: the numbers and the light of formats/scenario.md."""

    started: dt.date | None = None
    deadline: dt.date | None = None
    legal_deadline: dt.date | None = None
    finished: dt.date | None = None
    used: int | None = None
    paused: int | None = None
    remaining: int | None = None
    overdue: int | None = None
    light: str = "none"


def read(clock: Clock, cal: WorkCalendar, today: dt.date, ratio: Decimal) -> Reading:
    """The clock's reading on `today` (R2, R3, R5, R7)."""
    if clock.start is None:
        return Reading()
    end = clock.finished if clock.finished is not None else today
    pauses = paused_ranges(clock, cal, end)
    paused = sum(b - a for a, b in pauses)
    used = cal.count(clock.start, end) - paused
    deadline = cal.deadline(clock.start, clock.limit + clock.extension + paused)
    legal = None
    if clock.legal is not None:
        legal = cal.deadline(clock.start, clock.legal + clock.extension + paused)
    reading = Reading(clock.start, deadline, legal, clock.finished, used, paused)
    if clock.finished is not None:
        reading.light = "on_time" if used <= clock.limit + clock.extension else "late"
        reading.overdue = max(0, used - clock.limit - clock.extension)
        return reading
    reading.remaining = cal.count(today, deadline) if deadline > today else 0
    reading.overdue = cal.count(deadline, today) if today > deadline else 0
    if clock.is_paused():
        reading.light = "paused"
    elif reading.overdue >= 1:
        reading.light = "red"
    elif reading.remaining <= warn_days(clock.limit, ratio):
        reading.light = "yellow"
    else:
        reading.light = "green"
    return reading


def running_ranges(clock: Clock, cal: WorkCalendar, today: dt.date) -> list[tuple[int, int]]:
    """The working days the clock ran (not paused), as rank ranges [a, b), up to its finish or today (R9)."""
    if clock.start is None:
        return []
    end = clock.finished if clock.finished is not None else today
    lo, hi = cal.rank(clock.start), cal.rank(end)
    if hi <= lo:
        return []
    out, cursor = [], lo
    for a, b in paused_ranges(clock, cal, end):
        if a > cursor:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if hi > cursor:
        out.append((cursor, hi))
    return out
