"""Catch the three kinds of error once, at the CLI boundary, and map them to exit codes."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from mtus_check.errors import ExitCode, MtusCheckError, ProblemsError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(command: F) -> F:
    """Wrap a command: user errors print cleanly, located problems print one per line,
    anything else is a bug (traceback, exit 3). A returned int is the exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except typer.Exit:
            raise
        except ProblemsError as exc:
            for problem in exc.problems:
                print(problem.format(), file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) found", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except MtusCheckError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            raise typer.Exit(ExitCode.OK) from None
        except Exception:
            traceback.print_exc()
            print("internal error in mtus-check: please report it with the traceback above", file=sys.stderr)
            raise typer.Exit(ExitCode.INTERNAL) from None
        if code:
            raise typer.Exit(int(code))

    return wrapper  # type: ignore[return-value]
