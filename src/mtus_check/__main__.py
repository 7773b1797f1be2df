"""`python -m mtus_check` runs the command line."""

from mtus_check.cli.main import run

run()
