"""Benchmark: engine throughput and CLI cold start. Run: python -m mtus_check.bench

Numbers go in notes and the README, never in unit tests (machines are noisy).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mtus_check.engine import Engine, build_fact
from mtus_check.letters.extract import FactsFor
from mtus_check.models.request import Course, Request
from mtus_check.rules.loader import load_pack


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


def throughput(n: int) -> dict[str, float]:
    pack = load_pack()
    engine = Engine(pack)
    requests = generate(n)
    facts = [build_fact(r, pack.vocabulary, pack.fields).values for r in requests]
    start = time.perf_counter()
    fired = sum(len(engine.backend.fired(f)) for f in facts)
    raw = time.perf_counter() - start
    start = time.perf_counter()
    for r in requests:
        engine.check(r)
    full = time.perf_counter() - start
    return {
        "requests": n,
        "rules_compiled": len(pack.rules),
        "fired_per_request": fired / n,
        "engine_req_per_s": n / raw,
        "check_req_per_s": n / full,
    }


def cold_start(runs: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write("service: massage\nquantity: 8\nbody_region: low back\n")
    exe = Path(sys.executable).with_name("mtus-check")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "mtus_check"])]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*cmd, "precheck", handle.name, "--json"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    Path(handle.name).unlink()
    return {"cold_start_median_s": statistics.median(times), "cold_start_min_s": min(times)}


def _best_rate(count: int, run: Callable[[], object], rounds: int) -> float:
    """Items per second of the fastest of `rounds` runs (the least disturbed by other load)."""
    best = math.inf
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


def letters(text_dir: Path, pdf_dir: Path | None, repeat: int, rounds: int = 3) -> dict[str, float]:
    """Parse + extract throughput on one core: letters per second from text, and from PDF,
    best of `rounds` runs."""
    from mtus_check.letters.reader import parse_text, read_letter
    from mtus_check.letters.source import read_letter_file

    pack = load_pack()
    reading = pack.reading
    texts = [p.read_text() for p in sorted(text_dir.rglob("*.txt"))]
    out: dict[str, float] = {"text_letters": len(texts) * repeat, "rounds": rounds}
    # every fact the reader knows (mtus-check extract), and the facts the rules read (audit)
    for label, facts_for in (("", None), ("_audit", pack.fields_for)):

        def parse_all(facts_for: FactsFor | None = facts_for) -> None:
            for _ in range(repeat):
                for text in texts:
                    parse_text(text, "bench", reading, facts_for)

        out[f"text_letters_per_s{label}"] = _best_rate(len(texts) * repeat, parse_all, rounds)
    if pdf_dir is not None:
        pdfs = sorted(pdf_dir.rglob("*.pdf"))
        out["pdf_letters"] = len(pdfs)
        for label, facts_for in (("", None), ("_audit", pack.fields_for)):

            def read_all(facts_for: FactsFor | None = facts_for) -> None:
                for path in pdfs:
                    read_letter(path, reading, facts_for)

            out[f"pdf_letters_per_s{label}"] = _best_rate(len(pdfs), read_all, rounds)
        out["pdf_text_layer_only_per_s"] = _best_rate(
            len(pdfs), lambda: [read_letter_file(path) for path in pdfs], rounds
        )
    return out


def _run_audit(folder: Path, out: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS MB of the largest process) for `mtus-check audit` as a user runs it."""
    import resource
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    exe = Path(sys.executable).with_name("mtus-check")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mtus_check"]
    start = time.perf_counter()
    subprocess.run(
        [*cmd, "audit", str(folder), "--out", str(out), "--workers", str(workers), "--json"],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024


def audit_bench(letters: int, workers: int, workdir: Path, pdf_letters: int) -> dict[str, float]:
    """Generate a corpus in every layout with known decisions, audit it, and measure."""
    import hashlib

    from mtus_check.audit.report import summarize
    from mtus_check.synth.letters import write_corpus

    out: dict[str, float] = {"letters": letters, "workers": workers}
    text_dir, pdf_dir = workdir / "text", workdir / "pdf"
    for folder in (text_dir, pdf_dir):
        for old in folder.glob("*") if folder.exists() else []:
            old.unlink()
    write_corpus(text_dir, letters, pdf_share=0.0)
    seconds, peak = _run_audit(text_dir, workdir / "out-text", workers)
    out["text_letters_per_s"] = letters / seconds
    out["text_peak_rss_mb"] = peak
    summary = summarize(workdir / "out-text")
    out["items"] = summary.items
    out["agreement_vs_known_decisions"] = summary.agreement or 0.0
    digest = hashlib.sha256((workdir / "out-text" / "items.jsonl").read_bytes()).hexdigest()
    single, _ = _run_audit(text_dir, workdir / "out-text-1", 1)
    out["text_letters_per_s_1_worker"] = letters / single
    same = digest == hashlib.sha256((workdir / "out-text-1" / "items.jsonl").read_bytes()).hexdigest()
    out["same_output_1_and_n_workers"] = float(same)
    if pdf_letters:
        write_corpus(pdf_dir, pdf_letters, pdf_share=1.0, seed=12)
        seconds, peak = _run_audit(pdf_dir, workdir / "out-pdf", workers)
        out["pdf_letters"] = pdf_letters
        out["pdf_letters_per_s"] = pdf_letters / seconds
        out["pdf_peak_rss_mb"] = peak
    return out


def _print(result: dict[str, float]) -> None:
    for key, value in result.items():
        print(f"{key:28} {value:,.3f}" if isinstance(value, float) else f"{key:28} {value:,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="what")
    eng = sub.add_parser("engine", help="engine throughput and CLI cold start (default)")
    eng.add_argument("--requests", type=int, default=100_000)
    eng.add_argument("--cold-runs", type=int, default=7)
    let = sub.add_parser("letters", help="parse + extract letters per second, one core")
    let.add_argument("--text-dir", type=Path, default=Path("fixtures/letters"))
    let.add_argument("--pdf-dir", type=Path, default=None, help="a folder of real letter PDFs")
    let.add_argument("--repeat", type=int, default=20)
    let.add_argument("--rounds", type=int, default=3, help="report the best of this many runs")
    aud = sub.add_parser("audit", help="generate a corpus in all layouts and audit it (letters/s, peak memory)")
    aud.add_argument("--letters", type=int, default=20_000)
    aud.add_argument("--pdf-letters", type=int, default=20_000)
    aud.add_argument("--workers", type=int, default=2)
    aud.add_argument("--workdir", type=Path, default=Path("bench-out"))
    args = parser.parse_args()
    if args.what == "audit":
        _print(audit_bench(args.letters, args.workers, args.workdir, args.pdf_letters))
    elif args.what == "letters":
        _print(letters(args.text_dir, args.pdf_dir, args.repeat, args.rounds))
    else:
        _print({**throughput(getattr(args, "requests", 100_000)), **cold_start(getattr(args, "cold_runs", 7))})


if __name__ == "__main__":
    main()
