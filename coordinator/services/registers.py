"""The registers of codes that templates use: departments and intermediary service types."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=8)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def load_departments(folder: str) -> dict[str, dict]:
    """code -> {name, name_en} from registers/departments.yaml."""
    return _load(str(Path(folder) / "departments.yaml"))["departments"]


def load_services(folder: str) -> dict[str, dict]:
    """code -> {name, name_en} from registers/services.yaml."""
    return _load(str(Path(folder) / "services.yaml"))["services"]
