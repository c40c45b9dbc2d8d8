"""The one fast path for profiles: msgspec Structs generated from the model's fields.

:class:`~baji.profile.model.Profile` (pydantic) declares a profile and explains every
problem of a bad one, coded and located. Validating with it costs a Python call per
field, so the profiles that matter for speed (JSON bytes off a roster or a request, the
dicts a caller hands in) are read here first, into a msgspec Struct per model (:func:`structs`)
generated from the same field declarations — dates, levels, literals, the vocabulary's
ids, tuples, unknown fields refused — which msgspec decodes JSON into (or converts a
dict into) in one native pass; the checks across fields then run once in Python
(:data:`_CHECKS`, on the walk that counts the keys of :mod:`baji.profile.repeated`).
The Structs are generated ahead into :mod:`baji.profile.structs` (by
:mod:`baji.profile.struct_source`; a test fails while the file checked in is stale),
so reading a profile here imports no pydantic: the model loads only when it is
needed. Nothing here explains a refusal: whatever the fast path
refuses, the model validates again and names every problem (:func:`read_profile`,
:func:`convert_profile`). So the fast path needs only never to accept what the model
refuses, and to hold what the model would (tests/test_profile_fast.py checks both on
generated valid and broken profiles).

The fast path takes the canonical form only: ids (``senior_technician``,
``national_technical_expert``), not Chinese names or aliases, and honours, awards and
titles as objects, not bare names. Any other form the model accepts goes through the
model: the same answer, more slowly.

The answers read the Structs directly (:func:`baji.engine.answers.evaluate_answers`
takes them); a :class:`Profile` is built from one with pydantic's public
``model_construct`` (:func:`to_model`).
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

import msgspec

from baji.core.dates import EARLIEST, LATEST
from baji.core.levels import Level
from baji.core.tenure import first_overlap
from baji.errors import ProfileError
from baji.io.bounded import MAX_BYTES
from baji.io.bounded import decode as decode_text
from baji.profile import structs as _structs
from baji.profile.repeated import Checks, Counters, counters

if TYPE_CHECKING:
    from pydantic import BaseModel

    from baji.profile.model import Profile

__all__ = ["FastProfile", "Refused", "convert", "convert_profile", "decode", "read_profile",
           "structs", "to_model"]

#: The profile Struct of :func:`structs` (``ProfileStruct``, a generated class: no static
#: type of its own).
FastProfile = Any

_SURROGATE = re.compile("[\ud800-\udfff]")
_EMPLOYER_KEY = re.compile(rb'"employer"[ \t\r\n]*:')
_CERT = re.compile("[A-Z][0-9]{14}[" + "".join(lv.code for lv in Level) + "][0-9]{6}")



class Refused(Exception):
    """The fast path does not take this profile (the model then says why, or takes it)."""


class _Schema:
    """The Structs (:mod:`baji.profile.structs`): the profile's, its JSON decoder, and —
    read on first use, as they import the models — the Struct of each model and back."""

    def __init__(self) -> None:
        self.profile: type[msgspec.Struct] = _structs.ProfileStruct
        self.json: msgspec.json.Decoder[Any] = msgspec.json.Decoder(self.profile)
        #: The employer of a profile that gives none (its default).
        self.no_employer: Any = _structs.EmployerStruct()
        self.by_name: dict[str, type[msgspec.Struct]] = {
            name: getattr(_structs, name) for name in _structs.__all__}

    @cached_property
    def of_model(self) -> dict[type[BaseModel], type[msgspec.Struct]]:
        """The Struct of each profile model (imports the models)."""
        from baji.profile import model

        return {getattr(model, name.removesuffix("Struct")): struct
                for name, struct in self.by_name.items()}

    @cached_property
    def model_of(self) -> dict[type[msgspec.Struct], type[BaseModel]]:
        """The model of each Struct (imports the models)."""
        return {s: m for m, s in self.of_model.items()}


def __getattr__(name: str) -> type[msgspec.Struct]:
    """The Structs by name (``ProfileStruct``, ``GradeStruct``...), where pickles of
    rows written before they moved to :mod:`baji.profile.structs` look for them."""
    found = structs().by_name.get(name)
    if found is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return found


@cache
def structs() -> _Schema:
    """The Structs of :class:`Profile` and every model it holds (generated ahead from
    their field declarations, :mod:`baji.profile.struct_source`)."""
    return _Schema()


def _texts_ok(p: FastProfile) -> bool:
    """Whether no free text of ``p`` holds a lone surrogate (a Python str may; msgspec
    refuses one in JSON, so only a dict's profile is checked)."""
    texts = [p.id, p.name, p.occupation]
    texts += [grade.occupation for grade in p.grades or ()]
    return all(text is None or text.isascii() or _SURROGATE.search(text) is None
               for text in texts)


def _overlapping(grades: tuple[Any, ...]) -> bool:
    """Whether two periods of one level overlap, in one grade or across grades (the
    grades of a level with posts given)."""
    by_level: dict[Level, list[Any]] = {}
    for grade in grades:
        if grade.posts:
            by_level.setdefault(grade.level, []).extend(grade.posts)
    return any(first_overlap(periods) is not None for periods in by_level.values())


#: What msgspec cannot check, checked on the walk that counts a profile's keys
#: (:mod:`baji.profile.repeated`): each date within EARLIEST..LATEST (msgspec reads any
#: from year 1; every date field is checked, at any depth), and the checks across fields
#: of the models: a period ends after it starts, a certificate number fits its level,
#: no two periods of a level overlap (looked for only when some level has two periods
#: or more).
_CHECKS = Checks(
    low=EARLIEST, high=LATEST, refuse=Refused,
    first=("held = ()", "crowded = False"),
    each={
        _structs.PeriodStruct: (
            "if {x}.end is not None and not {x}.start < {x}.end:", "    raise refuse"),
        _structs.GradeStruct: (
            "cert = {x}.certificate",
            "if cert is not None and not (CERT.fullmatch(cert)"
            " and cert[15] == {x}.level.code):",
            "    raise refuse",
            "if {x}.posts:",
            "    crowded = crowded or len({x}.posts) > 1 or {x}.level in held",
            "    held += ({x}.level,)"),
        _structs.ProfileStruct: (
            "if crowded and overlapping({x}.grades):", "    raise refuse"),
    },
    names={"CERT": _CERT, "overlapping": _overlapping})


def _checked(p: FastProfile) -> FastProfile:
    """``p`` if it passes what msgspec cannot check (:data:`_CHECKS`).

    Raises:
        Refused: a check fails (the model then names the problem).
    """
    _counters().checks(p)
    return p


def decode(blob: bytes | bytearray | memoryview | str) -> FastProfile:
    """The profile of a JSON document, by the fast path alone, read as baji reads JSON
    (:mod:`baji.io.strict_json`): a key repeated in an object is refused, not taken at
    its last value (:mod:`baji.profile.repeated`).

    Raises:
        Refused: the fast path does not take it (not JSON, not a valid profile, not in
            the canonical form, a repeated key, over the size limit): :func:`read_profile`
            then asks the model.
    """
    if len(blob) > MAX_BYTES:
        raise Refused
    decoded, keys = _READER or _reader()
    try:
        found = decoded(blob)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeError):
        raise Refused from None
    count = keys(found)  # and the checks across fields
    raw = blob if type(blob) is bytes else \
        blob.encode("utf-8") if isinstance(blob, str) else bytes(blob)
    colons = raw.count(b":")
    if colons != count and not _told_apart(raw, found, colons, count):
        raise Refused
    return found


def _told_apart(raw: bytes, found: FastProfile, colons: int, count: int) -> bool:
    """Whether the colons of ``raw`` that are not the keys :mod:`baji.profile.repeated`
    counts are colons of texts or the key ``employer`` (given empty, at its default): so
    that it surely repeats no key. An escaped colon (``\\u003a``) is a colon of a text
    but not of ``raw``: then ``raw`` is left to the model."""
    keys = count + _counters().text_colons(found)
    if found.employer == structs().no_employer and _EMPLOYER_KEY.search(raw) is not None:
        keys += 1  # a key "employer" at any depth is this one: no other object takes it
    return colons == keys and b"\\u003" not in raw


@cache
def _counters() -> Counters:
    """The counters of :func:`structs`' profile Struct (:mod:`baji.profile.repeated`),
    the key count checking :data:`_CHECKS` on its way."""
    return counters(structs().profile, _CHECKS)


@cache
def _reader() -> tuple[Callable[[Any], Any], Callable[[Any], int]]:
    """What :func:`decode` calls: the JSON decoder of the profile Struct, and the count
    of its keys (which checks it too); kept in :data:`_READER` once made."""
    global _READER
    _READER = structs().json.decode, _counters().keys
    return _READER


_READER: tuple[Callable[[Any], Any], Callable[[Any], int]] | None = None


#: A container's shape: ("model", the fields of it that hold containers), ("tuple", the
#: shape of its items or None), ("dict", None).
_Shape = tuple[str, Any]


def _containers() -> dict[str, _Shape]:
    """The fields of :class:`Profile` that hold containers, at any depth, by name: what
    :func:`_plain_containers` walks (generated from the models' own annotations into
    :mod:`baji.profile.structs`)."""
    shapes: dict[str, _Shape] = _structs.CONTAINERS
    return shapes


def _fits(value: object, shape: _Shape) -> bool:
    kind, inner = shape
    if kind == "model":
        return type(value) is dict and _plain_containers(value, inner)
    if kind == "tuple":
        return isinstance(value, (list, tuple)) and type(value) in (list, tuple) and (
            inner is None or all(_fits(item, inner) for item in value))
    return type(value) is dict


def _plain_containers(data: dict[str, Any], shapes: dict[str, _Shape]) -> bool:
    """Whether every container of ``data`` is a plain list, tuple or dict, as the model
    takes them: msgspec.convert also takes a set or a frozenset for a list, and any
    mapping for an object; the model does not."""
    for name, value in data.items():
        shape = shapes.get(name)
        if shape is not None and value is not None and not _fits(value, shape):
            return False
    return True


def convert(data: object) -> FastProfile:
    """The profile of a Python mapping (JSON-like values, or dates), by the fast path alone.

    Raises:
        Refused: as :func:`decode`.
    """
    if type(data) is not dict or not _plain_containers(data, _containers()):
        raise Refused
    try:
        found = _checked(msgspec.convert(data, structs().profile))
    except (msgspec.ValidationError, UnicodeError):  # a lone surrogate in a name
        raise Refused from None
    if not _texts_ok(found):
        raise Refused
    return found


@cache
def _defaults() -> dict[type[BaseModel], list[tuple[str, object]]]:
    """Per model, each field's name and default as a Struct holds it."""
    out: dict[type[BaseModel], list[tuple[str, object]]] = {}
    for struct, model in structs().model_of.items():
        out[model] = [(f.name, f.default_factory() if f.default_factory is not msgspec.NODEFAULT
                       else f.default) for f in msgspec.structs.fields(struct)]
    return out


def to_model(struct: FastProfile) -> Profile:
    """The :class:`Profile` a Struct of :func:`structs` stands for, built with pydantic's
    public ``model_construct`` (no validation again: the fast path has checked it).
    The fields that differ from their defaults count as set. A :class:`Profile` is
    returned as it is (a roster row holds one or the other)."""
    model_of = structs().model_of
    defaults = _defaults()

    def build(value: object) -> object:
        cls = model_of.get(type(value))  # type: ignore[arg-type]
        if cls is not None:
            given: dict[str, Any] = {}
            for name, default in defaults[cls]:
                item = getattr(value, name)
                if item != default:
                    given[name] = build(item)
            return cls.model_construct(**given)
        if type(value) is tuple:
            return tuple(build(v) for v in typing.cast(tuple[object, ...], value))
        return value

    from baji.profile.model import Profile

    made = build(struct)
    assert isinstance(made, Profile)
    return made


def read_profile(blob: bytes | bytearray | memoryview | str, *,
                 display: str = "<profile>") -> FastProfile | Profile:
    """One profile from a JSON document (UTF-8 bytes, or its text): the Struct of the
    fast path, or — when the fast path refuses it — what the model makes of it, read as
    ``POST /v1/evaluate`` reads a JSON body: a :class:`Profile` (a profile the model
    takes in another form, Chinese names say) or every problem, coded and located.

    Raises:
        ProfileError: the document is not UTF-8 (BAJI106), over the size limit
            (BAJI105), not strict JSON (BAJI203 and the codes of
            :mod:`baji.io.strict_json`), or not a valid profile (each problem with its
            JSON path, line and column in ``display``).
    """
    try:
        return decode(blob)
    except Refused:
        pass
    if isinstance(blob, str):
        text = blob
    else:
        decoded, problems = decode_text(bytes(blob), display)
        if decoded is None:
            raise ProfileError(problems)
        text = decoded
    from baji.io.strict_json import load_json_text, loads_json
    from baji.profile.model import parse_profile

    try:
        return parse_profile(loads_json(text, path=display))
    except ProfileError as first:
        value, positions = load_json_text(text, display)
        parse_profile(value, source=display, positions=positions)
        raise first from None  # pragma: no cover - the second reading fails too


def convert_profile(data: object) -> FastProfile | Profile:
    """One profile from a Python mapping: the Struct of the fast path, or — when the
    fast path refuses it — :func:`~baji.profile.model.parse_profile`'s profile (a
    profile in another form) or problems.

    Raises:
        ProfileError: as :func:`~baji.profile.model.parse_profile`.
    """
    try:
        return convert(data)
    except Refused:
        from baji.profile.model import parse_profile

        return parse_profile(data)
