"""Dates and post histories for the strategies: calendar edges, leap days, a pack's
window in force, and sorted, non-overlapping post periods."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal, overload

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from baji.pack.bundled import get_pack
from baji.pack.network import Network
from baji.profile.model import Period
from baji.testing.rule_needs import PackRef

#: The default bounds of generated dates.
MIN_DATE = dt.date(1960, 1, 1)
MAX_DATE = dt.date(2049, 12, 31)
DAY = dt.timedelta(days=1)
# Strategy objects are reused: Hypothesis validates each new one, which costs more than
# drawing from it.
BOOL = st.booleans()


@lru_cache(maxsize=4096)
def ints(low: int, high: int) -> SearchStrategy[int]:
    """``integers(low, high)``, built once."""
    return st.integers(low, high)


@lru_cache(maxsize=4096)
def zero_or(high: int) -> SearchStrategy[int]:
    """0 half the time (adjacent periods, single periods), else up to ``high``."""
    return st.one_of(st.just(0), st.integers(0, high))


# -- dates ---------------------------------------------------------------------------------
def anniversary(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` later (or earlier, for negative ``years``), or the
    month's last day when there is none (民法典 第二百零二条). Written here independently of
    :mod:`baji.core.tenure`, so that tests can compare the two.

    >>> anniversary(dt.date(2020, 2, 29), 5)
    datetime.date(2025, 2, 28)
    >>> anniversary(dt.date(2019, 3, 15), 5)
    datetime.date(2024, 3, 15)
    """
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last))


def leap_days_between(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [dt.date(y, 2, 29) for y in range(lo.year, hi.year + 1)
            if calendar.isleap(y) and lo <= dt.date(y, 2, 29) <= hi]


def leap_days(min_value: dt.date = MIN_DATE,
              max_value: dt.date = MAX_DATE) -> SearchStrategy[dt.date]:
    """29 February of the leap years between ``min_value`` and ``max_value`` (inclusive).

    >>> from hypothesis import find
    >>> find(leap_days(dt.date(2019, 1, 1), dt.date(2021, 1, 1)), lambda d: True)
    datetime.date(2020, 2, 29)
    """
    days = leap_days_between(min_value, max_value)
    if not days:
        return st.nothing()
    return st.sampled_from(days)


def dates(min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE, *,
          edges: Sequence[dt.date] = ()) -> SearchStrategy[dt.date]:
    """Dates in ``[min_value, max_value]``, drawing the awkward ones often: 29 February,
    28 February and 1 March, year ends, and any ``edges`` given (and their neighbours).

    >>> from hypothesis import given
    >>> @given(dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    ... def test(day): assert day.year == 2024
    >>> test()
    """
    if min_value > max_value:
        raise ValueError(f"min_value {min_value} is after max_value {max_value}")
    return _dates(min_value, max_value, tuple(edges))


@lru_cache(maxsize=4096)
def _dates(min_value: dt.date, max_value: dt.date, edges: tuple[dt.date, ...]
           ) -> SearchStrategy[dt.date]:
    special: set[dt.date] = set()
    for year in range(min_value.year, max_value.year + 1):
        for month, day in ((2, 28), (3, 1), (12, 31), (1, 1)):
            special.add(dt.date(year, month, day))
        if calendar.isleap(year):
            special.add(dt.date(year, 2, 29))
    for edge in edges:
        special.update((edge - DAY, edge, edge + DAY))
    inside = sorted(d for d in special if min_value <= d <= max_value)
    plain = st.dates(min_value, max_value)
    if not inside:
        return plain
    return st.one_of(plain, plain, st.sampled_from(inside))


def window(net: Network, horizon_years: int) -> tuple[dt.date, dt.date]:
    start = net.window.from_
    end = net.window.until or anniversary(start, horizon_years)
    return start, end


def as_of_dates(pack: PackRef, *, margin_days: int = 0,
                horizon_years: int = 8) -> SearchStrategy[dt.date]:
    """Evaluation dates for ``pack``: inside its window in force, or up to ``margin_days``
    either side of it (to reach *not in force*). An open window is cut
    ``horizon_years`` after it starts. The window's edges are drawn often.

    >>> from hypothesis import find
    >>> find(as_of_dates("tianjin-2024"), lambda d: d.year == 2026) <= dt.date(2026, 3, 31)
    True
    """
    net = get_pack(pack)
    lo, hi = window(net, horizon_years)
    margin = dt.timedelta(days=margin_days)
    edges = [lo, hi] if net.window.until else [lo]
    return dates(lo - margin, hi + margin, edges=edges)


# -- post histories ------------------------------------------------------------------------
@st.composite
def _history(draw: st.DrawFn, min_date: dt.date, max_date: dt.date, min_size: int,
             max_size: int, open_last: bool | None, leap_day_starts: bool,
             max_period_days: int, max_gap_days: int) -> list[Period]:
    size = draw(ints(min_size, max_size))
    if size == 0:
        return []
    out: list[Period] = []
    # Keep two days per period still to come, so the history always fits.
    cursor = draw(dates(min_date, max_date - dt.timedelta(days=2 * size)))
    for k in range(size):
        room = max_date - dt.timedelta(days=2 * (size - k - 1))
        start = cursor
        if leap_day_starts and draw(ints(0, 3)) == 0:
            leaps = leap_days_between(start, room - DAY)
            if leaps:
                start = leaps[0]
        last = k == size - 1
        is_open = last and (draw(BOOL) if open_last is None else open_last)
        if is_open:
            out.append(Period(start=start))
            break
        longest = min(max_period_days, (room - start).days)
        end = start + dt.timedelta(days=draw(ints(1, max(1, longest))))
        out.append(Period(start=start, end=end))
        if last:
            break
        next_room = max_date - dt.timedelta(days=2 * (size - k - 2))
        widest = max(0, min(max_gap_days, (next_room - DAY - end).days))
        gap = draw(zero_or(widest))
        cursor = end + dt.timedelta(days=gap)
    return out


@overload
def post_histories(*, min_date: dt.date = ..., max_date: dt.date = ..., min_size: int = ...,
                   max_size: int = ..., open_last: bool | None = ...,
                   leap_day_starts: bool = ..., max_period_days: int = ...,
                   max_gap_days: int = ..., as_json: Literal[False] = ...,
                   ) -> SearchStrategy[list[Period]]: ...


@overload
def post_histories(*, min_date: dt.date = ..., max_date: dt.date = ..., min_size: int = ...,
                   max_size: int = ..., open_last: bool | None = ...,
                   leap_day_starts: bool = ..., max_period_days: int = ...,
                   max_gap_days: int = ..., as_json: Literal[True],
                   ) -> SearchStrategy[list[dict[str, str | None]]]: ...


def post_histories(*, min_date: dt.date = dt.date(1990, 1, 1),
                   max_date: dt.date = dt.date(2035, 12, 31), min_size: int = 1,
                   max_size: int = 4, open_last: bool | None = None,
                   leap_day_starts: bool = True, max_period_days: int = 4000,
                   max_gap_days: int = 1500, as_json: bool = False,
                   ) -> SearchStrategy[list[Period]] | SearchStrategy[
                       list[dict[str, str | None]]]:
    """Post histories: lists of half-open periods ``[start, end)`` of one grade.

    The periods are sorted by start and never overlap; gaps between them are often zero
    (adjacent periods). Every date lies in ``[min_date, max_date]``; ``end`` is the first
    day out of post. The last period is open (``end`` None) when ``open_last`` is True,
    closed when False, either when None. With ``leap_day_starts`` a quarter of the
    periods start on a 29 February when one is in reach.

    Args:
        as_json: give JSON-ready dicts (``{"start": "2020-02-29", "end": None}``)
            instead of :class:`baji.profile.Period` models.

    Example:
        >>> from hypothesis import given
        >>> @given(post_histories(open_last=True))
        ... def test(history): assert history[-1].end is None
        >>> test()
    """
    if min_size < 0 or max_size < min_size:
        raise ValueError("need 0 <= min_size <= max_size")
    if max_period_days < 1 or max_gap_days < 0:
        raise ValueError("need max_period_days >= 1 and max_gap_days >= 0")
    if (max_date - min_date).days < 2 * max_size + 2:
        raise ValueError(f"[{min_date}, {max_date}] is too short for {max_size} periods")
    strategy = _history(min_date, max_date, min_size, max_size, open_last, leap_day_starts,
                        max_period_days, max_gap_days)
    if as_json:
        return strategy.map(lambda ps: [_period_json(p) for p in ps])
    return strategy


def _period_json(p: Period) -> dict[str, str | None]:
    return {"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None}
