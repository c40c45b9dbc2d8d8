"""Profiles: strict validation, names resolved, clear errors with JSON paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import baji
from baji.core.levels import Level


def _grade(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"level": "senior_technician", "posts": [{"start": "2019-03-15"}]}
    base.update(kw)
    return base


def test_chinese_names_resolve_to_ids() -> None:
    """Levels, honours, awards, ranks and attestations may be given in Chinese."""
    p = baji.parse_profile({
        "grades": [_grade(level="高级技师")],
        "honours": ["全国技术能手"],
        "awards": [{"id": "国家科技进步奖", "rank": "二等奖"}],
        "attestations": {"身体条件": True},
    })
    assert p.grades is not None and p.grades[0].level is Level.SENIOR_TECHNICIAN
    assert p.honours is not None and p.honours[0].id == "national_technical_expert"
    assert p.awards is not None and p.awards[0].id == "national_science_technology_progress_award"
    assert p.awards[0].rank == "second"
    assert p.attestations == {"physically_fit": True}


@pytest.mark.parametrize(("data", "message"), [
    ({"gardes": []}, r"\$\.gardes: unknown field 'gardes' \(did you mean 'grades'\?\)"),
    ({"grades": [_grade(posts=[{"start": "2025-02-30"}])]},
     r"\$\.grades\[0\]\.posts\[0\]\.start: '2025-02-30' is not a day of the calendar"),
    ({"grades": [_grade(posts=[{"start": "2020-01-01", "end": "2019-01-01"}])]},
     r"\$\.grades\[0\]\.posts\[0\]\.end: period ends \(2019-01-01\) on or before it starts"),
    ({"grades": [_grade(posts=[{"start": "2020-01-01", "end": "2022-01-01"},
                               {"start": "2021-01-01"}])]},
     r"posts at grade senior_technician \(高级技师\) overlap"),
    ({"honours": ["全国技术能守"]},
     r"\$\.honours\[0\]\.id: unknown honour '全国技术能守' \(did you mean '全国技术能手'\?\)"),
    ({"grades": [_grade(certificate="Y1234310000122510000")]},
     r"has 20 characters, not 22"),
    ({"grades": [_grade(certificate="Y123431000012212000001")]},
     r"level character '2' at position 16, but the grade is senior_technician"),
    ({"still_in_occupation": "yes"},
     r"\$\.still_in_occupation: expected true or false, got 'yes'"),
    ({"grades": [_grade(level="特技技师")]}, r"unknown level '特技技师' \(did you mean '特级技师'\?\)"),
])
def test_bad_profiles_get_located_errors(data: dict[str, Any], message: str) -> None:
    """Each kind of bad profile raises ProfileError naming the JSON path and the value."""
    with pytest.raises(baji.ProfileError, match=message):
        baji.parse_profile(data)


def test_profile_file_errors_have_line_and_column(tmp_path: Path) -> None:
    """A bad field in a YAML profile file is reported at its line and column."""
    f = tmp_path / "p.yaml"
    f.write_text("id: E1\ngrades:\n  - level: senior_technician\n    postz: []\n",
                 encoding="utf-8")
    with pytest.raises(baji.ProfileError) as info:
        baji.load_profiles(f)
    assert str(info.value) == (f"{f}:4:5: $.grades[0].postz: unknown field 'postz' "
                               "(did you mean 'posts'?)")


def test_json_profile_list_is_loaded(tmp_path: Path) -> None:
    """A JSON file may hold a list of profiles; errors name the item's position."""
    f = tmp_path / "roster.json"
    f.write_text(json.dumps([{"id": "a"}, {"id": "b", "front_lien": True}]), encoding="utf-8")
    with pytest.raises(baji.ProfileError, match=r"\$\[1\]\.front_lien: unknown field"):
        baji.load_profiles(f)
    f.write_text(json.dumps([{"id": "a"}, {"id": "b"}]), encoding="utf-8")
    assert [p.id for p in baji.load_profiles(f)] == ["a", "b"]


def test_valid_certificate_is_accepted() -> None:
    """A 22-character number whose 16th character matches the level passes."""
    p = baji.parse_profile({"grades": [_grade(certificate="Y123431000012211000001")]})
    assert p.grades is not None and p.grades[0].certificate == "Y123431000012211000001"
