"""Coordinator (投资项目联合审批协同系统): the Flask application factory. Wiring only."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from coordinator.config import ROOT, load_config
from coordinator.extensions import babel, csrf, db, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands, error pages."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(load_config(config))
    init_extensions(app)
    init_clock(app)
    register_blueprints(app)
    register_commands(app)
    register_event_hooks()
    from coordinator.web.hooks import init_hooks

    init_hooks(app)
    return app


def init_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    import coordinator.models  # registers the tables
    import coordinator.web.auth_loader  # noqa: F401  (registers the user loader)
    from coordinator.web.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "coordinator" / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(ROOT / "coordinator" / "translations"))


def init_clock(app: Flask) -> None:
    """One clock for the whole app, reached with coordinator.clock.current_clock()."""
    from coordinator.clock import make_clock

    app.extensions["coordinator.clock"] = make_clock(app.config)


def register_blueprints(app: Flask) -> None:
    """Pages and the JSON API."""
    from coordinator.api import api_blueprints
    from coordinator.web import web_blueprints

    for blueprint in web_blueprints() + api_blueprints():
        app.register_blueprint(blueprint)
    for blueprint in api_blueprints():
        csrf.exempt(blueprint)


def register_commands(app: Flask) -> None:
    """`flask ...` commands."""
    from coordinator.cli import commands

    for command in commands():
        app.cli.add_command(command)


def register_event_hooks() -> None:
    """Follow-up work of every recorded project event, run by append_event in the same transaction."""
    from coordinator.services import event_hooks, supervision

    event_hooks.register(supervision.on_event)  # results pushed for supervision, commitments -> obligations


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Foreign keys, a busy timeout and WAL with full sync on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """On SQLite, a request that changes data (POST, PUT, PATCH, DELETE) takes the write lock when its
    transaction begins (BEGIN IMMEDIATE), so concurrent writers queue (busy_timeout) instead of failing when
    one upgrades a stale read snapshot; everything else keeps the driver's deferred transactions."""
    if conn.dialect.name != "sqlite":
        return
    from flask import has_request_context, request

    if has_request_context() and request.method in ("POST", "PUT", "PATCH", "DELETE"):
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE")
