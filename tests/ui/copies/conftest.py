"""Fixtures of the copies UI tests: a private CUPS server to print to (SEC-5)."""

from tests.helpers.cups_server import cups_server, cups_server_without_printers

__all__ = ["cups_server", "cups_server_without_printers"]
