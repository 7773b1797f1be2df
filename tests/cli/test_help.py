"""Help, completion and the verdict's layout as a new user meets them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mtus_check.cli.main import COMMANDS, app, load_command

runner = CliRunner()
RULES_SUBCOMMANDS = sorted(load_command("rules").commands)
EVERY_COMMAND = [[], *([name] for name in sorted(COMMANDS)), *(["rules", sub] for sub in RULES_SUBCOMMANDS)]


@pytest.mark.parametrize("words", EVERY_COMMAND, ids=lambda w: " ".join(w) or "top")
def test_dash_h_is_help_everywhere(words: list[str]) -> None:
    short = runner.invoke(app, [*words, "-h"], env={"COLUMNS": "100"})
    long = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "100"})
    assert short.exit_code == 0, short.output
    assert "Usage: " in short.output
    assert short.output == long.output
    # a flag takes no value: its help shows no `<bool>` placeholder
    assert "<bool>" not in short.output and "list[" not in short.output


def test_the_rules_group_lists_every_subcommand() -> None:
    assert {"validate", "init", "test", "diff", "coverage"} <= set(RULES_SUBCOMMANDS)


def test_option_placeholders_name_what_to_type() -> None:
    out = runner.invoke(app, ["precheck", "-h"], env={"COLUMNS": "200"}).output
    line = next(line for line in out.splitlines() if "--as-of" in line)
    assert "<YYYY-MM-DD>" in line
    line = next(line for line in out.splitlines() if "--diagnosis" in line)
    assert "<str>" in line and "(repeatable)" in line


def test_shell_completion_is_offered_and_works() -> None:
    top = runner.invoke(app, ["-h"], env={"COLUMNS": "100"}).output
    assert "--install-completion" in top and "--show-completion" in top
    script = runner.invoke(app, ["--show-completion", "bash"], prog_name="mtus-check")
    assert script.exit_code == 0
    assert "complete -o default -F _mtus_check_completion mtus-check" in script.output
    # what the shell then asks: the words so far, answered with the candidates
    env = {"_MTUS_CHECK_COMPLETE": "complete_bash", "COMP_WORDS": "mtus-check rules va", "COMP_CWORD": "2"}
    done = runner.invoke(app, [], prog_name="mtus-check", env=env)
    assert done.output.split() == ["validate"]


ACUPUNCTURE = [
    "precheck", "--text", "Six (6) sessions of acupuncture for the low back", "--date-of-service", "2026-03-01",
    "--prior-sessions", "0", "--fact", "adjunct_exercise=true",
]  # fmt: skip


@pytest.mark.parametrize("width", [60, 80, 120])
def test_verdict_wraps_with_its_indent_at_any_width(width: int) -> None:
    result = runner.invoke(app, ACUPUNCTURE, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    title, *body = result.stdout.rstrip("\n").splitlines()
    assert "CERTIFY" in title
    assert len(body) > 10
    for line in body:
        assert line.startswith("  "), f"continuation line lost its indent at {width} columns: {line!r}"
        assert len(line) <= width and line == line.rstrip()
    # the rule ids are whole at every width (an author copies them), and the citation is there
    assert "mtus.acupuncture.indication.rehabilitation" in result.stdout
    assert "9792.24.1" in result.stdout
    # a wrapped missing-documentation item hangs under its text, not under the dash
    dash = next(i for i, line in enumerate(body) if line.startswith("    - "))
    if width < 100:
        assert body[dash + 1].startswith("      ") and not body[dash + 1].startswith("      -")
