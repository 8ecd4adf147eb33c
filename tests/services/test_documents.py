"""Uploads per security.md: allowlist plus magic bytes, size limit, safe zips, random storage name outside
static/, SHA-256, versions kept, atomic (nothing left behind when refused), audited."""
import datetime as dt
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from coordinator.config import ROOT
from coordinator.domain.uploads import UploadRefused, check_zip, extension_of
from coordinator.extensions import db
from coordinator.models import AuditEntry, Document
from coordinator.services.documents import (
    current_documents,
    document_path,
    store_upload,
    sweep_orphans,
    upload_dir,
)
from tests.application_kit import PDF, PNG, bundle_project, people, zip_bytes


@pytest.fixture
def project(db_session):
    who = people()
    return who["owner"], bundle_project(who["owner"].company_id)


def _store(project, name, data, material="licence"):
    owner, row = project
    return store_upload(row, material, name, io.BytesIO(data), owner)


def test_a_pdf_is_stored_under_a_random_name_with_its_hash_and_chinese_name(project):
    doc = _store(project, "营业执照（副本）.pdf", PDF)
    db.session.commit()
    path = document_path(doc)
    assert path.read_bytes() == PDF
    assert doc.sha256 == hashlib.sha256(PDF).hexdigest() and doc.size == len(PDF)
    assert doc.original_name == "营业执照（副本）.pdf" and doc.storage_name.endswith(".pdf")
    assert "营业执照" not in doc.storage_name and len(doc.storage_name) >= 36
    assert not str(path.resolve()).startswith(str((ROOT / "static").resolve()))
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "document:upload")).one()
    assert audit.detail["sha256"] == doc.sha256


def test_each_upload_is_a_new_version_and_the_newest_is_current(project):
    first = _store(project, "a.pdf", PDF)
    second = _store(project, "b.png", PNG)
    db.session.commit()
    assert (first.version, second.version) == (1, 2)
    assert current_documents(project[1].id)["licence"].id == second.id
    assert document_path(first).exists()


@pytest.mark.parametrize("name,data,problem", [
    ("virus.exe", b"MZ\x90\x00", "extension"),
    ("noext", PDF, "extension"),
    ("fake.pdf", b"<html>not a pdf</html>", "content"),
    ("fake.png", PDF, "content"),
    ("fake.docx", zip_bytes({"a.txt": b"x"}), "content"),
    ("broken.zip", b"PK\x03\x04garbage", "zip"),
    ("evil.zip", zip_bytes({"../../etc/passwd": b"x"}), "zip_path"),
    ("abs.zip", zip_bytes({"/etc/passwd": b"x"}), "zip_path"),
    ("empty.pdf", b"", "empty"),
])
def test_refused_files_leave_nothing_behind(project, name, data, problem):
    before = sorted(p.name for p in upload_dir().iterdir())
    with pytest.raises(UploadRefused) as caught:
        _store(project, name, data)
    assert caught.value.problem == problem
    assert sorted(p.name for p in upload_dir().iterdir()) == before
    assert db.session.scalar(select(Document.id)) is None


def test_office_and_ofd_containers_are_recognised(project):
    docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    xlsx = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})
    ofd = zip_bytes({"OFD.xml": b"<ofd/>", "Doc_0/Document.xml": b"<d/>"})
    assert [_store(project, n, d).extension for n, d in (("a.docx", docx), ("b.xlsx", xlsx), ("c.ofd", ofd))] == [
        "docx", "xlsx", "ofd"]
    assert extension_of("照片.JPEG") == "jpg"


def test_size_limit(project, app):
    app.config["MAX_UPLOAD_MB"] = 1
    try:
        with pytest.raises(UploadRefused) as caught:
            _store(project, "big.pdf", PDF + b"0" * (1024 * 1024))
        assert caught.value.problem == "size"
    finally:
        app.config["MAX_UPLOAD_MB"] = 20


def test_zip_links_and_bombs_are_refused():
    link = io.BytesIO()
    with zipfile.ZipFile(link, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    with pytest.raises(UploadRefused) as caught:
        check_zip(link, 10_000)
    assert caught.value.problem == "zip_link"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros", b"\x00" * 200_000)
    with pytest.raises(UploadRefused) as caught:
        check_zip(bomb, 100_000)
    assert caught.value.problem == "zip_size"


def test_no_temp_file_survives_a_refusal(project):
    with pytest.raises(UploadRefused):
        _store(project, "fake.pdf", b"nope")
    assert not [p for p in Path(upload_dir()).iterdir() if p.name.startswith(".upload-")]


def test_the_sweep_removes_only_old_files_without_a_row(project, app):
    kept = _store(project, "a.pdf", PDF)
    db.session.commit()
    orphan = upload_dir() / "0123456789abcdef0123456789abcdef.pdf"
    orphan.write_bytes(PDF)
    young = upload_dir() / ".upload-young.part"
    young.write_bytes(b"x")
    old = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    os.utime(orphan, (old.timestamp(), old.timestamp()))
    os.utime(document_path(kept), (old.timestamp(), old.timestamp()))
    removed = sweep_orphans(dt.timedelta(hours=1), dt.datetime.now(dt.UTC))
    assert orphan.name in removed and not orphan.exists()
    assert document_path(kept).exists() and young.exists()
    young.unlink()
    result = app.test_cli_runner().invoke(args=["uploads-sweep", "--older-than-hours", "0"])
    assert result.exit_code == 0 and "orphan file(s) removed" in result.output
