"""Measure letter reading against a labels file (the shape of ../shared/corpus/labels.json).

    python -m mtus_check.letters.evaluate PATH/TO/labels.json [--pdf] [--misses]

Per field: how many letters were read right; every miss with its reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from mtus_check.letters.models import LetterItem
from mtus_check.letters.reader import read_letter
from mtus_check.rules.loader import load_pack
from mtus_check.rules.vocabulary import Vocabulary


def _norm(text: str) -> str:
    return " ".join(text.split()).lower().rstrip(" :")


def _decision(label: str) -> str:
    return "overturned" if label.lower() in ("overturned", "medically necessary") else "upheld"


def evaluate(labels_path: Path, use_pdf: bool) -> tuple[Counter[str], int, list[str]]:
    pack = load_pack()
    vocabulary = pack.vocabulary
    labels = json.loads(labels_path.read_text())
    root = labels_path.parent
    right: Counter[str] = Counter()
    misses: list[str] = []
    total = 0
    for label in labels:
        if use_pdf and not label.get("pdf"):
            continue
        path = root / label["pdf"] if use_pdf else root / "letters" / label["file"]
        letter = read_letter(path, pack.reading)
        total += 1
        expected = [(_norm(i["request"]), _decision(i["decision"])) for i in label["items"]]
        got = [(_norm(i.request_text), i.decision) for i in letter.items]
        checks = {
            "read": letter.ok,
            "layout": (letter.layout or "").startswith("final-determination") == (label["layout"] == "case-number"),
            "case_number": letter.case_number == label.get("case_number"),
            "item_count": len(got) == len(expected),
            "requests": [g[0] for g in got] == [e[0] for e in expected],
            "decisions": [g[1] for g in got] == [e[1] for e in expected],
            "service": [_category(vocabulary, i) for i in letter.items] == [i["service"] for i in label["items"]],
        }
        for name, ok in checks.items():
            if ok:
                right[name] += 1
            else:
                detail = letter.error or (
                    f"expected {[i['service'] for i in label['items']]}, got "
                    f"{[(_category(vocabulary, i), i.request_text[:50]) for i in letter.items]}"
                    if name == "service"
                    else f"expected {expected}, got {got}"
                )
                misses.append(f"{path.name}: {name}: {detail[:300]}")
    return right, total, misses


def _category(vocabulary: Vocabulary, item: LetterItem) -> str:
    service = (item.request and vocabulary.services.lookup(item.request.service)) or "unclassified"
    term = vocabulary.services.terms.get(service)
    return (term.category if term else None) or "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--pdf", action="store_true", help="read the PDFs instead of the text files")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    right, total, misses = evaluate(args.labels, args.pdf)
    print(f"{'pdf' if args.pdf else 'text'}: {total} letters")
    for name in ("read", "layout", "case_number", "item_count", "requests", "decisions", "service"):
        print(f"  {name:12} {right[name]:4}/{total}")
    if args.misses:
        print("\n".join(misses))
    sys.exit(0)


if __name__ == "__main__":
    main()
