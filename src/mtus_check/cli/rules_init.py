"""`mtus-check rules init DIR`: an editable copy of the bundled rule pack, ready for --rules DIR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mtus_check.cli.errors import handle_errors
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format
from mtus_check.cli.rules_cmd import app
from mtus_check.errors import ExitCode
from mtus_check.rules.init import init_pack


@app.command("init")
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="New folder for the rule pack (created).", show_default=False)],
    name: Annotated[
        str | None, typer.Option("--name", help="The pack's name in pack.yaml. Default: the folder's name.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Write into a folder that already holds files.")] = False,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Write an editable copy of the bundled rule pack (or --rules PACK) to FOLDER, with schema/,
    a README and a pack.yaml naming it, ready for --rules FOLDER."""
    result = init_pack(folder, name=name, source=rules, force=force)
    info, base = result.info, result.base
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(
            json.dumps(
                {
                    "root": str(folder),
                    "pack": info.model_dump(),
                    "based_on": base.model_dump(),
                    "files": result.files,
                }
            )
        )
        return ExitCode.OK
    copy = f"rule pack {info.name} {info.version}, a copy of {base.name} {base.version}"
    print(f"wrote {result.files} files to {folder}: {copy}")
    print(f"  use it:    mtus-check precheck request.yaml --rules {folder}")
    print(f"  check it:  mtus-check rules validate {folder} && mtus-check rules test {folder}")
    print(f"  read:      {folder / 'README.md'}")
    return ExitCode.OK
