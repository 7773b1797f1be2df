"""What the benchmarks share: generated requests, CPU-time rates, child processes, printing."""

from __future__ import annotations

import math
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from mtus_check.models.request import Course, Request
from mtus_check.rules.loader import load_pack

Result = dict[str, float | int | str]  # a benchmark's printed lines, in order


def generate(n: int, seed: int = 7) -> list[Request]:
    """Deterministic requests spread over every service and fact the pack knows."""
    rng = random.Random(seed)
    pack = load_pack()
    services = sorted(pack.vocabulary.services.terms)
    regions = sorted(pack.vocabulary.body_regions.terms)
    diagnoses = ["myalgia", "sciatica", "CRPS", "lumbar strain", "M79.1"]

    def maybe(value: object) -> object:
        return value if rng.random() < 0.7 else None

    return [
        Request(
            service=rng.choice(services),
            quantity=maybe(rng.randint(1, 30)),
            frequency_per_week=maybe(rng.choice([1, 2, 3, 4])),
            duration_weeks=maybe(rng.choice([2, 4, 6, 8, 12])),
            body_region=maybe(rng.choice(regions)),
            diagnoses=maybe([rng.choice(diagnoses)]),
            prior_sessions=maybe(rng.randint(0, 20)),
            course=maybe(rng.choice(list(Course))),
            functional_improvement=maybe(rng.random() < 0.5),
            adjunct_exercise=maybe(rng.random() < 0.5),
        )
        for _ in range(n)
    ]


def write_requests(path: Path, n: int) -> Path:
    """`n` generated requests as JSONL, as a user would hand them to `precheck`."""
    with path.open("w", encoding="utf-8") as out:
        for request in generate(n):
            out.write(request.model_dump_json(exclude_none=True) + "\n")
    return path


def best_cpu_rate(count: int, run: Callable[[], object], rounds: int) -> float:
    """Items per CPU second of the fastest of `rounds` runs. CPU time, not wall time: on a
    loaded machine the wall clock counts other jobs' time slices; the best run is the least
    disturbed (caches, frequency) of the rest."""
    best = math.inf
    for _ in range(rounds):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return count / max(best, 1e-9)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_runs(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds) of `runs` runs of cmd, output discarded.
    CPU time moves far less than wall time when other work shares the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        cpu, start = child_cpu(), time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env)
        if done.returncode != 0:
            raise SystemExit(f"bench: {' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
        walls.append(time.perf_counter() - start)
        cpus.append(child_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def mtus_check_command() -> list[str]:
    """The CLI as a user starts it: the venv's script, else `python -m mtus_check`."""
    exe = Path(sys.executable).with_name("mtus-check")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mtus_check"]


def ratio(result: Result, x: str, y: str) -> float:
    """X's rate / Y's rate, both already measured into `result`."""
    top, bottom = result[x], result[y]
    assert isinstance(top, float | int) and isinstance(bottom, float | int), (x, y)
    return top / bottom


def print_result(result: Mapping[str, object]) -> None:
    for key, value in result.items():
        if isinstance(value, float):
            print(f"{key:36} {value:,.3f}")
        elif isinstance(value, int):
            print(f"{key:36} {value:,}")
        else:
            print(f"{key:36} {value}")
