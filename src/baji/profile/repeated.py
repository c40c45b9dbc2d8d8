"""Whether JSON decoded by msgspec repeated a key, counted on the walk that checks it.

msgspec keeps the last value of a key repeated in an object; baji's JSON reader refuses
the document (BAJI103). So :func:`baji.profile.fast.decode` takes a document only when
this module shows that it repeats no key, and leaves any other to the model, which
names the repeated key with its JSON path, line and column.

The proof counts. Every key of the document is followed by a colon, so the document
holds at least as many colons as keys. Every field of the decoded Structs that differs
from its default was given, by a key of its own, and so was every entry of a dict: the
Structs hold no more such fields and entries (:attr:`Counters.keys`) than the document
has distinct keys. When the colons of the document are exactly that many, its keys are
all distinct. A colon inside a text makes the document one colon longer: the texts'
colons are then counted too (:attr:`Counters.text_colons`), and the two counts must
still meet, in a document with no ``\\u003`` escape (an escaped colon is a colon of the
decoded text but not of the document; such a document is left to the model). A
document that gives a field at its default (``"findings": null``, ``"employer": {}``)
has a colon more than the Structs count and goes to the model too: the same answer,
more slowly.

Counting a field or an entry the document did not give could hide a repeated key, so
the counters are generated from the Structs' own fields and defaults (any field whose
default is not ``None`` is compared with it); counting fewer only sends a document to
the model.

The count visits every Struct of a profile, and so do the fast path's checks across
fields (:class:`Checks`): they run on the same walk, in one generated function with no
call per item. Every date field, at any depth, is checked to lie within the range the
models take; the checks particular to a Struct are statements given by the caller.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

__all__ = ["Checks", "Counters", "counters"]

_Count = Callable[[Any], int]


class Counters(typing.NamedTuple):
    """The two counts of one profile Struct type."""

    #: The fields that differ from their defaults and the dicts' entries, at any depth;
    #: raises :attr:`Checks.refuse` on the way when a check fails.
    keys: _Count
    #: The colons inside the free texts (fields of type ``str``), at any depth.
    text_colons: _Count
    #: The same walk as :attr:`keys` checking alone, counting nothing (returns 0).
    checks: _Count


class Checks(typing.NamedTuple):
    """What the key count checks on its walk.

    The statements are Python source, one per line, run with ``{x}`` standing for the
    Struct at hand; they raise ``refuse`` to refuse the profile and may read ``names``.
    """

    #: Every date field must lie within ``low..high``.
    low: dt.date
    high: dt.date
    #: The exception a failed check raises.
    refuse: type[Exception]
    #: Run first, on the profile (to set up what the others gather).
    first: tuple[str, ...] = ()
    #: Per Struct type, run on each Struct of it once its own Structs are walked.
    each: Mapping[type, tuple[str, ...]] = {}
    #: The globals the statements read.
    names: Mapping[str, object] = {}


def _parts(tp: object) -> tuple[str, Any]:
    """What a field of type ``tp`` holds: ("struct", its Struct), ("items", the Struct
    of a tuple's items), ("dict", None), ("text", None), ("date", None) or ("other",
    None)."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _parts(inner[0]) if len(inner) == 1 else _scalar(tp)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return "struct", tp
    if typing.get_origin(tp) is tuple and args and isinstance(args[0], type) \
            and issubclass(args[0], msgspec.Struct):
        return "items", args[0]
    if typing.get_origin(tp) is dict:
        value = args[1] if len(args) == 2 else None
        if typing.get_origin(value) is not None or (
                isinstance(value, type) and issubclass(value, (msgspec.Struct, dict))):
            raise TypeError(f"no key count for a dict of {value!r}")
        _scalar(value)
        return "dict", None
    if tp is dt.date:
        return "date", None
    return ("text", None) if tp is str else _scalar(tp)


def _scalar(tp: object) -> tuple[str, Any]:
    """("other", None) for a type that holds no Struct and no date at any depth."""
    if tp is dt.date or isinstance(tp, type) and issubclass(tp, (dt.date, msgspec.Struct)):
        raise TypeError(f"no key count and no check for {tp!r} there")
    for arg in typing.get_args(tp):
        if not isinstance(arg, (str, int, bool)) and arg is not Ellipsis:
            _scalar(arg)
    return "other", None


def _default(field: msgspec.structs.FieldInfo) -> object:
    return field.default_factory() if field.default_factory is not msgspec.NODEFAULT \
        else field.default


def _empty(struct: type[msgspec.Struct]) -> object:
    """``struct()``, or ``None`` when it has a required field."""
    try:
        return struct()
    except TypeError:
        return None


def _walk(struct: type[msgspec.Struct], at: str, depth: int, pad: str, out: list[str],
          glob: dict[str, Any], checks: Checks, count: bool = True) -> None:
    """Statements that add to ``n`` the key count of the Struct ``at`` (of type
    ``struct``), checking it on the way, its Structs inline (checking alone, when not
    ``count``)."""
    if depth > 8:
        raise TypeError(f"{struct.__name__}: Structs nested deeper than 8 (one holding "
                        "itself?): no key count")
    fields = msgspec.structs.fields(struct)
    t = f"t{depth}"
    out.append(f"{pad}{t} = astuple({at})")
    if count:
        out.append(f"{pad}n += {len(fields)} - {t}.count(None)")
    for i, f in enumerate(fields):
        value, default = f"{t}[{i}]", _default(f)
        kind, inner = _parts(f.type)
        given = default is not None and default is not msgspec.NODEFAULT
        # a Struct or a dict whose default is its empty self counts none of its own
        # exactly when it is at its default: then the field itself is not counted
        empty = given and ((kind == "dict" and default == {})
                           or (kind == "struct" and _empty(inner) == default))
        if given and not empty:
            if kind in ("struct", "items", "dict"):
                raise TypeError(f"{struct.__name__}.{f.name}: no key count for a default "
                                "that holds keys")
            glob[f"D{depth}_{struct.__name__}_{i}"] = default
            if count:
                out.append(f"{pad}n -= {value} == D{depth}_{struct.__name__}_{i}")
        if kind == "date":
            test = f"not low <= {value} <= high"
            if default is not msgspec.NODEFAULT:
                test = f"{value} is not None and {test}"
            out.append(f"{pad}if {test}:\n{pad}    raise refuse")
        elif kind == "struct":
            child = f"s{depth + 1}"
            out += [f"{pad}if {value} is not None:", f"{pad}    {child} = {value}"]
            if empty and count:
                out.append(f"{pad}    m{depth} = n")
            _walk(inner, child, depth + 1, pad + "    ", out, glob, checks, count)
            if empty and count:
                out.append(f"{pad}    n -= n == m{depth}")
        elif kind == "items":
            child = f"s{depth + 1}"
            out += [f"{pad}if {value}:", f"{pad}    for {child} in {value}:"]
            _walk(inner, child, depth + 1, pad + "        ", out, glob, checks, count)
        elif kind == "dict" and count:
            out.append(f"{pad}if {value} is not None:\n{pad}    n += len({value})"
                       + (f" - (not {value})" if empty else ""))
    for line in checks.each.get(struct, ()):
        out.append(pad + line.format(x=at))


def _texts(struct: type[msgspec.Struct], names: dict[type, str | None],
           source: list[str]) -> str | None:
    """The name of the generated function counting the colons in the texts of a
    ``struct`` (and of the functions it calls, added to ``source``); ``None`` when it
    holds no text at any depth."""
    if struct in names:
        return names[struct]
    names[struct] = None  # while its own is made: a Struct holding itself counts fewer
    # (which only sends a document to the model)
    body = []
    for i, f in enumerate(msgspec.structs.fields(struct)):
        kind, inner = _parts(f.type)
        call = _texts(inner, names, source) if kind in ("struct", "items") else None
        if kind == "struct" and call:
            body.append(f"    if t[{i}] is not None:\n        n += {call}(t[{i}])")
        elif kind == "items" and call:
            body.append(f"    if t[{i}]:\n        for x in t[{i}]:\n"
                        f"            n += {call}(x)")
        elif kind == "text":
            body.append(f"    if t[{i}]:\n        n += t[{i}].count(':')")
    if not body:
        return None
    name = names[struct] = f"_texts{len(source)}"
    source.extend([f"def {name}(s):", "    t = astuple(s)", "    n = 0", *body, "    return n"])
    return name


def counters(profile: type[msgspec.Struct], checks: Checks) -> Counters:
    """The counters of ``profile`` and the Structs it holds, generated from their
    fields; the key count runs ``checks`` on its way."""
    glob: dict[str, Any] = {**checks.names, "astuple": msgspec.structs.astuple,
                            "low": checks.low, "high": checks.high, "refuse": checks.refuse}
    first = ["    n = 0", *("    " + line.format(x="s0") for line in checks.first)]
    source = ["def keys(s0):", *first]
    _walk(profile, "s0", 0, "    ", source, glob, checks)
    source += ["    return n", "def checks(s0):", *first]
    _walk(profile, "s0", 0, "    ", source, glob, checks, count=False)
    source.append("    return n")
    top = _texts(profile, {}, source)
    if top is None:
        source.append("def no_texts(s):\n    return 0")
    code = compile("\n".join(source) + "\n", f"<baji key counters of {profile.__name__}>",
                   "exec")
    exec(code, glob)  # noqa: S102 - generated from the Structs' own fields
    return Counters(glob["keys"], glob[top or "no_texts"], glob["checks"])
