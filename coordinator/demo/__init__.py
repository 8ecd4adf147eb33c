"""Demo data for `make run`: each part is idempotent (looked up by natural key before insert)."""


def seed_all() -> str:
    """Seed every part and say what was added."""
    from coordinator.clock import current_clock
    from coordinator.demo import agencies, applications, departments, projects, users
    from coordinator.services.templates import sync_templates

    added = {"departments": departments.seed(), "templates": sync_templates(),
             "projects": projects.seed(current_clock().today()), "users": users.seed()}
    added["agents and agencies"] = agencies.seed(current_clock().today())
    added["applications"] = applications.seed(current_clock().today())
    from coordinator.demo import parcels

    added["standard parcels"] = parcels.seed(current_clock().today())
    from coordinator.demo import meetings

    added["meetings"] = meetings.seed(current_clock().today())
    return ", ".join(f"{name}+{count}" for name, count in added.items())


def logins() -> list[str]:
    """Lines describing the demo accounts."""
    from coordinator.demo import users

    return users.logins()
