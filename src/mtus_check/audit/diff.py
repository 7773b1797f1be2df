"""The impact of a rule change: evaluate a corpus under two packs and list what changes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from mtus_check.audit.predict import letter_verdicts, predict
from mtus_check.audit.report import Tally
from mtus_check.engine import Engine
from mtus_check.errors import MtusCheckError
from mtus_check.letters.reader import read_letters
from mtus_check.models.verdict import Verdict
from mtus_check.rules.loader import load_pack


def resolve_pack(spec: str, workdir: Path) -> Path:
    """A pack folder as given, or `rules/` of a git revision (e.g. HEAD~1) exported to `workdir`."""
    path = Path(spec)
    if path.is_dir():
        return path
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True, text=True
        ).stdout.strip()
        data = subprocess.run(
            ["git", "-C", top, "archive", "--format=tar", spec, "rules"], check=True, capture_output=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise MtusCheckError(f"'{spec}' is neither a rule pack folder nor a git revision with rules/ ({exc})") from None
    target = workdir / spec.replace("/", "_").replace("~", "-")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    return target / "rules"


@dataclass
class Change:
    source: str
    item: int
    request_text: str
    before: str
    after: str
    actual: str
    rules: list[str]


@dataclass
class DiffResult:
    old_hash: str
    new_hash: str
    items: int = 0
    changes: list[Change] = field(default_factory=list)
    before: Tally = field(default_factory=Tally)  # agreement with reviewers under the old pack
    after: Tally = field(default_factory=Tally)

    def by_rule(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = defaultdict(list)
        for change in self.changes:
            for rule in change.rules or ["(no rule)"]:
                out[rule].append(change)
        return dict(sorted(out.items()))


def _statuses(verdict: Verdict | None) -> dict[str, str]:
    return {f.rule: f.status for f in verdict.findings} if verdict else {}


def diff_packs(old: Path, new: Path, corpus: list[Path], as_of: dt.date | None = None) -> DiffResult:
    """Evaluate every item of the corpus under both packs."""
    old_pack, new_pack = load_pack(old), load_pack(new)
    old_engine, new_engine = Engine(old_pack), Engine(new_pack)
    result = DiffResult(old_pack.info.hash, new_pack.info.hash)
    old_letters = read_letters(corpus, old_pack.reading)
    new_letters = read_letters(corpus, new_pack.reading)
    for before_letter, after_letter in zip(old_letters, new_letters, strict=True):
        old_verdicts = letter_verdicts(before_letter, old_engine, as_of)
        new_verdicts = letter_verdicts(after_letter, new_engine, as_of)
        for before_item, (before, _), (after, _) in zip(before_letter.items, old_verdicts, new_verdicts, strict=False):
            result.items += 1
            for verdict, tally in ((before, result.before), (after, result.after)):
                predicted = predict(verdict)[0] if verdict else None
                tally.add({"predicted": predicted, "agreement": predicted == before_item.decision})
            b, a = (before.verdict if before else "error"), (after.verdict if after else "error")
            old_s, new_s = _statuses(before), _statuses(after)
            moved = sorted(r for r in set(old_s) | set(new_s) if old_s.get(r) != new_s.get(r))
            if b != a or moved:
                result.changes.append(
                    Change(
                        before_letter.source,
                        before_item.index,
                        before_item.request_text,
                        b,
                        a,
                        before_item.decision,
                        moved,
                    )
                )
    return result


def diff(old_spec: str, new_spec: str, corpus: list[Path], as_of: dt.date | None = None) -> DiffResult:
    """diff_packs with packs given as folders or git revisions."""
    with tempfile.TemporaryDirectory(prefix="mtus-diff-") as tmp:
        return diff_packs(resolve_pack(old_spec, Path(tmp)), resolve_pack(new_spec, Path(tmp)), corpus, as_of)
