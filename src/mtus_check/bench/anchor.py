"""The whole-process anchors of `bench engine`: python -m mtus_check.bench.anchor {durable,zen} FILE

Reads a JSONL file of requests as `precheck` does (each line validated as a Request, its fact
built by the engine's own build_fact), evaluates it with durable-rules or zen-engine alone and
writes the fired outcome names, one JSON list a line. No explanation, no verdict: the floor a
pre-check process is measured against.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mtus_check.engine import build_fact, symptom_limit
from mtus_check.engine.core import make_backend
from mtus_check.errors import MtusCheckError
from mtus_check.models.request import Request
from mtus_check.rules.loader import load_pack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("evaluator", choices=["durable", "zen"])
    parser.add_argument("requests", type=Path, help="a JSONL file of requests")
    args = parser.parse_args(argv)
    pack = load_pack()
    backend: Any
    if args.evaluator == "zen":
        from mtus_check.bench.zen import ZenBackend, ZenMissing

        try:
            backend = ZenBackend(pack)
        except ZenMissing as exc:
            print(f"bench anchor: {exc}", file=sys.stderr)
            return 2
    else:
        backend = make_backend(pack)
    write = sys.stdout.write
    limit = symptom_limit(pack)  # as Engine does
    with args.requests.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            try:  # a bad line is that line's error, as in precheck
                fact = build_fact(Request.model_validate_json(line), pack.vocabulary, pack.fields, limit)
            except (ValueError, MtusCheckError) as exc:
                write(json.dumps({"error": str(exc)}) + "\n")
                continue
            write(json.dumps(backend.fired(fact.values)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
