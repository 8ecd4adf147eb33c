"""Tell people when something asks them to act: an in-app notification per person (the bell), and an e-mail
when SMTP is configured, sent only after the transaction that caused it has committed."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import event, func, or_, select, update
from sqlalchemy.orm import Session

from coordinator.extensions import db
from coordinator.models import Department, Notification, Project, User

log = logging.getLogger(__name__)
OUTBOX = "coordinator.outbox"
STAFF_ROLES = ("lead", "reviewer")


# ------------------------------------------------------------------ who


def department_staff(codes, roles=STAFF_ROLES) -> list[User]:
    """Active users of the departments with these codes and roles (one query)."""
    codes = list(codes)
    if not codes:
        return []
    return list(db.session.scalars(
        select(User).join(Department, User.department_id == Department.id)
        .where(Department.code.in_(codes), User.role.in_(roles), User.is_active_account.is_(True))))


def department_heads(code: str) -> list[User]:
    """The heads of one department (they approve extensions)."""
    return [user for user in department_staff([code], ("lead", "reviewer", "leader")) if user.is_head]


def leaders() -> list[User]:
    """Every active leader (told about escalations)."""
    return list(db.session.scalars(select(User).where(User.role == "leader", User.is_active_account.is_(True))))


def project_people(project: Project) -> list[User]:
    """The owner's people and the project's agent (told about pauses, extensions and results)."""
    conditions = []
    if project.company_id is not None:
        conditions.append((User.company_id == project.company_id) & (User.role == "owner"))
    if project.agent_id is not None:
        conditions.append(User.id == project.agent_id)
    if not conditions:
        return []
    return list(db.session.scalars(select(User).where(or_(*conditions), User.is_active_account.is_(True))))


# ------------------------------------------------------------------ sending


def notify(users, kind: str, message: str, *, project: Project | None = None, link: str = "",
           **params) -> list[Notification]:
    """One notification per distinct user; `message` is an English msgid with %(name)s parameters."""
    rows, seen = [], set()
    for user in users:
        if user is None or user.id in seen:
            continue
        seen.add(user.id)
        row = Notification(user_id=user.id, kind=kind, project_id=getattr(project, "id", None), message=message,
                           params=params, link=link)
        db.session.add(row)
        rows.append(row)
        _queue_email(user, message, params, link)
    db.session.flush()
    return rows


def _queue_email(user: User, message: str, params: dict, link: str) -> None:
    """Keep the e-mail until the commit (dropped on rollback)."""
    config = current_app.config
    if not config.get("SMTP_HOST") or not user.email:
        return
    with force_locale("zh_Hans_CN"):
        text = _(message, **params)
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = config["SMTP_SENDER"], user.email, text[:120]
    mail.set_content(f"{text}\n\n{link}" if link else text)
    db.session.info.setdefault(OUTBOX, []).append((config["SMTP_HOST"], config["SMTP_PORT"], mail))


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    """Send what the committed transaction queued; a mail server problem never undoes the change."""
    for host, port, mail in session.info.pop(OUTBOX, []):
        try:
            with smtplib.SMTP(host, port, timeout=10) as smtp:
                smtp.send_message(mail)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("notification e-mail to %s not sent: %s", mail["To"], exc)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop(OUTBOX, None)


# ------------------------------------------------------------------ reading


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id))
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user: User, limit: int = 50) -> list[Notification]:
    """The user's newest notifications, unread first."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.read_at.is_not(None), Notification.id.desc()).limit(limit)))


def mark_read(user: User, now, notification_id: int | None = None) -> int:
    """Mark one (or every) unread notification of the user as read; returns how many changed."""
    statement = (update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                 .values(read_at=now))
    if notification_id is not None:
        statement = statement.where(Notification.id == notification_id)
    return db.session.execute(statement).rowcount
