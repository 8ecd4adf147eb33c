"""Password hashing speed (a script, not a timed test: timings on a loaded machine are not a pass/fail signal).
Hashes a password N times with the app's Argon2id hasher and prints the median wall and CPU time.

    .venv/bin/python -m bench.passwords --reps 20
"""
from __future__ import annotations

import argparse
import statistics
import time

from coordinator.services.passwords import HASHER, hash_password


def timings(reps: int) -> tuple[list[float], list[float]]:
    """Wall-clock and process CPU seconds of `reps` hashes."""
    wall, cpu = [], []
    for _ in range(reps):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        hash_password("Correct-Horse-Battery-9")
        wall.append(time.perf_counter() - start_wall)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args()
    wall, cpu = timings(args.reps)
    print(f"argon2id m={HASHER.memory_cost} t={HASHER.time_cost} p={HASHER.parallelism}, {args.reps} hashes: "
          f"median {statistics.median(wall) * 1000:.1f} ms wall, {statistics.median(cpu) * 1000:.1f} ms CPU "
          f"(target: under 100 ms)")


if __name__ == "__main__":
    main()
