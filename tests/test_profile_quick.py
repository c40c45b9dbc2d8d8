"""Profile validation takes a quick native path, and it changes nothing a caller sees.

tests/reference_profile.py is baji's profile validator as it was before. On generated
profiles — valid ones, and ones with values swapped for tricky ones (dates at the edges,
datetimes, names in Chinese or padded with spaces, tuples, sets, lone surrogates,
repeated JSON keys...) — :func:`baji.parse_profile`, ``Profile.model_validate`` and
``Profile.model_validate_json`` accept the same profiles as before, build equal objects
(field types and the fields given included), and report the same errors.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("hypothesis")

import reference_profile as old  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from pydantic import BaseModel, ValidationError  # noqa: E402

import baji  # noqa: E402
from baji.core.levels import Level  # noqa: E402
from baji.profile.model import Profile  # noqa: E402
from baji.testing.fuzz import _paths, profile_data  # noqa: E402
from baji.testing.strategies import profiles  # noqa: E402

#: Enough examples to meet the rare values; a thorough run (BAJI_HYPOTHESIS) takes more.
MANY = settings(max_examples=max(200, settings.default.max_examples))


class _Name(str):
    """A str subclass, as some HR libraries hand out."""


#: Values that some field takes and another refuses, or that the careful path reads in a
#: way a native check could miss.
TRICKY: tuple[object, ...] = (
    "2020-02-29", "2100-02-29", "2021-02-29", "1900-01-01", "1899-12-31", "2199-12-31",
    "2200-01-01", "0000-01-01", "9999-12-31", "2020-1-1", " 2020-01-01", "2020-01-01 ",
    "2020-01-01T00:00:00", "2020-01-01 00:00", "20200101", "1654646400", "2020-W01-1",
    "２０２０-01-01", "٢٠٢٠-٠١-٠١",
    dt.date(2020, 2, 29), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(2199, 12, 31),
    dt.date(2200, 1, 1), dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 1, 8, 30),
    "technician", "技师", " 技师 ", "Technician", "特技技师", Level.SENIOR_TECHNICIAN,
    _Name("高级技师"),
    "national_technical_expert", "全国技术能手", " 全国技术能手", "全国技术能守",
    _Name("全国技术能手"), "china_skills_grand_award", "中华技能大奖",
    "national_science_technology_progress_award", "国家科技进步奖",
    "senior_professional_title_full", "talent_team_building",
    "physically_fit", "身体条件", "law_abiding",
    "二等奖", "second", "特等奖", "二等", "fraud", "employer", "qualification",
    "municipal", "city",
    "Y123431000012211000001", "Y123431000012212000001", "Y1234310000122110000",
    "y123431000012211000001", "Y12343100001221100000\ud800",
    "\ud800", "a\udfffb", "", "张三", "E000001",
    ("全国技术能手",), ["全国技术能手"], ["全国技术能手", {"id": "全国劳动模范"}],
    {"全国技术能手"}, frozenset(), (), [], {}, {"id": "全国技术能手"},
    {"start": "2020-01-01"}, {"start": "2020-01-01", "end": "2019-01-01"},
    [{"start": "2020-01-01"}, {"start": "2021-01-01"}],
    {"身体条件": True, "physically_fit": False},
    None, True, False, 0, 1, 1.5, float("nan"),
)
#: Field names, some misspelt, for new keys.
KEYS = ("id", "name", "occupation", "grades", "level", "kind", "certificate",
        "certified_on", "posts", "start", "end", "honours", "awards", "titles", "rank",
        "date", "aligned", "attestations", "contributions", "findings", "subject",
        "restricted_until", "recommendations", "employer", "pilot", "filing",
        "self_assessment_since", "gardes", "postz", "身体条件", "physically_fit")


#: A tricky value, copied: an edit may change it in place.
_tricky = st.sampled_from(TRICKY).map(copy.deepcopy)


@st.composite
def _edited(draw: st.DrawFn, seed: dict[str, Any]) -> object:
    """``seed`` with a few values replaced by tricky ones, keys added, lists made tuples."""
    doc: Any = copy.deepcopy(seed)
    for _ in range(draw(st.integers(0, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        target = parent[path[-1]] if path else doc
        op = draw(st.sampled_from(("replace", "add", "tuple")))
        if op == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = draw(_tricky)
        elif op == "tuple" and path and isinstance(target, list):
            parent[path[-1]] = tuple(target)
        elif path:
            parent[path[-1]] = draw(_tricky)
    return doc


def _seeds() -> st.SearchStrategy[dict[str, Any]]:
    mutated = profile_data().map(lambda triple: triple[0]).filter(
        lambda d: isinstance(d, dict))
    return st.one_of(profiles(as_json=True), profiles("shanghai-2026", as_json=True),
                     mutated)


def _inputs() -> st.SearchStrategy[object]:
    return _seeds().flatmap(_edited)


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


@st.composite
def _json_text(draw: st.DrawFn, value: object, ascii_only: bool = True) -> str:
    """``value`` written as JSON, some objects repeating a key (with a new value); text
    escaped to ASCII or not (a lone surrogate then becomes bytes that are no UTF-8)."""
    def dumps(item: object) -> str:
        return json.dumps(item, ensure_ascii=ascii_only)

    if isinstance(value, dict):
        pairs = [(str(k), draw(_json_text(v, ascii_only))) for k, v in value.items()]
        if pairs and draw(st.integers(0, 4)) == 0:
            key = draw(st.sampled_from([k for k, _ in pairs] + ["身体条件", "physically_fit"]))
            again = draw(st.one_of(st.sampled_from([v for _, v in pairs]),
                                   _tricky.map(lambda v: dumps(_jsonable(v)))))
            pairs.append((key, again))
        return "{" + ", ".join(f"{dumps(k)}: {v}" for k, v in pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(draw(_json_text(v, ascii_only)) for v in value) + "]"
    return dumps(value)


def _blobs() -> st.SearchStrategy[bytes]:
    return st.tuples(st.one_of(_seeds(), _inputs()).map(_jsonable), st.booleans()).flatmap(
        lambda pair: _json_text(*pair)).map(lambda text: text.encode("utf-8", "surrogatepass"))


def _shape(value: object) -> object:
    """``value`` as comparable data: each model's class name, the fields it was given and
    its fields; every other value with its type (a tuple is no list, a Level no str)."""
    if isinstance(value, BaseModel):
        return (type(value).__name__, sorted(value.model_fields_set),
                [(k, _shape(v)) for k, v in value.__dict__.items()])
    if isinstance(value, tuple):
        return ("tuple", [_shape(v) for v in value])
    if isinstance(value, dict):
        return ("dict", [(_shape(k), _shape(v)) for k, v in value.items()])
    return (type(value).__name__, repr(value))


def _errors(exc: ValidationError) -> list[tuple[object, ...]]:
    return [(e["type"], e["loc"], e["msg"], repr(e.get("ctx")), repr(e.get("input")))
            for e in exc.errors(include_url=False)]


def _outcome(validate: Callable[[], BaseModel]) -> tuple[str, object]:
    try:
        return "valid", _shape(validate())
    except ValidationError as exc:
        return "invalid", _errors(exc)


def _problems(module: Any, data: object) -> tuple[str, object]:
    try:
        return "valid", _shape(module.parse_profile(data))
    except baji.ProfileError as exc:
        return "invalid", [(p.code, p.pointer, p.render(), p.render("zh"))
                           for p in exc.problems]


@MANY
@given(_inputs())
def test_profiles_from_python_data_are_validated_as_before(data: object) -> None:
    """parse_profile and Profile.model_validate accept, build and refuse as before."""
    assert _problems(baji.profile, data) == _problems(old, data)
    assert _outcome(lambda: Profile.model_validate(data)) == \
        _outcome(lambda: old.Profile.model_validate(data))


@MANY
@given(_blobs())
def test_profiles_from_json_bytes_are_validated_as_before(blob: bytes) -> None:
    """Profile.model_validate_json accepts, builds and refuses as before, repeated keys
    and escapes included; so does it from a str."""
    assert _outcome(lambda: Profile.model_validate_json(blob)) == \
        _outcome(lambda: old.Profile.model_validate_json(blob))
    text = blob.decode("utf-8", "surrogatepass")
    assert _outcome(lambda: Profile.model_validate_json(text)) == \
        _outcome(lambda: old.Profile.model_validate_json(text))


def test_a_profile_instance_is_returned_as_it_is() -> None:
    """A validated profile given again is the same object, as before."""
    profile = baji.parse_profile({"grades": [{"level": "技师"}]})
    assert Profile.model_validate(profile) is profile


def test_the_quick_path_runs_no_python_per_field() -> None:
    """Validating a valid profile calls none of the models' per-field validators: only
    the checks across fields, once (a pydantic-core that reused the models' own
    validators inside the native twin would make the quick path slow again)."""
    blob = json.dumps({
        "id": "E1", "name": "张三", "grades": [
            {"level": "高级技师", "certificate": "Y123431000012211000001",
             "certified_on": "2019-03-15",
             "posts": [{"start": "2015-01-01", "end": "2019-03-15"},
                       {"start": "2019-03-15"}]},
            {"level": "technician", "posts": [{"start": "2010-01-01", "end": "2015-01-01"}]}],
        "honours": ["全国技术能手"], "awards": [{"id": "国家科技进步奖", "rank": "二等奖"}],
        "titles": [{"id": "senior_professional_title_full", "aligned": True}],
        "contributions": ["talent_team_building"], "attestations": {"身体条件": True},
        "findings": [{"kind": "fraud", "date": "2022-05-01"}],
        "recommendations": [{"level": "chief_technician", "date": "2026-05-01"}],
        "employer": {"filing": "municipal", "self_assessment_since": "2020-01-01"},
    }, ensure_ascii=False).encode()
    Profile.model_validate_json(blob)  # the twin is built on first use
    called: set[str] = set()

    def spy(frame: Any, event: str, arg: object) -> None:
        if event == "call":
            called.add(frame.f_code.co_qualname)

    data = json.loads(blob)
    for validate, given in ((Profile.model_validate_json, blob), (Profile.model_validate, data)):
        called.clear()
        sys.setprofile(spy)
        try:
            validate(given)
        finally:
            sys.setprofile(None)
        assert called - {"Profile.model_validate", "Profile.model_validate_json"} <= {
            "_cross_checked", "_check_certificate", "_check_order", "_check_overlap",
            "first_overlap", "first_overlap.<locals>.<lambda>", "Level.code"}
        assert "_cross_checked" in called
