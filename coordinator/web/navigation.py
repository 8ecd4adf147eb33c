"""The header's links, built once per process for each (role, head, locale, training, script root): every page
only fills in the badge counts, the user's name and the CSRF token."""
from __future__ import annotations

from typing import NamedTuple

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from coordinator.domain.permissions import is_allowed

CACHE_KEY = "coordinator.navigation"
CACHE_LIMIT = 256  # roles × head × languages × training × script roots, with room to spare


class Entry(NamedTuple):
    """One header link: shown when the role holds `permission` (None: every signed-in user)."""
    endpoint: str
    label: object
    permission: str | None = None
    css: str = ""
    badge: str = ""  # "inbox" or "bell": a count filled in per request
    head_only: bool = False
    training_only: bool = False


class Link(NamedTuple):
    url: str
    label: Markup
    css: str
    badge: str


class Chrome(NamedTuple):
    """What the shared layout shows around every page, in the page's language."""
    english: bool
    home_url: str
    brand: Markup
    css_url: str
    language_url: str
    links: tuple[Link, ...]
    account_url: str
    account_title: Markup
    logout_url: str
    logout_label: Markup
    login_url: str
    login_label: Markup


# each area's links, in the order the header shows them
REVIEW = (
    Entry("review.inbox", _l("Review inbox"), "inbox:view", "nav-inbox", badge="inbox"),
    Entry("review.extensions", _l("Extension requests"), "extension:approve", head_only=True),
    Entry("review.overdue", _l("Overdue opinions"), "board:view"),
    Entry("notifications.index", _l("Notifications"), None, "nav-bell", badge="bell"),
)
SUPERVISION = (
    Entry("supervision.inbox", _l("Supervision inbox"), "supervision:inbox"),
    Entry("supervision.report", _l("Claim rates"), "supervision:report"),
    Entry("supervision.credit", _l("Broken commitments"), "credit:view"),
    Entry("fast_paths.parcels", _l("Standard land parcels"), "parcel:manage"),
)
AGENTS = (
    Entry("agents.cockpit", _l("My cockpit"), "agent:cockpit", "nav-cockpit"),
    Entry("agencies.my_services", _l("My services"), "service:work", "nav-services"),
    Entry("agencies.index", _l("Agency register"), "agency:view"),
)
COCKPIT = (Entry("cockpit.overview", _l("Cockpit"), "cockpit:view"),)
MEETINGS = (Entry("meetings.index", _l("Joint meetings"), "meeting:view"),)
ADMINISTRATION = (
    Entry("window.inbox", _l("Acceptance inbox"), "acceptance:inbox"),
    Entry("owner.new_project", _l("Register a project"), "project:create"),
    Entry("admin.users", _l("Users"), "user:manage"),
    Entry("admin.departments", _l("Departments"), "department:manage"),
    Entry("security.roles", _l("Roles"), "role:assign"),
    Entry("security.permissions", _l("Permission matrix"), "permission:view"),
    Entry("admin_calendar.index", _l("Working-day calendar"), "calendar:manage"),
    Entry("security.audit", _l("Audit log"), "audit:view"),
    Entry("admin_clock.business_date", _l("Business date"), "business_date:set", training_only=True),
)
ENTRIES = REVIEW + SUPERVISION + AGENTS + COCKPIT + MEETINGS + ADMINISTRATION


def shows(entry: Entry, role: str, is_head: bool, training: bool) -> bool:
    """Whether the header shows `entry` to a signed-in user of `role`."""
    return ((entry.permission is None or is_allowed(role, entry.permission))
            and (is_head or not entry.head_only) and (training or not entry.training_only))


def chrome() -> Chrome:
    """The layout for the current user and language, from the per-process cache."""
    user = current_user._get_current_object()
    signed_in = user.is_authenticated
    role, is_head = (user.role, bool(user.is_head)) if signed_in else (None, False)
    training = bool(current_app.config.get("TRAINING"))
    key = (role, is_head, str(get_locale()), training, request.script_root)
    cache = current_app.extensions.setdefault(CACHE_KEY, {})
    found = cache.get(key)
    if found is None:
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        found = cache[key] = _build(role, is_head, training, key[2] == "en")
    return found


def _build(role: str | None, is_head: bool, training: bool, english: bool) -> Chrome:
    """Resolve every URL and label once; a visitor (no role) gets only the login link."""
    links = () if role is None else tuple(
        Link(url_for(e.endpoint), _text(e.label), e.css, e.badge)
        for e in ENTRIES if shows(e, role, is_head, training))
    return Chrome(english, url_for("home.index"), _text(_l("Investment Project Joint Approval Coordinator")),
                  url_for("static", filename="css/app.css"), url_for("home.set_language"), links,
                  url_for("account.index"), _text(_l("My account")), url_for("auth.logout"), _text(_l("Log out")),
                  url_for("auth.login"), _text(_l("Log in")))


def _text(label) -> Markup:
    """A translated label, trusted as the templates' `_()` trusts it."""
    return Markup(str(label))
