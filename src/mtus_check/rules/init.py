"""`rules init`: an editable copy of a rule pack (by default the bundled one) in a folder of the
user's, named as their own pack, with the JSON Schemas editors use and a README.

After `pip install` the bundled pack lives inside site-packages; a user who wants to change a rule
needs a copy they own, which `--rules DIR` then loads. The copy is validated before it is reported.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from mtus_check.errors import MtusCheckError
from mtus_check.models.verdict import PackInfo
from mtus_check.rules.loader import PACK_FILE, default_pack_path, load_pack

README = "README.md"
INITIAL_VERSION = "0.1.0"


@dataclass(frozen=True)
class InitResult:
    root: Path
    info: PackInfo  # the new pack, as loaded back
    base: PackInfo  # the pack it copies
    files: int  # files written


def _copied(source: Path) -> list[Path]:
    """Every file of the pack, relative to it (hidden files and byte-code left out)."""
    return sorted(
        p.relative_to(source)
        for p in source.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(source).parts)
    )


def _pack_yaml(name: str, base: PackInfo) -> str:
    spec = {
        "name": name,
        "version": INITIAL_VERSION,
        "description": f"Based on the rule pack {base.name} {base.version} (sha256 {base.hash}).",
    }
    return (
        "# yaml-language-server: $schema=schema/pack.schema.json\n"
        f"# The rule pack {name}, written by `mtus-check rules init` from {base.name} {base.version}.\n"
        "# Bump the version when a rule changes a verdict: every verdict and audit records it.\n"
        + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True, width=100)
    )


def _readme(name: str, root: Path, base: PackInfo, guide: str) -> str:
    head = f"""# Rule pack {name}

An editable copy of the rule pack {base.name} {base.version} (sha256 {base.hash[:12]}), written by
`mtus-check rules init`. Every command uses it with `--rules {root}`:

```
mtus-check rules validate {root}                       # after every edit: file:line:col of each problem
mtus-check rules validate {root}/mtus/chronic-pain/massage.yaml   # one file, checked in this pack
mtus-check rules test {root}                           # the cases beside each rule file
mtus-check precheck request.yaml --rules {root}
mtus-check rules diff {default_pack_path()} {root} --corpus letters/   # what your edits change
```

`schema/` holds the JSON Schemas editors use (the first line of each YAML file points to its
schema); `mtus-check rules schema --rules {root} --out {root}/schema` writes them again after you
declare new facts. `pack.yaml` names this pack; bump its version when a rule changes a verdict.

The guide to the rule language follows.

"""
    return head + guide


def init_pack(dest: Path, name: str | None = None, source: Path | None = None, force: bool = False) -> InitResult:
    """Copy the pack at `source` (default: the bundled pack) to `dest` as the pack `name`
    (default: the folder's name); raise MtusCheckError when `dest` holds files and not `force`."""
    source = source if source is not None else default_pack_path()
    base = load_pack(source)  # a broken source is reported before anything is written
    if dest.exists() and not dest.is_dir():
        raise MtusCheckError(f"{dest} is a file. Fix: give a new folder for the rule pack")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise MtusCheckError(
            f"{dest} is not empty. Fix: give a new folder, or --force to write the pack's files over it"
        )
    if dest.resolve().is_relative_to(base.root.resolve()):
        # the copy's rules would become rules of the pack it copies (every YAML below a pack is read)
        raise MtusCheckError(f"{dest} is inside the pack being copied ({base.root}). Fix: give a folder outside it")
    name = name or dest.resolve().name
    files = _copied(base.root)
    for relative in files:
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(base.root / relative, target)
    (dest / PACK_FILE).write_text(_pack_yaml(name, base.info), encoding="utf-8")
    guide_path = base.root / README
    guide = guide_path.read_text(encoding="utf-8") if guide_path.is_file() else ""
    (dest / README).write_text(_readme(name, dest, base.info, guide), encoding="utf-8")
    written = len({*files, Path(PACK_FILE), Path(README)})
    return InitResult(dest, load_pack(dest).info, base.info, written)
