"""Data flows one way: a module imports only from its own layer or the layers below it
(models < rules < engine and letters < audit < api < web < cli), and engine and letters, siblings,
do not import each other. Read from the source, so a new import that breaks it fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mtus_check

PACKAGE = Path(mtus_check.__file__).parent
# top-level module or package -> layer; equal layers may not import each other unless the same
LAYERS: dict[str, int] = {
    "__init__": 0,
    "errors": 0,
    "text": 0,
    "memo": 0,
    "collector": 0,
    "models": 1,
    "rules": 2,
    "validation": 2,  # problems located in YAML: rules' own helper
    "engine": 3,
    "letters": 3,
    "requests_io": 3,
    "synth": 3,
    "audit": 4,
    "watch": 4,
    "api": 5,
    "api_text": 5,  # requests in their own words, through the api
    "bench": 5,
    "fuzz": 5,  # a bounded fuzz run of the audit (python -m mtus_check.fuzz)
    "web": 6,  # the HTTP layer, a peer of the CLI over the api
    "cli": 7,
    "__main__": 8,
}
SAME_LAYER_ALLOWED = {("rules", "validation"), ("validation", "rules"), ("api_text", "api")}
MODULES = sorted(PACKAGE.rglob("*.py"))


def _top(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _imported(path: Path) -> set[str]:
    """The top-level parts of mtus_check this module imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "mtus_check":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def test_every_top_level_part_has_a_layer() -> None:
    assert {_top(p) for p in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_imports_go_down_the_layers(path: Path) -> None:
    own = _top(path)
    for other in _imported(path) - {own}:
        allowed = LAYERS[other] < LAYERS[own] or (own, other) in SAME_LAYER_ALLOWED
        assert allowed, (
            f"{path.relative_to(PACKAGE)} ({own}, layer {LAYERS[own]}) imports {other} (layer {LAYERS[other]})"
        )
