"""Standard land parcels (标准地) with their control indicators, and the area-wide assessments (区域评估)
that cover them: the facts that make a project eligible for the 标准地+承诺制 fast path."""
import datetime as dt

from sqlalchemy import JSON, Column, Date, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt

parcel_assessments = Table(
    "parcel_assessments",
    db.metadata,
    Column("parcel_id", ForeignKey("standard_parcels.id", ondelete="CASCADE"), primary_key=True),
    Column("assessment_id", ForeignKey("regional_assessments.id", ondelete="CASCADE"), primary_key=True),
)


class RegionalAssessment(CreatedAt, db.Model):
    """One area-wide assessment of a zone (区域环评, 区域能评, 水土保持, 地灾 …), valid from its approval
    date until `valid_until` (open-ended when null)."""

    __tablename__ = "regional_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)  # coordinator.domain.eligibility.ASSESSMENT_KINDS
    name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text, default="")  # the area it covers and its entry conditions
    approval_no: Mapped[str] = mapped_column(String(100), default="")
    approved_on: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class StandardParcel(CreatedAt, db.Model):
    """A parcel sold as 标准地 with its "N+X" control indicators (minimums the owner commits to)."""

    __tablename__ = "standard_parcels"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # 地块编号
    name: Mapped[str] = mapped_column(String(200))
    zone: Mapped[str] = mapped_column(String(200), default="")  # 产业园区 / 集聚区
    area_mu: Mapped[float] = mapped_column(Numeric(12, 2))  # 亩
    investment_intensity: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 万元/亩
    tax_per_mu: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 万元/亩
    plot_ratio: Mapped[float | None] = mapped_column(Numeric(6, 2), nullable=True)
    energy_value_added: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 万元/吨标煤
    emission_value_added: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 万元/吨
    extra_indicators: Mapped[list] = mapped_column(JSON, default=list)  # X: [{name, value, unit}]
    delivered_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # 交地

    assessments: Mapped[list[RegionalAssessment]] = relationship(
        secondary=parcel_assessments, lazy="selectin", order_by=RegionalAssessment.id)


class NegativeListEntry(CreatedAt, db.Model):
    """One industry a zone's negative list (负面清单) keeps off its fast paths, by its 国民经济行业分类
    (GB/T 4754) code — a class covers its subclasses: C25 covers C2511 — and/or by its name."""

    __tablename__ = "zone_negative_list"
    __table_args__ = (UniqueConstraint("zone", "code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone: Mapped[str] = mapped_column(String(200), index=True)  # StandardParcel.zone
    code: Mapped[str] = mapped_column(String(8), default="")
    name: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. the document that published it
