"""Endpoints whose authors have not yet declared their own/other objects for the access matrix.
They are still checked role by role (403 for every role outside the permission table); move each to a
Case in tests/access_cases/<area>.py and delete it here. A new endpoint may not be added to this list."""

PENDING: frozenset[str] = frozenset({
    "admin_clock.business_date",
    "api_simulations.run_simulation",
})
