"""A department's monthly scorecard from stored counts and day histograms instead of every clock, so the
cockpit reads tens of rows at any city size; the same numbers as metrics.scorecard over the clocks."""
from __future__ import annotations

from collections.abc import Mapping

from coordinator.domain.metrics import Score, on_time, rate


def clock_counts(used: int, limit: int, extended: int, deemed: bool, light: str, overturned: bool) -> tuple:
    """What one finished clock adds: (handled, on time, early, extended, deemed, overturned at a meeting)."""
    timely = on_time(light)
    return (1, int(timely), int(timely and used < limit + extended), int(bool(extended)), int(deemed),
            int(overturned))


def median_of(histogram: Mapping[int, int]) -> float | None:
    """statistics.median of the values a histogram {value: how many} stands for, without expanding it."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, picked, seen = sorted({(total - 1) // 2, total // 2}), [], 0
    for value in sorted(histogram):
        seen += histogram[value]
        while wanted and wanted[0] < seen:
            picked.append(value)
            wanted.pop(0)
    return picked[0] if total % 2 else (picked[0] + picked[1]) / 2


def score(dept: str, counts: tuple, used: Mapping[int, int], promised: Mapping[int, int]) -> Score:
    """A Score from summed clock_counts and the histograms of working days used and promised; `overridden`
    counts the objections overturned by meeting minutes."""
    handled, timely, early, extensions, deemed, overturned = counts
    return Score(dept, handled, timely, rate(timely, handled), early, median_of(used), median_of(promised),
                 extensions, deemed, overturned)
