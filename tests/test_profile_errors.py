"""Broken profiles (JSON and YAML): one fixture per failure mode, each with its exact
located error, its JSON path, and a Chinese rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import baji

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
    assert [p.pointer for p in error.problems] == ["$[1].front_lien", "$[2]"]


def test_cli_reports_errors_in_the_language_asked(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval` prints a bad profile's problems in English, or in Chinese with
    `--lang zh`; `baji check --lang zh` does the same for packs."""
    from baji.cli import main

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
