"""Pydantic validation errors as baji problems: coded, located, readable.

The input models (:mod:`baji.pack`, :mod:`baji.profile`, :mod:`baji.core.vocabulary`) are pydantic
models. Their validators raise :func:`invalid` errors, which carry a catalogue code and
its parameters; pydantic's own errors (wrong type, unknown field, out of range...) are
mapped to codes ``BAJI010``-``BAJI019`` here. :func:`pydantic_problems` turns the lot into
:class:`~baji.errors.Problem` items with the JSON path of the field and, for files, its
line and column. The alternatives of a union (``honour: id | [ids]``) give one problem,
not one a branch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from baji.errors import Problem, from_params, suggest
from baji.errors.catalogue import CATALOGUE
from baji.io.positions import Key, Positions, json_pointer

#: What a type error expected, in English and Chinese, by pydantic error type.
_EXPECTED: dict[str, tuple[str, str]] = {
    "bool_type": ("true or false", "true 或 false"),
    "int_type": ("a whole number", "整数"),
    "int_parsing": ("a whole number", "整数"),
    "float_type": ("a number", "数字"),
    "string_type": ("a text", "文本"),
    "tuple_type": ("a list", "列表"),
    "list_type": ("a list", "列表"),
    "dict_type": ("a mapping", "映射"),
    "model_type": ("a mapping", "映射"),
    "model_attributes_type": ("a mapping", "映射"),
    "date_type": ("a date as YYYY-MM-DD", "YYYY-MM-DD 格式的日期"),
    "is_instance_of": ("a level name", "等级名称"),
}
_PYDANTIC_TAG = re.compile(r"[\[\]\-()]|^(str|int|float|bool|date|tuple|list|dict|none)$|^[A-Z]")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def invalid(code: str, *, at: Key = (), **params: object) -> PydanticCustomError:
    """The error a model validator raises for catalogue ``code``.

    Args:
        code: the catalogue code (``BAJI230``).
        at: where below the validated model the problem lies (a model-level check
            pointing at ``("grades", 0, "posts", 1)``).
        params: the parameters of the code's templates.
    """
    found = from_params(code, params)
    return PydanticCustomError(code, found.message,
                               {"baji_params": found.params, "baji_at": tuple(at)})


def shown(value: object) -> tuple[str, str]:
    """A short rendering of an input value, in English and Chinese: ``'x'``, ``5``,
    ``true``, ``null``, ``a list``."""
    if isinstance(value, dict):
        return "a mapping", "映射"
    if isinstance(value, (list, tuple)):
        return "a list", "列表"
    if value is None:
        return "null", "null"
    if isinstance(value, bool):
        return str(value).lower(), str(value).lower()
    if isinstance(value, (int, float, dt.date)):
        try:
            return str(value), str(value)
        except ValueError:  # an int of more digits than Python will print (4,300)
            return "a number too long to show", "过长的数字"
    text = repr(value)
    text = text if len(text) <= 60 else text[:59] + "…"
    return text, text


def pydantic_problems(exc: ValidationError, positions: Positions | None, *,
                      model: Shape | None = None, data: object = None
                      ) -> list[Problem]:
    """Turn pydantic errors into located problems (packs, vocabulary and profiles).

    Args:
        exc: the validation error.
        positions: where each value of the input stands in its file, or ``None``.
        model: the model validated (for the allowed keys of an unknown field).
        data: the input validated (tells field names from pydantic's branch tags).
    """
    grouped: dict[tuple[Key, bool], list[dict[str, Any]]] = {}
    for err in exc.errors(include_url=False):
        loc, at_key = _clean(err, data)
        grouped.setdefault((loc, at_key), []).append(dict(err))
    out: list[Problem] = []
    for (loc, at_key), errs in grouped.items():
        code, params = _describe(errs, loc, model)
        pointer = json_pointer(loc)
        if positions is not None:
            line, col = positions.locate(loc, prefer_key=code == "BAJI010" or at_key)
            out.append(from_params(code, params, path=positions.path, line=line, column=col,
                                   pointer=pointer))
        else:
            out.append(from_params(code, params, pointer=pointer))
    if positions is not None:  # in the order of the file, as a reader meets them
        out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


def _clean(err: Any, data: object) -> tuple[Key, bool]:
    """The location of ``err`` in the input, without pydantic's union-branch tags."""
    raw = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    at_key = "[key]" in raw
    out: list[str | int] = []
    node: object = data
    walking = data is not None
    for i, part in enumerate(raw):
        if part == "[key]":
            continue
        if walking:
            if isinstance(node, dict) and part in node:
                out.append(part)
                node = node[part]
                continue
            if isinstance(node, (list, tuple)) and isinstance(part, int) and \
                    0 <= part < len(node):
                out.append(part)
                node = node[part]
                continue
            walking = False
        if isinstance(part, int):
            out.append(part)
        elif not _PYDANTIC_TAG.search(part) or (i == len(raw) - 1 and
                                                 err["type"] == "missing"):
            out.append(part)
    out.extend(ctx.get("baji_at", ()))
    return tuple(out), at_key


def _describe(errs: list[dict[str, Any]], loc: Key,
              model: Shape | None) -> tuple[str, dict[str, object]]:
    # One location, several errors: the branches of a union. A specific complaint
    # (an unknown name in the id branch) beats "wrong type" from the other branches.
    specific = [e for e in errs if e["type"] not in _EXPECTED]
    if not specific:
        got, got_zh = shown(errs[0].get("input"))
        kinds = list(dict.fromkeys(_EXPECTED[e["type"]] for e in errs))
        return "BAJI012", {"expected": " or ".join(k[0] for k in kinds),
                           "expected_zh": "或".join(k[1] for k in kinds),
                           "got": got, "got_zh": got_zh}
    err = specific[0]
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in CATALOGUE:
        return kind, dict(ctx.get("baji_params", ()))
    if kind in ("extra_forbidden", "unexpected_keyword_argument"):  # a model, a dataclass
        name = str(loc[-1]) if loc else "?"
        allowed = _allowed_keys(model, loc[:-1]) if model is not None else []
        if sorted(allowed) == ["en", "zh"]:
            return "BAJI010", {"field": name, "hint": "quote_text"}
        hint: dict[str, object] = dict(suggest(name, allowed)) if allowed else {}
        if not hint or hint.get("hint") == "known":
            hint = {"hint": "allowed", "known": tuple(allowed)} if allowed else \
                {"hint": "spelling"}
        return "BAJI010", {"field": name, **hint}
    if kind == "missing":
        return "BAJI011", {"field": str(loc[-1]) if loc else "?"}
    if kind in ("literal_error", "enum"):
        options = _QUOTED.findall(str(ctx.get("expected", "")))
        hint = dict(suggest(value, options)) if isinstance(value, str) else {}
        if hint.get("hint") == "known":
            hint = {}
        return "BAJI014", {"value": _scalar(value),
                           "allowed": tuple(repr(o) for o in options), **hint}
    if kind == "greater_than_equal":
        return "BAJI013", {"limit": ctx.get("ge"), "value": _scalar(value)}
    if kind == "less_than_equal":
        return "BAJI018", {"limit": ctx.get("le"), "value": _scalar(value)}
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return "BAJI015", {"value": _scalar(value),
                           "hint": "id_chars" if "A-Z" in pattern else "pack_id_chars"}
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "BAJI016", {}
    if kind == "too_long" and "max_length" in ctx:
        return "BAJI017", {"value": _scalar(value), "limit": ctx["max_length"]}
    msg = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    got = shown(value)[0]
    detail = msg if isinstance(value, (dict, list, tuple)) or got in msg else f"{msg}, got {got}"
    return "BAJI019", {"detail": detail}


def _scalar(value: object) -> object:
    """A value fit for a ``!r`` field: scalars as they are, containers shortened."""
    if isinstance(value, (dict, list, tuple)):
        return shown(value)[0]
    if isinstance(value, str) and len(value) > 60:
        return value[:59] + "…"
    return value


#: A class whose fields pydantic validates: a model, or a dataclass (baji's results).
Shape = type


def _fields(shape: Shape) -> list[tuple[str, str | None, object]]:
    """Name, alias and annotation of each field of a pydantic model or a dataclass."""
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return [(name, info.alias, info.annotation) for name, info in shape.model_fields.items()]
    if not dataclasses.is_dataclass(shape):
        return []
    hints = typing.get_type_hints(shape)
    return [(f.name, None, hints.get(f.name)) for f in dataclasses.fields(shape)]


def _allowed_keys(model: Shape, loc: Key) -> list[str]:
    """The field names (aliases) a mapping at ``loc`` under ``model`` accepts."""

    def models_in(tp: object) -> list[Shape]:
        if isinstance(tp, type) and (issubclass(tp, BaseModel) or dataclasses.is_dataclass(tp)):
            return [tp]
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return models_in(typing.get_args(tp)[0])
        if origin in (typing.Union, types.UnionType, tuple, list, dict):
            found: list[Shape] = []
            for arg in typing.get_args(tp):
                if arg is not Ellipsis:
                    found.extend(models_in(arg))
            return found
        return []

    current: list[Shape] = [model]
    for part in loc:
        if isinstance(part, int) or not current:
            continue
        nxt: list[Shape] = []
        for m in current:
            for name, alias, annotation in _fields(m):
                if part in (name, alias):
                    nxt.extend(models_in(annotation))
        if nxt:
            current = nxt
        # a dict key (level id, set id) keeps the value models of the dict
    names: list[str] = []
    for m in current[:1]:
        names = [alias or name for name, alias, _ in _fields(m)]
    return names
