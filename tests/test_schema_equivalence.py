"""schemas/profile.schema.json accepts exactly the profiles baji accepts.

The one property, checked on every profile below: for a JSON value ``v``,

    baji accepts v  ==  the schema accepts v and no rule of NOT_IN_SCHEMA refuses v

where NOT_IN_SCHEMA lists the rules no JSON Schema can say (a period's end after its
start, periods at one level that do not overlap, text without lone surrogates), each
checked here by its own predicate and each a refusal of baji with its code.

Profiles come from: baji's Hypothesis strategies and ``from_type(baji.Profile)``, the
rows baji.testing.synth writes, every example in examples/, every case in tests/cases/,
the README's and the docs' profiles, the invalid fixtures of tests/profiles/, the schema
itself (tests/schema_strategy.py), and mutations of valid profiles (unknown keys, wrong
names, bad and out-of-range dates, wrong types, padded names, certificate numbers,
overlapping and reversed periods, lone surrogates).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="needs Hypothesis (pip install '.[dev]')")
jsonschema = pytest.importorskip("jsonschema", reason="needs jsonschema (pip install '.[dev]')")

import yaml  # noqa: E402
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
from baji.core.levels import parse_level  # noqa: E402
from baji.profile.field_types import EARLIEST, LATEST  # noqa: E402
from baji.render.schema_texts import NOT_IN_SCHEMA  # noqa: E402
from baji.testing import strategies as bs  # noqa: E402
from baji.testing.synth import roster  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
Validator = jsonschema.Draft202012Validator


@cache
def _validator() -> Any:
    published = json.loads((ROOT / "schemas" / "profile.schema.json").read_text("utf-8"))
    Validator.check_schema(published)
    return Validator(published, format_checker=Validator.FORMAT_CHECKER)


@cache
def _rust_validator() -> Any:
    """jsonschema-rs (Rust, with ECMA-262-like regexes; schemathesis draws with it), when
    installed: the patterns must mean the same there as in Python's re."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - it comes with schemathesis in the dev extra
        return None
    return jsonschema_rs.validator_for(_validator().schema, validate_formats=True)


def schema_accepts(value: Any) -> bool:
    """Whether the published profile schema accepts ``value`` (in Python's jsonschema,
    and the same in jsonschema-rs)."""
    valid = bool(_validator().is_valid(value))
    rust = _rust_validator()
    if rust is not None and not _surrogate(value):  # Rust text cannot hold a surrogate
        assert rust.is_valid(value) == valid, f"jsonschema-rs disagrees: {value!r}"
    return valid


def baji_refusal(value: Any) -> set[str] | None:
    """The codes baji refuses ``value`` with, or ``None`` when it accepts it."""
    try:
        baji.parse_profile(value)
    except baji.ProfileError as exc:
        return {p.code for p in exc.problems}
    return None


# -- the rules no JSON Schema can say, each by its own predicate ---------------------------
def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _periods(value: dict[str, Any]) -> list[tuple[str, dt.date, dt.date | None]]:
    """(level, start, end) of every post period of a schema-valid profile."""
    out = []
    for grade in value.get("grades") or ():
        level = parse_level(grade["level"].strip())
        assert level is not None
        for period in grade.get("posts") or ():
            end = period.get("end")
            out.append((level.value, dt.date.fromisoformat(period["start"]),
                        dt.date.fromisoformat(end) if end else None))
    return out


def _reversed(value: dict[str, Any]) -> bool:
    return any(end is not None and end <= start for _, start, end in _periods(value))


def _overlapping(value: dict[str, Any]) -> bool:
    by_level: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for level, start, end in _periods(value):
        by_level.setdefault(level, []).append((start, end or dt.date.max))
    for periods in by_level.values():
        periods.sort()
        if any(b[0] < a[1] for a, b in zip(periods, periods[1:], strict=False)):
            return True
    return False


def _surrogate(value: Any) -> bool:
    return any(re.search("[\ud800-\udfff]", s) for s in _strings(value))


#: Each rule of NOT_IN_SCHEMA: its predicate on a schema-valid profile, and its code.
RULES = {"BAJI230": _reversed, "BAJI231": _overlapping, "BAJI117": _surrogate}


def test_the_rules_left_out_are_those_the_schema_names() -> None:
    """The schema's description lists exactly the rules this test leaves out, by code."""
    described = _validator().schema["description"]
    named = {code for code in re.findall(r"BAJI[0-9]{3}", described)}
    listed = {code for en, _ in NOT_IN_SCHEMA for code in re.findall(r"BAJI[0-9]{3}", en)}
    assert named == set(RULES) == listed


def check(value: Any) -> bool:
    """Assert the property on ``value``; return whether baji accepts it."""
    refused = baji_refusal(value)
    valid = schema_accepts(value)
    if refused is None:
        assert valid, f"baji accepts, the schema refuses: {_first_error(value)}"
        return True
    broken = {code for code, rule in RULES.items() if valid and rule(value)}
    if valid:
        assert broken, f"the schema accepts what baji refuses ({sorted(refused)}): {value!r}"
        assert broken & refused, (broken, refused)  # a reversed period is not checked for overlap
    return False


def _first_error(value: Any) -> str:
    error = next(iter(_validator().iter_errors(value)))
    return f"{list(error.absolute_path)}: {error.message[:300]}"


def as_json(value: Any) -> Any:
    """A YAML-read value in its JSON form (dates as their text)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(v) for v in value]
    return value


# -- profiles baji accepts, from files and docs ----------------------------------------------
def _yaml(path: Path) -> Any:
    return as_json(yaml.safe_load(path.read_text(encoding="utf-8")))


def _documented() -> list[tuple[str, Any]]:
    """Every profile shown in README.md and docs/*.md: YAML and JSON blocks whose keys are
    profile fields, curl bodies, and the dicts passed to baji.evaluate in Python blocks."""
    fields = set(baji.Profile.model_fields)
    found: list[tuple[str, Any]] = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        for lang, block in re.findall(r"```(yaml|json|python|sh)\n(.*?)```", text, re.S):
            values: list[Any] = []
            if lang in ("yaml", "json"):
                try:
                    values = [as_json(yaml.safe_load(block))]
                except yaml.YAMLError:
                    continue
            elif lang == "sh":
                values = [json.loads(body) for body in re.findall(r"-d '(\{.*?\})'", block, re.S)]
            else:
                for node in ast.walk(ast.parse(block)):
                    if isinstance(node, ast.Call) and node.args and isinstance(
                            node.args[0], ast.Dict):
                        values.append(ast.literal_eval(node.args[0]))
            found += [(path.name, v) for v in values
                      if isinstance(v, dict) and v and set(v) <= fields]
    return found


DOCUMENTED = _documented()
EXAMPLES = [(p.name, _yaml(p)) for p in sorted((ROOT / "examples" / "profiles").glob("*.yaml"))]
CASES = [(f"{p.name}#{i}", case["profile"])
         for p in sorted((ROOT / "tests" / "cases").glob("*.yaml"))
         for i, case in enumerate(_yaml(p)["cases"])]
SYNTH = list(roster(500, seed=11))


def test_documented_profiles_are_found() -> None:
    """The README's profiles (a curl body, a dict to baji.evaluate) and docs/profile.md's
    are among those checked: a change to the extraction cannot empty the list."""
    names = [name for name, _ in DOCUMENTED]
    assert names.count("README.md") >= 2 and "profile.md" in names


@pytest.mark.parametrize(("name", "profile"), DOCUMENTED + EXAMPLES + CASES,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_profiles_of_the_repository(name: str, profile: Any) -> None:
    """Each documented, example and case profile is valid for baji and for the schema."""
    assert check(profile), name


def test_the_readme_profile() -> None:
    """The README's own profile (level 高级技师, honours as bare names) validates."""
    readme = [v for name, v in DOCUMENTED if name == "README.md"]
    assert any(v["grades"][0]["level"] == "高级技师" and v["honours"] == ["全国技术能手"]
               for v in readme)
    assert all(check(v) for v in readme)


def test_synth_rows() -> None:
    """Every row baji.testing.synth writes (500 of them) validates against the schema."""
    assert all(check(row) for row in SYNTH)


def test_invalid_fixtures() -> None:
    """The invalid profiles of tests/profiles/invalid that read as JSON values: baji
    refuses each, and so does the schema unless a rule it cannot say is what breaks."""
    checked = 0
    for path in sorted((ROOT / "tests" / "profiles" / "invalid").iterdir()):
        try:
            text = path.read_text(encoding="utf-8")
            value = json.loads(text) if path.suffix == ".json" else as_json(yaml.safe_load(text))
        except (ValueError, RecursionError, yaml.YAMLError):
            continue  # not a JSON value: the reader refuses it before any schema
        for item in value if isinstance(value, list) else [value]:
            check(item)
            checked += 1
    assert checked >= 20


# -- generated profiles ------------------------------------------------------------------------
PROPERTY = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                           HealthCheck.data_too_large], deadline=None)


@PROPERTY
@given(st.one_of(bs.profiles(as_json=True),
                 bs.profiles("shanghai-2026", as_json=True),
                 bs.profiles("tianjin-2024", as_json=True)))
def test_strategy_profiles(profile: dict[str, Any]) -> None:
    """Profiles of baji.testing.strategies.profiles (as JSON) validate."""
    assert check(profile)


@PROPERTY
@given(st.from_type(baji.Profile))
def test_profile_objects_dumped(profile: baji.Profile) -> None:
    """A Profile from ``st.from_type``, dumped to JSON (every field written), validates."""
    assert check(profile.model_dump(mode="json"))


def _from_schema() -> st.SearchStrategy[Any]:
    from schema_strategy import from_schema

    return from_schema(_validator().schema)


@PROPERTY
@given(st.deferred(_from_schema))
def test_schema_profiles(value: dict[str, Any]) -> None:
    """Profiles drawn from the schema: baji accepts each unless a rule of NOT_IN_SCHEMA
    refuses it (and then baji refuses it with that rule's code)."""
    assert schema_accepts(value), f"the generator drew what the schema refuses: {value!r}"
    check(value)


# -- mutations of valid profiles ------------------------------------------------------------
BAD_DATES = ["2025-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2020-1-01", "20200101",
             "2020-01-01\n", "2020-01-01T00:00", "２０２０-01-01", "1899-12-31", "2200-01-01",
             "0001-01-01", "9999-12-31", " 2020-01-01"]
GOOD_DATES = ["1900-01-01", "2199-12-31", "2000-02-29", "2196-02-29", "1904-02-29"]
SPACES = ["", " ", "\t", "\u3000", "\n", "\x1c", "\u00a0\u2028", "\ufeff", "\u200b"]
WRONG = [None, True, 1, 1.5, "yes", [], {}, "全国技术能守", "Senior_Technician"]


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*at, i))
    return out


def _set(value: Any, at: tuple[Any, ...], new: Any) -> Any:
    if not at:
        return new
    head, *rest = at
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[head] = _set(value[head], tuple(rest), new)
    return copy


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A valid profile with one thing changed: a value replaced by a bad or odd one, a
    key added or renamed, a period added, a name padded."""
    profile = draw(st.one_of(bs.profiles(as_json=True), st.sampled_from(SYNTH[:100]),
                             st.sampled_from([v for _, v in EXAMPLES])))
    at = draw(st.sampled_from(_paths(profile)))
    old: Any = profile
    for key in at:
        old = old[key]
    how = draw(st.sampled_from(["date", "wrong", "pad", "key", "period", "certificate",
                                "surrogate", "rename"]))
    if how == "date":
        new: Any = draw(st.sampled_from(BAD_DATES + GOOD_DATES))
    elif how == "wrong":
        new = draw(st.sampled_from(WRONG))
    elif how == "pad" and isinstance(old, str):
        new = draw(st.sampled_from(SPACES)) + old + draw(st.sampled_from(SPACES))
    elif how == "key" and isinstance(old, dict):
        new = {**old, draw(st.sampled_from(["postz", "level", "id", "x", "date", "前线"])):
               draw(st.sampled_from([True, "2020-01-01", "senior_technician", None]))}
    elif how == "rename" and isinstance(old, dict) and old:
        key = draw(st.sampled_from(sorted(old)))
        new = {(k + "_" if k == key else k): v for k, v in old.items()}
    elif how == "period" and isinstance(old, list):
        start = draw(st.sampled_from(GOOD_DATES + ["2019-03-15", "2021-01-01"]))
        end = draw(st.sampled_from([None, "2018-01-01", "2020-06-01", "2030-01-01", start]))
        new = [*old, {"start": start, "end": end}]
    elif how == "certificate":
        level = draw(st.sampled_from("X54321TSA9"))
        new = draw(st.sampled_from(["Y1234310000122", "Y12343100001221" + level + "100001",
                                    "y12343100001221" + level + "100001",
                                    "Y12343100001221" + level + "10000１"]))
    elif how == "surrogate":
        new = "\ud800" if isinstance(old, str) else old
    else:
        new = draw(st.sampled_from(WRONG))
    return _set(profile, at, new)


@PROPERTY
@given(mutated())
@example({"honours": [{"id": "全国技术能守"}]})            # an unknown honour (BAJI025)
@example({"attestations": {"no_such_attestation": True}})   # an unknown attestation key
@example({"contributions": ["talent_team_building", "?"]})  # an unknown contribution
@example({"grades": [{"level": " 高级技师\u3000", "posts": [{"start": "2200-01-01"}]}]})
@example({"grades": [{"level": "高级技师", "certificate": "Y123431000012212000001"}]})
@example({"grades": [{"level": "高级技师", "certificate": "Y123431000012211000001"}]})
@example({"awards": [{"id": "国家科学技术进步奖", "rank": "二等奖"}], "titles": ["正高级工程师"]})
@example({"employer": {"self_assessment_since": "1899-12-31"}})
@example({"findings": [{"kind": "fraud", "date": "2020-01-01\n"}]})
def test_mutated_profiles(value: Any) -> None:
    """A valid profile with one thing changed: baji and the schema agree, but for the
    rules of NOT_IN_SCHEMA."""
    check(value)


# -- the date pattern, day by day -------------------------------------------------------------
def test_every_day_of_the_range_and_none_beyond() -> None:
    """The date pattern accepts each day from EARLIEST to LATEST (the range the models
    check) and refuses the days just outside it and every impossible 29th, 30th and 31st
    of a month: the pattern, written out by hand, follows the constants."""
    day_schema = Validator(_validator().schema["$defs"]["Period"]["properties"]["start"])
    day = EARLIEST
    while day <= LATEST:
        assert day_schema.is_valid(day.isoformat()), day
        day += dt.timedelta(days=1)
    outside = [EARLIEST - dt.timedelta(days=1), LATEST + dt.timedelta(days=1)]
    assert not any(day_schema.is_valid(d.isoformat()) for d in outside)
    for text in (f"{y}-{m:02}-{d}" for y in (1900, 2000, 2023, 2024, 2100)
                 for m in range(1, 13) for d in (29, 30, 31)):
        try:
            real = EARLIEST <= dt.date.fromisoformat(text) <= LATEST
        except ValueError:
            real = False
        assert day_schema.is_valid(text) == real, text
