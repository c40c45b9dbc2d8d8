"""The source of :mod:`baji.profile.structs`: a msgspec Struct per profile model,
generated from the pydantic models' field declarations (which stay the one declaration
of a profile) and checked in, so that the fast path of :mod:`baji.profile.fast` reads a
profile without importing pydantic.

Each field's type is what the canonical form of the model's type decodes to natively —
dates, levels, literals, the vocabulary's ids, tuples; unknown fields refused — and
anything else is refused by the Structs and read by the model. Regenerate with
``python -m baji.engine.ahead src/baji`` after changing a model or the vocabulary;
tests/test_ahead.py fails while the file checked in differs from :func:`source`.
"""

from __future__ import annotations

import datetime as dt
import pprint
import types
import typing
from typing import Literal

from pydantic import BaseModel

from baji.core.levels import Level
from baji.core.vocabulary import default_vocab
from baji.profile.field_types import (
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
from baji.profile.model import Profile

#: The Struct options: frozen, keyword-only, unknown fields refused, defaults left out
#: when written (the repeated-key check of :mod:`baji.profile.fast` counts on it), and
#: not tracked by the garbage collector (``gc=False``: a frozen Struct of values read
#: from a document can hold no reference cycle; decoding is ~5% faster, and a roster of
#: a million Structs adds nothing to the collector's scans).
_OPTIONS = ("kw_only=True, frozen=True,\n        forbid_unknown_fields=True, omit_defaults=True,"
            " gc=False")


def _natives() -> dict[object, str]:
    """The Struct type (as source) of each annotated type the models use."""
    vocab = default_vocab()

    def ids(kind: Literal["honour", "award", "title", "attestation", "contribution"]) -> str:
        return _literal(sorted(vocab.items[kind]))

    return {IsoDate: "dt.date", LevelName: "Level", str: "str", bool: "bool",
            RankName: f"{_literal(RANK_ORDER)} | None",
            HonourId: ids("honour"), AwardId: ids("award"), TitleId: ids("title"),
            AttestationId: ids("attestation"), ContributionId: ids("contribution")}


def _literal(values: typing.Iterable[object]) -> str:
    """``Literal[...]`` of ``values``, one a line when they are many (in a field's line)."""
    items = [repr(v) for v in values]
    if len(", ".join(items)) <= 60:
        return "Literal[" + ", ".join(items) + "]"
    return "Literal[\n" + "".join(f"        {item},\n" for item in items) + "    ]"


def _fields(model: type[BaseModel], of_type: typing.Callable[[object], str]) -> list[str]:
    hints = typing.get_type_hints(model, include_extras=True)
    lines = []
    for name, info in model.model_fields.items():
        own = list(getattr(hints[name], "__metadata__", ()))
        if list(info.metadata) != own or info.alias is not None \
                or info.validation_alias is not None:
            raise TypeError(f"{model.__name__}.{name}: constraints with no Struct type")
        tp = of_type(hints[name])
        if info.default_factory is not None:
            made = info.default_factory
            if isinstance(made, type) and issubclass(made, BaseModel):
                factory = made.__name__ + "Struct"
            elif made in (dict, tuple, list):
                factory = made.__name__
            else:
                raise TypeError(f"{model.__name__}.{name}: a default factory with no source")
            lines.append(f"    {name}: {tp} = msgspec.field(default_factory={factory})")
        elif info.is_required():
            lines.append(f"    {name}: {tp}")
        else:
            default = info.default
            if not (default is None or isinstance(default, (bool, int, str, tuple))):
                raise TypeError(f"{model.__name__}.{name}: a default with no source")
            lines.append(f"    {name}: {tp} = {default!r}")
    return lines


def _shape(tp: object) -> object:
    """A container's shape for :func:`baji.profile.fast._plain_containers`: ("model",
    its fields holding containers), ("tuple", its items' shape or None), ("dict", None);
    ``None`` for a field that holds no container."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "model", _containers(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        found = [s for a in args if (s := _shape(a)) is not None]
        return found[0] if found else None
    if origin is tuple:
        return "tuple", _shape(args[0])
    if origin is dict:
        return "dict", None
    return None


def _containers(model: type[BaseModel]) -> dict[str, object]:
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: found for name in model.model_fields
            if (found := _shape(hints[name])) is not None}


def source() -> str:
    """The text of :mod:`baji.profile.structs` for the models and vocabulary of now.

    Raises:
        TypeError: a field's annotation has no Struct type (a new kind of field needs one
            here, or the fast path would accept what the model refuses).
    """
    natives = _natives()
    classes: dict[type[BaseModel], str] = {}

    def of_type(tp: object) -> str:
        if tp in natives:  # Annotated aliases compare by their metadata
            return natives[tp]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            of_struct(tp)
            return tp.__name__ + "Struct"
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            return " | ".join("None" if a is type(None) else of_type(a) for a in args)
        if origin is Literal:
            return _literal(args)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return f"tuple[{of_type(args[0])}, ...]"
        if origin is dict:
            return f"dict[{of_type(args[0])}, {of_type(args[1])}]"
        raise TypeError(f"no Struct type for {tp!r}")

    def of_struct(model: type[BaseModel]) -> None:
        if model in classes:
            return
        lines = _fields(model, of_type)  # the Structs it holds come first
        doc = f'    """:class:`baji.profile.model.{model.__name__}`, as the fast path reads it."""'
        body = [f"class {model.__name__}Struct(\n        msgspec.Struct, {_OPTIONS}):", doc, "",
                *lines]
        if model is Profile:
            body += ["", "    grade_periods = grade_periods"]
        classes[model] = "\n".join(body)

    of_struct(Profile)
    head = [
        '"""The msgspec Structs of the profile models, for the fast path of',
        ":mod:`baji.profile.fast`. Generated from the models' fields by",
        ":mod:`baji.profile.struct_source` (``python -m baji.engine.ahead src/baji``): do not",
        'edit; tests/test_ahead.py fails when this file differs from what they give."""',
        "",
        "import datetime as dt",
        "from typing import Any, Literal",
        "",
        "import msgspec",
        "",
        "from baji.core.levels import Level",
        "from baji.core.tenure import grade_periods",
        "",
        "__all__ = " + pprint.pformat([m.__name__ + "Struct" for m in classes], width=90,
                                      compact=True),
    ]
    tail = ["#: The fields of ProfileStruct that hold containers, at any depth (see",
            "#: baji.profile.fast._plain_containers).",
            "CONTAINERS: dict[str, tuple[str, Any]] = "
            + pprint.pformat(_containers(Profile), width=95)]
    text = "\n".join(head) + "\n\n\n" + "\n\n\n".join(classes.values()) + "\n\n\n"
    return text + "\n".join(tail) + "\n"


__all__ = ["source"]

_ = (dt, Level)  # the generated source names them
