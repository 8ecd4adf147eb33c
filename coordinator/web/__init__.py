"""HTML pages: thin blueprints (parse form -> call service -> flash -> redirect)."""


def web_blueprints() -> list:
    """Every page blueprint, in registration order."""
    from coordinator.web.home import bp as home

    return [home]
