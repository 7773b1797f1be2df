"""python -m mtus_check.bench [engine|letters|audit|sentences]: each measurement beside its anchor.

Rates are per CPU second unless named otherwise; `X_vs_Y` = X's rate / Y's rate (1: as fast
as the anchor Y; 0.5: half its speed). Numbers go in notes and the README, never in tests.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mtus_check.bench.common import print_result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mtus_check.bench", description=__doc__)
    sub = parser.add_subparsers(dest="what")
    eng = sub.add_parser("engine", help="pre-check vs durable-rules and zen-engine, cold start (default)")
    eng.add_argument("--requests", type=int, default=20_000, help="generated requests for the in-process loops")
    eng.add_argument("--rounds", type=int, default=3, help="report the best of this many loop runs")
    eng.add_argument("--whole", type=int, default=20_000, help="requests for the whole-process runs (0: skip)")
    eng.add_argument("--runs", type=int, default=3, help="whole-process runs (median)")
    eng.add_argument("--cold-runs", type=int, default=7)
    let = sub.add_parser("letters", help="read and audit letters vs a regex scan and bare pypdfium2, one core")
    let.add_argument("--text-dir", "--dir", type=Path, default=Path("fixtures/letters"))
    let.add_argument("--pdf-dir", type=Path, default=None, help="a folder of real letter PDFs")
    let.add_argument("--repeat", type=int, default=5, help="passes over the text letters per round")
    let.add_argument("--rounds", type=int, default=3, help="report the best of this many runs")
    aud = sub.add_parser("audit", help="generate a corpus in all layouts and audit it (letters/s, peak memory)")
    aud.add_argument("--letters", type=int, default=20_000)
    aud.add_argument("--pdf-letters", type=int, default=20_000)
    aud.add_argument("--workers", type=int, default=2)
    aud.add_argument("--workdir", type=Path, default=Path("bench-out"))
    sen = sub.add_parser("sentences", help="sentence splitters (ours, PyRuSH, pySBD): boundaries marked by hand, speed")
    sen.add_argument(
        "--cases",
        type=Path,
        nargs="+",
        default=[
            Path("tests/letters/cases/sentence_boundaries.yaml"),
            Path("tests/letters/cases/sentence_boundaries_heldout.yaml"),
            Path("tests/letters/cases/sentence_boundaries_round3.yaml"),
        ],
    )
    sen.add_argument("--dir", type=Path, default=Path("fixtures/letters"), help="letters whose sections are timed")
    sen.add_argument("--rounds", type=int, default=3, help="report the best of this many passes")
    args = parser.parse_args(argv)
    if args.what == "audit":
        from mtus_check.bench.audit import audit_bench

        print_result(audit_bench(args.letters, args.workers, args.workdir, args.pdf_letters))
    elif args.what == "sentences":
        from mtus_check.bench.sentences import compare

        for path in args.cases:
            if not path.is_file():
                parser.error(f"no such file: {path}")
        if not args.dir.is_dir():
            parser.error(f"no such folder: {args.dir}")
        print_result(compare(args.cases, args.dir, args.rounds))
    elif args.what == "letters":
        from mtus_check.bench.letters import letters

        for folder in (args.text_dir, args.pdf_dir):
            if folder is not None and not folder.is_dir():
                parser.error(f"no such folder: {folder}")
        print_result(letters(args.text_dir, args.pdf_dir, args.repeat, args.rounds))
    else:
        from mtus_check.bench import engine

        if args.what is None:
            args = eng.parse_args([])
        print_result(engine.throughput(args.requests, args.rounds))
        if args.whole:
            print_result(engine.whole_process(args.whole, args.runs))
        print_result(engine.cold_start(args.cold_runs))


if __name__ == "__main__":
    main()
