"""Errors of the pure domain, turned into messages, exit codes and HTTP statuses by the outer layers."""


class ScenarioInvalid(ValueError):
    """The scenario input is malformed (unknown key, bad type, unknown template); nothing was replayed."""


class RuleBroken(ValueError):
    """An event breaks a rule; `position` is its 1-based place in the event list, `rule` the rule's name."""

    def __init__(self, message: str, rule: str = "", position: int | None = None, event: dict | None = None):
        self.reason = message
        self.rule = rule
        self.position = position
        self.event = event or {}
        super().__init__(self._text())

    def _text(self) -> str:
        where = ""
        if self.position is not None:
            ev = self.event
            target = "/".join(str(ev[k]) for k in ("node", "item", "dept") if ev.get(k))
            where = f"event {self.position} ({ev.get('date', '?')} {ev.get('do', '?')} {target}): "
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}{self.reason}{rule}"

    def at(self, position: int, event: dict) -> "RuleBroken":
        """The same error, located at an event."""
        return RuleBroken(self.reason, self.rule, position, event)
