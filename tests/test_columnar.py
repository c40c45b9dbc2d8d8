"""Vectorized evaluation (polars) agrees with the per-profile evaluator on every row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pl = pytest.importorskip("polars")
pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
from baji.backends.columnar import SCHEMA, evaluate_frame, to_frame  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.testing.strategies import as_of_dates, profiles  # noqa: E402

PACKS = baji.bundled_pack_ids()


def _rows(net: baji.Network, out: Any, index: int) -> list[tuple[Any, ...]]:
    return [(out[f"{lv.level.value}.status"][index], out[f"{lv.level.value}.path"][index],
             tuple(out[f"{lv.level.value}.paths"][index]), out[f"{lv.level.value}.earliest"][index])
            for lv in net.levels]


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_every_row_agrees_with_evaluate_answers(pack: str, data: Any) -> None:
    """Status, path, paths and earliest date of every level of every row equal
    evaluate_answers, on dates in and around the window in force."""
    net = baji.get_pack(pack)
    people = data.draw(st.lists(profiles(pack), min_size=1, max_size=12))
    day = data.draw(as_of_dates(pack, margin_days=120))
    out = evaluate_frame(net, to_frame(people), day)
    assert out.height == len(people)
    for i, person in enumerate(people):
        want = [(a.status, a.path, a.paths, a.earliest)
                for a in evaluate_answers(net, person, day)]
        assert _rows(net, out, i) == want


def test_frame_follows_the_schema_and_keeps_unknowns() -> None:
    """to_frame gives every SCHEMA column with its type; unknown facts stay null and an
    empty list stays an empty list (not unknown)."""
    frame = to_frame([baji.parse_profile({"id": "E1", "honours": [], "grades": [
        {"level": "技师", "certified_on": "2019-01-01"}]})])
    assert dict(frame.schema) == SCHEMA
    assert frame["still_in_occupation"][0] is None
    assert frame["honours"][0].to_list() == []
    assert frame["awards"][0] is None
    assert frame["grades.technician.certified"][0].to_list() == [dt.date(2019, 1, 1)]
    assert frame["grades.technician.posts"][0] is None  # posts not given: unknown
    assert frame["grades.senior_technician.posts"][0].to_list() == []


def test_one_level_and_not_in_force() -> None:
    """levels=... keeps the id column and that level only; outside the window every row
    is not in force."""
    net = baji.get_pack("tianjin-2024")
    frame = to_frame([baji.parse_profile({"id": "A"}), baji.parse_profile({"id": "B"})])
    out = evaluate_frame(net, frame, dt.date(2026, 4, 1), levels="特级技师")
    assert out.columns == ["id", "special_technician.status", "special_technician.path",
                           "special_technician.paths", "special_technician.earliest"]
    assert out["special_technician.status"].to_list() == ["not_in_force"] * 2
    with pytest.raises(baji.EvaluationError, match="does not rule on level 'apprentice'"):
        evaluate_frame(net, frame, dt.date(2025, 4, 1), levels=["apprentice"])


def test_the_date_is_read_as_the_api_reads_it() -> None:
    """A text YYYY-MM-DD or a datetime gives the same frame as the date; anything else
    is BAJI302, not a polars TypeError."""
    net = baji.get_pack("shanghai-2026")
    frame = to_frame([baji.parse_profile({"id": "E1", "grades": []})])
    want = evaluate_frame(net, frame, dt.date(2026, 7, 1))
    assert evaluate_frame(net, frame, "2026-07-01").equals(want)  # type: ignore[arg-type]
    assert evaluate_frame(net, frame, dt.datetime(2026, 7, 1, 9)).equals(want)
    with pytest.raises(baji.EvaluationError, match="BAJI302|not a date"):
        evaluate_frame(net, frame, 20260701)  # type: ignore[arg-type]
