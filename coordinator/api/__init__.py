"""The JSON API (/api/v1): same services and permission rules as the pages."""


def api_blueprints() -> list:
    """Every API blueprint."""
    from coordinator.api.account import bp as account
    from coordinator.api.projects import bp as projects
    from coordinator.api.review import bp as review
    from coordinator.api.simulations import bp as simulations

    return [simulations, account, projects, review]
