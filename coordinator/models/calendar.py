"""Working-day calendar data kept in the database: imported official years and local overrides."""
import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class CalendarYear(CreatedAt, db.Model):
    """A year whose official schedule was imported by an administrator (it is then not provisional)."""

    __tablename__ = "calendar_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(200))
    imported_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CalendarDay(CreatedAt, db.Model):
    """One day that differs from Monday–Friday: an official holiday/make-up day or a local change."""

    __tablename__ = "calendar_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    # "official": part of an imported year's schedule; "local": a county's own change (wins over everything)
    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None] = mapped_column(ForeignKey("calendar_years.year"), nullable=True)
