"""What the warehouse tests share (tests/test_sql.py, tests/test_spark.py): generated
rosters with unique ids and the answers the per-profile evaluator gives them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

import baji
from baji.engine.answers import evaluate_answers
from baji.testing.strategies import as_of_dates, boundary_pairs, profiles

Answers = list[tuple[Any, ...]]


@st.composite
def rosters(draw: st.DrawFn, pack: str, max_size: int = 12
            ) -> tuple[list[baji.Profile], dt.date]:
    """Profiles aimed at ``pack`` (facts known and unknown, findings, several posts) and
    a date in and around its window; now and then a candidate on the boundary of a
    tenure condition (often a 29 February start), with the date on its completion day
    or the day before."""
    people = draw(st.lists(profiles(pack), min_size=1, max_size=max_size))
    day = draw(as_of_dates(pack, margin_days=120))
    if draw(st.booleans()):
        pair = draw(boundary_pairs(pack))
        people.append(pair.profile)
        day = draw(st.sampled_from([pair.completion_date, pair.day_before]))
    return [p.model_copy(update={"id": f"p{i}"}) for i, p in enumerate(people)], day


def expected(net: baji.Network, people: list[baji.Profile], day: dt.date) -> dict[str, Answers]:
    """Per id, every level's (status, path, paths) by :func:`baji.evaluate_answers`."""
    return {str(p.id): [(a.status, a.path, a.paths)
                        for a in evaluate_answers(net, p, day, earliest=False)]
            for p in people}


def from_rows(net: baji.Network, rows: Any) -> dict[str, Answers]:
    """Per id, the (status, path, paths) of answer rows ``(id, status, path, paths, ...)``
    with paths ``,``-joined."""
    out = {}
    for row in rows:
        values = tuple(row)
        out[values[0]] = [(values[1 + 3 * j], values[2 + 3 * j],
                           tuple(values[3 + 3 * j].split(",")) if values[3 + 3 * j] else ())
                          for j in range(len(net.levels))]
    return out
