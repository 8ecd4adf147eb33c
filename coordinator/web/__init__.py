"""HTML pages: thin blueprints (parse form -> call service -> flash -> redirect)."""


def web_blueprints() -> list:
    """Every page blueprint, in registration order."""
    from coordinator.web.account import bp as account
    from coordinator.web.admin_calendar import bp as admin_calendar
    from coordinator.web.admin_clock import bp as admin_clock
    from coordinator.web.admin_security import bp as security
    from coordinator.web.admin_users import bp as admin_users
    from coordinator.web.agencies import bp as agencies
    from coordinator.web.agents import bp as agents
    from coordinator.web.auth import bp as auth
    from coordinator.web.cockpit import bp as cockpit
    from coordinator.web.fast_paths import bp as fast_paths
    from coordinator.web.home import bp as home
    from coordinator.web.meetings import bp as meetings
    from coordinator.web.notifications import bp as notifications
    from coordinator.web.owner import bp as owner
    from coordinator.web.projects import bp as projects
    from coordinator.web.public import bp as public
    from coordinator.web.review import bp as review
    from coordinator.web.supervision import bp as supervision
    from coordinator.web.window import bp as window

    return [home, projects, admin_clock, auth, account, admin_users, security, owner, window, public, admin_calendar,
            review, notifications, agents, agencies, fast_paths, supervision, cockpit, meetings]
