"""What the warehouse tests share (tests/test_sql.py, tests/test_spark.py): generated
rosters with unique ids and the answers the per-profile evaluator gives them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
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
    tenure condition (often a 29 February start), with the date on its completion day,
    the day before, a day either side of one of its posts' first or last days (so that
    posts start after it), or any day from a year before its first post to a year after
    the completion."""
    people = draw(st.lists(profiles(pack), min_size=1, max_size=max_size))
    day = draw(as_of_dates(pack, margin_days=120))
    if draw(st.booleans()):
        pair = draw(boundary_pairs(pack))
        people.append(pair.profile)
        day = draw(st.sampled_from([pair.completion_date, pair.day_before]))
        posts = [x for g in pair.profile.grades or () for x in g.posts or ()]
        if posts and draw(st.booleans()):
            edges = sorted({d for x in posts for d in (x.start, x.end) if d is not None})
            first = min(edges) - dt.timedelta(days=366)
            day = draw(st.one_of(
                st.sampled_from(edges).flatmap(lambda d: st.sampled_from(
                    [d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)])),
                st.dates(first, pair.completion_date + dt.timedelta(days=366))))
    return [p.model_copy(update={"id": f"p{i}"}) for i, p in enumerate(people)], day


def expected(net: baji.Network, people: list[baji.Profile], day: dt.date) -> dict[str, Answers]:
    """Per id, every level's (status, path, paths, earliest) by
    :func:`baji.evaluate_answers`."""
    return {str(p.id): [(a.status, a.path, a.paths, a.earliest)
                        for a in evaluate_answers(net, p, day)]
            for p in people}


def from_rows(net: baji.Network, rows: Any) -> dict[str, Answers]:
    """Per id, the (status, path, paths, earliest) of answer rows ``(id, status, path,
    paths, earliest, ...)`` with paths ``,``-joined (or a list)."""
    out = {}
    for row in rows:
        values = tuple(row)
        levels = []
        for j in range(len(net.levels)):
            status, path, paths, earliest = values[1 + 4 * j: 5 + 4 * j]
            if isinstance(paths, str):
                paths = paths.split(",") if paths else ()
            levels.append((status, path, tuple(paths), earliest))
        out[values[0]] = levels
    return out


#: Runs a pack's query in an engine over profiles on a date: answers as :func:`expected`.
Engine = Callable[[baji.Network, list[baji.Profile], dt.date], dict[str, Answers]]


def check_leap_day(run: Engine, pack: str, data: Any) -> None:
    """Years in post from a 29 February complete on 28 February (民法典 第二百零二条) in
    the engine ``run`` as in evaluate_answers: the level is open on the completion day,
    not the day before (a candidate drawn by ``data``, a Hypothesis ``st.data()``)."""
    net = baji.get_pack(pack)
    pair = data.draw(boundary_pairs(pack, leap_day_start=True))
    level = [lv.level.value for lv in net.levels].index(pair.target.level.value)
    for day, open_ in ((pair.day_before, False), (pair.completion_date, True)):
        got = run(net, [pair.profile], day)
        assert got == expected(net, [pair.profile], day)
        assert (got[str(pair.profile.id)][level][0] == "eligible") is open_
