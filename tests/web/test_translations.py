"""Every UI string extracted from the code and templates has a Chinese translation: the UI is Chinese-first."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

ROOT = Path(__file__).resolve().parents[2]


KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
# babel.cfg names the Jinja extractor "jinja2"; point it at the function itself
EXTRACTORS = {"jinja2": "jinja2.ext:babel_extract"}


def _mapping() -> tuple[list[tuple[str, str]], dict[str, dict]]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        methods, options = parse_mapping_cfg(fh, "babel.cfg")
    return [(pattern, EXTRACTORS.get(method, method)) for pattern, method in methods], options


def extracted_msgids() -> dict[str, set[str]]:
    """msgid -> the files using it (each form of a plural counts)."""
    methods, options = _mapping()
    found: dict[str, set[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), methods, options, keywords=KEYWORDS
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, set()).add(filename.replace("\\", "/"))
    return found


def merged_catalogue():
    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "scripts" / "build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.merge()


def test_the_extractor_sees_both_code_and_templates():
    files = set().union(*extracted_msgids().values())
    assert any(name.startswith("coordinator/") for name in files)
    assert any(name.startswith("templates/") for name in files)


def test_every_msgid_has_a_chinese_translation():
    catalogue = merged_catalogue()
    missing = sorted(
        f"{msgid!r}  ({', '.join(sorted(files))})"
        for msgid, files in extracted_msgids().items()
        if not (catalogue.get(msgid) and catalogue.get(msgid).string)
    )
    assert not missing, f"{len(missing)} msgids without a Chinese translation:\n" + "\n".join(missing)
