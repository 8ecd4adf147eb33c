"""Uploaded materials: one per project × material, each upload a new version (old ones kept)."""
from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coordinator.extensions import db
from coordinator.models.types import CreatedAt


class Document(CreatedAt, db.Model):
    """A stored file: random storage name under UPLOAD_DIR, its SHA-256, and the name the owner gave it."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("project_id", "material", "version"),
        Index("ix_documents_project_material", "project_id", "material"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    material: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    extension: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
