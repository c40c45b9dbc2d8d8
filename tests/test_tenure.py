"""Years in post by the 民法典 anniversary rule (DESIGN.md, "Time")."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from baji.tenure import add_years, completion_date, days_in_post, has_years

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
