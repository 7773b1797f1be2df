"""`mtus-check audit` as a user runs it, on a generated corpus in every layout with known
decisions: letters per second, peak memory, and the same output from 1 and N workers."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from mtus_check.bench.common import mtus_check_command


def _run_audit(folder: Path, out: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS MB of the largest process) for `mtus-check audit` as a user runs it."""
    import resource
    import shutil

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [*mtus_check_command(), "audit", str(folder), "--out", str(out), "--workers", str(workers), "--json"],
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
