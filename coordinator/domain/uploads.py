"""What an uploaded file may be (security.md, Uploads): extension allowlist, matching magic bytes, safe zip
containers (no `..` or absolute paths, no links, bounded uncompressed size). Pure: takes a binary file."""
from __future__ import annotations

import stat
import zipfile
from typing import BinaryIO

ALLOWED = ("pdf", "ofd", "jpg", "png", "docx", "xlsx", "zip")
ALIASES = {"jpeg": "jpg"}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
SIMPLE_MAGIC = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
# zip-based formats: the member that shows what the container is
CONTAINER_MEMBERS = {"ofd": ("OFD.xml",), "docx": ("[Content_Types].xml", "word/"),
                     "xlsx": ("[Content_Types].xml", "xl/"), "zip": ()}
MAX_MEMBERS = 10_000


class UploadRefused(ValueError):
    """The file may not be stored; `problem` is a short code the page turns into a message."""

    def __init__(self, problem: str, detail: str = ""):
        self.problem = problem
        self.detail = detail
        super().__init__(f"{problem}: {detail}" if detail else problem)


def extension_of(filename: str) -> str:
    """The allowed extension of `filename` (lower case, jpeg → jpg); refuses anything else."""
    name = (filename or "").strip()
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    ext = ALIASES.get(ext, ext)
    if ext not in ALLOWED:
        raise UploadRefused("extension", ext)
    return ext


def check_content(ext: str, stream: BinaryIO, max_unzipped: int) -> None:
    """Refuse a file whose bytes do not match `ext`, or an unsafe zip container."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if ext in SIMPLE_MAGIC:
        if not head.startswith(SIMPLE_MAGIC[ext]):
            raise UploadRefused("content", ext)
        return
    if not head.startswith(ZIP_MAGIC):
        raise UploadRefused("content", ext)
    names = check_zip(stream, max_unzipped)
    for needed in CONTAINER_MEMBERS[ext]:
        if not any(name == needed or name.startswith(needed) for name in names):
            raise UploadRefused("content", ext)


def check_zip(stream: BinaryIO, max_unzipped: int) -> list[str]:
    """The member names of a safe zip; refuses bad archives, unsafe paths, links and zip bombs."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused("zip", str(exc)) from None
    finally:
        stream.seek(0)
    if len(members) > MAX_MEMBERS:
        raise UploadRefused("zip", "too many members")
    total = 0
    for member in members:
        _check_member(member)
        total += member.file_size
        if total > max_unzipped:
            raise UploadRefused("zip_size", str(total))
    return [m.filename for m in members]


def _check_member(member: zipfile.ZipInfo) -> None:
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/"):
        raise UploadRefused("zip_path", member.filename)
    if stat.S_ISLNK(member.external_attr >> 16):
        raise UploadRefused("zip_link", member.filename)
