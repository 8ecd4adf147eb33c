"""Requests one page N times on a small generated city, for counting instructions (a change's cost without
the VM's noise). Run it twice under callgrind, with 0 and with N requests; the difference ÷ N is one request:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python -m bench.instructions /cockpit/ 60 2>&1 | grep Collected

To compare two versions, run the same line in a second work tree (`git worktree add`) of the other commit.
URL may use MEETING (the benchmark meeting's id) and MIDDLE (a project in the middle); an /review/ URL is
requested as the lead of 自然资源和规划局, anything else as the leader.
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench import pages as city
from coordinator.extensions import db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("requests", type=int)
    parser.add_argument("--projects", type=int, default=200)
    args = parser.parse_args()
    from tests.login import log_in

    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-')) / 'instructions.db'}"
    app = city.app_for(url)
    with app.app_context():
        db.create_all()
        city.generate(args.projects)
        leader, lead, meeting, _rebuild = city.prepared(args.projects)
        client = app.test_client()
        log_in(client, lead if args.url.startswith("/review/") else leader)
        path = args.url.replace("MEETING", str(meeting)).replace("MIDDLE", str(args.projects // 2))
        for _ in range(5):  # warm-up, in both runs
            assert client.get(path).status_code == 200, path
        for _ in range(args.requests):
            client.get(path)


if __name__ == "__main__":
    main()
