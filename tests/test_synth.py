"""Synthetic rosters (baji.testing.synth): valid, deterministic for a seed, realistic in mix."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from baji import parse_profile
from baji.profile.fast import to_model
from baji.profile.roster import iter_roster
from baji.testing.synth import DEFAULT_AS_OF, main, roster, write_roster


def test_same_seed_same_roster_other_seed_other_roster() -> None:
    """A fixed seed gives the same profiles on every call; another seed does not."""
    first = list(roster(200, seed=11))
    assert first == list(roster(200, seed=11))
    assert first != list(roster(200, seed=12))
    assert list(roster(50, seed=11)) == first[:50]


def test_every_profile_is_valid_and_numbered() -> None:
    """All generated profiles validate, with ids P000001, P000002, ..."""
    profiles = [parse_profile(p) for p in roster(500, seed=3)]
    assert [p.id for p in profiles[:3]] == ["P000001", "P000002", "P000003"]
    assert len({p.id for p in profiles}) == 500


def test_the_mix_looks_like_an_hr_export() -> None:
    """Top grades span 高级工..首席技师 with most in the middle; some post histories have
    gaps or are unknown; some facts are unknown; honours come from the vocabulary;
    employers are filed at several levels or not at all; nothing is dated after as_of."""
    profiles = [parse_profile(p) for p in roster(2000, seed=0)]
    tops = Counter(p.grades[-1].level.value for p in profiles if p.grades)
    assert set(tops) == {"senior_worker", "technician", "senior_technician",
                         "special_technician", "chief_technician"}
    assert tops["technician"] > tops["special_technician"] > tops["chief_technician"] > 10
    gaps = sum(1 for p in profiles for g in p.grades or () if g.posts and len(g.posts) > 1)
    unknown_posts = sum(1 for p in profiles for g in p.grades or () if g.posts is None)
    assert gaps > 50 and unknown_posts > 50
    assert sum(p.still_in_occupation is None for p in profiles) > 30
    assert sum(bool(p.honours) for p in profiles) > 200
    filings = Counter(p.employer.filing for p in profiles)
    assert {"municipal", "district", "central_enterprise", None} <= set(filings)
    assert sum(p.employer.filed_institution is False for p in profiles) > 100
    latest = max(day for p in profiles for g in p.grades or () for day in
                 [g.certified_on] + [x.start for x in g.posts or ()] if day is not None)
    assert latest <= DEFAULT_AS_OF


def test_as_of_moves_the_careers() -> None:
    """Careers end before the given as_of date."""
    day = dt.date(2020, 1, 1)
    profiles = [parse_profile(p) for p in roster(300, seed=4, as_of=day)]
    starts = [x.start for p in profiles for g in p.grades or () for x in g.posts or ()]
    assert max(starts) < day


def test_negative_count_is_rejected() -> None:
    """A negative number of profiles is a ValueError naming the value."""
    with pytest.raises(ValueError, match="got -1"):
        list(roster(-1))
    assert list(roster(0)) == []


def test_jsonl_and_csv_hold_the_same_profiles(tmp_path: Path) -> None:
    """Written as JSONL and as CSV (docs/roster.md layout), the roster reads back through
    baji.profile.roster to the same validated profiles, none of them bad."""
    jsonl, csv_file = tmp_path / "r.jsonl", tmp_path / "r.csv"
    assert write_roster(jsonl, roster(300, seed=9)) == 300
    assert write_roster(csv_file, roster(300, seed=9)) == 300
    rows_j = list(iter_roster(jsonl))
    rows_c = list(iter_roster(csv_file))
    assert [r.error for r in rows_j + rows_c if r.error] == []
    assert [r.profile for r in rows_j] == [r.profile for r in rows_c]
    # a good row holds the fast path's Struct (baji.profile.fast), the same profile
    assert [to_model(r.profile) for r in rows_j] == \
        [parse_profile(p) for p in roster(300, seed=9)]


def test_command_line_writes_a_file_or_stdout(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m baji.testing.synth N --seed S --out F` writes F; without --out, JSONL on stdout."""
    out = tmp_path / "r.jsonl"
    assert main(["25", "--seed", "2", "--out", str(out)]) == 0
    assert "wrote 25 profiles" in capsys.readouterr().err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == list(roster(25, seed=2))
    assert main(["3", "--seed", "2", "--as-of", "2025-01-01"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [json.loads(x) for x in printed] == list(roster(3, seed=2,
                                                           as_of=dt.date(2025, 1, 1)))
