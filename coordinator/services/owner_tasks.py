"""What the owner must do next on a project, read off its timeline: stages to apply for, notices of missing
materials to answer, deferred materials with their promised date and light, receipts to print."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.domain.clocks import Reading
from coordinator.extensions import db
from coordinator.models import Application, Project, StageReview
from coordinator.services.acceptance import deferred_light
from coordinator.services.applications import ready_stages

ACCEPTED = ("accepted", "paused", "done")


@dataclass
class Deferred:
    node: str
    material: str
    due: dt.date | None
    light: Reading


@dataclass
class OwnerTasks:
    ready: list[str] = field(default_factory=list)
    notices: dict[str, StageReview] = field(default_factory=dict)  # node -> the review that sent the notice
    waiting: list[StageReview] = field(default_factory=list)  # submitted, awaiting the window
    deferred: list[Deferred] = field(default_factory=list)
    receipts: dict[str, StageReview] = field(default_factory=dict)  # accepted node -> its review
    deemed: list[str] = field(default_factory=list)
    draft: Application | None = None


def owner_tasks(project: Project, timeline: dict, today: dt.date | None = None) -> OwnerTasks:
    """The owner's to-do list (two queries: the project's reviews and its open draft)."""
    today = today or current_clock().today()
    reviews = list(db.session.scalars(select(StageReview).where(StageReview.project_id == project.id)
                                      .order_by(StageReview.id)))
    latest = {review.node: review for review in reviews}
    tasks = OwnerTasks(ready=ready_stages(timeline))
    tasks.draft = db.session.scalar(select(Application).where(Application.project_id == project.id,
                                                              Application.status == "draft")
                                    .order_by(Application.id.desc()).limit(1))
    for key, node in timeline["nodes"].items():
        if node["kind"] != "stage":
            continue
        review = latest.get(key)
        if node["status"] == "ready" and node.get("notice") and review and review.status == "notified":
            tasks.notices[key] = review
        elif node["status"] == "submitted" and review and review.status == "pending":
            tasks.waiting.append(review)
        if node["status"] in ACCEPTED and review is not None:
            tasks.receipts[key] = review
            if node.get("deemed_accepted"):
                tasks.deemed.append(key)
        tasks.deferred.extend(_deferred(key, node, review, today))
    return tasks


def _deferred(key: str, node: dict, review: StageReview | None, today: dt.date) -> list[Deferred]:
    """The stage's deferred materials still missing, each with its promised-date light."""
    missing = list(dict.fromkeys(m for item in node["items"].values() for m in item["missing_materials"]))
    if not missing or not node.get("started"):
        return []
    due = node.get("deferred_due") or (review.due.isoformat() if review and review.due else None)
    due_day = dt.date.fromisoformat(due) if due else None
    started = dt.date.fromisoformat(node["started"])
    light = deferred_light(started, due_day, None, today) if due_day else Reading()
    return [Deferred(key, material, due_day, light) for material in missing]
