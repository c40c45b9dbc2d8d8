"""Argument types shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from baji.core.dates import as_of_date
from baji.errors import EvaluationError
from baji.profile.roster import RosterRow, count_rows, iter_roster, iter_roster_stream


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


def roster_rows(path: Path, check: bool) -> Iterator[RosterRow]:
    """The rows of a roster argument; ``-`` reads standard input, once, as it comes."""
    if str(path) == "-":
        return iter_roster_stream(sys.stdin.buffer, display="<stdin>", check=check)
    return iter_roster(path, check=check)


def roster_total(path: Path) -> int | None:
    """The rows a roster argument has, for a progress bar; ``None`` when it cannot be
    known without reading it all (standard input, a named pipe)."""
    return None if str(path) == "-" else count_rows(path)
