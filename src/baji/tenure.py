"""Years in post, following 《中华人民共和国民法典》 第二百零一条 and 第二百零二条.

第二百零一条: a period counted in years starts the day after the start day (the start day
is not counted). 第二百零二条: it ends on the corresponding day of the last year, or on the
month's last day when that year has no corresponding day. So a post taken on 2019-03-15
completes 5 years on 2024-03-15, and one taken on 2020-02-29 completes 5 years on
2025-02-28 (``dateutil.relativedelta`` gives exactly this).

A post history is a list of half-open periods ``[start, end)``: ``end`` is the first day
no longer in the post, ``None`` while still in it. On a date ``as_of``, time after it does
not count and a period starting after it does not exist yet.

Several periods are added up in days and the anniversary rule is applied to the
equivalent single period that ends on ``as_of`` (DESIGN.md, "Time"): with ``D`` days in
post, the candidate has ``N`` years on ``as_of`` when ``as_of - D + N years <= as_of``.
One period is then counted exactly by the anniversary rule, and splitting a period into
two adjacent ones changes nothing (the days are the same).

While the candidate is in post, the equivalent start stays put as days accrue, so the
answer only turns from unmet to met. After every period has closed, the equivalent
period slides with ``as_of``; a candidate short by a leap day can then be met on some
dates and not others. :func:`completion_date` searches for the first met date exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from dateutil.relativedelta import relativedelta


class _Period(Protocol):
    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date | None: ...


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later, or the month's last day (民法典 第二百零二条)."""
    return day + relativedelta(years=years)


def days_in_post(periods: Sequence[_Period], as_of: dt.date) -> int:
    """Days in post before ``as_of`` (the half-open periods clipped at ``as_of``)."""
    total = 0
    for p in periods:
        end = as_of if p.end is None or p.end > as_of else p.end
        if end > p.start:
            total += (end - p.start).days
    return total


def has_years(periods: Sequence[_Period], years: int, as_of: dt.date) -> bool:
    """Whether ``years`` in post are complete on ``as_of``."""
    days = days_in_post(periods, as_of)
    if days <= 0:
        return False
    start = as_of - dt.timedelta(days=days)
    return add_years(start, years) <= as_of


#: How far to look for a met date after every period has closed (four years hold every
#: leap-day pattern of the Gregorian calendar outside century years; eight to be safe).
_GAP_SEARCH_DAYS = 8 * 366


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
    edges = [as_of, *bounds, None]
    for a, b in zip(edges, edges[1:]):
        assert a is not None
        if _accruing(periods, a):
            # In post on [a, b): the equivalent start stays put while days accrue.
            start = a - dt.timedelta(days=days_in_post(periods, a))
            due = max(a, add_years(start, years))
            if b is None or due < b:
                return due
        else:
            # Out of post: the days are fixed. N years span between 365N + N//4 - 1 and
            # 365N + N//4 + 1 days, so only a total in that band needs a day-by-day look.
            fixed = days_in_post(periods, a)
            if fixed < 365 * years + years // 4 - 1:
                continue
            stop = a + dt.timedelta(days=_GAP_SEARCH_DAYS) if b is None else b
            day = a
            while day < stop:
                if has_years(periods, years, day):
                    return day
                day += dt.timedelta(days=1)
    return None


def _accruing(periods: Sequence[_Period], day: dt.date) -> bool:
    return any(p.start <= day and (p.end is None or day < p.end) for p in periods)


def describe(periods: Sequence[_Period], as_of: dt.date) -> str:
    """A short account of a post history on ``as_of``: ``2019-03-15..open (1827 days)``."""
    if not periods:
        return "no post"
    spans = ", ".join(f"{p.start}..{p.end or 'open'}" for p in periods)
    return f"{spans} ({days_in_post(periods, as_of)} days by {as_of})"
