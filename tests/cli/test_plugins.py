"""The command line skips pydantic's plugin search unless the user set PYDANTIC_DISABLE_PLUGINS."""

from __future__ import annotations

import os
import sys

import pytest
from pydantic import BaseModel

from mtus_check.cli.plugins import LOADER, without_pydantic_plugins


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As at start-up: no loader imported yet, no setting (both restored afterwards)."""
    monkeypatch.setitem(sys.modules, LOADER, None)
    monkeypatch.delitem(sys.modules, LOADER)
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")  # (set first, so that undoing restores it)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS")


def test_no_plugin_search_and_models_still_work(fresh: None) -> None:
    without_pydantic_plugins()
    loader = sys.modules[LOADER]
    assert loader.get_plugins() == ()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"

    class Probe(BaseModel):
        n: int

    assert Probe.model_validate({"n": "3"}).n == 3
    # anything else asked of the loader comes from pydantic's own module
    assert loader.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"


def test_the_users_setting_wins(fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "")
    without_pydantic_plugins()
    assert LOADER not in sys.modules
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == ""
