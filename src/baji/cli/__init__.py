"""The ``baji`` command line: argument parsing and output; no logic of its own."""

from __future__ import annotations

from baji.cli.commands import main

__all__ = ["main"]
