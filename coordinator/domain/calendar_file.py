"""Read a year's official schedule from the CSV or YAML an administrator imports (R1), reporting every
problem with its line, so that a year is stored whole and correct or not at all. Pure: text in, a
YearFile or ScheduleInvalid out."""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import yaml

from coordinator.domain.calendar import FIRST_YEAR, LAST_YEAR

MAX_BYTES = 64 * 1024
CSV_COLUMNS = ("date", "kind", "note")
KINDS = ("holiday", "workday")
YAML_KEYS = frozenset({"year", "holidays", "workdays", "source"})
ITEM_KEYS = frozenset({"date", "note"})
NOTE_MAX = 200
SOURCE_MAX = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: an English message template (translated by the UI) and its values."""

    line: int | None
    text: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        message = self.text % self.params if self.params else self.text
        return f"line {self.line}: {message}" if self.line else message


class ScheduleInvalid(ValueError):
    """The file has problems; none of it may be stored."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class YearFile:
    """A valid year's schedule: date -> note for its holidays and its make-up working days."""

    year: int
    source: str
    holidays: dict[dt.date, str]
    workdays: dict[dt.date, str]


@dataclass
class _Entry:
    line: int
    day: dt.date
    kind: str
    note: str


def read_year_file(filename: str, data: bytes, source: str = "") -> YearFile:
    """Parse and check `data` (CSV or YAML, by the file name); `source` is used when the file names none."""
    name = filename.lower()
    if len(data) > MAX_BYTES:
        raise ScheduleInvalid([Problem(None, "The file is larger than %(kb)s KB.", {"kb": MAX_BYTES // 1024})])
    text = _decode(data)
    if name.endswith(".csv"):
        year, file_source, entries, problems = _read_csv(text)
    elif name.endswith((".yaml", ".yml")):
        year, file_source, entries, problems = _read_yaml(text)
    else:
        raise ScheduleInvalid([Problem(None, "Use a .csv, .yaml or .yml file.")])
    problems += _check_entries(year, entries)
    if not problems and not any(entry.kind == "holiday" for entry in entries):
        problems.append(Problem(None, "The file lists no holidays."))
    if problems:
        raise ScheduleInvalid(sorted(problems, key=lambda p: p.line or 0))
    return _year_file(year, (file_source or source or filename).strip()[:SOURCE_MAX], entries)


def pasted_name(text: str) -> str:
    """A file name for typed text: CSV when its first line is the CSV header, else YAML."""
    lines = [line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return "typed.csv" if lines and lines[0].replace(" ", "").startswith("date,kind") else "typed.yaml"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes); GB18030 as Chinese Excel saves CSV otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _year_file(year: int, source: str, entries: list[_Entry]) -> YearFile:
    by_kind: dict[str, dict[dt.date, str]] = {kind: {} for kind in KINDS}
    for entry in entries:
        by_kind[entry.kind][entry.day] = entry.note
    return YearFile(year, source, by_kind["holiday"], by_kind["workday"])


# -- CSV --------------------------------------------------------------------------------------------


def _read_csv(text: str) -> tuple[int | None, str, list[_Entry], list[Problem]]:
    """`date,kind,note` with a header line; the year is the first date's. Blank and # lines are skipped."""
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1)
            if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")]
    if not rows:
        return None, "", [], [Problem(None, "The file is empty.")]
    header_line, header = rows[0]
    if tuple(cell.strip().lower() for cell in header) != CSV_COLUMNS:
        return None, "", [], [Problem(header_line, "The first line must be the header %(header)s.",
                                      {"header": ",".join(CSV_COLUMNS)})]
    entries, problems = [], []
    for line, row in rows[1:]:
        entry = _csv_entry(line, row, problems)
        if entry:
            entries.append(entry)
    return (entries[0].day.year if entries else None), "", entries, problems


def _csv_entry(line: int, row: list[str], problems: list[Problem]) -> _Entry | None:
    if len(row) not in (2, 3):
        problems.append(Problem(line, "Expected 3 columns (date,kind,note), found %(n)s.", {"n": len(row)}))
        return None
    cells = [cell.strip() for cell in row] + [""]
    day = _date(cells[0], line, problems)
    kind = cells[1].lower()
    if kind not in KINDS:
        problems.append(Problem(line, "The kind must be holiday or workday, not %(kind)r.", {"kind": cells[1]}))
    note = _note(cells[2], line, problems)
    return _Entry(line, day, kind, note) if day and kind in KINDS else None


# -- YAML -------------------------------------------------------------------------------------------


def _read_yaml(text: str) -> tuple[int | None, str, list[_Entry], list[Problem]]:
    """`{year, holidays: [...], workdays: [...], source}`; a list item is a date or `{date, note}`."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, "", [], [Problem(mark.line + 1 if mark else None, "This is not valid YAML: %(error)s.",
                                      {"error": getattr(exc, "problem", None) or str(exc)})]
    if not isinstance(root, yaml.MappingNode):
        return None, "", [], [Problem(_line(root), "The file must be a mapping with year, holidays, workdays and "
                                                   "source.")]
    problems: list[Problem] = []
    values = _mapping(root, YAML_KEYS, problems)
    for key in ("year", "holidays"):
        if key not in values:
            problems.append(Problem(_line(root), "The key %(key)s is missing.", {"key": key}))
    year = _year(values["year"], problems) if "year" in values else None
    source = _scalar_text(values["source"], "source", problems) if "source" in values else ""
    if len(source) > SOURCE_MAX:
        problems.append(Problem(_line(values["source"]), "The source is longer than %(n)s characters.",
                                {"n": SOURCE_MAX}))
    entries = []
    for kind, key in (("holiday", "holidays"), ("workday", "workdays")):
        if key in values:
            entries += _yaml_list(values[key], key, kind, problems)
    return year, source, entries, problems


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping(node: yaml.MappingNode, allowed: frozenset[str], problems: list[Problem]) -> dict:
    """key -> value node; unknown and repeated keys are problems."""
    values: dict = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in allowed:
            problems.append(Problem(_line(key_node), "Unknown key %(key)r (allowed: %(allowed)s).",
                                    {"key": key, "allowed": ", ".join(sorted(allowed))}))
        elif key in values:
            problems.append(Problem(_line(key_node), "The key %(key)s is given twice.", {"key": key}))
        else:
            values[key] = value_node
    return values


def _year(node, problems: list[Problem]) -> int | None:
    text = _scalar_text(node, "year", problems)
    if not text:
        return None
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        problems.append(Problem(_line(node), "The year must be a number from %(first)s to %(last)s.",
                                {"first": FIRST_YEAR, "last": LAST_YEAR}))
        return None
    return int(text)


def _scalar_text(node, key: str, problems: list[Problem]) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        problems.append(Problem(_line(node), "The value of %(key)s must be a single value.", {"key": key}))
        return ""
    return str(node.value).strip()


def _yaml_list(node, key: str, kind: str, problems: list[Problem]) -> list[_Entry]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.append(Problem(_line(node), "%(key)s must be a list of dates.", {"key": key}))
        return []
    entries = []
    for item in node.value:
        day, note = _yaml_item(item, problems)
        if day:
            entries.append(_Entry(_line(item), day, kind, note))
    return entries


def _yaml_item(item, problems: list[Problem]) -> tuple[dt.date | None, str]:
    """A date (`2027-01-01`) or `{date: 2027-01-01, note: 元旦}`."""
    if isinstance(item, yaml.MappingNode):
        values = _mapping(item, ITEM_KEYS, problems)
        if "date" not in values:
            problems.append(Problem(_line(item), "The key %(key)s is missing.", {"key": "date"}))
            return None, ""
        note = _scalar_text(values["note"], "note", problems) if "note" in values else ""
        return _date(_scalar_text(values["date"], "date", problems), _line(item), problems), \
            _note(note, _line(item), problems)
    if not isinstance(item, yaml.ScalarNode):
        problems.append(Problem(_line(item), "A list item must be a date or {date, note}."))
        return None, ""
    return _date(str(item.value).strip(), _line(item), problems), ""


# -- shared checks ----------------------------------------------------------------------------------


def _date(text: str, line: int | None, problems: list[Problem]) -> dt.date | None:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(Problem(line, "%(value)r is not a date written YYYY-MM-DD.", {"value": text}))
        return None


def _note(text: str, line: int | None, problems: list[Problem]) -> str:
    if len(text) > NOTE_MAX:
        problems.append(Problem(line, "The note is longer than %(n)s characters.", {"n": NOTE_MAX}))
    return text[:NOTE_MAX]


def _check_entries(year: int | None, entries: list[_Entry]) -> list[Problem]:
    """Every date in the year, listed once, and every make-up working day on a Saturday or Sunday."""
    problems: list[Problem] = []
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        return [Problem(entries[0].line, "The year must be a number from %(first)s to %(last)s.",
                        {"first": FIRST_YEAR, "last": LAST_YEAR})]
    seen: dict[dt.date, _Entry] = {}
    for entry in entries:
        args = {"date": entry.day.isoformat()}
        if year is not None and entry.day.year != year:
            problems.append(Problem(entry.line, "%(date)s is not in %(year)s.", {**args, "year": year}))
        first = seen.setdefault(entry.day, entry)
        if first is not entry and first.kind == entry.kind:
            problems.append(Problem(entry.line, "%(date)s is listed twice (first on line %(first)s).",
                                    {**args, "first": first.line}))
        elif first is not entry:
            problems.append(Problem(entry.line, "%(date)s is listed both as a holiday and as a working day "
                                                "(line %(first)s).", {**args, "first": first.line}))
        if entry.kind == "workday" and entry.day.weekday() < 5:
            problems.append(Problem(entry.line, "%(date)s is a weekday: a make-up working day must be a Saturday "
                                                "or a Sunday.", args))
    return problems
