"""Fuzzing, briefly: whatever the input, baji loads it, evaluates it, or raises BajiError.

The long run is `python -m baji.testing.fuzz all --seconds 600` (docs/fuzzing.md). Below, the
same targets get a few dozen Hypothesis inputs each, and every escape the fuzzers found
is pinned by a regression test named after it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import baji
from baji.testing.fuzz import (
    fuzz_pack,
    fuzz_profile,
    fuzz_profile_data,
    main,
    pack_inputs,
    profile_data,
    profile_inputs,
)

BRIEF = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.large_base_example])


@BRIEF
@given(data=pack_inputs())
def test_pack_loader_raises_only_baji_errors(data: bytes) -> None:
    """Any bytes as a pack file: a network, or BajiError."""
    fuzz_pack(data)


@BRIEF
@given(data=profile_inputs())
def test_profile_files_evaluate_or_raise_baji_errors(data: bytes) -> None:
    """Any bytes as a profile file (JSON or YAML), evaluated against every bundled pack
    with the decision written as JSON: a result, or BajiError."""
    fuzz_profile(data)


@BRIEF
@given(case=profile_data())
def test_profile_data_evaluates_or_raises_baji_errors(case: tuple[Any, dt.date, bool]) -> None:
    """Any mutated profile mapping, on any date: a decision, or BajiError."""
    data, day, assume = case
    fuzz_profile_data(data, day, assume=assume)


def test_the_targets_do_not_hide_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The targets swallow BajiError only: anything else reaches the fuzzer."""
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr("baji.testing.fuzz.load_pack_bytes", broken)
    with pytest.raises(KeyError):
        fuzz_pack(b"pack: x\n")


def test_long_run_command_reports_its_count(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    """`python -m baji.testing.fuzz` runs a target for the time given and says how many inputs
    it tried."""
    assert main(["profile", "--seconds", "0.5", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("profile: ") and "no escape" in out
    assert int(out.split()[1]) > 0


# -- regressions: each escape the fuzzers found ----------------------------------------------
@pytest.mark.parametrize(("text", "message"), [
    ("a: !!int \n", "'' is not a valid number"),       # PyYAML: IndexError
    ("a: !!bool maybe\n", "'maybe' is not a valid boolean"),  # PyYAML: KeyError
    ("a: !!timestamp x\n", "'x' is not a day of the calendar"),  # PyYAML: AttributeError
])
def test_escape_tagged_scalar_that_pyyaml_cannot_construct(text: str, message: str) -> None:
    """A plain tag on a scalar PyYAML's constructor chokes on is a located error."""
    with pytest.raises(baji.PackError, match=message):
        baji.load_pack_bytes(text.encode(), display="x.yaml")


def test_escape_source_name_too_long_for_the_file_system() -> None:
    """A document `source` of thousands of characters (OSError from stat) is an unknown
    source, not a crash; so is one with a NUL (ValueError)."""
    pack = (Path(__file__).parent / "packs" / "valid" / "minimal.yaml").read_text(
        encoding="utf-8")
    for name in ("x" * 5000, "a\\0b"):
        text = pack.replace("source: 000_6c02c3c232f6fe0e.txt", f'source: "{name}"')
        with pytest.raises(baji.PackError, match=r"\$\.documents\[0\]\.source: source file"):
            baji.load_pack_bytes(text.encode(), display="x.yaml")


def test_escape_json_duplicate_key_the_yaml_reading_cannot_place() -> None:
    """A duplicate key in JSON that the YAML reading cannot place (the file is not one
    YAML document) is reported without a position, not with a KeyError."""
    with pytest.raises(baji.ProfileError, match=r"^p\.json: duplicate key 'a' \(each key "
                       r"may appear once in an object\)$"):
        baji.load_profiles_bytes(b'{"a": 1, "a": 2}\n{"id": "x"}', display="p.json")


def test_escape_lone_surrogate_cannot_reach_the_decision() -> None:
    """A JSON escape giving a lone surrogate is refused at the profile, where it would
    otherwise make writing the decision as JSON fail."""
    with pytest.raises(baji.ProfileError, match=r"\$\.name: text '\\ud800' holds"):
        baji.parse_profile(json.loads('{"name": "\\ud800"}'))


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_escape_as_of_at_the_ends_of_the_calendar(day: dt.date) -> None:
    """Evaluating on 0001-01-01 or 9999-12-31 (date arithmetic at the edge) answers."""
    for pack in baji.bundled_pack_ids():
        decision = baji.evaluate(
            {"grades": [{"level": "技师", "posts": [{"start": "2000-01-01"}]}],
             "findings": [{"kind": "fraud", "date": "2100-01-01"}],
             "employer": {"self_assessment_since": "2199-12-31"}}, pack, day)
        assert decision.levels


def test_escape_profile_dates_at_the_ends_of_the_calendar() -> None:
    """A post starting 9999-12-30 overflowed tenure arithmetic; it is refused."""
    with pytest.raises(baji.ProfileError, match=r"date 9999-12-30 is out of range"):
        baji.parse_profile({"grades": [{"level": "技师", "posts": [{"start": "9999-12-30"}]}]})
