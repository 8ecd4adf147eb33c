"""`flask ...` commands, one module per area."""


def commands() -> list:
    """Every click command the app registers."""
    from coordinator.cli import audit, calendar, clock, cockpit, demo, obligations, remind, simulate, uploads, users

    return [*demo.commands, *clock.commands, *simulate.commands, *audit.commands, *calendar.commands,
            *remind.commands, *uploads.commands, *users.commands, *cockpit.commands,
            *obligations.commands]
