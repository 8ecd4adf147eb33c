"""Configuration: defaults, overridden by COORDINATOR_* environment variables, checked for production."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SECRET = "dev-insecure-secret-change-me"


class ConfigError(RuntimeError):
    """Raised when the configuration is unsafe or inconsistent."""


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


# name -> (default, parser); each is read from COORDINATOR_<NAME>
SETTINGS: dict[str, tuple[object, object]] = {
    "ENV": ("development", str),
    "SECRET_KEY": (DEFAULT_SECRET, str),
    "DATABASE_URL": (f"sqlite:///{ROOT / 'instance' / 'coordinator.db'}", str),
    "TRAINING": (False, _bool),
    "STAGE_TEMPLATES": (str(ROOT / "stage_templates"), str),
    "REGISTERS": (str(ROOT / "registers"), str),
    "UPLOAD_DIR": (str(ROOT / "instance" / "uploads"), str),
    "MAX_UPLOAD_MB": (20, int),
    "SESSION_IDLE_MINUTES": (30, int),
    "PASSWORD_MIN_LENGTH": (12, int),
    "PASSWORD_DENGBAO": (True, _bool),  # 等保 mode: 3 of 4 character classes and expiry
    "PASSWORD_MAX_AGE_DAYS": (90, int),
    "LOGIN_MAX_FAILURES": (5, int),
    "LOCKOUT_MINUTES": (15, int),
    "SMTP_HOST": ("", str),
    "SMTP_PORT": (25, int),
    "SMTP_SENDER": ("noreply@coordinator.local", str),
    "TIMEZONE": ("Asia/Shanghai", str),
}


def load_config(overrides: dict | None = None) -> dict:
    """Return the Flask config dict: defaults, then the environment, then explicit overrides."""
    cfg: dict = {}
    for name, (default, parse) in SETTINGS.items():
        raw = os.environ.get(f"COORDINATOR_{name}")
        cfg[name] = parse(raw) if raw is not None else default
    cfg.update(overrides or {})
    cfg.setdefault("SQLALCHEMY_DATABASE_URI", cfg["DATABASE_URL"])
    production = cfg["ENV"] == "production"
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    cfg.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    cfg.setdefault("SESSION_COOKIE_SECURE", production)
    cfg.setdefault("REMEMBER_COOKIE_SECURE", production)
    cfg.setdefault("MAX_CONTENT_LENGTH", cfg["MAX_UPLOAD_MB"] * 1024 * 1024 + 64 * 1024)
    cfg.setdefault("BABEL_DEFAULT_LOCALE", "zh_Hans_CN")
    cfg.setdefault("BABEL_DEFAULT_TIMEZONE", cfg["TIMEZONE"])
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", None)
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if production:
        check_production(cfg)
    return cfg


def check_production(cfg: dict) -> None:
    """Refuse to start production with a default secret, debug on, or insecure cookies."""
    problems = []
    if cfg["SECRET_KEY"] in ("", DEFAULT_SECRET) or len(cfg["SECRET_KEY"]) < 32:
        problems.append("COORDINATOR_SECRET_KEY must be set to a random value of at least 32 characters")
    if cfg.get("DEBUG"):
        problems.append("debug must be off in production")
    if not cfg.get("SESSION_COOKIE_SECURE"):
        problems.append("session cookies must be Secure in production")
    if cfg.get("TRAINING"):
        problems.append("a training instance cannot run with COORDINATOR_ENV=production")
    if problems:
        raise ConfigError("; ".join(problems))
