"""Writing the programs of the bundled packs ahead (:mod:`baji.engine.ahead`), and the
profile's Structs (:mod:`baji.profile.struct_source`): ``python -m baji.engine.ahead
src/baji``.

A pack's module holds the source of the functions :class:`~baji.engine.program.Program`
generates for its answers (each level's values, each path rule's date), exactly as
generated, with the globals they name written as Python: the leaf functions imported
from :mod:`baji.operators.values`, the constants (sets of ids, levels, the award table)
as literals. A function the generator did not produce as source (a fallback closure for
a network too large to write out), or a global that cannot be written, is an error here:
that pack then has no module, and is compiled at its first use.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.engine.ahead import digest, module_name
from baji.engine.codegen import NA_DATE, Namespace
from baji.engine.program import Program
from baji.operators import values as leaf_values
from baji.pack.bundled import bundled_pack_ids, bundled_versions
from baji.profile import struct_source

__all__ = ["Unwritable", "outputs", "pack_source", "write"]


class Unwritable(Exception):
    """A pack's program has a part that cannot be written as source."""


class _Recording(Namespace):
    """A namespace that keeps the source of every function it compiles."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__(vocab)
        self.sources: dict[Callable[..., Any], tuple[str, str]] = {}

    def run(self, source: str, name: str) -> Callable[..., Any]:
        fn = super().run(source, name)
        self.sources[fn] = (name, source)
        return fn


def _literal(value: object) -> str:
    """``value`` as Python source (plain data, levels and dates only)."""
    if isinstance(value, Level):
        return f"Level.{value.name}"
    if isinstance(value, Enum):
        raise Unwritable(f"no source for {value!r}")
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"dt.date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        items = sorted(_literal(v) for v in value)  # sorted: the same text on every run
        return f"frozenset({{{', '.join(items)}}})" if items else "frozenset()"
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    raise Unwritable(f"no source for {type(value).__name__} {value!r}")


def _names(source: str) -> set[str]:
    """The global (and attribute) names the code of ``source`` reads."""
    out: set[str] = set()
    stack = [compile(source, "<ahead>", "exec")]
    while stack:
        code = stack.pop()
        out.update(code.co_names)
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return out


def pack_source(pack_id: str) -> str:
    """The text of the module holding bundled pack ``pack_id``'s program.

    Raises:
        Unwritable: a part of the program cannot be written as source.
    """
    registry = bundled_versions(pack_id.rpartition("-")[0] or pack_id)
    network = registry.get(pack_id) if registry is not None else None
    if network is None:
        raise Unwritable(f"{pack_id} is not a bundled pack")
    ns = _Recording(network.vocab)
    program = Program(network, namespace=ns)
    functions: list[str] = []
    levels: list[str] = []
    for lp in program.levels:
        names = []
        for fn in (lp.values, *lp.dates):
            if fn not in ns.sources:
                raise Unwritable(f"{pack_id}: a function of {lp.level.value} has no source")
            name, source = ns.sources[fn]
            functions.append(source)
            names.append(name)
        paths = _literal(tuple(r.path for r in lp.rules))
        dates = f"({', '.join(names[1:])}{',' if len(names) == 2 else ''})"
        levels.append(f"    ({_literal(lp.level)}, {paths}, {lp.coverage!r}, {names[0]}, "
                      f"{dates}),")
    used = set().union(*(_names(s) for s in functions))
    imports, constants = [], []
    for name, value in ns.globals.items():
        if name not in used or value in (min, max):
            continue
        if value is NA_DATE:
            constants.append(f"{name} = object()  # a date not computed yet")
        elif isinstance(value, types.FunctionType):
            own = value.__name__
            if getattr(leaf_values, own, None) is not value:
                raise Unwritable(f"{pack_id}: {name} is not in baji.operators.values")
            imports.append(f"from baji.operators.values import {own} as {name}")
        else:
            constants.append(f"{name} = {_literal(value)}")
    window = network.window
    head = [
        "# mypy: ignore-errors",
        f'"""The answers program of {pack_id}, compiled ahead (:mod:`baji.engine.ahead`).',
        "",
        "Generated by ``python -m baji.engine.ahead src/baji``: do not edit.",
        '"""',
        "",
        "import datetime as dt",
        "",
        "from baji.core.levels import Level",
        *sorted(imports),
        "",
        f"PACK = {pack_id!r}",
        f"KEY = {digest(pack_id)!r}",
        f"WINDOW = ({_literal(window.from_)}, {_literal(window.until)})",
        *constants,
    ]
    body = "\n\n".join(functions)
    tail = ["#: Per level: the level, its path rules' paths, coverage, values and dates.",
            "LEVELS = (", *levels, ")"]
    return "\n".join(head) + "\n\n\n" + body + "\n\n" + "\n".join(tail) + "\n"


def outputs() -> dict[str, str]:
    """Every file this writes, by path under baji's package folder, with its text."""
    out = {"profile/structs.py": struct_source.source()}
    for pack_id in bundled_pack_ids():
        out[f"engine/ahead/{module_name(pack_id)}.py"] = pack_source(pack_id)
    return out


def write(root: Path) -> list[Path]:
    """Write :func:`outputs` under ``root`` (``src/baji``); the files changed."""
    changed = []
    for rel, text in outputs().items():
        path = root / rel
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
