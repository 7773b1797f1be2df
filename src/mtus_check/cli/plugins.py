"""The command line runs without pydantic plugins, as typer already does for its own models.

Looking for plugins (pydantic.plugin._loader) imports importlib.metadata and, through it, the
email, zipfile and socket modules: about a tenth of a pre-check's start-up, for plugins no
mtus-check command uses. A user who sets PYDANTIC_DISABLE_PLUGINS (even to "") keeps pydantic's
own behaviour. Anything else pydantic may ever ask of the loader gets the real module.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"


class _NoPlugins(types.ModuleType):
    """Stands for pydantic's plugin loader: no plugins, and no package metadata read."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system asks for __path__ and the like: a plain module
            raise AttributeError(name)
        if sys.modules.get(LOADER) is self:
            del sys.modules[LOADER]
        return getattr(importlib.import_module(LOADER), name)


def without_pydantic_plugins() -> None:
    """Before any model is built: skip the plugin search, unless the user has a say in it."""
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ or LOADER in sys.modules:
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # worker processes decide the same way
    sys.modules[LOADER] = _NoPlugins(LOADER)
