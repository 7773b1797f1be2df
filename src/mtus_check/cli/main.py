"""The mtus-check command line: parses arguments, calls the library, renders. No logic here.

Each command's module is imported only when that command runs (or its own --help is asked
for): `mtus-check --help` and a single pre-check do not pay for the modules of the others.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand
from typer.main import get_command

from mtus_check import __version__
from mtus_check.cli.helptext import TidyCommand, TidyGroup


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


def load_command(name: str) -> Any:
    """The click command of `name`, built from its module (imported now)."""
    spec = COMMANDS[name]
    target = getattr(importlib.import_module(spec.module), spec.attr)
    for extra in spec.also:
        importlib.import_module(extra)
    # completion options belong to the top level only
    wrapper = typer.Typer(add_completion=False, context_settings=CONTEXT_SETTINGS)
    if isinstance(target, typer.Typer):
        for info in target.registered_commands:
            if info.cls in (None, TyperCommand):  # typer fills in its own class
                info.cls = TidyCommand
        wrapper.add_typer(target, name=name, cls=TidyGroup)
        command = get_command(wrapper).commands[name]  # type: ignore[attr-defined]
    else:
        from mtus_check.cli.errors import handle_errors

        wrapper.command(name, cls=TidyCommand)(handle_errors(target))
        command = get_command(wrapper)
    command.name = name
    return command


class _Placeholder(TidyCommand):
    """Stands for a command not imported yet: enough to list it in help and suggest it."""


class LazyGroup(TidyGroup):
    """The top-level group: commands are placeholders until one is resolved to run."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False
        for name, spec in COMMANDS.items():
            self.commands.setdefault(name, _Placeholder(name, help=spec.help))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if isinstance(command, _Placeholder) and not self._listing:
            command = self.commands[cmd_name] = load_command(cmd_name)
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True  # the command list needs names and help only
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="mtus-check",
    cls=LazyGroup,
    help="Check California workers' compensation treatment requests against the MTUS guidelines.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    context_settings=CONTEXT_SETTINGS,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        print(f"mtus-check {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """mtus-check: pre-check requests and validate MTUS rule packs."""


def run() -> None:
    """Console-script entry point (exit codes: 0 ok, 1 findings, 2 usage or rule-file error, 3 bug)."""
    app()


if __name__ == "__main__":
    run()
