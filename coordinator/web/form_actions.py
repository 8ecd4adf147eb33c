"""The shape of a form action: one transaction, committed with a confirmation or rolled back with the reason."""
from __future__ import annotations

from collections.abc import Callable

from flask import flash

from coordinator.extensions import db


def attempt(action: Callable[[], object], success: str | None, refusals: tuple[type[Exception], ...],
            explain: Callable[[Exception], str]) -> bool:
    """Run `action`: commit and flash `success` (when given), or roll back and flash `explain(exc)` when it
    raises one of `refusals`. True when it was committed."""
    try:
        action()
    except refusals as exc:
        db.session.rollback()
        flash(explain(exc), "error")
        return False
    db.session.commit()
    if success:
        flash(success, "success")
    return True
