"""Catch the three kinds of error once, at the CLI boundary, and map them to exit codes.

typer is not imported here: the pre-check fast path of `cli.main.run` runs a command through
`exit_code` without it; `handle_errors` is the same for a command typer calls.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from mtus_check.errors import ExitCode, MtusCheckError, ProblemsError

F = TypeVar("F", bound=Callable[..., Any])


def exit_code(
    command: Callable[..., Any], *args: Any, passthrough: tuple[type[BaseException], ...] = (), **kwargs: Any
) -> int:
    """Run a command: user errors print cleanly, located problems print one per line, anything
    else is a bug (traceback, exit 3). A returned int is the exit code; `passthrough`
    exceptions (typer's own exit) are raised as they are."""
    try:
        code = command(*args, **kwargs)
    except passthrough:
        raise
    except ProblemsError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
        return int(exc.exit_code)
    except MtusCheckError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception:
        traceback.print_exc()
        print("internal error in mtus-check: please report it with the traceback above", file=sys.stderr)
        return int(ExitCode.INTERNAL)
    return int(code) if code else 0


def handle_errors(command: F) -> F:
    """Wrap a command typer calls (see exit_code): a non-zero exit code is typer's Exit."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        import typer  # already loaded: typer is the caller

        code = exit_code(command, *args, passthrough=(typer.Exit,), **kwargs)
        if code:
            raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]
