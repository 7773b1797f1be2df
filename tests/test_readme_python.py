"""The README's Python example runs as written and prints exactly what the README shows."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_python_example_prints_what_the_readme_shows(tmp_path: Path) -> None:
    section = (ROOT / "README.md").read_text().split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    code = next(body for lang, body in blocks if lang == "python")
    shown = next(body for lang, body in blocks if lang == "")
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code.replace("/tmp/api-audit", str(tmp_path / "a")), "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert out.getvalue() == shown
