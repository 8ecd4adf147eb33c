"""Browser tests: a live server thread (werkzeug) on a file SQLite database loaded with the demo data of
`flask seed-demo`, driven by Playwright with Debian's chromium (never a browser from `playwright install`).

Without the browser the tests are skipped with a loud reason, unless COORDINATOR_REQUIRE_BROWSER=1 (CI),
which turns a missing browser into a failure. Screenshots go to test-artifacts/ (gitignored).
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from coordinator import create_app
from coordinator.config import ROOT
from coordinator.demo.users import DEMO_PASSWORD
from coordinator.extensions import db

CHROMIUM = os.environ.get("COORDINATOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
E2E_USERS = {"e2e-clerk": "clerk", "e2e-sysadmin": "sysadmin"}  # username -> role, beside the demo users
E2E_PASSWORD = "Coordinator-e2e-2026!"


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """A training instance on a fresh file SQLite database with the demo data and an e2e login."""
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}"
    app = create_app({"SECRET_KEY": "e2e-secret", "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url,
                      "TRAINING": True, "UPLOAD_DIR": str(tmp_path_factory.mktemp("e2e-uploads"))})
    with app.app_context():
        db.create_all()
        _seed()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _seed() -> None:
    """The same seed functions `flask seed-demo` runs, then the e2e users with a known password."""
    from coordinator.demo import seed_all
    from coordinator.models import Department, User
    from coordinator.services.passwords import hash_password

    seed_all()
    department = db.session.query(Department).order_by(Department.id).first()
    now = dt.datetime.now(dt.UTC)
    for username, role in E2E_USERS.items():
        db.session.add(User(username=username, display_name=f"测试{role}", role=role,
                            password_hash=hash_password(E2E_PASSWORD), password_changed_at=now,
                            department_id=department.id if department and role == "clerk" else None))
    db.session.flush()


@pytest.fixture(scope="session")
def live_server(live_app):
    """Base URL of the app served from a background thread on a free port."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium under Playwright; skipped (or failed in CI) when it is not installed."""
    if not os.access(CHROMIUM, os.X_OK):
        message = (f"!!! Chromium not found at {CHROMIUM}: browser tests cannot run. Install it with "
                   "`apt-get install chromium fonts-noto-cjk` or set COORDINATOR_CHROMIUM !!!")
        if os.environ.get("COORDINATOR_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[pytest.param(LAPTOP, id="laptop"), pytest.param(PHONE, id="phone")])
def page(request, browser, live_server):
    """A fresh browser page (own cookies) at laptop and at phone size; page.base_url is the server."""
    context = browser.new_context(viewport=request.param, locale="zh-CN", base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.node.callspec.id
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot(name): save the full page as test-artifacts/<name>-<laptop|phone>.png."""
    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}-{page.viewport_name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def log_in(page):
    """log_in(username): sign in through the real login form as a demo user (default: the window clerk)
    or one of E2E_USERS."""
    def submit(username: str = "clerk", password: str | None = None) -> None:
        if password is None:
            password = E2E_PASSWORD if username in E2E_USERS else DEMO_PASSWORD
        page.goto("/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")

    return submit
