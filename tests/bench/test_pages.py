"""The page benchmark runs end to end on a tiny city, on a new database of the kind the suite runs on, so its
hand-written SQL floors keep working on both databases (a floor that PostgreSQL refused went unnoticed once)."""
import json
import os
import subprocess
import sys

from coordinator.config import ROOT


def test_the_page_benchmark_times_every_page_and_its_floors(empty_database, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "COORDINATOR_DATABASE_URL"}
    if empty_database.startswith("postgresql"):
        env["COORDINATOR_DATABASE_URL"] = empty_database
    done = subprocess.run([sys.executable, "-m", "bench.pages", "--projects", "45", "--reps", "1",
                           "--results", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    (result,) = tmp_path.glob("*-45*.json")
    pages = json.loads(result.read_text())["pages"]
    assert len(pages) == 9 and all(page["ms"] > 0 and page["sql_ms"] > 0 for page in pages.values())
