"""The evaluation date: one place that decides what ``as_of`` means when a caller gives
it (or leaves it out) at one of baji's entry points.

The API, the batch runner, the analysts and the command line read ``as_of`` with
:func:`as_of_date`, today when it is left out. The engine's own functions
(:func:`baji.engine.decide.decide`, :func:`baji.engine.answers.evaluate_answers`) take
it explicitly and read anything but a plain date with ``default_today=False``.
"""

from __future__ import annotations

import datetime as dt
import re

from baji.errors import EvaluationError, problem

#: What an entry point accepts as ``as_of``: a date, a datetime (its date is used), a
#: text ``YYYY-MM-DD``, or ``None`` for today.
AsOf = dt.date | str | None

#: The first and last day baji accepts in a profile, a pack or as ``as_of``: wide enough
#: for any working life, narrow enough that date arithmetic never overflows.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Characters of a refused value quoted in the error: enough to recognise it, never a
#: message as long as the value.
_QUOTED = 60


def as_of_date(value: object, *, default_today: bool = True) -> dt.date:
    """The evaluation date ``value`` stands for.

    Args:
        value: ``None`` (today, in local time), a :class:`datetime.date`, a
            :class:`datetime.datetime` (its date; the time of day is dropped) or a text
            ``YYYY-MM-DD``.
        default_today: ``False`` where the date must be given: ``None`` is refused.

    Returns:
        The date.

    Raises:
        EvaluationError: ``value`` is of another type, or a text that is not a day of the
            calendar written ``YYYY-MM-DD`` (BAJI302).

    Example:
        >>> as_of_date("2026-07-01")
        datetime.date(2026, 7, 1)
        >>> as_of_date(dt.datetime(2026, 7, 1, 9, 30))
        datetime.date(2026, 7, 1)
    """
    if value is None and default_today:
        return dt.date.today()
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:  # 2026-02-30: the shape of a date, not a day
            pass
    raise EvaluationError([problem("BAJI302", value=_quoted(value))])


def _quoted(value: object) -> str:
    """``repr(value)``, cut to :data:`_QUOTED` characters; the type's name when even
    that fails (an integer of more digits than Python will print)."""
    if isinstance(value, str) and len(value) > _QUOTED:
        value = value[:_QUOTED]
    try:
        text = repr(value)
    except Exception:  # any object may refuse repr; the error must still be raised
        return f"<{type(value).__name__}>"
    return text if len(text) <= _QUOTED else text[:_QUOTED - 1] + "…"
