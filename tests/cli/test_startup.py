"""Start-up: the command line imports only what the command it runs needs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtus_check.cli.main import COMMANDS, load_command

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("durable_rules_engine", "medspacy", "spacy", "pypdfium2", "importlib.metadata")


def _modules_after(*args: str) -> set[str]:
    """The modules loaded by `mtus-check ARGS` run in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from mtus_check.cli.main import run\n"
        f"sys.argv = ['mtus-check', *{list(args)!r}]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    return set(json.loads(done.stderr.rsplit("MODULES ", 1)[1]))


def test_help_imports_no_command_and_no_engine() -> None:
    loaded = _modules_after("--help")
    assert not loaded & {*HEAVY, "pydantic", "yaml", "mtus_check.rules.loader", "mtus_check.cli.precheck"}


def test_version_needs_no_package_metadata() -> None:
    assert "importlib.metadata" not in _modules_after("--version")


def test_one_precheck_reads_no_letter_machinery() -> None:
    loaded = _modules_after("precheck", str(ROOT / "fixtures/requests/seed-letters.yaml"), "--json")
    assert "durable_rules_engine" in loaded  # it did check the requests
    assert not loaded & {"medspacy", "spacy", "pypdfium2", "mtus_check.letters.reader"}
    assert "rich" not in loaded  # JSON lines are written without the table renderer
    assert "typer" not in loaded  # `precheck FILE --json` needs no option parser


def test_json_requests_with_the_pack_from_its_cache_parse_no_yaml(tmp_path: Path) -> None:
    requests = tmp_path / "requests.jsonl"
    requests.write_text('{"service": "massage", "quantity": 8, "body_region": "low back"}\n', encoding="utf-8")
    _modules_after("precheck", str(requests), "--json")  # the pack cache is written (if it was not)
    loaded = _modules_after("precheck", str(requests), "--json")
    assert "durable_rules_engine" in loaded and "mtus_check.rules.yamlpos" in loaded
    assert "yaml" not in loaded  # the pack came from its cache, the request is JSON
    yaml_request = tmp_path / "request.yaml"
    yaml_request.write_text("service: massage\nquantity: 8\n", encoding="utf-8")
    assert "yaml" in _modules_after("precheck", str(yaml_request), "--json")


def _cli(*args: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "mtus_check", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "request_file",
    [
        "fixtures/requests/seed-letters.yaml",
        "fixtures/requests/batch-with-errors.jsonl",  # bad lines: their errors on stderr, exit 2
        "fixtures/requests/in-words.yaml",
        "no/such/file.yaml",
    ],
)
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "human"])
def test_a_plain_precheck_reads_as_the_one_typer_parses(request_file: str, as_json: bool) -> None:
    # `precheck FILE [--json]` runs without typer; `--` sends the same command line through it
    flags = ["--json"] if as_json else []
    fast = _cli("precheck", request_file, *flags)
    parsed = _cli("precheck", *flags, "--", request_file)
    assert fast == parsed
    assert fast[1] or fast[2]


def test_other_precheck_command_lines_still_go_through_typer() -> None:
    code, out, err = _cli("precheck", "fixtures/requests/seed-letters.yaml", "--bogus")
    assert code == 2 and "No such option" in err and not out
    code, out, _ = _cli("precheck", "-h")
    assert code == 0 and "Usage: " in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    # `mtus-check --help` lists the commands without importing them: the text must not drift
    assert (load_command(name).help or "").strip().splitlines()[0] == COMMANDS[name].help
