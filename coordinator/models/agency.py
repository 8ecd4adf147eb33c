"""Intermediary agencies (中介机构): the register, their qualifications, and the contracts that bind an agency
to a project's agency node, alone or as a member of a consortium (中介联合体) with one overall service time."""
import datetime as dt

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class Agency(CreatedAt, db.Model):
    """A registered agency (中介服务超市), identified by its 统一社会信用代码."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    services: Mapped[list] = mapped_column(JSON, default=list)  # codes of registers/services.yaml
    contact_name: Mapped[str] = mapped_column(String(100), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")

    qualifications: Mapped[list["AgencyQualification"]] = relationship(
        order_by="AgencyQualification.expires_on", lazy="select", cascade="all, delete-orphan")


class AgencyQualification(CreatedAt, db.Model):
    """A qualification certificate (资质) with its expiry date."""

    __tablename__ = "agency_qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(100), default="")
    expires_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Consortium(CreatedAt, db.Model):
    """中介联合体 on one project: a lead agency and one overall service time for the package of nodes."""

    __tablename__ = "consortia"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    service_days: Mapped[int] = mapped_column(Integer)  # the package's overall working days

    lead_agency: Mapped[Agency] = relationship(lazy="joined")


class AgencyContract(CreatedAt, db.Model):
    """The agency chosen for one agency node of a project: contract date, contracted working days, fee."""

    __tablename__ = "agency_contracts"
    __table_args__ = (UniqueConstraint("project_id", "node"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    node: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)  # the member's own limit
    fee: Mapped[float | None] = mapped_column(Numeric(12, 2), nullable=True)  # 万元
    consortium_id: Mapped[int | None] = mapped_column(ForeignKey("consortia.id"), index=True, nullable=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    agency: Mapped[Agency] = relationship(lazy="joined")
    consortium: Mapped[Consortium | None] = relationship(lazy="joined")
    project = relationship("Project", lazy="joined")


class ServiceNote(CreatedAt, db.Model):
    """An interim note by the agency on its service (progress, questions to the owner)."""

    __tablename__ = "agency_service_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("agency_contracts.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
