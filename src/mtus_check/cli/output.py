"""Output formats and the plain console, without typer: the pre-check fast path of
`cli.main.run` uses them before (and instead of) building the typer app."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(StrEnum):
    """One enum of output formats for every command."""

    human = "human"
    json = "json"


def pick_format(fmt: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else fmt


def plain_console(stderr: bool = False) -> Console:
    """A console that prints user text as it is: no markup ("[sic]" stays, "[/]" cannot fail),
    no emoji codes, no highlighting. Styles are given as Text styles, never as markup. (rich is
    imported here, not at start-up: JSON output never needs it.)"""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False, stderr=stderr)
