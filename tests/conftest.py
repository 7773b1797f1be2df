"""Shared fixtures: the bundled pack and engines over it, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtus_check.engine import Engine
from mtus_check.rules.loader import RulePack, load_pack

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def pack() -> RulePack:
    return load_pack(RULES)


@pytest.fixture(scope="session")
def engine(pack: RulePack) -> Engine:
    return Engine(pack)


@pytest.fixture(scope="session")
def reference(pack: RulePack) -> Engine:
    return Engine(pack, backend="reference")


# A pack of one rule: output pinned against it changes only when the output format does
ONE_RULE_PACK = ROOT / "tests" / "cli" / "golden" / "pack"
