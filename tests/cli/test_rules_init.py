"""`rules init DIR` as a user who installed mtus-check and wants to change a rule meets it."""

from __future__ import annotations

import glob
import json
import shutil
import tomllib
from pathlib import Path

import yaml
from typer.testing import CliRunner

from mtus_check.cli.main import app
from tests.conftest import RULES

runner = CliRunner()
ROOT = RULES.parent
MASSAGE = Path("mtus/chronic-pain/massage.yaml")
MASSAGE_8 = ["precheck", "--service", "massage", "--quantity", "8", "--date-of-service", "2016-01-04", "--json"]


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def test_init_writes_an_editable_pack_named_for_its_folder(tmp_path: Path) -> None:
    dest = tmp_path / "acme-rules"
    result = runner.invoke(app, ["rules", "init", str(dest)])
    assert result.exit_code == 0, result.output
    assert f"to {dest}: rule pack acme-rules 0.1.0, a copy of mtus-core" in result.stdout
    assert f"--rules {dest}" in result.stdout
    # every file of the bundled pack, with the schemas an editor reads
    assert _files(RULES) <= _files(dest)
    assert {p.name for p in (dest / "schema").iterdir()} == {p.name for p in (RULES / "schema").iterdir()}
    pack = yaml.safe_load((dest / "pack.yaml").read_text())
    assert pack["name"] == "acme-rules" and pack["version"] == "0.1.0" and "mtus-core" in pack["description"]
    readme = (dest / "README.md").read_text()
    assert f"--rules {dest}" in readme and "# Writing MTUS rules" in readme
    validate = runner.invoke(app, ["rules", "validate", str(dest)])
    assert validate.exit_code == 0 and "pack acme-rules 0.1.0" in validate.stdout.splitlines()[-1]
    assert runner.invoke(app, ["rules", "test", str(dest)]).exit_code == 0


def test_the_copy_is_the_pack_that_decides_with_rules_dir(tmp_path: Path) -> None:
    dest = tmp_path / "mine"
    assert runner.invoke(app, ["rules", "init", str(dest), "--name", "clinic-pack"]).exit_code == 0
    rule = dest / MASSAGE
    rule.write_text(rule.read_text().replace("at_most: 6", "at_most: 8", 1))
    mine = json.loads(runner.invoke(app, [*MASSAGE_8, "--rules", str(dest)]).stdout)
    bundled = json.loads(runner.invoke(app, MASSAGE_8).stdout)
    assert (mine["verdict"], mine["rule_pack"]["name"]) == ("certify", "clinic-pack")
    assert (bundled["verdict"], bundled["rule_pack"]["name"]) == ("non-certify", "mtus-core")


def test_init_never_writes_over_files_unless_forced(tmp_path: Path) -> None:
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["rules", "init", str(dest)])
    assert result.exit_code == 2 and "not empty" in result.stderr and "--force" in result.stderr
    assert _files(dest) == {Path("notes.txt")}
    assert runner.invoke(app, ["rules", "init", str(dest), "--force"]).exit_code == 0
    assert (dest / "pack.yaml").is_file() and (dest / "notes.txt").read_text() == "mine"


def test_init_refuses_a_folder_inside_the_pack_it_copies(tmp_path: Path) -> None:
    source = tmp_path / "pack"
    assert runner.invoke(app, ["rules", "init", str(source)]).exit_code == 0
    before = _files(source)
    result = runner.invoke(app, ["rules", "init", str(source / "copy"), "--rules", str(source)])
    assert result.exit_code == 2 and "inside the pack being copied" in result.stderr
    assert _files(source) == before


def test_init_json(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "init", str(tmp_path / "p"), "--json"])
    report = json.loads(result.stdout)
    assert report["pack"]["name"] == "p" and report["based_on"]["name"] == "mtus-core"
    assert report["files"] == len(_files(tmp_path / "p"))


def test_the_installed_package_ships_the_whole_pack_with_its_schemas(tmp_path: Path) -> None:
    # what `pip install` copies of the package besides its modules: pyproject's package-data
    # patterns, expanded as setuptools expands them (glob, recursive, from the package folder)
    package = ROOT / "src" / "mtus_check"
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    shipped = {
        Path(f) for pattern in patterns["mtus_check"] for f in glob.glob(pattern, root_dir=package, recursive=True)
    }
    pack_files = {Path("pack") / f for f in _files(RULES)}
    assert pack_files <= shipped, sorted(map(str, pack_files - shipped))
    # and a user of the installed package gets a pack that validates, schemas included
    installed = tmp_path / "site-packages" / "mtus_check"
    for relative in pack_files:
        (installed / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / relative, installed / relative)
    dest = tmp_path / "from-installed"
    assert runner.invoke(app, ["rules", "init", str(dest), "--rules", str(installed / "pack")]).exit_code == 0
    assert (dest / "schema" / "rule-file.schema.json").is_file()
    assert runner.invoke(app, ["rules", "validate", str(dest)]).exit_code == 0
