"""After-event hooks: follow-up work that must happen whenever a project event is recorded, whoever records it.

`append_event` runs every registered hook right after the event and its audit entry are flushed, in the same
transaction, so a hook's writes commit or roll back with the event. The app factory registers them
(`coordinator.register_event_hooks`), so no page, command or API can record an event without them.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from coordinator.domain.timeline import Replay
from coordinator.models import Project, ProjectEvent

Hook = Callable[[Project, ProjectEvent, Replay, object, dt.date], None]

_hooks: list[Hook] = []


def register(hook: Hook) -> Hook:
    """Run `hook(project, row, state, actor, today)` after every recorded event; registering twice is a no-op."""
    if hook not in _hooks:
        _hooks.append(hook)
    return hook


def registered() -> tuple[Hook, ...]:
    """The hooks in the order they run."""
    return tuple(_hooks)


def run(project: Project, row: ProjectEvent, state: Replay, actor, today: dt.date) -> None:
    """Call every hook for the event just recorded (`state` is the replay including it)."""
    for hook in _hooks:
        hook(project, row, state, actor, today)
