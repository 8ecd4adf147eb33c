"""Access cases for the working-day calendar administration (coordinator/web/admin_calendar.py): one calendar
for the whole installation, so no endpoint has an owner ("other" does not apply)."""
from __future__ import annotations

from tests.access_cases import Case, Request


def _fixed(url: str, method: str = "GET", data: dict | None = None):
    """An endpoint without an object: only "own" applies."""
    return lambda user, whose: Request(url, method, data) if whose == "own" else None


SCHEDULE = "date,kind,note\n2027-01-01,holiday,元旦\n2027-01-09,workday,补班\n"

CASES = {
    "admin_calendar.index": Case(_fixed("/admin/calendar?year=2027")),
    "admin_calendar.import_file": Case(_fixed("/admin/calendar/import", "POST", {"text": SCHEDULE, "source": "矩阵"}),
                                       ok=302),
    "admin_calendar.add_override": Case(_fixed("/admin/calendar/overrides", "POST",
                                               {"day": "2026-10-01", "kind": "workday", "note": "国庆值守"}), ok=302),
    "admin_calendar.remove": Case(_fixed("/admin/calendar/overrides/2026-10-01/remove", "POST"), ok=302),
}
