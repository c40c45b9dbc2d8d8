"""Broken profiles (JSON and YAML): one fixture per failure mode, each with its exact
located error, its JSON path, and a Chinese rendering."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace as dc_replace
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

import baji
from baji.io.pydantic_problems import pydantic_problems
from baji.profile.model import Profile

PROFILES = Path(__file__).parent / "profiles"
EXPECTED: dict[str, str] = yaml.safe_load(
    (PROFILES / "invalid_expected.yaml").read_text(encoding="utf-8"))
#: Codes about the file as a whole, which have no field to point at.
FILE_LEVEL = {"BAJI101", "BAJI105", "BAJI106", "BAJI107", "BAJI108", "BAJI109", "BAJI110",
              "BAJI113", "BAJI114", "BAJI203"}


@pytest.fixture(autouse=True)
def _in_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    # Run beside the fixtures so that the paths in the messages are short and stable.
    monkeypatch.chdir(PROFILES)


def _problems(name: str) -> baji.ProfileError:
    with pytest.raises(baji.ProfileError) as info:
        baji.load_profiles(f"invalid/{name}")
    return info.value


def test_every_fixture_has_an_expected_message() -> None:
    """The table and the fixture folder list the same files, JSON and YAML alike."""
    names = sorted(p.name for p in (PROFILES / "invalid").iterdir())
    assert sorted(EXPECTED) == names
    assert {Path(n).suffix for n in names} == {".json", ".yaml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_profile_reports_exact_located_error(name: str) -> None:
    """Each broken profile file raises ProfileError with exactly the expected message;
    every problem about a field carries its JSON path."""
    error = _problems(name)
    assert str(error) == EXPECTED[name]
    for found in error.problems:
        assert found.path == f"invalid/{name}"
        assert found.code in FILE_LEVEL or (found.pointer or "").startswith("$"), found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_profile_renders_in_chinese(name: str) -> None:
    """Every problem has a Chinese rendering from the catalogue at the same place."""
    for found in _problems(name).problems:
        zh, en = found.render("zh"), found.render()
        assert zh != en and zh.split(": ")[0] == en.split(": ")[0], found.code
        assert not re.search(r"\{[a-z_]+(![rs])?\}", zh), zh


def test_chinese_messages_read_as_expected() -> None:
    """Exact Chinese renderings of the failure modes HR staff meet most."""
    assert _problems("unknown_honour_zh.json").render("zh") == (
        "invalid/unknown_honour_zh.json:1:29: $.honours[0].id: 未知荣誉 '全国技术能守'"
        "（是否应为 '全国技术能手'？）")
    # A name of another kind says what it is and where it goes (issue 12 item 11).
    assert _problems("award_under_honours.json").problems[0].render("zh") == (
        "invalid/award_under_honours.json:1:29: $.honours[0].id: 未知荣誉 '海河工匠'"
        "（「海河工匠」是奖项，请填写在 awards 中）")
    assert _problems("impossible_date.json").render("zh") == (
        "invalid/impossible_date.json:4:56: $.grades[0].posts[0].start: '2025-02-30' "
        "不是日历上存在的日期（日期应写作 YYYY-MM-DD 且须真实存在）")
    assert _problems("certificate_level.json").render("zh") == (
        "invalid/certificate_level.json:4:38: $.grades[0].certificate: 证书编号 "
        "'Y123431000012212000001' 第 16 位等级代码为 '2'，而等级是高级技师（'1'）")
    assert _problems("overlap.yaml").render("zh") == (
        "invalid/overlap.yaml:9:9: $.grades[1].posts[0]: 高级技师岗位任职期重叠："
        "2018-01-01..2021-01-01 与 2020-06-01..open（请合并为一个任职期）")


@pytest.mark.parametrize(("data", "rendered"), [
    ({"grades": [{"level": "高级技师", "posts": [{"start": "2020-01-01",
                                                  "end": "2020-01-01"}]}]},
     "$.grades[0].posts[0].end: period ends (2020-01-01) on or before it starts (2020-01-01)"
     " (`end` is the first day no longer in the post)"),
    ({"grades": [{"level": "technician", "posts": None}, {"lvl": "x", "kinds": 1}]},
     "$.grades[1].level: missing required field 'level'\n"
     "$.grades[1].lvl: unknown field 'lvl' (did you mean 'level'?)\n"
     "$.grades[1].kinds: unknown field 'kinds' (did you mean 'kind'?)"),
    ({"honours": [{"id": "全国五一劳动奖章", "date": "2021-13-01"}]},
     "$.honours[0].date: '2021-13-01' is not a day of the calendar (dates are YYYY-MM-DD "
     "and must exist on the calendar)"),
    ({"contributions": "talent_team_building"},
     "$.contributions: expected a list, got 'talent_team_building'"),
    ({"employer": {"filing": "city"}},
     "$.employer.filing: 'city' is not one of 'municipal', 'district', 'ministry', "
     "'central_enterprise'"),
])
def test_mappings_get_json_paths_without_a_file(data: dict[str, object],
                                               rendered: str) -> None:
    """A profile given as a Python mapping (an HR system's JSON) names each bad field by
    its JSON path; there is no line to give."""
    with pytest.raises(baji.ProfileError) as info:
        baji.parse_profile(data)
    assert str(info.value) == rendered
    assert all(p.line is None for p in info.value.problems)


def test_every_problem_of_a_list_is_reported() -> None:
    """A file of several profiles reports the problems of every bad item, each with the
    item's index in its path, and none of the good items is returned half-checked."""
    error = _problems("list_item.json")
    assert [(p.pointer, p.line, p.column) for p in error.problems] == [
        ("$[1].front_lien", 3, 19), ("$[2]", 4, 3)]


def test_cli_reports_errors_in_the_language_asked(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval` prints a bad profile's problems in English, or in Chinese with
    `--lang zh`; `baji check --lang zh` does the same for packs."""
    from baji.cli.commands import main

    args = ["eval", "invalid/unknown_honour_zh.json", "--pack", "fujian-2026",
            "--as-of", "2026-07-01"]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines() == [EXPECTED["unknown_honour_zh.json"]]
    assert main([*args, "--lang", "zh"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "invalid/unknown_honour_zh.json:1:29: $.honours[0].id: 未知荣誉 '全国技术能守'"
        "（是否应为 '全国技术能手'？）"]
    pack = str(Path(__file__).parent / "packs" / "invalid" / "negative_years.yaml")
    assert main(["check", pack, "--lang", "zh"]) == 1
    assert capsys.readouterr().err.strip().endswith(
        "$.rules[1].when.all[1].tenure.years: 不得小于 1，实际为 -3")


def _grade(**kw: object) -> dict[str, object]:
    return {"level": "senior_technician", "posts": [{"start": "2019-03-15"}], **kw}


#: Profiles the fast path (baji.profile.fast) refuses, so that the model explains them:
#: each with its exact message in English and Chinese, the same from a Python mapping and
#: from JSON bytes (tests/test_profile_fast.py compares the two paths on generated
#: profiles).
REROUTED: dict[str, tuple[dict[str, object], str, str]] = {
    "date_format": (
        {"grades": [_grade(certified_on="2019-3-15")]},
        "$.grades[0].certified_on: expected a date as YYYY-MM-DD, got '2019-3-15' "
        "(write dates as YYYY-MM-DD, e.g. 2025-02-28)",
        "$.grades[0].certified_on: 日期应写作 YYYY-MM-DD，实际为 '2019-3-15'"
        "（日期请写作 YYYY-MM-DD，例如 2025-02-28）"),
    "date_calendar": (
        {"honours": [{"id": "全国技术能手", "date": "2021-02-29"}]},
        "$.honours[0].date: '2021-02-29' is not a day of the calendar (dates are "
        "YYYY-MM-DD and must exist on the calendar)",
        "$.honours[0].date: '2021-02-29' 不是日历上存在的日期（日期应写作 YYYY-MM-DD 且须真实存在）"),
    "date_too_early": (
        {"findings": [{"kind": "fraud", "date": "1899-12-31"}]},
        "$.findings[0].date: date 1899-12-31 is out of range (dates must fall between "
        "1900-01-01 and 2199-12-31)",
        "$.findings[0].date: 日期 1899-12-31 超出范围（日期须在 1900-01-01 至 2199-12-31 之间）"),
    "date_too_late": (
        {"employer": {"self_assessment_since": "2200-01-01"}},
        "$.employer.self_assessment_since: date 2200-01-01 is out of range (dates must "
        "fall between 1900-01-01 and 2199-12-31)",
        "$.employer.self_assessment_since: 日期 2200-01-01 超出范围（日期须在 1900-01-01 至 "
        "2199-12-31 之间）"),
    "date_with_time": (
        {"recommendations": [{"level": "特级技师", "date": "2026-05-01T08:00:00"}]},
        "$.recommendations[0].date: expected a date as YYYY-MM-DD, got "
        "'2026-05-01T08:00:00' (write dates as YYYY-MM-DD, e.g. 2025-02-28)",
        "$.recommendations[0].date: 日期应写作 YYYY-MM-DD，实际为 '2026-05-01T08:00:00'"
        "（日期请写作 YYYY-MM-DD，例如 2025-02-28）"),
    "unknown_honour": (
        {"honours": ["全国技术能守"]},
        "$.honours[0].id: unknown honour '全国技术能守' (did you mean '全国技术能手'?)",
        "$.honours[0].id: 未知荣誉 '全国技术能守'（是否应为 '全国技术能手'？）"),
    "unknown_award": (
        {"awards": [{"id": "china_skill_grand_award", "rank": "二等奖"}]},
        "$.awards[0].id: unknown award 'china_skill_grand_award' (did you mean "
        "'china_skills_grand_award'?)",
        "$.awards[0].id: 未知奖项 'china_skill_grand_award'（是否应为 "
        "'china_skills_grand_award'？）"),
    "unknown_attestation": (
        {"attestations": {"身体条件": True, "phisically_fit": True}},
        "$.attestations.phisically_fit: unknown attestation 'phisically_fit' (did you "
        "mean 'physically_fit'?)",
        "$.attestations.phisically_fit: 未知认定事项 'phisically_fit'（是否应为 "
        "'physically_fit'？）"),
    "unknown_rank": (
        {"awards": [{"id": "国家科技进步奖", "rank": "二等"}]},
        "$.awards[0].rank: '二等' is not one of 'special', 'first', 'second', 'third'",
        "$.awards[0].rank: '二等' 不是可选值之一：'special'、'first'、'second'、'third'"),
    "unknown_level": (
        {"grades": [_grade(level="特技技师")]},
        "$.grades[0].level: unknown level '特技技师' (did you mean '特级技师'?)",
        "$.grades[0].level: 未知等级 '特技技师'（是否应为 '特级技师'？）"),
    "overlap": (
        {"grades": [_grade(posts=[{"start": "2018-01-01", "end": "2021-01-01"}]),
                    {"level": "高级技师", "posts": [{"start": "2020-06-01"}]}]},
        "$.grades[1].posts[0]: posts at grade senior_technician (高级技师) overlap: "
        "2018-01-01..2021-01-01 and 2020-06-01..open (merge them into one period)",
        "$.grades[1].posts[0]: 高级技师岗位任职期重叠：2018-01-01..2021-01-01 与 "
        "2020-06-01..open（请合并为一个任职期）"),
    "period_order": (
        {"grades": [_grade(posts=[{"start": "2020-01-01", "end": "2020-01-01"}])]},
        "$.grades[0].posts[0].end: period ends (2020-01-01) on or before it starts "
        "(2020-01-01) (`end` is the first day no longer in the post)",
        "$.grades[0].posts[0].end: 任职期结束（2020-01-01）不晚于开始（2020-01-01）"
        "（`end` 为不再任职的第一天）"),
    "certificate_length": (
        {"grades": [_grade(certificate="Y1234310000122110000")]},
        "$.grades[0].certificate: certificate number 'Y1234310000122110000' has 20 "
        "characters, not 22",
        "$.grades[0].certificate: 证书编号 'Y1234310000122110000' 有 20 位，应为 22 位"),
    "certificate_layout": (
        {"grades": [_grade(certificate="y123431000012211000001")]},
        "$.grades[0].certificate: certificate number 'y123431000012211000001' does not "
        "follow the layout letter + 14 digits + level character + 6 digits",
        "$.grades[0].certificate: 证书编号 'y123431000012211000001' 不符合"
        "“字母 + 14 位数字 + 等级代码 + 6 位数字”的格式"),
    "certificate_level": (
        {"grades": [_grade(certificate="Y123431000012212000001")]},
        "$.grades[0].certificate: certificate number 'Y123431000012212000001' has level "
        "character '2' at position 16, but the grade is senior_technician (高级技师, '1')",
        "$.grades[0].certificate: 证书编号 'Y123431000012212000001' 第 16 位等级代码为 "
        "'2'，而等级是高级技师（'1'）"),
    "several": (
        {"id": 5, "honours": ["全国技术能守"], "grades": [_grade(certified_on="2019-02-30")]},
        "$.id: expected a text, got 5\n"
        "$.grades[0].certified_on: '2019-02-30' is not a day of the calendar (dates are "
        "YYYY-MM-DD and must exist on the calendar)\n"
        "$.honours[0].id: unknown honour '全国技术能守' (did you mean '全国技术能手'?)",
        "$.id: 应为文本，实际为 5\n"
        "$.grades[0].certified_on: '2019-02-30' 不是日历上存在的日期（日期应写作 YYYY-MM-DD "
        "且须真实存在）\n"
        "$.honours[0].id: 未知荣誉 '全国技术能守'（是否应为 '全国技术能手'？）"),
}


def _rendered(error: baji.ProfileError, lang: str = "en") -> str:
    return "\n".join(p.render(lang) for p in error.problems)


@pytest.mark.parametrize("name", sorted(REROUTED))
def test_rerouted_problems_from_a_mapping(name: str) -> None:
    """parse_profile (a Python mapping) reports each problem exactly as before."""
    data, en, zh = REROUTED[name]
    with pytest.raises(baji.ProfileError) as info:
        baji.parse_profile(data)
    assert _rendered(info.value) == en
    assert _rendered(info.value, "zh") == zh


@pytest.mark.parametrize("name", sorted(REROUTED))
def test_rerouted_problems_from_json_bytes(name: str) -> None:
    """Profile.model_validate_json (JSON bytes) raises the same errors, which read as
    from a mapping; a JSON file gives them at their line and column."""
    data, en, zh = REROUTED[name]
    blob = json.dumps(data, ensure_ascii=False).encode()
    with pytest.raises(ValidationError) as info:
        Profile.model_validate_json(blob)
    error = baji.ProfileError(pydantic_problems(info.value, None, model=Profile,
                                                data=json.loads(blob)))
    assert _rendered(error) == en
    assert _rendered(error, "zh") == zh
    with pytest.raises(baji.ProfileError) as from_file:
        baji.load_profiles_bytes(blob, display="p.json")
    unplaced = [dc_replace(p, path=None, line=None, column=None)
                for p in from_file.value.problems]
    assert sorted(p.render() for p in unplaced) == sorted(en.split("\n"))
    assert all(p.path == "p.json" and p.line == 1 for p in from_file.value.problems)


@pytest.mark.parametrize(("data", "en"), [
    ({"grades": [_grade(certified_on=dt.datetime(2019, 3, 15, 8, 0))]},
     "$.grades[0].certified_on: a time of day is not allowed in '2019-03-15 08:00:00' "
     "(write a date as YYYY-MM-DD)"),
    ({"findings": [{"kind": "fraud", "date": dt.date(1899, 12, 31)}]},
     "$.findings[0].date: date 1899-12-31 is out of range (dates must fall between "
     "1900-01-01 and 2199-12-31)"),
    ({"honours": ("全国技术能手",)}, "$.honours[0]: expected a mapping, got '全国技术能手'"),
    ({"name": "张\udc00三"},
     "$.name: text '张\\udc00三' holds the character '\\udc00', which is not text "
     "(remove the escape)"),
])
def test_rerouted_problems_only_python_data_can_have(data: dict[str, object],
                                                    en: str) -> None:
    """Values no JSON document holds (a datetime, a date object, a tuple, a lone
    surrogate) get the same errors as before."""
    with pytest.raises(baji.ProfileError) as info:
        baji.parse_profile(data)
    assert _rendered(info.value) == en


def test_a_lone_surrogate_escape_in_json_bytes() -> None:
    """From JSON bytes, an escaped lone surrogate is not JSON to pydantic (as before);
    baji's own JSON reader takes it and names the field."""
    blob = b'{"name": "\\u5f20\\udc00\\u4e09"}'
    with pytest.raises(ValidationError) as info:
        Profile.model_validate_json(blob)
    assert [e["type"] for e in info.value.errors()] == ["json_invalid"]
    with pytest.raises(baji.ProfileError) as from_file:
        baji.load_profiles_bytes(blob, display="p.json")
    assert str(from_file.value) == (  # no line and column, as before
        "p.json: $.name: text '张\\udc00三' holds the character '\\udc00', which is not "
        "text (remove the escape)")


@pytest.mark.parametrize(("data", "field", "want"), [
    ({"grades": [_grade(level=" 高级技师 ")]}, "level", "senior_technician"),
    ({"honours": [" 全国技术能手"]}, "id", "national_technical_expert"),
    ({"attestations": {"身体条件 ": True}}, None, {"physically_fit": True}),
])
def test_names_padded_with_spaces_are_still_read(data: dict[str, object],
                                                 field: str | None, want: object) -> None:
    """A name with spaces around it, which the quick path does not take, is read by the
    careful one, as before."""
    profile = baji.parse_profile(data)
    if field is None:
        assert profile.attestations == want
    else:
        item = (profile.grades or profile.honours or ())[0]
        assert getattr(item, field) == want
