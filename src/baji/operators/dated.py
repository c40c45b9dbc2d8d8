"""Dated records, as several operators read them: when a list of dated items meets a
condition, bans and restrictions as spans of days, posts assumed from certificates.

The earliest date of a leaf is the date from which it is met on every later day if
nothing else changes (records dated after ``as_of`` take effect on their dates):
``as_of`` when it is met and stays met, a later date when time will meet it for good,
``None`` when it is unknown or time alone will not. Most leaves, once met, stay met; a
ban or restriction is the exception: met today, it may be interrupted by a finding dated
later, and its date is then the day after that ban or restriction ends
(docs/semantics.md, "Earliest date").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from baji.core.tenure import add_years, first_overlap

if TYPE_CHECKING:
    from baji.core.levels import Level
    from baji.operators.base import LeafContext, Outcome
    from baji.profile.model import Finding, Period, Profile

#: Values of the compiled program: Kleene's ``and`` is ``min``, ``or`` ``max``, ``not``
#: ``2 - x``. (Defined here, with the helpers the operators' value and date functions
#: call, importing nothing of pydantic: the copies of those functions that programs
#: compiled ahead call import them, :mod:`baji.engine.ahead.copying`.)
UNMET, UNKNOWN, MET = 0, 1, 2
_ONE_DAY = dt.timedelta(days=1)


def first_date(dates: list[dt.date | None], as_of: dt.date) -> dt.date | None:
    """``as_of`` when an item is undated or dated by then; else the first date."""
    if not dates:
        return None
    if any(d is None or d <= as_of for d in dates):
        return as_of
    return min(d for d in dates if d is not None)


def fitted_date(fits: list[tuple[int, dt.date | None]], as_of: dt.date) -> dt.date | None:
    """``as_of`` when a fitting item is held by then; else the first later date of a
    fitting item, unless an item of unknown fit could settle it sooner (then ``None``)."""
    future: list[dt.date] = []
    unknown = False
    for fit, day in fits:
        if fit == UNKNOWN:
            unknown = True
        elif fit == MET:
            if day is None or day <= as_of:
                return as_of
            future.append(day)
    if unknown or not future:
        return None
    return min(future)


def ban_spans(findings: tuple[Finding, ...], kind: str, years: int,
              subjects: Collection[str]) -> list[tuple[dt.date, dt.date]]:
    """Every ban the ``findings`` of ``kind`` against ``subjects`` impose, whatever their
    date: from the finding's date through its ``years``-th anniversary (both included)."""
    return [(f.date, add_years(f.date, years)) for f in findings
            if f.kind == kind and f.subject in subjects]


def restriction_spans(findings: tuple[Finding, ...], kind: str
                      ) -> list[tuple[dt.date, dt.date]] | None:
    """Every restriction the candidate's ``findings`` of ``kind`` impose, whatever their
    date: from the finding's date through ``restricted_until`` (an end before the start
    restricts no day); ``None`` when one of them gives no end."""
    out = []
    for f in findings:
        if f.kind != kind or f.subject != "candidate":
            continue
        if f.restricted_until is None:
            return None
        if f.restricted_until >= f.date:
            out.append((f.date, f.restricted_until))
    return out


def lasting_from(spans: list[tuple[dt.date, dt.date]], as_of: dt.date) -> dt.date:
    """The first day, ``as_of`` or later, that no span (first and last day included)
    covers, nor any later day: the day after the last span ending on or after ``as_of``."""
    ends = [last for _, last in spans if last >= as_of]
    return max(ends) + _ONE_DAY if ends else as_of


def assumed_periods(profile: Profile, level: Level
                    ) -> tuple[tuple[Period, ...] | None, tuple[dt.date, ...]]:
    """Posts at ``level`` counted from the certificate dates (the opt-in assumption of
    ``assume_posts_from_certificate``), and the certificate dates used on the way.

    The posts are ``None`` when a grade has neither posts nor a date, or when an assumed
    post would overlap a recorded one (the answer then stays unknown).
    """
    from baji.profile.model import Period  # only when posts are assumed: the model loads then

    out: list[Period] = []
    used: list[dt.date] = []
    for grade in profile.grades or ():
        if grade.level is not level:
            continue
        if grade.posts is not None:
            out.extend(grade.posts)
        elif grade.certified_on is None:
            return None, tuple(used)
        else:
            out.append(Period(start=grade.certified_on))
            used.append(grade.certified_on)
    if first_overlap(out) is not None:
        return None, tuple(used)
    return tuple(sorted(out, key=lambda p: p.start)), tuple(used)


# -- traces ------------------------------------------------------------------------------
def dated_outcome(run: LeafContext, dates: list[dt.date | None], what: str) -> Outcome:
    """Met if any item is undated or dated on/before as_of; else met from the first date."""
    if not dates:
        return False, f"no {what}", None, ()
    if any(d is None or d <= run.as_of for d in dates):
        return True, what, run.as_of, ()
    first = min(d for d in dates if d is not None)
    return False, f"{what} dated {first}, after {run.as_of}", first, ()


def listed_outcome(run: LeafContext, field: str, ids: tuple[str, ...]) -> Outcome:
    """Holds one of ``ids`` in the profile list ``field`` (items with ``id`` and ``date``)."""
    items: tuple[Any, ...] | None = getattr(run.profile, field)
    if items is None:
        return None, f"{field} not given", None, (field,)
    hits = [h for h in items if h.id in ids]
    value, actual, becomes, _ = dated_outcome(run, [h.date for h in hits], "")
    names = ", ".join(sorted({h.id for h in hits}))
    return value, names or f"none of the listed {field}", becomes, ()


def spans_outcome(run: LeafContext, spans: list[tuple[dt.date, dt.date]], noun: str,
                  verb: str) -> Outcome:
    """Met unless a span (first and last day included) covers ``as_of``; the spans
    starting later are named in ``actual`` and delay the date met for good."""
    as_of = run.as_of
    running = [last for first, last in spans if first <= as_of <= last]
    later = sorted((first, last) for first, last in spans if first > as_of)
    actual = f"{verb} through {max(running)}" if running else f"no running {noun}"
    if later:
        actual += ", then " + ", ".join(f"{verb} from {a} through {b}" for a, b in later)
    return not running, actual, lasting_from(spans, as_of), ()
