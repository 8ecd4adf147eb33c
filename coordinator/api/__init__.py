"""The JSON API (/api/v1): same services and permission rules as the pages."""


def api_blueprints() -> list:
    """Every API blueprint."""
    return []
