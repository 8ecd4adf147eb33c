"""Scorecards from stored counts and day histograms equal scorecards from every clock (metrics.scorecard)."""
import random
import statistics
from collections import Counter

from coordinator.domain import metrics
from coordinator.domain.cockpit_counts import median_of, score, scorecard_counts


def test_median_of_a_histogram_is_the_median_of_its_values():
    rng = random.Random(3)
    assert median_of({}) is None
    for _ in range(200):
        values = [rng.randint(0, 12) for _ in range(rng.randint(1, 30))]
        assert median_of(Counter(values)) == statistics.median(values)


def test_score_from_counts_equals_the_score_from_every_clock():
    rng = random.Random(5)
    rows = [("transport", rng.randint(0, 9), rng.choice((3, 5, 7)), rng.choice((0, 0, 2)), rng.random() < 0.2,
             rng.choice(("on_time", "late", "green")), rng.random() < 0.1) for _ in range(41)]
    counts = [sum(column) for column in zip(*(scorecard_counts(*row[1:]) for row in rows))]
    expected = metrics.scorecard(rows)[0]
    assert score("transport", tuple(counts), Counter(r[1] for r in rows), Counter(r[2] for r in rows)) == expected
