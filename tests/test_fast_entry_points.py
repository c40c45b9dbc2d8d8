"""Where bytes and dicts become answers, the fast path of baji.profile.fast is taken: no
pydantic Profile is validated or built for a valid profile in the canonical form, and
the answers are the model's. A profile in another form still goes through the model."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import baji
from baji.engine.answers import evaluate_answers
from baji.engine.batch import evaluate_many
from baji.profile import fast
from baji.profile.model import Profile, parse_profile
from baji.profile.roster import iter_jsonl

AS_OF = dt.date(2026, 9, 1)
DATA = {"id": "E1", "in_post_employee": True, "attestations": {"law_abiding": True},
        "grades": [{"level": "senior_technician", "posts": [{"start": "2019-03-15"}]}],
        "employer": {"filing": "municipal", "pilot": True}}
#: The same profile with Chinese names: valid, but not the fast path's form.
NAMED = {"id": "E2", "grades": [{"level": "高级技师", "posts": [{"start": "2019-03-15"}]}]}


def _no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, building a Profile in any way fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Profile was built")

    for name in ("__init__", "model_validate", "model_validate_json", "model_construct"):
        monkeypatch.setattr(Profile, name, refuse)


def _want(data: dict[str, object]) -> tuple[object, ...]:
    return evaluate_answers(baji.get_pack("shanghai-2026"), parse_profile(data), AS_OF)


def test_baji_evaluate_answers_reads_a_dict_by_the_fast_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    want, named = _want(DATA), _want(NAMED)
    assert baji.evaluate_answers(NAMED, "shanghai-2026", AS_OF) == named
    _no_model(monkeypatch)
    assert baji.evaluate_answers(DATA, "shanghai-2026", AS_OF) == want


def test_a_jsonl_roster_row_holds_the_struct() -> None:
    """A row in the canonical form holds the fast path's Struct; one with Chinese names
    a Profile; a bad one its error, as before."""
    blob = "\n".join([json.dumps(DATA), json.dumps(NAMED, ensure_ascii=False),
                      '{"grades": 1}']).encode()
    good, named, bad = iter_jsonl(blob)
    assert type(good.profile).__name__ == "ProfileStruct"
    assert fast.to_model(good.profile) == parse_profile(DATA)
    assert isinstance(named.profile, Profile)
    assert bad.profile is None and bad.error is not None


def test_evaluate_many_answers_dicts_and_roster_rows_without_a_model(
        monkeypatch: pytest.MonkeyPatch) -> None:
    want = _want(DATA)
    rows = list(iter_jsonl(json.dumps(DATA).encode()))
    _no_model(monkeypatch)
    results = list(evaluate_many([DATA, *rows], "shanghai-2026", AS_OF, answer_only=True))
    assert [r.profile_id for r in results] == ["E1", "E1"]
    assert [r.answers[0].levels for r in results if r.answers] == [want, want]


def test_evaluate_many_answers_equal_the_model() -> None:
    (result,) = evaluate_many([DATA], "shanghai-2026", AS_OF, answer_only=True)
    assert result.answers is not None
    assert result.answers[0].levels == _want(DATA)


def test_the_service_reads_a_json_body_by_the_fast_path() -> None:
    pytest.importorskip("fastapi")
    from baji.server.bodies import read_profile

    found = read_profile(json.dumps(DATA).encode(), "application/json")
    assert type(found).__name__ == "ProfileStruct"
    assert fast.to_model(found) == parse_profile(DATA)
    assert isinstance(read_profile(json.dumps(NAMED).encode(), None), Profile)


def test_baji_evaluate_decides_a_dict_without_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """baji.evaluate and evaluate_all read a dict by the fast path too; the decision is
    the one of the model's profile."""
    want = baji.evaluate(parse_profile(DATA), "shanghai-2026", AS_OF)
    everywhere = baji.evaluate_all(parse_profile(DATA), AS_OF)
    _no_model(monkeypatch)
    assert baji.evaluate(DATA, "shanghai-2026", AS_OF) == want
    assert baji.evaluate_all(DATA, AS_OF) == everywhere
