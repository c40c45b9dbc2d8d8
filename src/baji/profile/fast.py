"""The one fast path for profiles: msgspec Structs generated from the model's fields.

:class:`~baji.profile.model.Profile` (pydantic) declares a profile and explains every
problem of a bad one, coded and located. Validating with it costs a Python call per
field, so the profiles that matter for speed (JSON bytes off a roster or a request, the
dicts a caller hands in) are read here first: :func:`structs` derives, from the same
field declarations, a msgspec Struct per model — dates, levels, literals, the
vocabulary's ids, tuples, unknown fields refused — which msgspec decodes JSON into (or
converts a dict into) in one native pass; the checks across fields then run once in
Python (:func:`_checked`). Nothing here explains a refusal: whatever the fast path
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

import datetime as dt
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

import msgspec
from pydantic import BaseModel

from baji.core.levels import Level
from baji.core.tenure import first_overlap
from baji.core.vocabulary import default_vocab
from baji.errors import ProfileError
from baji.io.bounded import MAX_BYTES
from baji.io.bounded import decode as decode_text
from baji.io.strict_json import load_json_text, loads_json
from baji.profile.field_types import (
    EARLIEST,
    LATEST,
    RANK_ORDER,
    AttestationId,
    AwardId,
    ContributionId,
    HonourId,
    IsoDate,
    LevelName,
    RankName,
    TitleId,
)
from baji.profile.model import Employer, Profile, grade_periods, parse_profile
from baji.profile.repeated import Counters, counters

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


class _Schema(typing.NamedTuple):
    """The generated Structs: the profile's, by model, and the model of each."""

    profile: type[msgspec.Struct]
    of_model: dict[type[BaseModel], type[msgspec.Struct]]
    model_of: dict[type[msgspec.Struct], type[BaseModel]]
    json: msgspec.json.Decoder[Any]
    #: The employer of a profile that gives none (its default).
    no_employer: Any


def _natives() -> dict[object, object]:
    """The Struct type of each annotated type the models use: what the canonical form of
    it decodes to, natively (anything else is refused, and the model reads it)."""
    vocab = default_vocab()

    def ids(kind: Literal["honour", "award", "title", "attestation", "contribution"]
            ) -> object:
        return Literal[tuple(sorted(vocab.items[kind]))]

    return {IsoDate: dt.date, LevelName: Level, str: str, bool: bool,
            RankName: Literal[tuple(RANK_ORDER)] | None,
            HonourId: ids("honour"), AwardId: ids("award"), TitleId: ids("title"),
            AttestationId: ids("attestation"), ContributionId: ids("contribution")}


def __getattr__(name: str) -> type[msgspec.Struct]:
    """The generated Structs by name (``ProfileStruct``, ``GradeStruct``...), so that
    pickle finds them (a roster row goes to a worker process with its Struct). Any other
    name is missing without building them (the import system asks for ``__path__``)."""
    if name.startswith("_") or not name.endswith("Struct"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for struct in structs().model_of:
        if struct.__name__ == name:
            return struct
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def structs() -> _Schema:
    """The Structs of :class:`Profile` and every model it holds, generated from their
    field declarations (built on first use: the vocabulary gives the ids).

    Raises:
        TypeError: a field's annotation has no Struct type (a new kind of field needs
            one here, or the fast path would accept what the model refuses).
    """
    natives = _natives()
    of_model: dict[type[BaseModel], type[msgspec.Struct]] = {}

    def of_type(tp: object) -> object:
        if tp in natives:  # Annotated aliases compare by their metadata
            return natives[tp]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return of_struct(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return typing.Union[tuple(of_type(a) if a is not type(None) else a
                                      for a in args)]
        if origin is Literal:
            return tp
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple[of_type(args[0]), ...]  # type: ignore[misc]
        if origin is dict:
            return dict[of_type(args[0]), of_type(args[1])]  # type: ignore[misc]
        raise TypeError(f"no Struct type for {tp!r}")

    def of_struct(model: type[BaseModel]) -> type[msgspec.Struct]:
        if model not in of_model:
            hints = typing.get_type_hints(model, include_extras=True)
            fields: list[tuple[str, object, object]] = []
            for name, info in model.model_fields.items():
                own = list(getattr(hints[name], "__metadata__", ()))
                if list(info.metadata) != own or info.alias is not None \
                        or info.validation_alias is not None:
                    raise TypeError(f"{model.__name__}.{name}: constraints with no Struct type")
                tp = of_type(hints[name])
                if info.default_factory is not None:
                    made = info.default_factory
                    factory: Callable[[], Any] = (
                        of_model[made] if isinstance(made, type) and made in of_model
                        else typing.cast(Callable[[], Any], made))
                    fields.append((name, tp, msgspec.field(default_factory=factory)))
                elif info.is_required():
                    fields.append((name, tp, msgspec.NODEFAULT))
                else:
                    fields.append((name, tp, info.default))
            namespace = {"grade_periods": grade_periods} if model is Profile else {}
            given = [f if f[2] is not msgspec.NODEFAULT else f[:2] for f in fields]
            of_model[model] = msgspec.defstruct(
                model.__name__ + "Struct", given,
                namespace=namespace, kw_only=True, frozen=True, forbid_unknown_fields=True,
                omit_defaults=True, module=__name__)
        return of_model[model]

    profile = of_struct(Profile)
    return _Schema(profile, of_model, {s: m for m, s in of_model.items()},
                   msgspec.json.Decoder(profile), of_model[Employer]())


def _texts_ok(p: FastProfile) -> bool:
    """Whether no free text of ``p`` holds a lone surrogate (a Python str may; msgspec
    refuses one in JSON, so only a dict's profile is checked)."""
    texts = [p.id, p.name, p.occupation]
    texts += [grade.occupation for grade in p.grades or ()]
    return all(text is None or text.isascii() or _SURROGATE.search(text) is None
               for text in texts)


def _checked(p: FastProfile) -> FastProfile:
    """``p`` if it passes what msgspec cannot check: each date within EARLIEST..LATEST
    (msgspec reads any from year 1), and the checks across fields of the models (a
    period ends after it starts, a certificate number fits its level, no two periods of
    a level overlap). Written out flat: it runs for every profile.

    Raises:
        Refused: any of these fails (the model then names the problem).
    """
    low, high = EARLIEST, LATEST
    grades = p.grades
    if grades:
        held: set[Level] = set()
        crowded = False  # some level has two periods or more: they might overlap
        for grade in grades:
            cert = grade.certificate
            if cert is not None and not (_CERT.fullmatch(cert) and cert[15] == grade.level.code):
                raise Refused
            day = grade.certified_on
            if day is not None and not low <= day <= high:
                raise Refused
            posts = grade.posts
            if posts:
                for period in posts:
                    start, end = period.start, period.end
                    if not low <= start <= high or (end is not None and not start < end <= high):
                        raise Refused
                level = grade.level
                crowded = crowded or len(posts) > 1 or level in held
                held.add(level)
        if crowded:  # all the periods of a level, of every grade of it with posts given
            by_level: dict[Level, list[Any]] = {}
            for grade in grades:
                if grade.posts:
                    by_level.setdefault(grade.level, []).extend(grade.posts)
            for periods in by_level.values():
                if first_overlap(periods) is not None:
                    raise Refused
    if p.honours or p.awards or p.titles or p.recommendations:  # mostly none
        for items in (p.honours, p.awards, p.titles, p.recommendations):
            for item in items or ():
                day = item.date
                if day is not None and not low <= day <= high:
                    raise Refused
    if p.findings:
        for finding in p.findings:
            day = finding.restricted_until
            if not low <= finding.date <= high or (day is not None and not low <= day <= high):
                raise Refused
    day = p.employer.self_assessment_since
    if day is not None and not low <= day <= high:
        raise Refused
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
    decoded, keys = _reader()
    try:
        found = decoded(blob)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeError):
        raise Refused from None
    _checked(found)
    raw = blob if type(blob) is bytes else \
        blob.encode("utf-8") if isinstance(blob, str) else bytes(blob)
    colons = raw.count(b":")
    if colons != keys(found) and not _told_apart(raw, found, colons):
        raise Refused
    return found


def _told_apart(raw: bytes, found: FastProfile, colons: int) -> bool:
    """Whether the colons of ``raw`` that are not the keys :mod:`baji.profile.repeated`
    counts are colons of texts or the key ``employer`` (given empty, at its default): so
    that it surely repeats no key. An escaped colon (``\\u003a``) is a colon of a text
    but not of ``raw``: then ``raw`` is left to the model."""
    count = _counters()
    keys = count.keys(found) + count.text_colons(found)
    if found.employer == structs().no_employer and _EMPLOYER_KEY.search(raw) is not None:
        keys += 1  # a key "employer" at any depth is this one: no other object takes it
    return colons == keys and b"\\u003" not in raw


@cache
def _counters() -> Counters:
    """The counters of :func:`structs`' profile Struct (:mod:`baji.profile.repeated`)."""
    return counters(structs().profile)


@cache
def _reader() -> tuple[Callable[[Any], Any], Callable[[Any], int]]:
    """What :func:`decode` calls: the JSON decoder of the profile Struct, and the count
    of its keys."""
    return structs().json.decode, _counters().keys


#: A container's shape: ("model", the fields of it that hold containers), ("tuple", the
#: shape of its items or None), ("dict", None).
_Shape = tuple[str, Any]


@cache
def _containers() -> dict[str, _Shape]:
    """The fields of :class:`Profile` that hold containers, at any depth, by name: what
    :func:`_plain_containers` walks (from the models' own annotations)."""
    def shape(tp: object) -> _Shape | None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return "model", fields(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            found = [s for a in args if (s := shape(a)) is not None]
            return found[0] if found else None
        if origin is tuple:
            return "tuple", shape(args[0])
        if origin is dict:
            return "dict", None
        return None

    def fields(model: type[BaseModel]) -> dict[str, _Shape]:
        hints = typing.get_type_hints(model, include_extras=True)
        return {name: found for name in model.model_fields
                if (found := shape(hints[name])) is not None}

    return fields(Profile)


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
        return parse_profile(data)
