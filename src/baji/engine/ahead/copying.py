"""The functions programs compiled ahead call, copied as source into
``baji/engine/ahead/_leaves.py`` (:mod:`baji.engine.ahead`).

A generated program calls each leaf operator's value and date functions, which live in
the operator's own module (:mod:`baji.operators.tenure`, ...) beside everything else baji
does with that condition, and a helper of the code generator (``_earliest``). Importing
those modules would import pydantic and the models, which a first answer does without;
so ``python -m baji.engine.ahead src/baji`` copies the functions' source, as written,
into one generated module, each renamed to the name generated code calls it by (the
key of :attr:`Operator.functions <baji.operators.base.Operator.functions>`: ``_tenure``,
``_tenure_date``).

Every global name a copied function reads is placed when it is copied, or the copy
fails (:class:`Unwritable`, naming the function and the name):

- a function defined in the same module: copied too, as ``_<module>_<name>``;
- an object of a light module (:data:`LIGHT`: the values 0/1/2 and the dated helpers,
  the calendar arithmetic, rank orders, levels; none imports pydantic): imported;
- a constant of plain data the module assigns itself: written as a literal, as
  ``_<module>_<name>``;
- a builtin, or a standard module.

Annotations are kept as written and not evaluated (``from __future__ import
annotations``). The module records the files it copies from and the digest of their
bytes (:data:`SOURCES`, ``KEY``); the programs compiled ahead are used only while those
files still give it, so a function changed and not copied again means compiling the pack
as usual, never the old copy's answer.
"""

from __future__ import annotations

import ast
import builtins
import datetime as dt
import importlib
import inspect
import sys
import types
from collections.abc import Mapping
from enum import Enum
from pathlib import Path

from baji.core.levels import Level
from baji.engine.ahead import PACKAGE, sources_digest

__all__ = ["LIGHT", "Unwritable", "from_import", "leaves_source", "literal"]

#: The modules whose objects the copies import rather than copy: plain helpers and data
#: that import no model (a first answer loads them).
LIGHT = ("baji.operators.dated", "baji.core.tenure", "baji.core.ranks", "baji.core.levels")


class Unwritable(Exception):
    """A part of a program, or a name a copied function reads, cannot be written as
    source."""


def literal(value: object) -> str:
    """``value`` as Python source (plain data, levels and dates only).

    Raises:
        Unwritable: ``value`` is of another kind.
    """
    if isinstance(value, Level):
        return f"Level.{value.name}"
    if isinstance(value, Enum):
        raise Unwritable(f"no source for {value!r}")
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return f"dt.date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        items = sorted(literal(v) for v in value)  # sorted: the same text on every run
        return f"frozenset({{{', '.join(items)}}})" if items else "frozenset()"
    if isinstance(value, tuple):
        items = [literal(v) for v in value]
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    raise Unwritable(f"no source for {type(value).__name__} {value!r}")


class _Names(ast.NodeVisitor):
    """The names a function's body reads from outside it, where (annotations aside, as
    they are not evaluated), and the names it binds."""

    def __init__(self) -> None:
        self.loads: list[ast.Name] = []
        self.bound: set[str] = set()
        self._scopes: list[set[str]] = []  # the variables of the comprehensions around

    def visit_arg(self, node: ast.arg) -> None:
        self.bound.add(node.arg)  # its annotation is not visited

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.target)
        if node.value is not None:
            self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bound.add(node.id)
        elif not any(node.id in scope for scope in self._scopes):
            self.loads.append(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.bound.add(node.target.id)  # := binds in the function, even in a comprehension
        self.visit(node.value)

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp
                       | ast.GeneratorExp) -> None:
        first, *_ = node.generators
        self.visit(first.iter)  # read in the enclosing scope
        self._scopes.append({n.id for g in node.generators for n in ast.walk(g.target)
                             if isinstance(n, ast.Name)})
        for g in node.generators:
            if g is not first:
                self.visit(g.iter)
            for condition in g.ifs:
                self.visit(condition)
        for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
            self.visit(part)
        self._scopes.pop()

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def _refuse(self, node: ast.AST) -> None:
        raise Unwritable(f"a {type(node).__name__} inside a function to copy")

    visit_Lambda = visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _refuse
    visit_Global = visit_Nonlocal = visit_Import = visit_ImportFrom = _refuse


class _Copier:
    """The text of ``_leaves.py`` as it is built: copies, imports and constants, each
    under the one name it has there."""

    def __init__(self, roots: Mapping[str, types.FunctionType]) -> None:
        self.root_names = {id(fn): name for name, fn in reversed(list(roots.items()))}
        self.named: dict[str, object] = {}  # every global of _leaves.py: what it holds
        self.done: dict[int, str] = {}  # id of an object placed: its name there
        self.imports: set[tuple[str, str, str]] = set()  # (module, name, as)
        self.constants: list[str] = []
        self.blocks: list[str] = []
        self.files: set[str] = set()

    def claim(self, name: str, value: object) -> str:
        held = self.named.setdefault(name, value)
        if held is not value:
            raise Unwritable(f"two objects would be named {name} in _leaves.py")
        self.done[id(value)] = name
        return name

    def root(self, name: str, fn: types.FunctionType) -> None:
        placed = self.done.get(id(fn))
        if placed is None:
            self.function(fn, name)
        elif placed != name:  # the same function under a second key (after its def)
            self.blocks.append(f"{self.claim(name, fn)} = {placed}")

    def function(self, fn: types.FunctionType, name: str) -> str:
        """Copy ``fn`` as ``name`` (or import it, from a light module)."""
        module = sys.modules[fn.__module__]
        if fn.__module__ in LIGHT and getattr(module, fn.__name__, None) is fn:
            self.imports.add((fn.__module__, fn.__name__, name))
            return self.claim(name, fn)
        where = f"{fn.__module__}.{fn.__qualname__}"
        if fn.__qualname__ != fn.__name__ or fn.__closure__:
            raise Unwritable(f"{where} is not a function of its module's top level")
        try:
            file = Path(inspect.getsourcefile(fn) or "").resolve().relative_to(PACKAGE)
        except ValueError:
            raise Unwritable(f"{where} is not in baji's package folder") from None
        source = inspect.getsource(fn)
        tree = ast.parse(source)
        node = tree.body[0]
        if not (len(tree.body) == 1 and isinstance(node, ast.FunctionDef)
                and source.startswith("def ") and node.name == fn.__name__):
            raise Unwritable(f"{where} is not a plain def (decorated, or not found)")
        self.claim(name, fn)
        self.files.add(file.as_posix())
        names = _Names()
        for part in node.body:
            names.visit(part)
        names.visit(node.args)  # the parameters, and the names their defaults read
        renames = {}
        for global_name in sorted({n.id for n in names.loads} - names.bound):
            renames[global_name] = self.place(module, fn, global_name)
        edits = [(n.lineno, n.col_offset, n.end_col_offset, renames[n.id])
                 for n in names.loads if renames.get(n.id, n.id) != n.id]
        edits.append((1, 4, 4 + len(fn.__name__.encode()), name))  # after "def "
        lines = source.encode().split(b"\n")
        for row, start, end, new in sorted(edits, reverse=True):
            line = lines[row - 1]
            lines[row - 1] = line[:start] + new.encode() + line[end or start:]
        self.blocks.append(f"# copied from {where}\n" + b"\n".join(lines).decode().rstrip("\n"))
        return name

    def place(self, module: types.ModuleType, fn: types.FunctionType, name: str) -> str:
        """The name in ``_leaves.py`` of the global ``name`` of ``fn``'s ``module``."""
        where = f"{module.__name__}.{fn.__name__}"
        if name not in vars(module):
            if hasattr(builtins, name):
                return name
            raise Unwritable(f"{where} reads {name!r}, which its module does not define")
        value = vars(module)[name]
        own = f"_{module.__name__.rpartition('.')[2]}_{name.lstrip('_')}"
        if isinstance(value, types.FunctionType):
            if id(value) in self.done:
                return self.done[id(value)]
            if value.__module__ == module.__name__:
                return self.function(value, self.root_names.get(id(value), own))
            if value.__module__ in LIGHT:
                return self.function(value, name)
        elif isinstance(value, types.ModuleType):
            if value.__name__ in sys.stdlib_module_names:
                self.imports.add((value.__name__, "", name))
                return self.claim(name, value)
        else:
            for light in LIGHT:
                if getattr(importlib.import_module(light), name, self) is value:
                    self.imports.add((light, name, name))
                    return self.claim(name, value)
            if name in _assigned(module):
                if self.named.get(own) is not value:
                    self.constants.append(f"{self.claim(own, value)} = {literal(value)}")
                return own
        raise Unwritable(f"{where} reads {name!r} ({type(value).__name__}), which is not "
                         f"defined in its module nor found in {', '.join(LIGHT)}")

    def text(self) -> str:
        imports = [f"import {module}" + (f" as {alias}" if alias != module else "")
                   for module, name, alias in sorted(self.imports) if not name]
        by_module: dict[str, list[str]] = {}
        for module, name, alias in sorted(self.imports):
            if name:
                by_module.setdefault(module, []).append(
                    name + (f" as {alias}" if alias != name else ""))
        imports += [from_import(module, names) for module, names in by_module.items()]
        files = tuple(sorted(set(self.files) | set(generator_files())))
        head = [
            "# mypy: ignore-errors",
            '"""The functions the programs compiled ahead call (:mod:`baji.engine.ahead`),',
            "copied from the modules that define them (each leaf operator's from its module",
            "of :mod:`baji.operators`) and renamed as generated code calls them; the names",
            "they read are imported from modules that import no model.",
            "",
            "Generated by ``python -m baji.engine.ahead src/baji`` (baji.engine.ahead.copying):",
            "do not edit.",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            *imports,
            "",
            "#: The files copied from (under baji's package folder), and the digest of their",
            "#: bytes: the programs compiled ahead are used while the files still give it.",
            f"SOURCES = {literal(files)}",
            f"KEY = {sources_digest(files)!r}",
            *self.constants,
        ]
        return "\n".join(head) + "\n\n\n" + "\n\n\n".join(self.blocks) + "\n"


def generator_files() -> list[str]:
    """The modules that shape a program compiled ahead besides the functions copied:
    every operator's (its generated expressions), and the generators' own. Their bytes
    are in ``_leaves.py``'s digest too, so that any change to them, not regenerated,
    leaves the programs compiled ahead unused (compiled as usual) rather than stale."""
    operators = sorted(f"operators/{p.name}" for p in (PACKAGE / "operators").glob("*.py"))
    return operators + ["engine/codegen.py", "engine/program.py", "engine/answering.py",
                        "engine/ahead/build.py", "engine/ahead/copying.py",
                        "core/tenure.py", "core/ranks.py", "core/levels.py", "core/dates.py"]


def from_import(module: str, names: list[str]) -> str:
    """``from module import names`` as isort writes it (one line, or one name a line)."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 100:
        return line
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def _assigned(module: types.ModuleType) -> set[str]:
    """The names ``module``'s top level assigns (not imports or defines)."""
    tree = ast.parse(inspect.getsource(module))
    out: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AnnAssign) else []
        out.update(t.id for t in targets if isinstance(t, ast.Name))
    return out


def leaves_source(roots: Mapping[str, types.FunctionType]) -> str:
    """The text of ``_leaves.py``: ``roots`` (each under its key) and what they read.

    Raises:
        Unwritable: a root, or a name one reads, cannot be placed.
    """
    copier = _Copier(roots)
    for name, fn in roots.items():
        copier.root(name, fn)
    return copier.text()
