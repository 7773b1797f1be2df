"""A bounded fuzz run of the audit (not a test: it takes a minute or two).

    python -m mtus_check.fuzz --letters 10000 --workdir /tmp/fuzz

Writes N letters, each a synthetic letter (all layouts) mutated by a seeded generator: chunks cut,
repeated or moved, hostile runs inserted (long digit runs, Unicode spaces, brackets, control
bytes, headers repeated), then audits them with `mtus-check audit` as a user runs it and counts
what came back. A letter may fail to read (empty, no layout): that is an answer. An exception
that escaped a reader (`internal`), a dead worker or a letter over the time limit is not, and
makes the run exit 1. Same seed, same letters.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from mtus_check.synth.letters import LAYOUTS, letter

# hostile runs, each a kind of input that once made a pattern go quadratic or a parser throw
RUNS = (
    "9" * 4000,
    "\u3000" * 3000,
    "\u2003\u00a0" * 1500,
    "[" * 2000,
    "-" * 3000,
    "1-20000000 ",
    "Page(s): " + "7" * 900,
    "\x00\x07\x1b",
    "\u2028\u2029\x85" * 300,
    "Overturned " * 400,
    "IMR ISSUES, DECISIONS AND RATIONALES\n" * 50,
    "é" * 2000,
)
# the letters' hard outcomes; anything else in errors.jsonl is a letter answered as unreadable
ESCAPED = frozenset({"internal", "worker-died"})
OVER_TIME = frozenset({"limit-time"})


def mutate(rng: random.Random, text: str) -> str:
    """One to six edits of `text`: cut, repeat, move a chunk, or insert a hostile run."""
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(text) + 1)
        size = rng.randint(1, 400)
        kind = rng.randrange(5)
        if kind == 0:
            text = text[:at] + text[at + size :]
        elif kind == 1:
            text = text[:at] + text[at : at + size] * rng.randint(2, 20) + text[at:]
        elif kind == 2:
            chunk = text[at : at + size]
            rest = text[:at] + text[at + size :]
            to = rng.randrange(len(rest) + 1)
            text = rest[:to] + chunk + rest[to:]
        else:
            text = text[:at] + rng.choice(RUNS) + text[at:]
    return text


def write_letters(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        base = letter(rng, LAYOUTS[i % len(LAYOUTS)]).text
        (folder / f"fuzz-{i:05d}.txt").write_text(mutate(rng, base), encoding="utf-8", errors="surrogatepass")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("fuzz-out"))
    args = parser.parse_args(argv)
    shutil.rmtree(args.workdir, ignore_errors=True)
    letters, out = args.workdir / "letters", args.workdir / "audit"
    write_letters(letters, args.letters, args.seed)
    exe = Path(sys.executable).with_name("mtus-check")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mtus_check"]
    started = time.perf_counter()
    run = subprocess.run(
        [*cmd, "audit", str(letters), "--out", str(out), "--workers", str(args.workers), "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    kinds = Counter(
        json.loads(line)["error_kind"] for line in (out / "errors.jsonl").read_text().splitlines() if line.strip()
    )
    items = sum(1 for line in (out / "items.jsonl").read_text().splitlines() if line.strip())
    escaped = sum(n for k, n in kinds.items() if k in ESCAPED)
    over_time = sum(n for k, n in kinds.items() if k in OVER_TIME)
    print(f"letters {args.letters} (seed {args.seed}), audited in {seconds:.0f} s, exit {run.returncode}")
    print(f"items read {items}; letters answered as unreadable: {dict(sorted(kinds.items()))}")
    print(f"escaped exceptions or dead workers: {escaped}; letters over the time limit: {over_time}")
    if run.returncode not in (0, 1, 2):
        print(run.stderr[-2000:], file=sys.stderr)
        return 1
    return 1 if escaped or over_time else 0


if __name__ == "__main__":
    sys.exit(main())
