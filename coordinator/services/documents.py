"""Store and serve uploaded materials (一套材料): checked, written atomically under a random name outside
static/, hashed, versioned per project × material, every upload and download audited."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select

from coordinator.domain.uploads import UploadRefused, check_content, extension_of
from coordinator.extensions import db
from coordinator.models import Document, Project
from coordinator.services import audit

CHUNK = 1024 * 1024
UNZIPPED_FACTOR = 10  # a zip may hold at most 10 × the upload limit once unpacked


def upload_dir() -> Path:
    """The configured store (created on first use)."""
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def store_upload(project: Project, material: str, filename: str, stream: BinaryIO, actor) -> Document:
    """Check the file, write it atomically, then add its row as the material's newest version.

    Raises UploadRefused (nothing stored) for a bad extension, size or content.
    """
    ext = extension_of(filename)
    folder = upload_dir()
    temp, digest, size = _spool(stream, folder)
    try:
        with open(temp, "rb") as spooled:
            check_content(ext, spooled, max_bytes() * UNZIPPED_FACTOR)
        storage_name = f"{secrets.token_hex(16)}.{ext}"
        os.replace(temp, folder / storage_name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(folder)
    return _add_row(project, material, storage_name, digest, size, ext, _clean_name(filename), actor)


def _spool(stream: BinaryIO, folder: Path) -> tuple[str, str, int]:
    """Copy the upload into a temp file in the store, hashing and counting; refuse it past the limit."""
    limit = max_bytes()
    digest, size = hashlib.sha256(), 0
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadRefused("size", str(size))
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise UploadRefused("empty")
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return temp, digest.hexdigest(), size


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clean_name(filename: str) -> str:
    """The name as the owner gave it, without any directory part or control characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:255] or "file"


def _add_row(project, material, storage_name, digest, size, ext, name, actor) -> Document:
    version = (db.session.scalar(select(func.max(Document.version))
                                 .where(Document.project_id == project.id, Document.material == material)) or 0) + 1
    row = Document(project_id=project.id, material=material, version=version, storage_name=storage_name,
                   sha256=digest, original_name=name, extension=ext, size=size,
                   uploaded_by=getattr(actor, "id", None))
    db.session.add(row)
    db.session.flush()
    audit.record("document:upload", actor, "document", row.id, project=project.id, material=material,
                 version=version, sha256=digest, size=size, name=name)
    return row


def current_documents(project_id: int) -> dict[str, Document]:
    """material -> its newest version, for one project (one query)."""
    rows = db.session.scalars(select(Document).where(Document.project_id == project_id)
                              .order_by(Document.material, Document.version))
    return {row.material: row for row in rows}


def document_path(document: Document) -> Path:
    """Where the file is stored; the name never comes from the user."""
    return upload_dir() / document.storage_name


def record_download(document: Document, actor) -> None:
    """Audit a download (the caller commits before sending the file)."""
    audit.record("document:download", actor, "document", document.id, project=document.project_id,
                 material=document.material, version=document.version, sha256=document.sha256)


def sweep_orphans(older_than: dt.timedelta, now: dt.datetime, folder: Path | None = None) -> list[str]:
    """Remove stored files that have no row (a crash between the rename and the commit) and abandoned temp
    files, once they are older than `older_than` (younger ones may belong to an upload still in flight)."""
    folder = folder or upload_dir()
    known = set(db.session.scalars(select(Document.storage_name)))
    removed = []
    for path in folder.iterdir():
        age = now - dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        if path.is_file() and path.name not in known and age > older_than:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
