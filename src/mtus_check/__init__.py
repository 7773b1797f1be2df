"""mtus-check: check treatment requests against the California MTUS guidelines."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mtus-check")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+local"
