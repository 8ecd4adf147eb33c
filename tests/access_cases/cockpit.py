"""Access cases for the leaders' cockpit: whole-city pages without an object, so only "own" applies."""
from __future__ import annotations

from tests.access_cases import Case, Request


def _fixed(url: str):
    return lambda user, whose: Request(url) if whose == "own" else None


CASES = {
    "cockpit.overview": Case(_fixed("/cockpit/")),
    "cockpit.departments": Case(_fixed("/cockpit/departments")),
    "cockpit.performance": Case(_fixed("/cockpit/performance")),
    "cockpit.export": Case(_fixed("/cockpit/export/pipeline.xlsx")),
}
