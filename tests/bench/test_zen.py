"""The zen-engine anchor is built from the loaded pack and decides as the engine does."""

from __future__ import annotations

import sys

import pytest

from mtus_check.bench import generate
from mtus_check.bench.zen import ZEN_MISSING, ZenBackend, ZenMissing, agreement, translate
from mtus_check.engine import Engine, build_fact
from mtus_check.engine.compile import compile_rule
from mtus_check.rules.loader import RulePack


def _tested_fields(loaded) -> list[str]:
    rule = loaded.rule
    scope = [f for f, _ in rule.applies_to.items()[1:]]
    excepted = [f for f, _ in rule.except_.items()] if rule.except_ else []
    return scope + excepted + [c.field for c in rule.criteria]


def test_every_rule_of_plain_comparisons_is_translated_and_no_other(pack: RulePack) -> None:
    translation = translate(pack)
    plain = [r.key for r in pack.rules if all(pack.fields[f].kind != "categories" for f in _tested_fields(r))]
    assert translation.translated == plain
    assert sum(translation.skipped.values()) == len(pack.rules) - len(plain)
    assert all("list-valued fact" in why for why in translation.skipped)


def test_each_table_row_is_an_outcome_the_engine_compiles(pack: RulePack) -> None:
    translation = translate(pack)
    by_key = {r.key: r for r in pack.rules}
    in_graphs = {
        row["out"].strip('"') for graph in translation.graphs.values() for row in graph["nodes"][1]["content"]["rules"]
    }
    compiled = {name for key in translation.translated for name in compile_rule(key, by_key[key].rule, pack.fields)}
    assert in_graphs == compiled
    assert translation.rows >= len(compiled)


def test_limits_come_from_the_pack(pack: RulePack) -> None:
    """Every at_most limit of a translated rule is a cell of its service's table."""
    translation = translate(pack)
    by_key = {r.key: r for r in pack.rules}
    for key in translation.translated:
        rule = by_key[key].rule
        cells = " ".join(
            cell
            for service in rule.applies_to.items()[0][1]
            for row in translation.graphs[service]["nodes"][1]["content"]["rules"]
            for cell in row.values()
        )
        for crit in rule.criteria:
            if crit.at_most is not None:
                assert f"{crit.field} > {crit.at_most}" in cells, (key, crit.field)


def test_without_zen_engine_the_message_says_how_to_install(pack: RulePack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "zen", None)  # import zen now raises ImportError
    with pytest.raises(ZenMissing, match=r"pip install '\.\[bench\]'"):
        ZenBackend(pack)
    assert "zen-engine not installed" in ZEN_MISSING


def test_zen_gives_each_translated_rule_the_engines_status(pack: RulePack, engine: Engine) -> None:
    pytest.importorskip("zen")
    backend = ZenBackend(pack)
    facts = [build_fact(r, pack.vocabulary, pack.fields).values for r in generate(400, seed=3)]
    agree, shown = agreement(pack, facts, backend, engine.backend)
    assert (agree, shown) == (len(facts), [])
    keys = set(backend.translation.translated)
    for fact in facts[:100]:
        ours = sorted(n for n in engine.backend.fired(fact) if n.split("|")[0] in keys)
        assert sorted(backend.fired(fact)) == ours
