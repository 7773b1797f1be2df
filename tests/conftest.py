"""Shared fixtures: the bundled pack and engines over it, loaded once per session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from mtus_check.engine import Engine
from mtus_check.letters.facts import fact_reader
from mtus_check.letters.sentences import Sentence, Told, sentences
from mtus_check.rules.loader import RulePack, load_pack
from mtus_check.rules.shorthand import spelling

# The pack cache of the tests (and of the commands they start) lives in a folder of their own,
# removed at the end: a test run never reads or fills the user's cache.
_PACK_CACHE = tempfile.TemporaryDirectory(prefix="mtus-check-test-cache-")
os.environ["MTUS_CHECK_CACHE_DIR"] = _PACK_CACHE.name
os.environ.pop("MTUS_CHECK_NO_CACHE", None)

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_pack(RULES)


@pytest.fixture(scope="session")
def summary(pack: RulePack) -> Callable[[str], list[Sentence]]:
    """A text read as a letter's case summary is read: its sentences, shorthand spelled out."""
    spelled = spelling(pack.facts.shorthand)
    return lambda text: sentences(text, 0, "summary", spelled)


@pytest.fixture(scope="session")
def stated(pack: RulePack) -> Told:
    """Whether words a grammar found tell care this patient received: the pack's assertion layer."""
    return fact_reader(pack.facts, pack.vocabulary).given


@pytest.fixture(scope="session")
def engine(pack: RulePack) -> Engine:
    return Engine(pack)


@pytest.fixture(scope="session")
def reference(pack: RulePack) -> Engine:
    return Engine(pack, backend="reference")


# A pack of one rule: output pinned against it changes only when the output format does
ONE_RULE_PACK = ROOT / "tests" / "cli" / "golden" / "pack"
