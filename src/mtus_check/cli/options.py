"""Options shared by every command."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console


class OutputFormat(StrEnum):
    """One enum of output formats for every command."""

    human = "human"
    json = "json"


RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rule pack folder (holds pack.yaml). Default: the bundled pack.", show_default=False),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="human: tables; json: one JSON object per line.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]


def pick_format(fmt: OutputFormat, as_json: bool) -> OutputFormat:
    return OutputFormat.json if as_json else fmt


def plain_console(stderr: bool = False) -> Console:
    """A console that prints user text as it is: no markup ("[sic]" stays, "[/]" cannot fail),
    no emoji codes, no highlighting. Styles are given as Text styles, never as markup. (rich is
    imported here, not at start-up: JSON output never needs it.)"""
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False, stderr=stderr)
