"""Whether JSON decoded by msgspec repeated a key: the fast path's check, by counting.

msgspec keeps the last value of a key repeated in an object; baji's JSON reader refuses
the document (BAJI103). So :func:`baji.profile.fast.decode` takes a document only when
this module shows that it repeats no key, and leaves any other to the model, which
names the repeated key with its JSON path, line and column.

The proof counts. Every key of the document is followed by a colon, so the document
holds at least as many colons as keys. Every field of the decoded Structs that differs
from its default was given, by a key of its own, and so was every entry of a dict: the
Structs hold no more such fields and entries (:func:`keys`) than the document has
distinct keys. When the colons of the document are exactly that many, its keys are all
distinct. A colon inside a text makes the document one colon longer: the texts' colons
are then counted too (:func:`text_colons`), and the two counts must still meet, in a
document with no ``\\u003`` escape (an escaped colon is a colon of the decoded text
but not of the document; such a document is left to the model). A document that gives
a field at its default (``"findings": null``, ``"employer": {}``) has a colon more than
the Structs count and goes to the model too: the same answer, more slowly.

Counting a field or an entry the document did not give could hide a repeated key, so
the counters are generated from the Structs' own fields and defaults (any field whose
default is not ``None`` is compared with it); counting fewer only sends a document to
the model.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import msgspec

__all__ = ["Counters", "counters"]

_Count = Callable[[Any], int]


class Counters(typing.NamedTuple):
    """The two counts of one profile Struct type."""

    #: The fields that differ from their defaults and the dicts' entries, at any depth.
    keys: _Count
    #: The colons inside the free texts (fields of type ``str``), at any depth.
    text_colons: _Count


def _parts(tp: object) -> tuple[str, Any]:
    """What a field of type ``tp`` holds: ("struct", its Struct), ("items", the Struct
    of a tuple's items), ("dict", None), ("text", None) or ("other", None)."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _parts(inner[0]) if len(inner) == 1 else ("other", None)
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
        return "dict", None
    return ("text", None) if tp is str else ("other", None)


def _empty(struct: type[msgspec.Struct]) -> object:
    """``struct()``, or ``None`` when it has a required field."""
    try:
        return struct()
    except TypeError:
        return None


def _flat(struct: type[msgspec.Struct]) -> int:
    """The number of fields of ``struct`` when each defaults to ``None`` and holds no
    Struct or dict (its key count is then its fields that are not ``None``), else 0."""
    fields = msgspec.structs.fields(struct)
    if all(f.default is None and _parts(f.type)[0] not in ("struct", "items", "dict")
           for f in fields):
        return len(fields)
    return 0


def _inline(struct: type[msgspec.Struct], glob: dict[str, Any], name: str) -> str | None:
    """The key count of an item ``x`` of type ``struct`` as one expression over its
    attributes, for a small Struct holding no other (no call for each item)."""
    fields = msgspec.structs.fields(struct)
    if len(fields) > 4:
        return None
    terms = []
    for i, f in enumerate(fields):
        if _parts(f.type)[0] in ("struct", "items", "dict"):
            return None
        default = f.default_factory() if f.default_factory is not msgspec.NODEFAULT \
            else f.default
        if default is msgspec.NODEFAULT:
            terms.append("1")
        elif default is None:
            terms.append(f"(x.{f.name} is not None)")
        else:
            glob[f"D{name}_{i}"] = default
            terms.append(f"(x.{f.name} != D{name}_{i})")
    return " + ".join(terms) or "0"


def counters(profile: type[msgspec.Struct]) -> Counters:
    """The counters of ``profile`` and the Structs it holds, generated from their fields."""
    names: dict[type[msgspec.Struct], str] = {}
    source: list[str] = []
    glob: dict[str, Any] = {"astuple": msgspec.structs.astuple}

    def emit(struct: type[msgspec.Struct]) -> str:
        if struct in names:
            return names[struct]
        name = names[struct] = f"_keys{len(names)}"
        fields = msgspec.structs.fields(struct)
        body = [f"def {name}(s):", "    t = astuple(s)",
                f"    n = {len(fields)} - t.count(None)"]
        texts = [f"def {name}_texts(s):", "    t = astuple(s)", "    n = 0"]
        for i, f in enumerate(fields):
            default = f.default_factory() if f.default_factory is not msgspec.NODEFAULT \
                else f.default
            kind, inner = _parts(f.type)
            # a Struct or a dict whose default is its empty self counts none of its own
            # exactly when it is at its default: then the field itself is not counted
            empty = default is not None and default is not msgspec.NODEFAULT and (
                (kind == "dict" and default == {})
                or (kind == "struct" and _empty(inner) == default))
            if default is not None and default is not msgspec.NODEFAULT and not empty:
                glob[f"D{name}_{i}"] = default
                body.append(f"    n -= t[{i}] == D{name}_{i}")
            if kind == "struct":
                child = emit(inner)
                flat = _flat(inner)
                count = f"{flat} - astuple(t[{i}]).count(None)" if flat else f"{child}(t[{i}])"
                body.append(f"    if t[{i}] is not None:\n        c = {count}\n"
                            f"        n += {'c - (not c)' if empty else 'c'}")
                texts.append(f"    if t[{i}] is not None:\n        n += {child}_texts(t[{i}])")
            elif kind == "items":
                child = emit(inner)
                small = _inline(inner, glob, child)
                body.append(f"    if t[{i}]:\n        for x in t[{i}]:\n"
                            f"            n += {small or f'{child}(x)'}")
                texts.append(f"    if t[{i}]:\n        for x in t[{i}]:\n"
                             f"            n += {child}_texts(x)")
            elif kind == "dict":
                body.append(f"    if t[{i}] is not None:\n        n += len(t[{i}])"
                            + (f" - (not t[{i}])" if empty else ""))
            elif kind == "text":
                texts.append(f"    if t[{i}]:\n        n += t[{i}].count(':')")
        source.extend([*body, "    return n", *texts, "    return n"])
        return name

    top = emit(profile)
    code = compile("\n".join(source) + "\n", f"<baji key counters of {profile.__name__}>",
                   "exec")
    exec(code, glob)  # noqa: S102 - generated from the Structs' own fields
    return Counters(glob[top], glob[f"{top}_texts"])
