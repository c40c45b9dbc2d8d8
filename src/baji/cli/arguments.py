"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil

from baji.core.dates import as_of_date
from baji.errors import EvaluationError


def date_arg(text: str) -> dt.date:
    """An argument given as ``YYYY-MM-DD``, read as the API reads ``as_of``."""
    try:
        return as_of_date(text)
    except EvaluationError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def jobs_arg(text: str) -> int:
    """A number of worker processes, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return value


def terminal_columns() -> int:
    """The width text tables are fitted to: ``COLUMNS`` when set, else the width of the
    terminal on standard output, else 80 (a pipe or a file), as git does.

    A fixed 80 for pipes, rather than no limit, keeps ``baji eval ... | less`` and a file
    written by a script the same on every machine and readable in an 80-column window;
    ``COLUMNS=1000`` asks for lines as long as they come.
    """
    return max(shutil.get_terminal_size((80, 24)).columns, 20)
