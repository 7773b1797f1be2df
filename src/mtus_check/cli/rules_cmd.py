"""`mtus-check rules ...`: list, show, validate and test the rule pack."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from mtus_check.cli.errors import handle_errors
from mtus_check.cli.options import FormatOption, JsonFlag, OutputFormat, RulesOption, pick_format, plain_console
from mtus_check.engine.cases import load_cases, run_cases
from mtus_check.engine.core import Engine
from mtus_check.engine.explain import describe_test
from mtus_check.engine.pack_check import PackCheck, check_pack
from mtus_check.errors import ExitCode, MtusCheckError
from mtus_check.rules.jsonschema import KINDS, schema_text
from mtus_check.rules.loader import LoadedRule, load_pack
from mtus_check.rules.vocabulary import SECTIONS

app = typer.Typer(help="List, show, validate and test rule packs; write an editable copy of one.", no_args_is_help=True)


def _values(values: list) -> str:
    return "|".join(str(v).lower() if isinstance(v, bool) else v for v in values)


def _scope(loaded: LoadedRule) -> str:
    parts = [f"{field}={_values(values)}" for field, values in loaded.rule.applies_to.items()]
    if loaded.rule.except_:
        parts += [f"not {field}={_values(values)}" for field, values in loaded.rule.except_.items()]
    return " ".join(parts)


def _period(loaded: LoadedRule) -> str:
    c = loaded.citation
    return f"{c.effective_from} .. {c.effective_to or 'in force'}"


@app.command("list")
@handle_errors
def list_rules(rules: RulesOption = None, fmt: FormatOption = OutputFormat.human, as_json: JsonFlag = False) -> int:
    """List every rule (and version) of the pack."""
    pack = load_pack(rules)
    if pick_format(fmt, as_json) is OutputFormat.json:
        for r in pack.rules:
            print(
                json.dumps(
                    {
                        "rule": r.id,
                        "title": r.rule.title,
                        "applies_to": dict(r.rule.applies_to.items()),
                        "citation": r.citation.model_dump(mode="json"),
                        "confidence": r.rule.confidence,
                        "source": str(r.location),
                    }
                )
            )
        return ExitCode.OK
    table = Table(title=f"{pack.info.name} {pack.info.version} ({pack.info.hash[:12]})", header_style="bold")
    # The id is what an author copies into `rules show`, so it is never cut short.
    table.add_column("rule", no_wrap=True)
    for col in ("applies to", "citation", "in force", "confidence"):
        table.add_column(col)
    for r in pack.rules:
        table.add_row(r.id, _scope(r), r.citation.text, _period(r), r.rule.confidence)
    plain_console().print(table)
    return ExitCode.OK


@app.command("show")
@handle_errors
def show(
    rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. cpmtg.massage.visits")],
    rules: RulesOption = None,
) -> int:
    """Show a rule: scope, criteria, citation and every version."""
    pack = load_pack(rules)
    versions = pack.versions(rule_id)
    if not versions:
        import difflib

        near = difflib.get_close_matches(rule_id, sorted({r.id for r in pack.rules}), n=3)
        raise MtusCheckError(f"no rule '{rule_id}'." + (f" Did you mean {', '.join(near)}?" if near else ""))
    console = plain_console()
    for loaded in versions:
        rule = loaded.rule
        console.print(Text(f"{rule.id}  ", style="bold") + Text(rule.title))
        console.print(f"  defined at  {loaded.location}")
        console.print(f"  citation    {loaded.citation.text}", highlight=False)
        if loaded.citation.quote:
            console.print(f'  quote       "{loaded.citation.quote}"', highlight=False)
        console.print(f"  in force    {_period(loaded)}   confidence: {rule.confidence}")
        console.print(f"  applies to  {_scope(loaded)}", highlight=False)
        if rule.alternatives:
            console.print(f"  alternative of {rule.alternatives} (passing one alternative is enough)")
        if rule.recommendation == "not_recommended":
            console.print(Text("  ") + Text("not recommended", style="red") + Text(" whenever it applies"))
        for crit in rule.criteria:
            when = "" if crit.if_unknown == "ask" else "  (checked only when stated)"
            console.print(f"  - {crit.field} {describe_test(crit)}{when}", highlight=False)
        if rule.reason:
            console.print(f"  why         {rule.reason}", highlight=False)
        console.print()
    return ExitCode.OK


@app.command("validate")
@handle_errors
def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A rule pack folder, a folder inside one, or one rule, case, fact or vocabulary file "
            "(checked in the context of its pack). Default: the bundled pack.",
            show_default=False,
        ),
    ] = None,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Validate and lint rule, fact, vocabulary and case files; every problem as file:line:col, all at once.

    Problems and a closing summary go to stdout (`--format json`: one object). Exit 0 when no
    error is found (warnings alone), 1 when any is, 2 when PATH is not a rule pack or a file of one."""
    result = check_pack(path or rules)
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(result.model_dump_json())
    else:
        for problem in result.problems:
            print(problem.format())
        print(validate_summary(result))
    return ExitCode.OK if result.ok else ExitCode.FINDINGS


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def validate_summary(result: PackCheck) -> str:
    """The closing line: what was checked, in which pack, and how many errors and warnings."""
    whole = Path(result.path).resolve() == Path(result.pack_root).resolve()
    info = result.pack
    pack = f"pack {info.name} {info.version} ({info.hash[:12]})" if info else f"the pack at {result.pack_root}"
    counts = f"{_n(result.errors, 'error')}, {_n(result.warnings, 'warning')}"
    rules = f"{_n(result.rules, 'rule')} in " if info else ""  # unknown when the pack does not load
    if whole:
        line = f"{rules}{_n(result.files, 'file')}, {pack}; {counts}"
    else:
        line = f"{result.path} ({rules}{_n(result.files, 'file')}) in {pack}; {counts}"
        if result.elsewhere_errors or result.elsewhere_warnings:
            line += (
                f"; elsewhere in the pack: {_n(result.elsewhere_errors, 'error')}, "
                f"{_n(result.elsewhere_warnings, 'warning')} (mtus-check rules validate {result.pack_root})"
            )
    if not result.complete:
        line += "; not fully checked: the pack has errors that stop the lint and case checks, fix them first"
    return f"{'ok' if result.ok else 'failed'}: {line}"


@app.command("schema")
@handle_errors
def schema_cmd(
    out: Annotated[Path | None, typer.Option("--out", help="Write <kind>.schema.json files here.")] = None,
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(KINDS)}")] = "rule-file",
    rules: RulesOption = None,
) -> int:
    """Write the JSON Schema of rule-pack files and of requests (editors use it to autocomplete and
    underline mistakes). The request schema's facts are the pack's fact specs (rules/facts/)."""
    if out is None:
        if kind not in KINDS:
            raise MtusCheckError(f"unknown kind '{kind}'; use one of {', '.join(KINDS)}")
        sys.stdout.write(schema_text(kind, rules))
        return ExitCode.OK
    out.mkdir(parents=True, exist_ok=True)
    for name in KINDS:
        (out / f"{name}.schema.json").write_text(schema_text(name, rules), encoding="utf-8")
        print(out / f"{name}.schema.json")
    return ExitCode.OK


@app.command("pack")
@handle_errors
def pack_cmd(rules: RulesOption = None, fmt: FormatOption = OutputFormat.human, as_json: JsonFlag = False) -> int:
    """The pack's name, version and content hash, and every file with its own hash."""
    pack = load_pack(rules)
    files = [
        {"file": f.relative_to(pack.root).as_posix(), "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
        for f in pack.files
    ]
    if pick_format(fmt, as_json) is OutputFormat.json:
        print(json.dumps({**pack.info.model_dump(), "root": str(pack.root), "files": files}))
        return ExitCode.OK
    print(f"{pack.info.name} {pack.info.version}  sha256 {pack.info.hash}  ({pack.root})")
    for f in files:
        print(f"  {f['sha256'][:16]}  {f['file']}")
    return ExitCode.OK


@app.command("test")
@handle_errors
def test(
    path: Annotated[Path | None, typer.Argument(help="Rule pack folder (default: the bundled pack).")] = None,
    run: Annotated[str | None, typer.Option("--run", help="Only cases whose id matches this regex.")] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List every case.")] = False,
    rules: RulesOption = None,
    fmt: FormatOption = OutputFormat.human,
    as_json: JsonFlag = False,
) -> int:
    """Run the rule test cases (<topic>.cases.yaml) and report pass/fail counts."""
    if run is not None:
        try:
            re.compile(run)
        except re.error as exc:
            raise MtusCheckError(
                f"--run '{run}' is not a regular expression: {exc.msg} at position {exc.pos}. "
                f"Fix: escape special characters, e.g. --run '{re.escape(run)}'"
            ) from None
    pack = load_pack(path or rules)
    results = run_cases(Engine(pack), load_cases(pack), run)
    counts = {k: sum(r.outcome == k for r in results) for k in ("passed", "failed", "skipped", "error")}
    if pick_format(fmt, as_json) is OutputFormat.json:
        for r in results:
            print(
                json.dumps(
                    {
                        "case": r.loaded.case_id,
                        "source": str(r.loaded.location),
                        "outcome": r.outcome,
                        "failures": r.failures,
                    }
                )
            )
    else:
        console = plain_console()
        for r in results:
            if r.outcome == "passed" and not verbose:
                continue
            style = {"passed": "green", "failed": "red", "skipped": "yellow", "error": "red"}[r.outcome]
            console.print(
                Text(f"{r.outcome.upper():8}", style=style) + Text(f"{r.loaded.case_id}  ({r.loaded.location})")
            )
            for failure in r.failures:
                console.print(f"         {failure}", highlight=False)
            if r.actual:
                console.print("         actual result, ready to paste:", style="dim")
                for line in r.actual.splitlines():
                    console.print(f"           {line}", highlight=False, markup=False)
        print(", ".join(f"{n} {k}" for k, n in counts.items()))
    return ExitCode.FINDINGS if counts["failed"] or counts["error"] else ExitCode.OK


@app.command("vocabulary")
@handle_errors
def vocabulary(rules: RulesOption = None) -> int:
    """List services, body regions, diagnosis categories and surgeries with their synonyms."""
    pack = load_pack(rules)
    console = plain_console()
    for name in SECTIONS:
        table = Table(title=name, header_style="bold")
        table.add_column("key")
        table.add_column("label")
        table.add_column("synonyms / codes")
        for key, term in pack.vocabulary.section(name).terms.items():
            table.add_row(key, term.label, ", ".join([*term.synonyms, *term.codes]))
        console.print(table)
    return ExitCode.OK
