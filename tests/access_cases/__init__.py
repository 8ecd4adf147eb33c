"""The registry of the generated access matrix (tests/web/test_access_matrix.py).

Every endpoint that is not @public needs a Case here: one module per area in this package, each with a
`CASES: dict[endpoint, Case]`. A Case says how to reach the endpoint for a given user with an object that is
theirs ("own") and one that is someone else's ("other"), and which status each should get. The matrix then
checks every role × every endpoint × (own, other):

- roles outside the permission table's entry get 403 (401 JSON / login redirect when anonymous), for
  every route, generated without any Case;
- roles inside it get `Case.ok` for their own object and `Case.other_status(role)` for someone else's
  (404 when they may not even see it, 403 when they may see it but not act).

Add an area: create tests/access_cases/<area>.py with CASES (see accounts.py), and remove your endpoints
from pending.PENDING. `build(user, whose)` runs inside the test's database session; create what the URL
needs (flush is enough) and return a Request. Return None for `whose="other"` when the endpoint has no
object (a list page, a form to create something).
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    url: str
    method: str = "GET"
    data: dict | None = None


@dataclass(frozen=True)
class Case:
    build: Callable[[object, str], Request | None]
    ok: int = 200
    # status for someone else's object, by role; a plain int means the same for every role
    other: int | Callable[[str], int] = 404
    # roles allowed by the table but excluded by an object rule even for "own" (e.g. no company): status
    own_overrides: dict[str, int] = field(default_factory=dict)

    def other_status(self, role: str) -> int:
        return self.other(role) if callable(self.other) else self.other

    def own_status(self, role: str) -> int:
        return self.own_overrides.get(role, self.ok)


def all_cases() -> dict[str, Case]:
    """Every area module's CASES, merged (an endpoint declared twice is an error)."""
    merged: dict[str, Case] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name == "pending":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for endpoint, case in module.CASES.items():
            assert endpoint not in merged, f"{endpoint} declared twice"
            merged[endpoint] = case
    return merged
