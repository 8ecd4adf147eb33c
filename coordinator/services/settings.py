"""Read and write shared settings."""
from coordinator.extensions import db
from coordinator.models import Setting


def get_setting(key: str) -> str | None:
    """The setting's value, or None."""
    row = db.session.get(Setting, key)
    return row.value if row else None


def put_setting(key: str, value: str) -> None:
    """Create or replace a setting (flushes, does not commit)."""
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value
    db.session.flush()
