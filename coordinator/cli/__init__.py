"""`flask ...` commands, one module per area."""


def commands() -> list:
    """Every click command the app registers."""
    from coordinator.cli import demo

    return [*demo.commands]
