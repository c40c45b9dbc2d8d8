"""Strict JSON reading for profiles and rosters: what :func:`json.loads` lets through
and baji does not.

Python's :mod:`json` keeps the last of two equal keys (silently losing a value), reads
``NaN`` and ``Infinity`` (which JSON does not have), and recurses once per nesting level
(so ten thousand ``[`` raise ``RecursionError``). :func:`loads_json` refuses all three
with coded problems. :func:`load_json_text` also locates values by line and column, by
reading the text a second time as YAML (a superset of JSON) when that succeeds.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from baji.errors import Problem, ProfileError, problem
from baji.io.positions import Key, Positions, json_pointer
from baji.io.yaml_reader import MAX_DEPTH, load_yaml_text


class _Duplicate(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Constant(str):
    """``NaN``, ``Infinity`` or ``-Infinity`` as read by :mod:`json`, to be refused."""


class _BigInteger(str):
    """An integer of more than :data:`MAX_INT_DIGITS` digits, to be refused (Python
    raises a bare ``ValueError`` converting it)."""


#: The most digits a JSON integer may have: Python's own default limit on converting
#: text to ``int`` (``sys.get_int_max_str_digits``), here whatever the process sets.
MAX_INT_DIGITS = 4300


def _integer(text: str) -> int | _BigInteger:
    if len(text) - text.startswith("-") > MAX_INT_DIGITS:
        return _BigInteger(text)
    return int(text)


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def loads_json(text: str, *, path: str | None = None) -> Any:
    """Parse JSON ``text``, refusing duplicate keys, ``NaN``/``Infinity``, integers of
    more than :data:`MAX_INT_DIGITS` digits and nesting deeper than
    :data:`baji.io.yaml_reader.MAX_DEPTH`.

    Args:
        text: the JSON text (one document).
        path: the file to name in problems, if any.

    Raises:
        ProfileError: BAJI203 (syntax, with JSON's line and column), BAJI118 (a
            duplicate key), BAJI204 (``NaN``, with the JSON path), BAJI205 (an integer of too many digits,
            with the JSON path), BAJI114 (nesting).
    """
    too_deep = _too_deep(text)
    if too_deep is not None:
        before = text[:too_deep]
        raise ProfileError([problem(
            "BAJI114", path=path, line=before.count("\n") + 1,
            column=too_deep - (before.rfind("\n") + 1) + 1, limit=MAX_DEPTH)])
    seen: list[str] = []  # the tree is searched for the constant only if one was read

    def constant(name: str) -> _Constant:
        seen.append(name)
        return _Constant(name)

    def integer(digits: str) -> int | _BigInteger:
        number = _integer(digits)
        if isinstance(number, _BigInteger):
            seen.append(digits)
        return number

    try:
        value = json.loads(text, object_pairs_hook=_object, parse_constant=constant,
                           parse_int=integer)
    except json.JSONDecodeError as exc:
        raise ProfileError([problem("BAJI203", path=path, line=exc.lineno, column=exc.colno,
                                    detail=exc.msg)]) from None
    except _Duplicate as exc:
        raise ProfileError([problem("BAJI118", path=path, name=exc.name)]) from None
    at = _constant(value) if seen else None
    if at is not None:
        found = _get(value, at)
        if isinstance(found, _BigInteger):
            raise ProfileError([problem(
                "BAJI205", path=path, pointer=json_pointer(at),
                digits=len(found) - found.startswith("-"), limit=MAX_INT_DIGITS)])
        raise ProfileError([problem("BAJI204", path=path, pointer=json_pointer(at),
                                    value=str(found))])
    return value


def load_json_text(text: str, path: str) -> tuple[Any, Positions]:
    """Parse a JSON file's text with :func:`loads_json`, and locate its values.

    Raises:
        ProfileError: as :func:`loads_json`, located at a line and column when the YAML
            reading of the text can place the problem.
    """
    yaml_value, positions, yaml_problems = load_yaml_text(text, path)
    located = {p.code: p for p in yaml_problems}
    trusted = not yaml_problems
    try:
        value = loads_json(text, path=path)
    except ProfileError as exc:
        raise ProfileError([_placed(p, located, positions if trusted else None)
                            for p in exc.problems]) from None
    if not trusted or yaml_value != value:
        positions = Positions(path)  # positions we cannot trust are worse than none
    return value, positions


def _placed(found: Problem, located: dict[str, Problem], positions: Positions | None
            ) -> Problem:
    """``found`` with the line and column the YAML reading gives it, when it can."""
    if found.line is not None:
        return found
    same = {"BAJI118": "BAJI103"}.get(found.code)
    if same is not None and same in located:
        return located[same]
    if found.code == "BAJI205" and "BAJI112" in located:  # YAML cannot read it either
        return replace(found, line=located["BAJI112"].line,
                       column=located["BAJI112"].column)
    if found.code in ("BAJI204", "BAJI205") and positions is not None and found.pointer:
        key = pointer_key(found.pointer)
        line, col = positions.locate(key)
        return problem(found.code, path=found.path, line=line, column=col,
                       pointer=found.pointer, **dict(found.params))
    return found


def pointer_key(pointer: str) -> Key:
    """``$.grades[0].level`` -> ``("grades", 0, "level")`` (keys without dots)."""
    out: list[str | int] = []
    for part in pointer[1:].replace("[", ".[").split("."):
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            out.append(int(part[1:-1]))
        elif part:
            out.append(part)
    return tuple(out)


def _constant(value: Any) -> Key | None:
    stack: list[tuple[Key, Any]] = [((), value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, (_Constant, _BigInteger)):
            return where
        if isinstance(item, dict):
            stack.extend((where + (k,), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((where + (i,), v) for i, v in enumerate(item))
    return None


def _get(value: Any, at: Key) -> Any:
    for part in at:
        value = value[part]
    return value


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket outside strings that opens a level deeper than
    :data:`MAX_DEPTH` (``json`` recurses per level), or ``None``."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    in_string = escaped = False
    for at, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return at
        elif ch in "]}":
            depth -= 1
    return None
