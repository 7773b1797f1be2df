"""The mtus-check command line: parses arguments, calls the library, renders. No logic here."""

from __future__ import annotations

import typer

from mtus_check import __version__
from mtus_check.cli import audit as audit_cmd
from mtus_check.cli import extract as extract_cmd
from mtus_check.cli import precheck as precheck_cmd
from mtus_check.cli import rules_cmd, rules_facts, rules_impact  # noqa: F401 - they add commands to rules
from mtus_check.cli import serve as serve_cmd
from mtus_check.cli.errors import handle_errors

app = typer.Typer(
    name="mtus-check",
    help="Check California workers' compensation treatment requests against the MTUS guidelines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("precheck")(handle_errors(precheck_cmd.precheck))
app.command("extract")(handle_errors(extract_cmd.extract))
app.command("audit")(handle_errors(audit_cmd.audit))
app.command("serve")(handle_errors(serve_cmd.serve))
app.add_typer(rules_cmd.app, name="rules")


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
