"""One reading of ``as_of`` (baji.core.dates), used by every entry point (issue 11 item 5,
issue 15 item 5): a date, a datetime, a text YYYY-MM-DD or None for today; anything
else an EvaluationError with code BAJI302, never a bare TypeError."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import baji
from baji.analysts.impact import ImpactCounter, impact
from baji.cli.commands import main
from baji.core.dates import as_of_date
from baji.engine.batch import evaluate_many

PROFILE = {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-07-01"}]}],
           "still_in_occupation": True, "honours": []}
PACK = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
DAY = dt.date(2026, 7, 1)


@pytest.mark.parametrize("value", [DAY, dt.datetime(2026, 7, 1, 23, 59),
                                   dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc),
                                   "2026-07-01"])
def test_a_date_a_datetime_or_an_iso_text_name_the_day(value: object) -> None:
    """Each accepted form gives the same day; a datetime's time of day is dropped."""
    assert as_of_date(value) == DAY
    assert type(as_of_date(value)) is dt.date


def test_none_is_today() -> None:
    """Left out, ``as_of`` is today."""
    assert as_of_date(None) == dt.date.today()


@pytest.mark.parametrize(("value", "quoted"), [
    ("20260701", "'20260701'"),                  # fromisoformat takes it; baji does not
    ("2026-02-30", "'2026-02-30'"),              # the shape of a date, not a day
    ("2026-07-01T00:00", "'2026-07-01T00:00'"),
    (" 2026-07-01", "' 2026-07-01'"),
    ("", "''"),
    (20260701, "20260701"),
    (True, "True"),
    ((2026, 7, 1), r"\(2026, 7, 1\)"),
])
def test_anything_else_is_refused_with_baji302(value: object, quoted: str) -> None:
    """Another type, or a text that is not a day written YYYY-MM-DD: BAJI302."""
    with pytest.raises(baji.EvaluationError, match=f"^as_of {quoted} is not a date "
                       r"\(give a datetime.date, a datetime or a text YYYY-MM-DD\)$") as exc:
        as_of_date(value)
    assert exc.value.problems[0].code == "BAJI302"


def test_the_refusal_reads_in_chinese() -> None:
    """The problem renders in Chinese from the catalogue."""
    with pytest.raises(baji.EvaluationError) as exc:
        as_of_date("2026/07/01")
    assert exc.value.render("zh") == ("评估日期 as_of '2026/07/01' 不是日期（请给出 "
                                      "datetime.date、datetime 或 YYYY-MM-DD 格式的日期文字）")


def test_a_huge_value_is_quoted_short() -> None:
    """The message quotes a bounded prefix, also of a value repr refuses to print."""
    with pytest.raises(baji.EvaluationError, match=r"^as_of 'xxxx\S*… is not a date") as exc:
        as_of_date("x" * 1_000_000)
    assert len(str(exc.value)) < 200
    with pytest.raises(baji.EvaluationError, match=r"^as_of <int> is not a date"):
        as_of_date(10 ** 5000)


def test_evaluate_takes_an_iso_text_as_the_date() -> None:
    """baji.evaluate, evaluate_answers and evaluate_all read a text as the date it names."""
    by_date = baji.evaluate(PROFILE, PACK, DAY)
    assert baji.evaluate(PROFILE, PACK, "2026-07-01") == by_date
    assert baji.evaluate(PROFILE, PACK, dt.datetime(2026, 7, 1, 8)) == by_date
    assert baji.evaluate_answers(PROFILE, PACK, "2026-07-01") == \
        baji.evaluate_answers(PROFILE, PACK, DAY)
    assert baji.evaluate_all(PROFILE, "2026-07-01") == baji.evaluate_all(PROFILE, DAY)


@pytest.mark.parametrize("call", [
    lambda: baji.evaluate(PROFILE, PACK, 20260701),
    lambda: baji.evaluate_answers(PROFILE, PACK, "1 July 2026"),
    lambda: baji.evaluate_all(PROFILE, "2026-7-1"),
    lambda: list(evaluate_many([PROFILE], PACK, 2026)),
    lambda: impact(baji.load_pack(PACK), baji.load_pack(PACK), [], "tomorrow"),
    lambda: ImpactCounter(baji.load_pack(PACK), baji.load_pack(PACK), [2026, 7, 1]),
], ids=["evaluate", "evaluate_answers", "evaluate_all", "evaluate_many", "impact",
        "ImpactCounter"])
def test_every_entry_point_refuses_a_bad_date_with_an_evaluation_error(call: object) -> None:
    """A bad ``as_of`` is a BajiError at every public entry point (it was a TypeError)."""
    assert callable(call)
    with pytest.raises(baji.EvaluationError, match=r"^as_of .* is not a date"):
        call()


def test_evaluate_many_and_impact_take_an_iso_text() -> None:
    """The batch runner and the impact analysis read a text as the date it names."""
    [by_text] = evaluate_many([PROFILE], PACK, "2026-07-01")
    [by_date] = evaluate_many([PROFILE], PACK, DAY)
    assert by_text == by_date
    net = baji.load_pack(PACK)
    assert impact(net, net, [baji.parse_profile(PROFILE)], "2026-07-01").as_of == DAY


def test_cli_reads_as_of_as_the_api_does(capsys: pytest.CaptureFixture[str]) -> None:
    """`--as-of 20260701` (which date.fromisoformat accepts) is refused as the API
    refuses it: usage error, exit 2."""
    with pytest.raises(SystemExit, match="^2$"):
        main(["when", "p.yaml", "--pack", str(PACK), "--as-of", "20260701"])
    assert "'20260701' is not a date as YYYY-MM-DD" in capsys.readouterr().err


def test_the_engine_reads_a_datetime_or_a_text_and_refuses_none() -> None:
    """The engine's own functions take the date explicitly: a datetime or a text is read
    as the API reads it; None, or anything else, is BAJI302 (it was a TypeError)."""
    from baji.engine.answers import evaluate_answers
    from baji.engine.decide import decide as evaluate

    net, profile = baji.load_pack(PACK), baji.parse_profile(PROFILE)
    assert evaluate(net, profile, dt.datetime(2026, 7, 1, 12)) == evaluate(net, profile, DAY)
    assert evaluate_answers(net, profile, "2026-07-01") == evaluate_answers(net, profile, DAY)
    for bad in (None, "2026-7-1"):
        with pytest.raises(baji.EvaluationError, match=r"^as_of .* is not a date"):
            evaluate(net, profile, bad)
        with pytest.raises(baji.EvaluationError, match=r"^as_of .* is not a date"):
            evaluate_answers(net, profile, bad)


def test_refusing_none_is_asked_for() -> None:
    """``default_today=False`` refuses None; the default reads it as today."""
    with pytest.raises(baji.EvaluationError, match="^as_of None is not a date"):
        as_of_date(None, default_today=False)


def test_the_rete_backend_reads_as_of_as_the_engine_does() -> None:
    """baji.backends.rete.evaluate_answers: a text is read, None refused."""
    rete = pytest.importorskip("baji.backends.rete")
    pytest.importorskip("durable")
    net, profile = baji.load_pack(PACK), baji.parse_profile(PROFILE)
    assert rete.evaluate_answers(net, profile, "2026-07-01") == \
        rete.evaluate_answers(net, profile, DAY)
    with pytest.raises(baji.EvaluationError, match="^as_of None is not a date"):
        rete.evaluate_answers(net, profile, None)
