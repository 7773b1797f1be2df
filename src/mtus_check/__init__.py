"""mtus-check: check treatment requests against the California MTUS guidelines."""

# The one place the version is written: pyproject.toml reads it from here (setuptools dynamic
# version), so the command line does not pay for importlib.metadata at start-up.
__version__ = "0.6.0"
