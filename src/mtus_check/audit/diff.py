"""The impact of a rule change: evaluate a corpus under two packs and list what changes."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mtus_check.audit import corpus
from mtus_check.audit.pool import Lost
from mtus_check.audit.predict import letter_verdicts, predict
from mtus_check.audit.report import Tally
from mtus_check.errors import MtusCheckError
from mtus_check.letters.reader import read_letter
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
    unreadable: int = 0  # letters that could not be read (or whose worker died)
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


# per item: (index, request text, reviewer, verdict before, after, rules whose status moved,
# prediction before, after)
ItemDiff = tuple[int, str, str, str, str, list[str], str | None, str | None]


def _letter(path: str) -> list[ItemDiff] | None:
    """One letter read and decided under both packs (worker side); None when it cannot be read."""
    old_engine, new_engine = corpus.engines()
    before_letter = read_letter(Path(path), old_engine.pack.reading)
    after_letter = read_letter(Path(path), new_engine.pack.reading)
    if not before_letter.ok:
        return None
    old_verdicts = letter_verdicts(before_letter, old_engine, corpus.as_of())
    new_verdicts = letter_verdicts(after_letter, new_engine, corpus.as_of())
    out: list[ItemDiff] = []
    for item, (before, _), (after, _) in zip(before_letter.items, old_verdicts, new_verdicts, strict=False):
        old_s, new_s = _statuses(before), _statuses(after)
        moved = sorted(r for r in set(old_s) | set(new_s) if old_s.get(r) != new_s.get(r))
        out.append(
            (
                item.index,
                item.request_text,
                item.decision,
                before.verdict if before else "error",
                after.verdict if after else "error",
                moved,
                predict(before)[0] if before else None,
                predict(after)[0] if after else None,
            )
        )
    return out


def diff_packs(
    old: Path,
    new: Path,
    corpus_paths: list[Path],
    as_of: dt.date | None = None,
    workers: int = 1,
    on_letter: Callable[[int, int], None] | None = None,
) -> DiffResult:
    """Evaluate every item of the corpus under both packs."""
    old_pack, new_pack = load_pack(old), load_pack(new)
    result = DiffResult(old_pack.info.hash, new_pack.info.hash)
    for source, found in corpus.map_letters(corpus_paths, [old, new], _letter, workers, as_of, on_letter):
        if found is None or isinstance(found, Lost):
            result.unreadable += 1
            continue
        for index, request_text, actual, b, a, moved, predicted_before, predicted_after in found:
            result.items += 1
            for predicted, tally in ((predicted_before, result.before), (predicted_after, result.after)):
                tally.add({"predicted": predicted, "agreement": predicted == actual, "actual": actual})
            if b != a or moved:
                result.changes.append(Change(source, index, request_text, b, a, actual, moved))
    return result


def diff(
    old_spec: str,
    new_spec: str,
    corpus_paths: list[Path],
    as_of: dt.date | None = None,
    workers: int = 1,
    on_letter: Callable[[int, int], None] | None = None,
) -> DiffResult:
    """diff_packs with packs given as folders or git revisions."""
    with tempfile.TemporaryDirectory(prefix="mtus-diff-") as tmp:
        old, new = resolve_pack(old_spec, Path(tmp)), resolve_pack(new_spec, Path(tmp))
        return diff_packs(old, new, corpus_paths, as_of, workers, on_letter)
