"""Reading a year's schedule file: every problem is reported with its line, a valid file gives the dates."""
import datetime as dt
from pathlib import Path

import pytest

from coordinator.domain.calendar import WorkCalendar, chinesecalendar_schedules
from coordinator.domain.calendar_file import ScheduleInvalid, read_year_file
from coordinator.domain.calendar_year import (
    HOLIDAY,
    LOCAL_CLOSED,
    LOCAL_OPEN,
    MAKEUP,
    WEEKEND,
    WORKDAY,
    deviations,
    month_weeks,
    year_days,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calendar" / "2027.example.yaml"

GOOD_CSV = """date,kind,note
2027-01-01,holiday,元旦
2027-01-02,holiday,
2027-01-03,holiday
2027-02-20,workday,春节调休上班
"""


def problems(name: str, text: str) -> list[str]:
    with pytest.raises(ScheduleInvalid) as caught:
        read_year_file(name, text.encode())
    return [str(p) for p in caught.value.problems]


def test_csv_gives_holidays_workdays_and_notes():
    year = read_year_file("2027.csv", GOOD_CSV.encode(), source="国办发明电〔2026〕1号")
    assert year.year == 2027
    assert year.holidays == {dt.date(2027, 1, 1): "元旦", dt.date(2027, 1, 2): "", dt.date(2027, 1, 3): ""}
    assert year.workdays == {dt.date(2027, 2, 20): "春节调休上班"}
    assert year.source == "国办发明电〔2026〕1号"


def test_csv_with_bom_and_gb18030_is_read():
    assert read_year_file("a.csv", b"\xef\xbb\xbf" + GOOD_CSV.encode()).year == 2027
    assert read_year_file("a.csv", GOOD_CSV.encode("gb18030")).holidays[dt.date(2027, 1, 1)] == "元旦"


def test_csv_without_source_is_named_after_the_file():
    assert read_year_file("2027.csv", GOOD_CSV.encode()).source == "2027.csv"


def test_csv_reports_every_problem_with_its_line():
    text = ("date,kind,note\n"
            "2027-13-01,holiday,x\n"      # 2
            "2027-01-04,workday,\n"       # 3: a Monday
            "2028-01-01,holiday,\n"       # 4
            "2027-01-02,holiday,a\n"      # 5
            "2027-01-02,workday,b\n"      # 6
            "2027-01-02,holiday\n"        # 7
            "foo\n"                       # 8
            "2027-01-09,closed,\n")       # 9
    assert problems("x.csv", text) == [
        "line 2: '2027-13-01' is not a date written YYYY-MM-DD.",
        "line 3: 2027-01-04 is a weekday: a make-up working day must be a Saturday or a Sunday.",
        "line 4: 2028-01-01 is not in 2027.",
        "line 6: 2027-01-02 is listed both as a holiday and as a working day (line 5).",
        "line 7: 2027-01-02 is listed twice (first on line 5).",
        "line 8: Expected 3 columns (date,kind,note), found 1.",
        "line 9: The kind must be holiday or workday, not 'closed'.",
    ]


def test_csv_needs_its_header_and_a_holiday():
    assert problems("x.csv", "day,type\n2027-01-01,holiday\n") == [
        "line 1: The first line must be the header date,kind,note."]
    assert problems("x.csv", "date,kind,note\n2027-01-02,workday,\n") == ["The file lists no holidays."]
    assert problems("x.csv", "") == ["The file is empty."]


def test_weekend_holidays_are_fine():
    year = read_year_file("x.csv", b"date,kind,note\n2027-01-02,holiday,\n2027-01-03,holiday,\n")
    assert set(year.holidays) == {dt.date(2027, 1, 2), dt.date(2027, 1, 3)}


def test_shipped_example_is_a_valid_format_example():
    year = read_year_file(EXAMPLE.name, EXAMPLE.read_bytes())
    assert year.year == 2027
    assert "非官方" in year.source and "not official" in year.source
    assert year.holidays[dt.date(2027, 1, 1)] == "元旦"
    assert all(day.weekday() >= 5 for day in year.workdays)
    assert "NOT THE OFFICIAL 2027 SCHEDULE" in EXAMPLE.read_text(encoding="utf-8")


def test_yaml_reports_unknown_keys_bad_values_and_lines():
    text = ("year: 2027\n"                      # 1
            "source: 国办发明电〔2026〕1号\n"      # 2
            "holiday: [2027-01-01]\n"            # 3
            "holidays:\n"                        # 4
            "  - 2027-01-01\n"                   # 5
            "  - {date: 2027-01-02, name: x}\n"  # 6
            "  - 2027-02-30\n"                   # 7
            "  - 2026-12-31\n"                   # 8
            "workdays:\n"                        # 9
            "  - {date: 2027-01-01, note: 补班}\n"  # 10
            "  - 2027-01-05\n")                  # 11
    assert problems("x.yaml", text) == [
        "line 3: Unknown key 'holiday' (allowed: holidays, source, workdays, year).",
        "line 6: Unknown key 'name' (allowed: date, note).",
        "line 7: '2027-02-30' is not a date written YYYY-MM-DD.",
        "line 8: 2026-12-31 is not in 2027.",
        "line 10: 2027-01-01 is listed both as a holiday and as a working day (line 5).",
        "line 10: 2027-01-01 is a weekday: a make-up working day must be a Saturday or a Sunday.",
        "line 11: 2027-01-05 is a weekday: a make-up working day must be a Saturday or a Sunday.",
    ]


@pytest.mark.parametrize("text, expected", [
    ("holidays: [2027-01-01]\n", "line 1: The key year is missing."),
    ("year: 1999\nholidays: [2027-01-01]\n", "line 1: The year must be a number from 2004 to 2099."),
    ("year: 2027\nyear: 2027\nholidays: [2027-01-01]\n", "line 2: The key year is given twice."),
    ("year: 2027\nholidays: 2027-01-01\n", "line 2: holidays must be a list of dates."),
    ("- 2027-01-01\n", "line 1: The file must be a mapping with year, holidays, workdays and source."),
    ("year: 2027\nholidays: [2027-01-01\n", "line 3: This is not valid YAML: expected ',' or ']', but got '<stream end>'."),
    ("year: 2027\nholidays: []\n", "The file lists no holidays."),
])
def test_yaml_structure_problems(text, expected):
    assert problems("x.yml", text) == [expected]


def test_other_file_types_and_big_files_are_refused():
    assert problems("x.txt", GOOD_CSV) == ["Use a .csv, .yaml or .yml file."]
    assert problems("x.csv", "x" * (65 * 1024)) == ["The file is larger than 64 KB."]


def test_year_days_explain_each_day_local_changes_first():
    schedules = chinesecalendar_schedules()
    cal = WorkCalendar(schedules, local_holidays={dt.date(2026, 3, 9)}, local_workdays={dt.date(2026, 2, 16)})
    days = {day.date: day for day in year_days(cal, 2026, {dt.date(2026, 3, 9): "县里闭馆"})}
    assert days[dt.date(2026, 1, 1)].kind == HOLIDAY and not days[dt.date(2026, 1, 1)].working
    assert days[dt.date(2026, 1, 4)].kind == MAKEUP and days[dt.date(2026, 1, 4)].working
    assert days[dt.date(2026, 2, 16)].kind == LOCAL_OPEN and days[dt.date(2026, 2, 16)].working
    assert days[dt.date(2026, 3, 9)].kind == LOCAL_CLOSED and days[dt.date(2026, 3, 9)].note == "县里闭馆"
    assert days[dt.date(2026, 3, 7)].kind == WEEKEND and days[dt.date(2026, 3, 10)].kind == WORKDAY
    listed = {day.date for day in deviations(list(days.values()))}
    assert {dt.date(2026, 1, 1), dt.date(2026, 1, 4), dt.date(2026, 2, 16), dt.date(2026, 3, 9)} <= listed
    assert dt.date(2026, 3, 7) not in listed and dt.date(2026, 3, 10) not in listed


def test_month_weeks_run_monday_to_sunday():
    days = year_days(WorkCalendar({}), 2027, {})
    weeks = month_weeks(days, 2)
    assert weeks[0][0].date == dt.date(2027, 2, 1)  # a Monday
    assert all(len(week) == 7 for week in weeks)
    assert [d.date.day for week in weeks for d in week if d][-1] == 28
    assert weeks[-1][-1].date == dt.date(2027, 2, 28)


@pytest.mark.parametrize("text, name", [
    ("date,kind,note\n2027-01-01,holiday,\n", "typed.csv"),
    ("# 2027\n Date, Kind, Note\n", "typed.csv"),
    ("year: 2027\nholidays: []\n", "typed.yaml"),
    ("", "typed.yaml"),
])
def test_typed_text_is_read_as_csv_only_with_the_header(text, name):
    from coordinator.domain.calendar_file import pasted_name

    assert pasted_name(text) == name
