"""The mtus-check command line: parses arguments, calls the library, renders. No logic here.

Each command's module is imported only when that command runs (or its own --help is asked
for): `mtus-check --help` and a single pre-check do not pay for the modules of the others.
The typer app is built in `cli.typer_app`, when a command line needs it: the plain
`precheck FILE [--json]` runs without typer (see `run`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and its one-line help for the command list (kept equal to the
    command's own docstring by a test)."""

    module: str
    attr: str  # the command function, or the Typer app of a command group
    help: str
    also: tuple[str, ...] = ()  # modules that add commands to the group


# `-h` is `--help` everywhere: click passes these settings down to every subcommand's context.
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}

COMMANDS: dict[str, LazyCommand] = {
    "precheck": LazyCommand(
        "mtus_check.cli.precheck",
        "precheck",
        "Pre-check treatment requests against the MTUS rules: verdict, rule, citation, what is missing.",
    ),
    "extract": LazyCommand(
        "mtus_check.cli.extract",
        "extract",
        "Read IMR letters: layout, dates, reviewer, and each item's decision, request and facts with evidence.",
    ),
    "audit": LazyCommand(
        "mtus_check.cli.audit",
        "audit",
        "Audit IMR letters: predict each item from the rules, compare with the reviewer, check the rationale.",
    ),
    "serve": LazyCommand(
        "mtus_check.cli.serve",
        "serve",
        "Serve the HTTP API, the pre-check page, CDS Hooks and (with --audit) the audit browser.",
    ),
    "rules": LazyCommand(
        "mtus_check.cli.rules_cmd",
        "app",
        "List, show, validate and test rule packs; write an editable copy of one.",
        also=("mtus_check.cli.rules_facts", "mtus_check.cli.rules_impact", "mtus_check.cli.rules_init"),
    ),
}


def _plain_precheck(args: list[str]) -> tuple[str, bool] | None:
    """(FILE, --json given) when the command line is exactly `precheck FILE` or `precheck FILE
    --json` (in either order, FILE not starting with "-"), else None: typer parses every other
    command line, help and shell completion included."""
    if not 2 <= len(args) <= 3 or args[0] != "precheck":
        return None
    files = [a for a in args[1:] if a != "--json"]
    if len(files) != 1 or files[0].startswith("-") or len(args) - 1 - len(files) > 1:
        return None
    if any(name.startswith("_") and "COMPLETE" in name for name in os.environ):
        return None  # typer's shell completion reads its variables
    return files[0], len(args) == 3


def run() -> None:
    """Console-script entry point (exit codes: 0 ok, 1 findings, 2 usage or rule-file error, 3 bug)."""
    plain = _plain_precheck(sys.argv[1:])
    if plain is not None:  # what typer would call, with the same defaults and exit codes
        from mtus_check.cli.errors import exit_code
        from mtus_check.cli.precheck_run import precheck

        try:
            code = exit_code(precheck, plain[0], as_json=plain[1])
        except KeyboardInterrupt:
            code = 130  # as typer exits on Ctrl-C
        sys.exit(code)
    from mtus_check.cli.typer_app import app

    app()


def __getattr__(name: str) -> Any:
    """The typer app and its parts (`app`, `load_command`, ...), built on first use (never for
    the names the import system asks every module for, such as __path__)."""
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from mtus_check.cli import typer_app

    try:
        return getattr(typer_app, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


if __name__ == "__main__":
    run()
