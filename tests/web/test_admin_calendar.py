"""The working-day calendar page: only a system administrator may use it; imports and local changes are
stored whole or not at all, and a refused form comes back with the problems and the user's input."""
import datetime as dt
import io
import re
import secrets
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import AuditEntry, CalendarDay, CalendarYear, User, UserSession
from coordinator.services.calendar import app_calendar, set_override
from coordinator.web.auth_loader import SESSION_KEY

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calendar" / "2027.example.yaml"
PAGE = "/admin/calendar"


def logged_in(client, role: str) -> User:
    """A user of `role` with a live server-side session on `client`."""
    user = User(username=f"{role}-{secrets.token_hex(3)}", display_name=f"测试{role}", role=role,
                password_hash="!", password_changed_at=current_clock().now())
    db.session.add(user)
    db.session.flush()
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id)
    db.session.add(row)
    db.session.commit()
    with client.session_transaction() as session:
        session[SESSION_KEY] = row.id
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    return user


@pytest.fixture
def admin(client):
    return logged_in(client, "sysadmin")


def upload(client, name: str, content: bytes, **fields):
    data = {"file": (io.BytesIO(content), name), **fields}
    return client.post(f"{PAGE}/import?year=2027", data=data, content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("role", ["clerk", "secadmin", "auditor", "owner"])
def test_only_a_system_administrator_gets_the_page(client, role):
    logged_in(client, role)
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/overrides", data={}).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(PAGE).status_code in (302, 401)


def test_provisional_year_is_flagged_and_package_year_shows_holidays(client, admin):
    page = client.get(f"{PAGE}?year=2027").get_data(as_text=True)
    assert "暂按周一至周五计算" in page
    page = client.get(f"{PAGE}?year=2026").get_data(as_text=True)
    assert "暂按周一至周五计算" not in page.split('class="cal-status"')[1].split("</section>")[0]
    assert 'class="cal-holiday" title="2026-10-01' in page
    assert 'class="cal-makeup" title="2026-02-14' in page


def test_unknown_year_is_404(client, admin):
    assert client.get(f"{PAGE}?year=1999").status_code == 404


def test_import_stores_the_year_and_shows_it(client, admin):
    response = upload(client, "2027.example.yaml", EXAMPLE.read_bytes())
    assert response.status_code == 302 and response.headers["Location"].endswith("year=2027")
    assert count(CalendarYear) == 1 and not app_calendar().is_provisional_year(2027)
    assert db.session.scalar(select(CalendarYear.imported_by_id)) == admin.id
    page = client.get(f"{PAGE}?year=2027").get_data(as_text=True)
    assert "暂按周一至周五计算（" not in page
    assert 'class="cal-holiday" title="2027-01-01' in page and "元旦" in page
    assert 'class="cal-makeup" title="2027-01-31' in page
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "calendar_year_imported"


def test_invalid_file_re_renders_with_problems_and_stores_nothing(client, admin):
    text = "date,kind,note\n2027-01-01,holiday,元旦\n2027-01-04,workday,\n2028-01-01,holiday,\n"
    response = upload(client, "2027.csv", text.encode())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "2027-01-04" in page and "2028-01-01" in page
    assert page.count("<li>文件第 ") == 2
    assert count(CalendarYear) == 0 and count(CalendarDay) == 0 and count(AuditEntry) == 0


def test_check_only_shows_the_schedule_and_stores_nothing(client, admin):
    response = upload(client, "2027.example.yaml", EXAMPLE.read_bytes(), check="1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "2027-02-13" in page
    assert count(CalendarYear) == 0


def test_missing_file_is_refused(client, admin):
    response = client.post(f"{PAGE}/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422 and "请选择文件，或直接填写安排。" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", [
    "date,kind,note\n2027-01-01,holiday,元旦\n2027-01-09,workday,补班\n",
    "year: 2027\nholidays: [2027-01-01]\nworkdays: [2027-01-09]\n",
])
def test_typed_schedule_is_imported(client, admin, text):
    response = client.post(f"{PAGE}/import", data={"text": text, "source": "国办发明电〔2026〕1号"})
    assert response.status_code == 302
    cal = app_calendar()
    assert not cal.is_provisional_year(2027) and not cal.is_workday(dt.date(2027, 1, 1))
    assert cal.is_workday(dt.date(2027, 1, 9))
    assert db.session.scalar(select(CalendarYear.source)) == "国办发明电〔2026〕1号"


def test_typed_text_with_problems_comes_back(client, admin):
    response = client.post(f"{PAGE}/import", data={"text": "date,kind,note\n2027-01-04,workday,\n"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "2027-01-04 是周一至周五" in page and "2027-01-04,workday," in page
    assert count(CalendarYear) == 0


def test_override_is_saved_and_wins(client, admin):
    response = client.post(f"{PAGE}/overrides", data={"day": "2026-10-01", "kind": "workday", "note": "国庆值守"})
    assert response.status_code == 302
    assert app_calendar().is_workday(dt.date(2026, 10, 1))
    page = client.get(f"{PAGE}?year=2026").get_data(as_text=True)
    assert 'class="cal-local_open" title="2026-10-01' in page and "国庆值守" in page


def test_refused_override_keeps_the_input(client, admin):
    response = client.post(f"{PAGE}/overrides?year=2027",
                           data={"day": "2027-03-08", "kind": "holiday", "note": "  "})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="2027-03-08"' in page and re.search(r'<input checked[^>]*value="holiday"', page)
    assert "请填写调整原因" in page
    assert count(CalendarDay) == 0
    response = client.post(f"{PAGE}/overrides", data={"day": "not-a-date", "kind": "holiday", "note": "停电"})
    assert response.status_code == 422 and 'value="停电"' in response.get_data(as_text=True)


def test_remove_override(client, admin):
    set_override(None, dt.date(2027, 3, 8), False, "停电检修")
    db.session.commit()
    page = client.get(f"{PAGE}?year=2027").get_data(as_text=True)
    assert "/admin/calendar/overrides/2027-03-08/remove" in page
    response = client.post(f"{PAGE}/overrides/2027-03-08/remove")
    assert response.status_code == 302
    assert count(CalendarDay) == 0 and app_calendar().is_workday(dt.date(2027, 3, 8))
    assert client.post(f"{PAGE}/overrides/2027-03-08/remove").status_code == 302  # nothing left: a message
    assert client.post(f"{PAGE}/overrides/bad/remove").status_code == 404


def test_posts_need_the_csrf_token(app, client, admin, monkeypatch):
    set_override(None, dt.date(2027, 3, 8), False, "停电检修")
    db.session.commit()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"{PAGE}/overrides/2027-03-08/remove").status_code == 400
    assert client.post(f"{PAGE}/overrides", data={"day": "2027-03-09", "kind": "holiday", "note": "x"}).status_code == 400
    assert count(CalendarDay) == 1


def test_every_calendar_message_has_a_chinese_translation():
    """The file problems, refusals and package holiday names reach the page through gettext."""
    import ast

    from babel.messages.pofile import read_po
    from chinese_calendar.constants import Holiday

    root = Path(__file__).resolve().parents[2]
    with (root / "coordinator/translations/zh_Hans_CN/parts/calendar.po").open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    needed = {h.value for h in Holiday}
    for module in ("coordinator/domain/calendar_file.py", "coordinator/services/calendar.py"):
        for node in ast.walk(ast.parse((root / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("Problem", "CalendarInputError"):
                text = node.args[1] if node.func.id == "Problem" else node.args[0]
                needed.add(text.value)
    assert needed - translated == set()
