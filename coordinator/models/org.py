"""Organisations: government departments and companies (project owners)."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class Department(CreatedAt, db.Model):
    """A government department; its code is the one templates use (registers/departments.yaml)."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(200), default="")


class Company(CreatedAt, db.Model):
    """A project owner (建设单位), identified by its 统一社会信用代码."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
