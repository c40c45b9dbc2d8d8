"""The fast path of profiles (baji.profile.fast) and the model agree.

On generated profiles, valid ones and ones broken in small ways (a value swapped for a
tricky one, a key added, a list made a tuple or a set, a key repeated in JSON):

- whatever the fast path accepts, the model accepts, and builds an equal profile;
- the entry points that try the fast path first (``read_profile`` for JSON,
  ``convert_profile`` for dicts) accept exactly what the model's readers accept, and
  refuse the rest with the same coded, located problems.

Also: the Structs are generated from the models' fields and cannot drift from them (a
test per kind of check msgspec cannot do), and the answers read the Structs directly.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import typing
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec
import pytest

pytest.importorskip("hypothesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import baji  # noqa: E402
import baji.core.vocabulary  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.errors import ProfileError  # noqa: E402
from baji.io.strict_json import load_json_text, loads_json  # noqa: E402
from baji.profile import fast  # noqa: E402
from baji.profile.field_types import IsoDate  # noqa: E402
from baji.profile.model import Profile, parse_profile  # noqa: E402
from baji.testing.fuzz import profile_data  # noqa: E402
from baji.testing.strategies import profiles  # noqa: E402

MANY = settings(max_examples=max(100, settings.default.max_examples),
                suppress_health_check=[HealthCheck.too_slow])
AS_OF = dt.date(2026, 9, 1)


class _Text(str):
    """A str subclass, as some HR libraries hand out."""


class _Frozen(Mapping[str, object]):
    """A mapping that is no dict (msgspec.convert takes it for an object; the model
    does not)."""

    def __init__(self, items: dict[str, object]) -> None:
        self.items_ = dict(items)

    def __getitem__(self, key: str) -> object:
        return self.items_[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.items_)

    def __len__(self) -> int:
        return len(self.items_)


#: Values that one field takes and another refuses, or that a native reader could read
#: otherwise than the model.
ODD: tuple[object, ...] = (
    "2024-02-29", "2023-02-29", "1900-01-01", "1899-12-31", "2199-12-31", "2200-01-01",
    "0001-01-01", "2020-1-1", "2020-01-01T00:00:00", "20200101", " 2020-01-01",
    dt.date(1899, 12, 31), dt.date(2030, 1, 1), dt.datetime(2020, 1, 1, 8, 0),
    "senior_technician", "高级技师", "Senior_Technician", " technician", _Text("technician"),
    "national_technical_expert", "全国技术能手", "national_science_technology_award",
    "china_skills_grand_award", "law_abiding", "physically_fit", "身体条件",
    "second", "二等奖", "special", "fraud", "employer", "municipal", "qualification",
    "Y123431000012211000001", "Y123431000012212000001", "Y12343100001221100000",
    "a:b", "\ud800", "x\udfffy", "", "张三", "E1", _Text("E2"),
    ["全国技术能手"], [{"id": "national_model_worker"}], {"national_technical_expert"},
    frozenset(), (), [], {}, {"start": "2020-01-01"}, _Frozen({"pilot": True}),
    _Frozen({"level": "technician"}), {"level": "technician"},
    {"level": "technician", "posts": [{"start": "2010-01-01"}]},
    {"start": "2021-01-01", "end": "2020-01-01"},
    [{"start": "2019-01-01"}, {"start": "2020-01-01", "end": "2021-01-01"}],
    {"law_abiding": True}, None, True, False, 0, 1, 2.5,
)
KEYS = ("id", "name", "grades", "level", "kind", "certificate", "certified_on", "posts",
        "start", "end", "honours", "awards", "rank", "date", "attestations", "findings",
        "restricted_until", "employer", "pilot_levels", "self_assessment_since", "filing",
        "grade", "law_abiding")


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    """A valid profile in the form the fast path takes: ids, objects, defaults left out."""
    dumped: dict[str, Any] = parse_profile(data).model_dump(mode="json", exclude_defaults=True)
    return dumped


def _seeds() -> st.SearchStrategy[dict[str, Any]]:
    drawn = st.one_of(profiles(as_json=True), profiles("shanghai-2026", as_json=True))
    fuzzed = profile_data().map(lambda triple: triple[0]).filter(
        lambda d: isinstance(d, dict))
    return st.one_of(drawn.map(_canonical), drawn.map(_canonical), drawn, fuzzed)


def _places(value: object, at: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The places in ``value`` that :func:`_broken` may change: a tuple's items are not
    (it cannot be assigned into; the tuple itself may be replaced)."""
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_places(item, (*at, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_places(item, (*at, i)))
    return out


@st.composite
def _broken(draw: st.DrawFn, seed: dict[str, Any]) -> Any:
    """``seed`` with up to three small changes."""
    doc: Any = copy.deepcopy(seed)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.sampled_from(_places(doc)))
        parent: Any = doc
        for part in at[:-1]:
            parent = parent[part]
        target = parent[at[-1]] if at else doc
        change = draw(st.sampled_from(("swap", "add", "tuple", "set")))
        if change == "add" and isinstance(target, dict):
            target[draw(st.sampled_from(KEYS))] = copy.deepcopy(draw(st.sampled_from(ODD)))
        elif change == "tuple" and at and isinstance(target, list):
            parent[at[-1]] = tuple(target)
        elif change == "set" and at and isinstance(target, list):
            try:
                parent[at[-1]] = frozenset(target)
            except TypeError:  # unhashable items
                pass
        elif at:
            parent[at[-1]] = copy.deepcopy(draw(st.sampled_from(ODD)))
    return doc


def _dicts() -> st.SearchStrategy[Any]:
    return _seeds().flatmap(_broken)


def _plain(value: object) -> object:
    """``value`` as JSON can hold it."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@st.composite
def _json(draw: st.DrawFn, value: object, ascii_only: bool) -> str:
    """``value`` as JSON text, an object now and then repeating a key."""
    if isinstance(value, dict):
        pairs = [(k, draw(_json(v, ascii_only))) for k, v in value.items()]
        if pairs and draw(st.integers(0, 5)) == 0:
            key, text = draw(st.sampled_from(pairs))
            pairs.append((key, draw(st.sampled_from([text, "null", '"x"']))))
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=ascii_only)}:{v}"
                              for k, v in pairs) + "}"
    if isinstance(value, list):
        return "[" + ",".join(draw(_json(v, ascii_only)) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def _blobs() -> st.SearchStrategy[bytes]:
    return st.tuples(_dicts().map(_plain), st.booleans()).flatmap(
        lambda pair: _json(*pair)).map(lambda text: text.encode("utf-8", "surrogatepass"))


def _outcome(read: Callable[[], object]) -> tuple[str, object]:
    """What a reader made of an input: the profile (as a :class:`Profile`), or its
    problems with their codes, paths, places and texts."""
    try:
        found = read()
    except ProfileError as exc:
        return "refused", [(p.code, p.pointer, p.line, p.column, p.render(), p.render("zh"))
                           for p in exc.problems]
    return "accepted", found if isinstance(found, Profile) else fast.to_model(found)


def _model_reads_json(blob: bytes) -> Profile:
    """A JSON profile read by the model alone, as ``POST /v1/evaluate`` reads a body
    (baji.server.bodies)."""
    text, problems = baji.io.bounded.decode(blob, "<profile>")
    if text is None:
        raise ProfileError(problems)
    try:
        return parse_profile(loads_json(text, path="<profile>"))
    except ProfileError as first:
        value, positions = load_json_text(text, "<profile>")
        parse_profile(value, source="<profile>", positions=positions)
        raise first from None


@MANY
@given(_dicts())
def test_dicts_fast_path_agrees_with_the_model(data: Any) -> None:
    """A dict the fast path accepts, the model accepts and builds equal; the entry point
    that tries it first accepts and refuses exactly as the model does."""
    model = _outcome(lambda: parse_profile(data))
    try:
        struct = fast.convert(data)
    except fast.Refused:
        pass
    else:
        assert model == ("accepted", fast.to_model(struct))
    assert _outcome(lambda: fast.convert_profile(data)) == model


@MANY
@given(_blobs())
def test_json_fast_path_agrees_with_the_model(blob: bytes) -> None:
    """JSON bytes the fast path accepts, the model's reader accepts and builds equal;
    read_profile accepts and refuses exactly as the model's reader does (a repeated key,
    bad UTF-8 and lone surrogates included), with the same located problems."""
    model = _outcome(lambda: _model_reads_json(blob))
    try:
        struct = fast.decode(blob)
    except fast.Refused:
        pass
    else:
        assert model == ("accepted", fast.to_model(struct))
    assert _outcome(lambda: fast.read_profile(blob)) == model


@MANY
@given(profiles("shanghai-2026", as_json=True).map(_canonical))
def test_canonical_profiles_take_the_fast_path(data: dict[str, Any]) -> None:
    """A valid profile in the canonical form is taken by the fast path, as a dict and as
    JSON, and its answers are those of the model's profile."""
    blob = json.dumps(data, ensure_ascii=False).encode()
    from_json, from_dict = fast.decode(blob), fast.convert(data)
    profile = parse_profile(data)
    assert fast.to_model(from_json) == fast.to_model(from_dict) == profile
    net = baji.get_pack("shanghai-2026")
    want = evaluate_answers(net, profile, AS_OF)
    assert evaluate_answers(net, from_json, AS_OF) == want
    assert evaluate_answers(net, blob, AS_OF) == want
    assert evaluate_answers(net, data, AS_OF) == want


# -- the Structs are the models' fields --------------------------------------------------------
def _models() -> dict[type[msgspec.Struct], type[Any]]:
    return fast.structs().model_of


def test_every_model_field_has_its_struct_field_and_default() -> None:
    """Each Struct has the fields of its model, in order, with the same defaults."""
    assert {m.__name__ for m in _models().values()} == {
        "Profile", "Grade", "Period", "Honour", "Award", "Title", "Finding",
        "Recommendation", "Employer"}
    for struct, model in _models().items():
        fields = msgspec.structs.fields(struct)
        assert [f.name for f in fields] == list(model.model_fields)
        for f in fields:
            info = model.model_fields[f.name]
            if info.default_factory is not None:
                made = f.default_factory()
                assert made == {} or _models()[type(made)] is info.default_factory
            elif info.is_required():
                assert f.required
            else:
                assert f.default == info.default


def test_the_fast_path_stands_in_for_every_validator_of_the_models() -> None:
    """The models' own validators are the ones baji.profile.fast knows of: lists as
    tuples (Structs hold tuples), bare names (refused: the model reads them), lone
    surrogates, period order, certificate numbers and overlaps (``_checked``). A
    validator added to a model fails here until the fast path checks it too (read, not
    written: the decorators pydantic collected)."""
    known = {"_lists_as_tuples", "_names_to_objects", "_text_only", "_ordered",
             "_certificate", "_no_overlap"}
    for model in _models().values():
        found = model.__pydantic_decorators__
        names = {*found.validators, *found.field_validators, *found.root_validators,
                 *found.model_validators}
        assert names <= known, (model.__name__, names - known)


def test_every_id_the_fast_path_takes_is_its_own_resolution() -> None:
    """The fast path takes the vocabulary's ids as they are; the model resolves a name
    to an id: each id must resolve to itself, or the two would hold different values."""
    vocab = baji.core.vocabulary.default_vocab()
    for kind in ("honour", "award", "title", "attestation", "contribution"):
        assert vocab.items[kind]
        for item in vocab.items[kind]:
            assert vocab.resolve(kind, item) == item, (kind, item)


def _date_places() -> list[tuple[str, ...]]:
    """The path of every date field, from the profile down (a tuple's item is ``*``)."""
    hints = {m: typing.get_type_hints(m, include_extras=True) for m in _models().values()}
    out: list[tuple[str, ...]] = []

    def walk(model: type[Any], at: tuple[str, ...]) -> None:
        for name, hint in hints[model].items():
            if name not in model.model_fields:
                continue
            inner = [hint, *typing.get_args(hint)]
            inner += [a for h in inner for a in typing.get_args(h)]
            if IsoDate in inner:
                out.append((*at, name))
            for kind in inner:
                if kind in hints and kind is not model:
                    many = typing.get_origin(hint) is not None and any(
                        typing.get_origin(h) is tuple for h in [hint, *typing.get_args(hint)])
                    walk(kind, (*at, name, "*") if many else (*at, name))

    walk(Profile, ())
    return out


_SMALLEST: dict[str, dict[str, Any]] = {
    "grades": {"level": "technician"}, "posts": {"start": "2019-01-01"},
    "honours": {"id": "national_technical_expert"},
    "awards": {"id": "china_skills_grand_award"},
    "titles": {"id": "senior_professional_title_full"},
    "findings": {"kind": "fraud", "date": "2020-01-01"},
    "recommendations": {"level": "technician"}, "employer": {}}


def _with(at: tuple[str, ...], value: object) -> dict[str, Any]:
    """The smallest profile holding ``value`` at ``at``."""
    doc: dict[str, Any] = {}
    here: dict[str, Any] = doc
    parts = list(at)
    while parts:
        name = parts.pop(0)
        if not parts:
            here[name] = value
        elif parts[0] == "*":
            parts.pop(0)
            item = copy.deepcopy(_SMALLEST[name])
            here[name] = [item]
            here = item
        else:
            here[name] = copy.deepcopy(_SMALLEST[name])
            here = here[name]
    return doc


@pytest.mark.parametrize("at", _date_places(), ids=".".join)
@pytest.mark.parametrize("day", ["1899-12-31", "2200-01-01"])
def test_every_date_out_of_range_is_left_to_the_model(at: tuple[str, ...], day: str) -> None:
    """Every date field, wherever it is, is checked against baji's range (msgspec reads
    any date from year 1): a date out of range is refused by the fast path, and the
    model names it (BAJI023), in JSON and in a dict. A date field added to a model
    without its check fails here."""
    assert len(_date_places()) >= 10
    good = _with(at, "2020-01-01")
    bad = _with(at, day)
    fast.convert(good)
    fast.decode(json.dumps(good).encode())
    with pytest.raises(fast.Refused):
        fast.convert(bad)
    with pytest.raises(fast.Refused):
        fast.decode(json.dumps(bad).encode())
    with pytest.raises(ProfileError) as caught:
        fast.read_profile(json.dumps(bad).encode())
    assert [p.code for p in caught.value.problems] == ["BAJI023"]


def _text_places() -> list[tuple[str, ...]]:
    """The path of every free-text field (``str`` or ``str | None``)."""
    out: list[tuple[str, ...]] = []
    for struct, model in _models().items():
        for f in msgspec.structs.fields(struct):
            if f.type in (str, str | None, typing.Optional[str]):
                out.append((model.__name__, f.name))
    return out


def test_free_texts_are_the_four_checked_for_lone_surrogates() -> None:
    """A dict may hold a lone surrogate in any free text (JSON bytes cannot: msgspec
    refuses them); the fast path checks the texts it knows of, which are all there are."""
    assert sorted(_text_places()) == [("Grade", "certificate"), ("Grade", "occupation"),
                                      ("Profile", "id"), ("Profile", "name"),
                                      ("Profile", "occupation")]
    for data in ({"id": "\ud800"}, {"name": "a\udfff"}, {"occupation": "\udc80"},
                 {"grades": [{"level": "technician", "occupation": "\ud800"}]}):
        with pytest.raises(fast.Refused):
            fast.convert(data)
        with pytest.raises(ProfileError) as caught:
            fast.convert_profile(data)
        assert [p.code for p in caught.value.problems] == ["BAJI117"]


@pytest.mark.parametrize("grades", [
    [{"level": "technician", "posts": [{"start": "2019-01-01"}]},
     {"level": "technician"},
     {"level": "technician", "posts": [{"start": "2020-01-01", "end": "2021-01-01"}]}],
    [{"level": "technician", "posts": [{"start": "2019-01-01", "end": "2020-06-01"},
                                       {"start": "2020-01-01"}]}],
])
def test_overlapping_posts_of_a_level_are_left_to_the_model(grades: list[object]) -> None:
    """Periods of one level overlap, in one grade or across grades (one of them with its
    posts unknown): the fast path refuses, the model names it (BAJI231)."""
    with pytest.raises(fast.Refused):
        fast.convert({"grades": grades})
    with pytest.raises(ProfileError) as caught:
        fast.convert_profile({"grades": grades})
    assert [p.code for p in caught.value.problems] == ["BAJI231"]


# -- what JSON the fast path leaves to the model ---------------------------------------------
@pytest.mark.parametrize("blob", [
    b'{"id": "E1", "id": "E2"}',
    b'{"attestations": {"law_abiding": true, "law_abiding": false}}',
    b'{"grades": [{"level": "technician", "level": "technician"}]}',
    b'{"name": "a\\u003ab", "id": "x", "id": "y"}',
    b'{"employer": {"pilot": true}, "employer": {"pilot": true}}',
    b'{"name": "a:b", "id": "x", "id": "y"}',
    b'{"id": "a:b", "id": "c"}',
    b'{"id": "c", "name": "x\\u003a", "id": "a:b"}',
    b'{"id": "c", "name": "x\\u003A", "id": "a:b"}',
    b'{"grades": [{"level": "technician", "occupation": "a:b", "posts": [{"start": "2020-01-01",'
    b' "start": "2020-01-01"}]}]}',
    b'{"employer": {}, "employer": {"pilot": true}}', b'{"employer": {}, "employer": {}}',
    b'{"name": "\\"employer\\": {}", "employer": {}, "employer": {}}',
    b'{"attestations": {"law_abiding": true}, "findings": [{"kind": "fraud", "date":'
    b' "2020-01-01", "subject": "candidate", "subject": "candidate"}]}',
])
def test_a_repeated_key_is_refused_as_baji_reads_json(blob: bytes) -> None:
    """msgspec takes a repeated key's last value; baji's JSON reader refuses it,
    and so does read_profile (located: BAJI103)."""
    with pytest.raises(fast.Refused):
        fast.decode(blob)
    with pytest.raises(ProfileError) as caught:
        fast.read_profile(blob)
    assert [p.code for p in caught.value.problems] == ["BAJI103"]


@pytest.mark.parametrize("blob", [
    b'{"grades": [{"level": "technician", "kind": "skill_level"}]}', b'{"findings": null}',
    b'{"attestations": {}}', b'{"name": "a\\u003ab", "id": "E:1"}',
    b'{"honours": ["national_technical_expert"]}', b'{"grades": [{"level": "\\u6280\\u5e08"}]}',
    b'\xef\xbb\xbf{"id": "E1"}',
])
def test_valid_json_the_fast_path_leaves_is_read_by_the_model(blob: bytes) -> None:
    """A valid profile the fast path does not take (a field given at its default, an
    escaped colon, a bare name, a Chinese name, a BOM) is still read, by the model."""
    with pytest.raises(fast.Refused):
        fast.decode(blob)
    assert fast.read_profile(blob) == _model_reads_json(blob)


@pytest.mark.parametrize("blob", [
    b'{"name": "a\\u003ab"}', b'{"name": "a:b", "id": "E:1:2"}',
    b'{"id": "E1", "grades": [{"level": "technician", "occupation": "\\u94b3:\\u5de5"}]}',
    b'{"name": "employer", "employer": {"pilot": true}}', b'{"employer": {}}',
    b'{"name": "a:b", "employer": {}}',
])
def test_texts_with_colons_take_the_fast_path(blob: bytes) -> None:
    """Colons in texts, written or escaped, are told apart from keys (and an employer
    given empty): such a profile is taken by the fast path, and read as the model reads
    it."""
    assert fast.to_model(fast.decode(blob)) == _model_reads_json(blob)


def test_read_profile_locates_problems_as_the_service_does() -> None:
    """A bad JSON profile gets the codes, JSON paths, lines and columns of the model's
    reader."""
    blob = (b'{"id": "E1",\n "grades": [{"level": "technician",\n'
            b'  "posts": [{"start": "2020-13-01"}]}]}')
    with pytest.raises(ProfileError) as caught:
        fast.read_profile(blob)
    (found,) = caught.value.problems
    assert (found.code, found.pointer, found.line, found.column) == \
        ("BAJI021", "$.grades[0].posts[0].start", 3, 23)


def test_answers_from_bytes_build_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """evaluate_answers reads JSON bytes and dicts through the Structs: no Profile is
    validated or built on the way."""
    net = baji.get_pack("shanghai-2026")
    data = {"id": "E1", "in_post_employee": True, "attestations": {"law_abiding": True},
            "grades": [{"level": "senior_technician", "posts": [{"start": "2019-03-15"}]}],
            "employer": {"filing": "municipal", "pilot": True}}
    want = evaluate_answers(net, parse_profile(data), AS_OF)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a Profile was built")

    monkeypatch.setattr(Profile, "__init__", refuse)
    monkeypatch.setattr(Profile, "model_validate", refuse)
    monkeypatch.setattr(Profile, "model_construct", refuse)
    assert evaluate_answers(net, json.dumps(data).encode(), AS_OF) == want
    assert evaluate_answers(net, json.dumps(data), AS_OF) == want
    assert evaluate_answers(net, data, AS_OF) == want


def test_answers_from_bad_bytes_are_located_errors() -> None:
    net = baji.get_pack("shanghai-2026")
    with pytest.raises(ProfileError) as caught:
        evaluate_answers(net, b'{"grades": [{"level": "grand master"}]}', AS_OF)
    (found,) = caught.value.problems
    assert (found.code, found.pointer, found.line) == ("BAJI024", "$.grades[0].level", 1)


def test_structs_pickle() -> None:
    """A roster row goes to a worker process with its Struct: the generated classes are
    found by name in baji.profile.fast."""
    struct = fast.convert({"id": "E1", "grades": [{"level": "technician",
                                                   "posts": [{"start": "2020-01-01"}]}]})
    assert type(struct).__name__ == "ProfileStruct"
    assert pickle.loads(pickle.dumps(struct)) == struct


def test_no_validator_writes_pydantic_private_state() -> None:
    """The profile package holds no twin of the models in pydantic-core and sets none of
    pydantic's private attributes (the old twin flipped ``__pydantic_complete__``)."""
    package = Path(fast.__file__).parent
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "__pydantic" not in text, source.name
        assert "SchemaValidator" not in text, source.name
