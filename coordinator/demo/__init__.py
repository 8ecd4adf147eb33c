"""Demo data for `make run`: each part is idempotent (looked up by natural key before insert)."""


def seed_all() -> str:
    """Seed every part and say what was added."""
    from coordinator.demo import departments

    added = {"departments": departments.seed()}
    return ", ".join(f"{name}+{count}" for name, count in added.items())


def logins() -> list[str]:
    """Lines describing the demo accounts."""
    return []
