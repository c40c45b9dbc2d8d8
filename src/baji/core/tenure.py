"""Years in post, following 《中华人民共和国民法典》 第二百零一条 and 第二百零二条.

第二百零一条: a period counted in years starts the day after the start day (the start day
is not counted). 第二百零二条: it ends on the corresponding day of the last year, or on the
month's last day when that year has no corresponding day. So a post taken on 2019-03-15
completes 5 years on 2024-03-15, and one taken on 2020-02-29 completes 5 years on
2025-02-28.

A post history is a list of half-open periods ``[start, end)``: ``end`` is the first day
no longer in the post, ``None`` while still in it. On a date ``as_of``, time after it does
not count and a period starting after it does not exist yet.

Several periods are added up in days and the anniversary rule is applied to the
equivalent single period that ends on the last day counted (DESIGN.md, "Time"): while the
candidate is in post that is ``as_of`` itself; once every post has closed it is the end of
the last one. With ``D`` days counted up to ``end``, the candidate has ``N`` years when
``end - D + N years <= end``. So:

- one period is counted exactly by the anniversary rule, open or closed;
- splitting a period into two adjacent ones changes nothing (same days, same end);
- while in post the equivalent start stays put as days accrue, so the answer only turns
  from unmet to met, and a closed history gives the same answer on every later date
  (anchoring it on ``as_of`` instead would flip a 5-year closed post between met and
  unmet around 29 February).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from baji.core.levels import Level


class _Period(Protocol):
    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date | None: ...


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later, or the month's last day (民法典 第二百零二条).

    Equal to ``day + relativedelta(years=years)`` (a test checks it), without its cost:
    only 29 February lacks a corresponding day, and then it is 28 February.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if day.month != 2 or day.day != 29:
            raise  # the year is out of range, as relativedelta would say
        return day.replace(year=day.year + years, day=28)


def days_in_post(periods: Sequence[_Period], as_of: dt.date) -> int:
    """Days in post before ``as_of`` (the half-open periods clipped at ``as_of``)."""
    total = 0
    for p in periods:
        end = as_of if p.end is None or p.end > as_of else p.end
        if end > p.start:
            total += (end - p.start).days
    return total


def counted(periods: Sequence[_Period], as_of: dt.date) -> tuple[int, dt.date | None]:
    """Days in post before ``as_of`` and the day after the last day counted (``None``
    when no day is counted)."""
    total = 0
    last: dt.date | None = None
    for p in periods:
        end = as_of if p.end is None or p.end > as_of else p.end
        if end > p.start:
            total += (end - p.start).days
            last = end if last is None or end > last else last
    return total, last


def has_years(periods: Sequence[_Period], years: int, as_of: dt.date) -> bool:
    """Whether ``years`` in post are complete on ``as_of``."""
    if len(periods) == 1:  # one period: its own anniversary, no day count
        one = periods[0]
        end = one.end
        if end is None or end > as_of:
            end = as_of
        start = one.start
        if end <= start:
            return False
        try:
            return start.replace(year=start.year + years) <= end
        except ValueError:  # 29 February, or out of range
            return add_years(start, years) <= end
    days, end = counted(periods, as_of)
    if end is None:
        return False
    return add_years(end - dt.timedelta(days=days), years) <= end


def completion_date(periods: Sequence[_Period], years: int,
                    as_of: dt.date) -> dt.date | None:
    """The first date on or after ``as_of`` on which ``years`` in post are complete,
    or ``None`` if that never happens "if nothing else changes" (an open period goes on,
    closed periods stay closed, recorded future periods happen).

    >>> from types import SimpleNamespace as P
    >>> completion_date([P(start=dt.date(2020, 2, 29), end=None)], 5, dt.date(2021, 1, 1))
    datetime.date(2025, 2, 28)
    """
    if not periods:
        return None
    if has_years(periods, years, as_of):
        return as_of
    bounds = sorted({b for p in periods for b in (p.start, p.end)
                     if b is not None and b > as_of})
    edges: list[dt.date | None] = [as_of, *bounds, None]
    for a, b in zip(edges, edges[1:]):
        assert a is not None
        if not _accruing(periods, a):
            continue  # out of post, the answer cannot change until a post starts
        # In post on [a, b): the equivalent start stays put while days accrue. Day b
        # itself still counts the segment's last day (a post ending on b completes its
        # years on b when they fall due then).
        start = a - dt.timedelta(days=days_in_post(periods, a))
        due = max(a, add_years(start, years))
        if b is not None and due > b:
            continue
        # The formula is exact inside the segment; look a day either side of it to be
        # exact at the segment's first day, where the anchor moves from a closed post.
        day = max(a, due - dt.timedelta(days=2))
        stop = due + dt.timedelta(days=3)
        if b is not None:
            stop = min(b + dt.timedelta(days=1), stop)
        while day < stop:
            if has_years(periods, years, day):
                return day
            day += dt.timedelta(days=1)
    return None


def _accruing(periods: Sequence[_Period], day: dt.date) -> bool:
    return any(p.start <= day and (p.end is None or day < p.end) for p in periods)


def first_overlap(periods: Sequence[_Period]) -> tuple[_Period, _Period] | None:
    """The first two periods that overlap (sorted by start), or ``None``."""
    ordered = sorted(periods, key=lambda p: p.start)
    for a, b in zip(ordered, ordered[1:]):
        if a.end is None or a.end > b.start:
            return a, b
    return None


def describe(periods: Sequence[_Period], as_of: dt.date) -> str:
    """A short account of a post history on ``as_of``: ``2019-03-15..open (1827 days)``."""
    if not periods:
        return "no post"
    total = 0  # days_in_post, in the same pass
    spans = []
    for p in periods:
        start, end = p.start, p.end
        upto = as_of if end is None or end > as_of else end
        if upto > start:
            total += (upto - start).days
        spans.append(f"{start.isoformat()}..{'open' if end is None else end.isoformat()}")
    return f"{', '.join(spans)} ({total} days by {as_of.isoformat()})"


def grade_periods(profile: Any, level: Level) -> tuple[Any, ...] | None:
    """All post periods at ``level`` (``None`` if any grade of it leaves them unknown):
    :meth:`baji.Profile.grade_periods` of ``profile`` (a profile, or its
    Struct of :mod:`baji.profile.fast`, which has this function as its method)."""
    out: list[Any] = []
    found = False
    for grade in profile.grades or ():
        if grade.level is level:
            found = True
            if grade.posts is None:
                return None
            out.extend(grade.posts)
    return tuple(sorted(out, key=lambda p: p.start)) if found else ()
