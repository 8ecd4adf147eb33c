"""Merge the Chinese catalogue parts (one .po file per area, so areas can be edited independently)
into zh_Hans_CN/LC_MESSAGES/messages.po and compile messages.mo. Run by `make install`."""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "coordinator" / "translations" / "zh_Hans_CN"


def merge() -> Catalog:
    """One catalogue from every part; a msgid translated twice differently is an error."""
    merged = Catalog(locale="zh_Hans_CN", project="coordinator")
    problems = []
    for part in sorted((LOCALE_DIR / "parts").glob("*.po")):
        with part.open("rb") as fh:
            catalog = read_po(fh, locale="zh_Hans_CN")
        for message in catalog:
            if not message.id:
                continue
            existing = merged.get(message.id)
            if existing and existing.string != message.string:
                problems.append(f"{part.name}: {message.id!r} translated differently elsewhere")
            merged.add(message.id, message.string)
    if problems:
        sys.exit("\n".join(problems))
    return merged


def main() -> None:
    catalog = merge()
    out = LOCALE_DIR / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "messages.po").open("wb") as fh:
        write_po(fh, catalog)
    with (out / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)


if __name__ == "__main__":
    main()
