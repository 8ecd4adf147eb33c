"""Problems with their paths (`nodes[a].items[b].legal_days: ...`) and the checker that collects them all."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

KEY_RE = re.compile(r"^[a-z0-9-]+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a template, at a path."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class TemplateInvalid(ValueError):
    """A template with one or more problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = problems
        self.source = source
        head = f"{source}: " if source else ""
        super().__init__(head + "; ".join(str(p) for p in problems))


class Checker:
    """Collects problems while reading raw data."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value, path: str) -> dict | None:
        if not isinstance(value, Mapping):
            self.add(path, f"must be a mapping, got {type(value).__name__}")
            return None
        return dict(value)

    def keys(self, data: Mapping, allowed: set, required: tuple, path: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(join(path, str(key)), "unknown key")
        for key in required:
            if key not in data:
                self.add(join(path, key), "missing required key")

    def string(self, data: Mapping, key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if value is None or not isinstance(value, str):
            self.add(join(path, key), f"must be a string, got {type(value).__name__}")
            return default
        return value

    def code(self, data: Mapping, key: str, path: str) -> str | None:
        """A register code (department, service) when given: it must be text (a list would crash lookups)."""
        value = data.get(key)
        if key in data and not isinstance(value, str):
            self.add(join(path, key), f"must be a code (text), got {value!r}")
            return None
        return value

    def days(self, data: Mapping, key: str, path: str) -> int | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(join(path, key), f"must be a whole number of working days, got {value!r}")
            return None
        if value < 0:
            self.add(join(path, key), f"must not be negative, got {value}")
            return None
        return value

    def key_list(self, data: Mapping, key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(join(path, key), "must be a list of keys")
            return ()
        return tuple(value)


def join(path: str, key: str) -> str:
    """The path of `key` under `path`, as problems name it."""
    return f"{path}.{key}" if path else key


def entry_label(prefix: str, index: int, raw) -> str:
    """A list entry named by its key when it has one (`nodes[a]`), else by its position (`nodes[0]`)."""
    key = raw.get("key") if isinstance(raw, Mapping) else None
    return f"{prefix}[{key}]" if isinstance(key, str) and key else f"{prefix}[{index}]"


def entries(check: Checker, raw, path: str):
    """Yield (label, mapping) for each entry of a list of mappings, reporting duplicates of `key`."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        check.add(path, "must be a list")
        return
    seen: set[str] = set()
    for i, entry in enumerate(raw):
        label = entry_label(path, i, entry)
        data = check.mapping(entry, label)
        if data is None:
            continue
        k = data.get("key")
        if "key" in data and not isinstance(k, str):
            check.add(join(label, "key"), f"must be a string, got {k!r}")
        if isinstance(k, str):
            if k in seen:
                check.add(label, f"duplicate key {k!r}")
            seen.add(k)
            if not KEY_RE.match(k):
                check.add(join(label, "key"), f"must match [a-z0-9-]+, got {k!r}")
        yield label, data


def text_key(data: Mapping) -> str:
    """The entry's key when it is text ('' otherwise: the bad type is reported by entries)."""
    key = data.get("key")
    return key if isinstance(key, str) else ""
