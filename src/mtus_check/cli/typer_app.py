"""The typer app of the command line: the command list, help, completion and --version. The
commands themselves are listed in `cli.main.COMMANDS` and imported when one runs."""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand
from typer.main import get_command

from mtus_check import __version__
from mtus_check.cli.helptext import TidyCommand, TidyGroup
from mtus_check.cli.main import COMMANDS, CONTEXT_SETTINGS


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
