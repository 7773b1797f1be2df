"""Options shared by every command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtus_check.cli.output import OutputFormat, pick_format, plain_console

__all__ = ["FormatOption", "JsonFlag", "OutputFormat", "RulesOption", "pick_format", "plain_console"]

RulesOption = Annotated[
    Path | None,
    typer.Option("--rules", help="Rule pack folder (holds pack.yaml). Default: the bundled pack.", show_default=False),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="human: tables; json: one JSON object per line.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Shortcut for --format json.")]
