"""The header's links: the same links, in the same order, for each role; cached per process, with only the
counts, the user's name and the CSRF token filled in per request."""
from __future__ import annotations

import re

import flask_babel
import pytest

from coordinator.web.navigation import CACHE_KEY, ENTRIES
from tests.login import log_in, make_user

COMMON = ["/notifications"]
EXPECTED = {
    "leader": ["/review/overdue", *COMMON, "/supervision/report", "/supervision/credit", "/agencies", "/cockpit/",
               "/meetings/"],
    "supervisor": [*COMMON, "/supervision/", "/supervision/report", "/supervision/credit", "/agencies", "/cockpit/",
                   "/meetings/"],
    "lead": ["/review/inbox", "/review/overdue", *COMMON, "/agencies", "/meetings/", "/window/"],
    "reviewer": ["/review/inbox", *COMMON, "/meetings/"],
    "clerk": [*COMMON, "/agencies", "/meetings/", "/window/"],
    "owner": [*COMMON, "/agencies", "/owner/projects/new"],
    "agent": [*COMMON, "/agent", "/agencies", "/owner/projects/new"],
    "agency": [*COMMON, "/agency"],
    "sysadmin": [*COMMON, "/admin/parcels", "/admin/users", "/admin/departments", "/admin/calendar"],
    "secadmin": [*COMMON, "/admin/roles", "/admin/permissions"],
    "auditor": [*COMMON, "/admin/permissions", "/admin/audit"],
}


def header_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="topnav">(.*?)</nav>', html, re.DOTALL).group(1)
    return re.findall(r'<a href="([^"]+)"', nav)


def page(client, url: str = "/account") -> str:
    flask_babel.refresh()  # the test's outer app context would otherwise keep the first request's language
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_its_links_in_order(client, role):
    user = make_user(role)
    log_in(client, user)
    assert header_links(page(client)) == [*EXPECTED[role], "/account"]


def test_department_heads_also_see_extension_requests(client):
    log_in(client, make_user("lead", is_head=True))
    assert header_links(page(client))[:3] == ["/review/inbox", "/review/extensions", "/review/overdue"]


def test_the_business_date_link_only_on_a_training_instance(app, client, monkeypatch):
    log_in(client, make_user("sysadmin"))
    monkeypatch.setitem(app.config, "TRAINING", True)
    assert header_links(page(client))[-2:] == ["/admin/business-date", "/account"]


def test_a_visitor_sees_only_the_login_link(client):
    assert header_links(page(client, "/login")) == ["/login"]


def test_labels_follow_the_language_and_the_name_is_per_user(client):
    first, second = make_user("leader", display_name="王领导"), make_user("leader", display_name="李领导")
    log_in(client, first)
    chinese = page(client, "/account?lang=zh_Hans_CN")
    assert 'href="/cockpit/">领导驾驶舱</a>' in chinese and "王领导 · 领导" in chinese
    english = page(client, "/account?lang=en")
    assert 'href="/cockpit/">Cockpit</a>' in english and "王领导 · Leader" in english
    log_in(client, second)
    assert "李领导 · Leader" in page(client, "/account?lang=en")


def test_the_links_are_built_once_per_role_and_language(app, client):
    log_in(client, make_user("leader"))
    page(client)
    cache = app.extensions[CACHE_KEY]
    built = {key: value for key, value in cache.items() if key[0] == "leader"}
    page(client, "/notifications")
    assert all(cache[key] is value for key, value in built.items())


def test_the_bell_counts_unread_notifications_on_every_page(client):
    from coordinator.extensions import db
    from coordinator.models import Notification

    owner = make_user("owner")
    log_in(client, owner)
    assert "badge-bell" not in page(client)
    db.session.add(Notification(user_id=owner.id, kind="note", message="m", params={}, link="/"))
    db.session.commit()
    assert 'class="badge badge-bell" aria-label="1 unread">1</span>' in page(client, "/account?lang=en")


def test_every_link_names_a_route(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert {entry.endpoint for entry in ENTRIES} <= endpoints
