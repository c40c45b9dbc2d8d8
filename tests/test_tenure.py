"""Years in post by the 民法典 anniversary rule (DESIGN.md, "Time")."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baji.core.tenure import add_years, completion_date, days_in_post, has_years

D = dt.date


def P(start: dt.date, end: dt.date | None = None) -> SimpleNamespace:  # noqa: N802
    """A period [start, end)."""
    return SimpleNamespace(start=start, end=end)


@pytest.mark.parametrize(("start", "years", "done"), [
    (D(2019, 3, 15), 5, D(2024, 3, 15)),
    (D(2020, 2, 29), 5, D(2025, 2, 28)),
    (D(2020, 2, 29), 4, D(2024, 2, 29)),
    (D(2023, 12, 31), 1, D(2024, 12, 31)),
])
def test_single_open_period_completes_on_the_anniversary(start: dt.date, years: int,
                                                         done: dt.date) -> None:
    """Met on the corresponding day (or the month's last day), not the day before."""
    periods = [P(start)]
    assert add_years(start, years) == done
    assert has_years(periods, years, done)
    assert not has_years(periods, years, done - dt.timedelta(days=1))
    assert completion_date(periods, years, start) == done


def test_time_after_as_of_does_not_count() -> None:
    """A period is clipped at as_of; a period starting after it does not exist yet."""
    periods = [P(D(2020, 1, 1), D(2030, 1, 1)), P(D(2031, 1, 1))]
    assert days_in_post(periods, D(2020, 1, 11)) == 10
    assert days_in_post(periods, D(2019, 1, 1)) == 0


def test_splitting_a_period_changes_nothing() -> None:
    """[a, c) and [a, b) + [b, c) give the same days and the same completion date."""
    whole = [P(D(2019, 3, 15))]
    split = [P(D(2019, 3, 15), D(2021, 7, 1)), P(D(2021, 7, 1))]
    for day in (D(2024, 3, 14), D(2024, 3, 15), D(2030, 1, 1)):
        assert has_years(whole, 5, day) == has_years(split, 5, day)
    assert completion_date(split, 5, D(2020, 1, 1)) == D(2024, 3, 15)


def test_several_periods_use_the_equivalent_period_ending_on_as_of() -> None:
    """1096 + 730 days = 1826 days; ending on 2026-06-01 it starts on 2021-06-01: met."""
    periods = [P(D(2016, 1, 1), D(2019, 1, 1)), P(D(2024, 6, 1))]
    assert days_in_post(periods, D(2026, 6, 1)) == 1826
    assert has_years(periods, 5, D(2026, 6, 1))
    assert not has_years(periods, 5, D(2026, 5, 31))
    assert completion_date(periods, 5, D(2025, 1, 1)) == D(2026, 6, 1)


def test_post_closing_on_the_completion_day_completes_that_day() -> None:
    """Regression: a post [2012-01-01, 2013-01-01) completes one year on 2013-01-01, the
    day it closes; completion_date used to answer None from before that day."""
    periods = [P(D(2012, 1, 1), D(2013, 1, 1))]
    assert completion_date(periods, 1, D(2012, 1, 1)) == D(2013, 1, 1)
    assert has_years(periods, 1, D(2013, 1, 1)) and not has_years(periods, 1, D(2012, 12, 31))


def test_closed_history_that_never_completes_has_no_date() -> None:
    """Two years in a post that has ended never make five."""
    assert completion_date([P(D(2018, 1, 1), D(2020, 1, 1))], 5, D(2021, 1, 1)) is None


def test_recorded_future_period_counts_toward_the_date() -> None:
    """A post recorded to start later accrues from its start ("nothing else changes")."""
    periods = [P(D(2020, 1, 1), D(2021, 1, 1)), P(D(2022, 1, 1))]
    done = completion_date(periods, 2, D(2021, 6, 1))
    assert done is not None
    assert has_years(periods, 2, done)
    assert not has_years(periods, 2, done - dt.timedelta(days=1))


def test_closed_history_gives_the_same_answer_on_every_later_date() -> None:
    """Exactly five years in a post that ended stays met across 29 February."""
    periods = [P(D(2015, 1, 10), D(2020, 1, 10))]
    for day in (D(2020, 1, 10), D(2024, 2, 28), D(2024, 2, 29), D(2025, 1, 1)):
        assert has_years(periods, 5, day)
    assert not has_years([P(D(2015, 1, 10), D(2020, 1, 9))], 5, D(2024, 2, 29))


from hypothesis import settings  # noqa: E402


@st.composite
def histories(draw: st.DrawFn) -> list[SimpleNamespace]:
    """Non-overlapping periods, possibly with gaps, the last possibly open."""
    day = draw(st.dates(D(2010, 1, 1), D(2022, 12, 31)))
    out = []
    for i in range(draw(st.integers(1, 3))):
        length = draw(st.integers(1, 2500))
        end = day + dt.timedelta(days=length)
        is_open = i == 2 or draw(st.booleans())
        out.append(P(day, None if is_open else end))
        if is_open:
            break
        day = end + dt.timedelta(days=draw(st.integers(0, 800)))
    return out


@settings(max_examples=300, deadline=None)
@given(histories(), st.integers(1, 5), st.dates(D(2012, 1, 1), D(2030, 12, 31)))
def test_completion_date_is_the_first_met_date(periods: list[SimpleNamespace], years: int,
                                               as_of: dt.date) -> None:
    """Met on the completion date, not the day before, and still met a year later."""
    done = completion_date(periods, years, as_of)
    if done is None:
        assert not has_years(periods, years, as_of + dt.timedelta(days=4000))
        return
    assert done >= as_of
    assert has_years(periods, years, done)
    if done > as_of:
        assert not has_years(periods, years, done - dt.timedelta(days=1))
    assert has_years(periods, years, done + dt.timedelta(days=365))


@settings(max_examples=300, deadline=None)
@given(histories(), st.integers(1, 5), st.dates(D(2012, 1, 1), D(2030, 12, 31)),
       st.integers(1, 40))
def test_splitting_and_more_time_never_hurt(periods: list[SimpleNamespace], years: int,
                                            as_of: dt.date, cut: int) -> None:
    """Splitting a period into two adjacent ones changes nothing; extending one never
    turns met into unmet."""
    first = periods[0]
    end = first.end or as_of + dt.timedelta(days=1)
    if (end - first.start).days > cut:
        mid = first.start + dt.timedelta(days=cut)
        split = [P(first.start, mid), P(mid, first.end), *periods[1:]]
        assert has_years(split, years, as_of) == has_years(periods, years, as_of)
    last = periods[-1]
    if last.end is not None and has_years(periods, years, as_of):
        longer = [*periods[:-1], P(last.start, last.end + dt.timedelta(days=cut))]
        assert has_years(longer, years, as_of)


@given(st.dates(D(1990, 1, 1), D(2030, 12, 31)), st.integers(0, 4000),
       st.one_of(st.none(), st.integers(1, 4000)), st.integers(1, 8),
       st.dates(D(1990, 1, 1), D(2040, 12, 31)))
def test_one_period_is_counted_as_the_same_period_split_in_two(
        start: dt.date, cut: int, length: int | None, years: int, as_of: dt.date) -> None:
    """has_years of one period (its anniversary, no day count) equals has_years of the
    same period split in two adjacent ones (days counted): 29 February, a period closed,
    open, not started or cut after as_of included."""
    end = None if length is None else start + dt.timedelta(days=length)
    middle = start + dt.timedelta(days=cut)
    if end is not None and middle >= end:
        middle = start + dt.timedelta(days=(end - start).days // 2 or 1)
    split = [P(start, middle), P(middle, end)] if end is None or middle < end else [P(start, end)]
    assert has_years([P(start, end)], years, as_of) == has_years(split, years, as_of)
