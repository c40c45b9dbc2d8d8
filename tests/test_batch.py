"""evaluate_many over items of any type (issue 15 item 5): whatever is not a profile, a
mapping or a roster row is a bad result of its own, and the items after it are evaluated."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import baji
from baji.engine.batch import evaluate_many

PACK = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
GOOD = {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-07-01"}]}],
        "still_in_occupation": True, "honours": []}


@pytest.mark.parametrize(("item", "got"), [
    (1, "1"),
    ("abc", "'abc'"),
    (None, "null"),
    ([("grades", [])], "a list"),    # dict() would have made a profile of it
    (["ab"], "a list"),              # ... and of this one {'a': 'b'}
    (b"{}", "b'{}'"),
    (10 ** 5000, "a number too long to show"),
], ids=["int", "str", "None", "pairs", "two-letter-texts", "bytes", "huge-int"])
def test_an_item_that_is_not_a_mapping_is_a_bad_result(item: object, got: str) -> None:
    """The item gets BAJI200 with its number; the good item after it is evaluated."""
    bad, good = evaluate_many([item, GOOD], PACK, dt.date(2026, 7, 1))
    assert (bad.number, bad.ok, good.number, good.ok) == (1, False, 2, True)
    assert bad.error == f"$: a profile must be a mapping, got {got}"
    assert [p.code for p in bad.problems] == ["BAJI200"]


def test_a_value_python_will_not_print_is_a_bad_result() -> None:
    """A field holding an integer of more than 4,300 digits is a shape problem, not the
    ValueError str() raises on it."""
    [bad] = evaluate_many([{"grades": 10 ** 5000}], PACK, dt.date(2026, 7, 1))
    assert bad.error == "$.grades: expected a list, got a number too long to show"
    assert bad.render_error("zh") == "$.grades: 应为列表，实际为 过长的数字"


def test_nothing_escapes_answer_only_either() -> None:
    """With answer_only the same items give the same bad results."""
    results = list(evaluate_many([object(), GOOD], PACK, "2026-07-01", answer_only=True))
    assert [r.ok for r in results] == [False, True]
    assert results[0].problems[0].code == "BAJI200"
    assert isinstance(results[1].answers[0].levels[0], baji.LevelAnswer)
