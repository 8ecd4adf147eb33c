"""The counts the cockpit's pages read, as what each summary row adds to them (so they can be kept by
difference when projects are replayed); and a department's monthly scorecard from those counts and day
histograms, the same numbers as metrics.scorecard over every clock."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from coordinator.domain.metrics import Score, on_time, rate, target_status

# the fields of a project row and of a clock row that the counts read, in this order
PROJECT = ("stage", "light", "template_key", "standard_land", "target_days", "government", "agency", "owner",
           "target_reached")
CLOCK = ("kind", "node", "month", "dept", "used", "limit", "extended", "deemed", "light", "overturned", "finished")
Tally = dict[str, dict[tuple, list[int]]]


def project_counts(stage, light, template, land, target, government, agency, owner, reached) -> Iterator[tuple]:
    """(table, key, counts) a project adds: the pipeline by stage and light; its template's target figures."""
    yield "pipeline", (stage, light), (1,)
    if target is not None:
        status = target_status(government, target, reached)
        yield "targets", (template, land, target), (1, government, agency, owner, int(status == "met"),
                                                    int(status == "missed"), int(status == "over"))


def clock_counts(kind, node, month, dept, used, limit, extended, deemed, light, overturned, finished) -> Iterator[tuple]:
    """(table, key, counts) a clock adds: an open one to its department's open clocks by stage and light (and a
    red one to the red count); a finished one to its department's month (scorecard_counts), the day histograms
    and, for an item, its stage."""
    if finished is None:
        yield "open", (dept, node, light), (1,)
        if light == "red":
            yield "red", (), (1,)
        return
    yield "months", (month, dept), scorecard_counts(used, limit, extended, deemed, light, overturned)
    yield "days", (month, dept, used), (1, 0)
    yield "days", (month, dept, limit), (0, 1)
    if kind == "item":
        yield "stages", (node,), (1, used, limit + extended, int(on_time(light)))


def scorecard_counts(used: int, limit: int, extended: int, deemed: bool, light: str, overturned: bool) -> tuple:
    """What one finished clock adds: (handled, on time, early, extended, deemed, overturned at a meeting)."""
    timely = on_time(light)
    return (1, int(timely), int(timely and used < limit + extended), int(bool(extended)), int(deemed),
            int(overturned))


def tally(projects: Iterable[tuple], clocks: Iterable[tuple]) -> Tally:
    """Every count the rows add up to: {table: {key: counts}}."""
    out: Tally = {}
    rows = [project_counts(*row) for row in projects] + [clock_counts(*row) for row in clocks]
    for contributions in rows:
        for table, key, counts in contributions:
            stored = out.setdefault(table, {}).get(key)
            out[table][key] = [a + b for a, b in zip(stored, counts)] if stored else list(counts)
    return out


def difference(after: Tally, before: Tally) -> Tally:
    """after − before, per table and key; keys whose counts do not move are left out."""
    out: Tally = {}
    for table in after.keys() | before.keys():
        mine, theirs = after.get(table, {}), before.get(table, {})
        for key in mine.keys() | theirs.keys():
            a, b = mine.get(key), theirs.get(key)
            moved = [x - y for x, y in zip(a or [0] * len(b), b or [0] * len(a))]
            if any(moved):
                out.setdefault(table, {})[key] = moved
    return out


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
    """A Score from summed scorecard_counts and the histograms of working days used and promised; `overridden`
    counts the objections overturned by meeting minutes."""
    handled, timely, early, extensions, deemed, overturned = counts
    return Score(dept, handled, timely, rate(timely, handled), early, median_of(used), median_of(promised),
                 extensions, deemed, overturned)
