"""What a fast path costs the owner afterwards: the opt-in record, the signed commitment letter, one
obligation per commitment (verified later by a supervising department), credit records for breaches, and
the push of every issued result to its supervising department (审管联动) with its claim (认领)."""
import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class FastPathChoice(CreatedAt, db.Model):
    """A project opted into a fast path: who, on which day, and the conditions that held then."""

    __tablename__ = "fast_path_choices"
    __table_args__ = (UniqueConstraint("project_id", "path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    path: Mapped[str] = mapped_column(String(64))
    chosen_on: Mapped[dt.date] = mapped_column(Date)
    chosen_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    conditions: Mapped[list] = mapped_column(JSON, default=list)


class CommitmentLetter(CreatedAt, db.Model):
    """A signed 承诺书: the text as signed (its digest) and the items it committed."""

    __tablename__ = "commitment_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signer: Mapped[str] = mapped_column(String(100))
    signed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    items: Mapped[list] = mapped_column(JSON, default=list)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    digest: Mapped[str] = mapped_column(String(64))


class Obligation(CreatedAt, db.Model):
    """A verification the owner owes, due on a date and owned by a department: a commitment item (承诺核查,
    kind `commitment`, node/item of the template) or a term of the investment agreement (kind start_works,
    completion or indicator; node = the check: delivery, benchmark 对标验收 or production 达产复核; item = what
    is checked, e.g. tax_per_mu or x:<name>) with its target and the measured value."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("project_id", "kind", "node", "item"),
        Index("ix_obligations_dept_status", "verify_by", "status"),
        Index("ix_obligations_status_due", "status", "due"),  # the reminder job: open ones falling due
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="commitment")
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    verify_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signed_on: Mapped[dt.date] = mapped_column(Date)
    within_days: Mapped[int] = mapped_column(Integer)
    due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, claimed, kept, breached
    claimed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    verified_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    verified_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    finding: Mapped[str] = mapped_column(Text, default="")
    evidence_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), nullable=True)
    target: Mapped[str | None] = mapped_column(String(32), nullable=True)  # an indicator's committed minimum
    unit: Mapped[str] = mapped_column(String(32), default="")
    measured: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the value found, or the date
    shortfall: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)
    penalty: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), nullable=True)  # shortfall × 亩 (万元)


class CreditRecord(CreatedAt, db.Model):
    """A credit record (信用记录) against a company, e.g. a broken commitment; it suspends the commitment
    regime for the company until `until` (credit repair)."""

    __tablename__ = "credit_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True, nullable=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    obligation_id: Mapped[int | None] = mapped_column(ForeignKey("obligations.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(32), default="commitment_breached")
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    until: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class ResultPush(CreatedAt, db.Model):
    """An issued item result pushed to the department that supervises it; claimed (认领) within 2
    working days."""

    __tablename__ = "result_pushes"
    __table_args__ = (
        UniqueConstraint("project_id", "item"),
        Index("ix_result_pushes_dept", "dept", "claimed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    node: Mapped[str] = mapped_column(String(64))
    item: Mapped[str] = mapped_column(String(64))
    dept: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    claim_due: Mapped[dt.date] = mapped_column(Date)
    claimed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
