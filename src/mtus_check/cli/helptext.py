"""Option help that reads like a man page.

typer prints a value placeholder for every option, `<bool>` for a flag that takes no value, and
`<list[str]>` for a repeatable option; a flag shows none here, a repeatable option its item type,
a date its format. Every command of mtus-check is built from these two classes.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup


def tidy(params: list[Any]) -> list[Any]:
    """Set each parameter's placeholder once (idempotent: a placeholder already set is kept)."""
    for param in params:
        desc = getattr(param, "type_descriptor", None)
        if param.param_type_name == "argument":
            # an argument's metavar is its name in the usage line: only its type column changes
            if desc is not None and desc.is_list and not desc.is_choice:
                label = _item_type(param) + "..."
                setattr(param, "display_type_rich", lambda ctx, label=label: label)  # noqa: B010
            continue
        if param.metavar is not None:
            continue
        if getattr(param, "is_flag", False):
            param.metavar = ""
        elif desc is not None and desc.is_list and not desc.is_choice:
            param.metavar = _item_type(param)
        elif desc is not None and desc.is_datetime and list(desc.parameter_info.formats or ()) == ["%Y-%m-%d"]:
            param.metavar = "<YYYY-MM-DD>"
    return params


def _item_type(param: Any) -> str:
    """`<list[Path]>` -> `<path>`: the type of one value of a repeatable parameter."""
    return str(param.display_type(None)).replace("list[", "").replace("]", "").lower()


class TidyCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return tidy(super().get_params(ctx))


class TidyGroup(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return tidy(super().get_params(ctx))
