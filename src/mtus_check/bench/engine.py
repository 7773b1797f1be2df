"""Pre-check beside its anchors: durable-rules alone, zen-engine (GoRules), a bare interpreter.

Ratios are `X_vs_Y` = X's rate / Y's rate: 1 is as fast as the anchor, 0.5 half its speed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from mtus_check.bench import zen
from mtus_check.bench.common import (
    Result,
    best_cpu_rate,
    generate,
    mtus_check_command,
    ratio,
    timed_runs,
    write_requests,
)
from mtus_check.engine import Engine, build_fact, symptom_limit
from mtus_check.rules.loader import load_pack


def _zen_backend(pack: Any) -> zen.ZenBackend | None:
    try:
        return zen.ZenBackend(pack)
    except zen.ZenMissing as exc:
        print(f"{exc} (the zen-engine rows are skipped)", file=sys.stderr)
        return None


def throughput(n: int, rounds: int, sample: int = 5_000) -> Result:
    """Requests per CPU second inside one process, best of `rounds`: a checked verdict
    (Engine.check), durable-rules alone and zen-engine alone on the same prebuilt facts."""
    pack = load_pack()
    engine = Engine(pack)
    requests = generate(n)
    limit = symptom_limit(pack)  # as Engine does
    facts = [build_fact(r, pack.vocabulary, pack.fields, limit).values for r in requests]
    fired = sum(len(engine.backend.fired(f)) for f in facts)  # also registers every ruleset
    out: Result = {"requests": n, "rules_compiled": len(pack.rules), "fired_per_request": fired / n}
    out["check_req_per_cpu_s"] = best_cpu_rate(n, lambda: [engine.check(r) for r in requests], rounds)
    out["durable_req_per_cpu_s"] = best_cpu_rate(n, lambda: [engine.backend.fired(f) for f in facts], rounds)
    # the share of the engine's own speed a checked verdict keeps
    out["check_vs_engine_alone"] = ratio(out, "check_req_per_cpu_s", "durable_req_per_cpu_s")
    backend = _zen_backend(pack)
    if backend is None:
        return out
    translation = backend.translation
    out["zen_rules_translated"] = f"{len(translation.translated)} of {len(pack.rules)} ({translation.rows} rows)"
    for why, count in sorted(translation.skipped.items()):
        out[f"zen_not_translated: {why}"] = count
    agree, shown = zen.agreement(pack, facts[:sample], backend, engine.backend)
    out["zen_agrees_with_engine"] = f"{agree} of {min(sample, n)} requests"
    for line in shown:
        print(f"zen disagrees: {line}", file=sys.stderr)
    out["zen_req_per_cpu_s"] = best_cpu_rate(n, lambda: [backend.fired(f) for f in facts], rounds)
    out["check_vs_zen"] = ratio(out, "check_req_per_cpu_s", "zen_req_per_cpu_s")
    out["durable_vs_zen"] = ratio(out, "durable_req_per_cpu_s", "zen_req_per_cpu_s")
    return out


def whole_process(n: int, runs: int) -> Result:
    """`mtus-check precheck FILE --json` on `n` generated requests (JSONL), as a user runs it,
    beside two processes that read the same file, build each fact as the engine does and only
    evaluate (no explanation, no verdict): with durable-rules and with zen-engine. CPU seconds
    of the whole process (start-up included), median of `runs`."""
    out: Result = {"whole_process_requests": n}
    anchor = [sys.executable, "-m", "mtus_check.bench.anchor"]
    with tempfile.TemporaryDirectory() as tmp:
        path = str(write_requests(Path(tmp) / "requests.jsonl", n))
        _, cpu = timed_runs([*mtus_check_command(), "precheck", path, "--json"], runs)
        out["precheck_whole_req_per_cpu_s"] = n / cpu
        _, cpu = timed_runs([*anchor, "durable", path], runs)
        out["durable_whole_req_per_cpu_s"] = n / cpu
        out["precheck_vs_durable_whole"] = ratio(out, "precheck_whole_req_per_cpu_s", "durable_whole_req_per_cpu_s")
        if importlib.util.find_spec("zen") is None:  # zen-engine; throughput() has said how to install it
            return out
        _, cpu = timed_runs([*anchor, "zen", path], runs)
    out["zen_whole_req_per_cpu_s"] = n / cpu
    out["precheck_vs_zen_whole"] = ratio(out, "precheck_whole_req_per_cpu_s", "zen_whole_req_per_cpu_s")
    return out


# `import pydantic` alone loads almost nothing (pydantic imports its parts when first asked for
# them): this second anchor also defines and validates one model, which any program validating
# with pydantic pays for (pydantic's model machinery, its plugin lookup through importlib.metadata)
PYDANTIC_FLOOR = """\
import durable_rules_engine, yaml
from pydantic import BaseModel


class M(BaseModel):
    x: int


M(x=1)
"""


def cold_start(runs: int) -> Result:
    """One pre-check and `--help` as a user starts them, beside two anchors: a bare interpreter
    importing only the libraries a pre-check cannot do without, and the same with one pydantic
    model defined and used."""
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write("service: massage\nquantity: 8\nbody_region: low back\n")
    cmd = mtus_check_command()
    wall, cpu = timed_runs([*cmd, "precheck", handle.name, "--json"], runs)
    # the first run after a pack change: every rule file read and validated (rules/pack_cache.py)
    no_cache = {**os.environ, "MTUS_CHECK_NO_CACHE": "1"}
    _, first_cpu = timed_runs([*cmd, "precheck", handle.name, "--json"], runs, no_cache)
    Path(handle.name).unlink()
    _, help_cpu = timed_runs([*cmd, "--help"], runs)
    _, anchor_cpu = timed_runs([sys.executable, "-c", "import durable_rules_engine, pydantic, yaml"], runs)
    _, floor_cpu = timed_runs([sys.executable, "-c", PYDANTIC_FLOOR], runs)
    return {
        "cold_start_median_s": wall,
        "cold_start_cpu_s": cpu,
        "cold_start_no_cache_cpu_s": first_cpu,
        "help_cpu_s": help_cpu,
        "bare_imports_cpu_s": anchor_cpu,
        "cold_start_vs_bare_imports": cpu / anchor_cpu,
        "pydantic_model_floor_cpu_s": floor_cpu,
        "cold_start_vs_pydantic_floor": cpu / floor_cpu,
    }
