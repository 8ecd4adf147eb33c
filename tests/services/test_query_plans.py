"""With a city's planner statistics (those ANALYZE wrote for the 20,000-project benchmark), SQLite reads the
inbox's page and stages to send and the cockpit's red list along their partial indexes, and a project's
counts by the project, instead of sorting a department's open clocks (what happened when `finished` was an
index column: 48-53 ms a page)."""
import pytest
from sqlalchemy import func, select, text

from coordinator.extensions import db
from coordinator.models import ClockSummary
from coordinator.models.cockpit import OPEN_RED
from coordinator.services import inbox

CITY = [  # sqlite_stat1 of the benchmark at 20,000 projects (293,075 clocks, 31,813 open)
    ("cockpit_clocks", "ix_cockpit_clocks_red_list", "30663 85 1"),
    ("cockpit_clocks", "ix_cockpit_clocks_dept_count", "31813 2273 2121 1224 2"),
    ("cockpit_clocks", "ix_cockpit_clocks_dept_open", "31813 2273 12"),
    ("cockpit_clocks", "ix_cockpit_clocks_open_items", "31813 15907 2 2"),
    ("cockpit_clocks", "ix_cockpit_clocks_project_id", "293075 17"),
    ("projects", "sqlite_autoindex_projects_1", "20000 1"),
]


@pytest.fixture
def city_statistics(db_session):
    """The benchmark's statistics loaded into the planner for the test, none left behind for other tests."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner and its sqlite_stat1 table")
    db.session.execute(text("ANALYZE"))  # creates sqlite_stat1
    db.session.execute(text("DELETE FROM sqlite_stat1"))
    for table, index, stat in CITY:
        db.session.execute(text("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (:t, :i, :s)"),
                           {"t": table, "i": index, "s": stat})
    db.session.execute(text("ANALYZE sqlite_schema"))  # load the statistics into the planner
    yield
    db.session.rollback()
    db.session.execute(text("DELETE FROM sqlite_stat1"))
    db.session.execute(text("ANALYZE sqlite_schema"))
    db.session.commit()


def plan(statement) -> str:
    """SQLite's query plan of a statement with its parameters, one line per step."""
    compiled = statement.compile(db.engine, compile_kwargs={"render_postcompile": True})
    values = tuple(compiled.params[name] for name in compiled.positiontup)
    rows = db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)
    return "\n".join(row[-1] for row in rows)


def test_the_inbox_page_reads_its_department_along_the_deadline_index(city_statistics):
    page = inbox._page_keys(inbox.Filters()).params(dept="natural-resources", limit=50, offset=0)
    steps = plan(page)
    assert "ix_cockpit_clocks_dept_open" in steps, steps


def test_the_inbox_counts_under_a_project_filter_search_by_the_project(city_statistics):
    filters = inbox.Filters(project_id=7)
    counts = (select(ClockSummary.node, func.count()).where(*inbox._where(filters, False))
              .group_by(ClockSummary.node).params(dept="natural-resources", project_id=7))
    steps = plan(counts)
    assert "project_id=?" in steps and "SCAN" not in steps, steps


def test_the_stages_to_send_and_the_red_list_read_their_open_indexes(city_statistics):
    to_send = inbox._to_send().params(led=["planning"], limit=21)
    assert "ix_cockpit_clocks_open_items" in plan(to_send)
    red = select(ClockSummary.id).where(OPEN_RED).order_by(ClockSummary.overdue.desc(), ClockSummary.id).limit(50)
    steps = plan(red)
    assert "ix_cockpit_clocks_red_list" in steps and "TEMP B-TREE" not in steps, steps


def test_before_the_indexes_were_partial_the_page_sorted_every_open_clock(city_statistics):
    """A control for the tests above: with the old count index (`finished` as a column) and its statistics,
    SQLite takes it for the page and sorts, so these statistics do mislead the planner as they did."""
    db.session.execute(text("CREATE INDEX ix_old_dept_count ON cockpit_clocks (dept, finished, node, light, project_id)"))
    db.session.execute(text("INSERT INTO sqlite_stat1 VALUES ('cockpit_clocks', 'ix_old_dept_count', "
                            "'293075 20934 58 54 34 1')"))
    db.session.execute(text("ANALYZE sqlite_schema"))
    steps = plan(inbox._page_keys(inbox.Filters()).params(dept="natural-resources", limit=50, offset=0))
    assert "ix_old_dept_count" in steps and "TEMP B-TREE FOR ORDER BY" in steps, steps
