"""Key/value settings shared by every worker (e.g. the training business date)."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db


class Setting(db.Model):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
