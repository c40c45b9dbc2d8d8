"""Safe YAML (and JSON) loading that remembers where every value came from.

PyYAML's composer gives nodes with positions; this module turns them into plain Python
values (dict, list, str, int, float, bool, None, date) and a :class:`Positions` map from
each value's path (``("rules", 3, "when")``) to its line and column. It accepts only the
plain YAML types, never constructs Python objects (``!!python/object`` is refused), rejects
duplicate keys, and bounds the size of what an alias may expand to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

Key = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Positions:
    """Where each value of a loaded document stands in its file.

    ``values[key]`` is the (line, column) of the value at ``key``; ``keys[key]`` the
    position of the mapping key that introduced it (used for unknown-key errors).
    Lines and columns are 1-based characters.
    """

    path: str
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key: Key, *, prefer_key: bool = False) -> tuple[int | None, int | None]:
        """The best known position for ``key``: itself, else its nearest ancestor."""
        probe = tuple(key)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(self, key: Key, message: str, hint: str | None = None, *,
                code: str = "BAJI100", prefer_key: bool = False) -> Problem:
        """A :class:`Problem` located at ``key``."""
        line, col = self.locate(key, prefer_key=prefer_key)
        return Problem(message, self.path, line, col, hint, code=code)


class _Builder:
    def __init__(self, path: str) -> None:
        self.positions = Positions(path)
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig()
        self.positions.values.setdefault(key, self._mark(node))
        if node.tag not in _PLAIN_TAGS:
            line, col = self._mark(node)
            self.problems.append(Problem(
                f"YAML tag {node.tag!r} is not allowed", self.positions.path, line, col,
                "packs and profiles use plain YAML values only", code="BAJI102"))
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                kval = self.build(knode, key + ("<key>",)) if not isinstance(
                    knode, yaml.ScalarNode) else self._scalar(knode)
                line, col = self._mark(knode)
                if not isinstance(kval, str):
                    # YAML 1.1 reads a bare `on`, `yes` or `1` as non-strings; keys are names.
                    kval = knode.value if isinstance(knode, yaml.ScalarNode) else str(kval)
                if kval in out:
                    first = self.positions.keys.get(key + (kval,))
                    where = f" (first at line {first[0]})" if first else ""
                    self.problems.append(Problem(
                        f"duplicate key {kval!r}{where}", self.positions.path, line, col,
                        "each key may appear once in a mapping", code="BAJI103"))
                    continue
                self.positions.keys[key + (kval,)] = (line, col)
                out[kval] = self.build(vnode, key + (kval,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, key + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            line, col = self._mark(node)
            what = node.tag.rsplit(":", 1)[-1].replace("timestamp", "date")
            self.problems.append(Problem(
                f"invalid {what} {node.value!r}: {exc}",
                self.positions.path, line, col,
                "dates are YYYY-MM-DD and must exist on the calendar", code="BAJI104"))
            return None
        if isinstance(value, dt.datetime):
            line, col = self._mark(node)
            self.problems.append(Problem(
                f"a time of day is not allowed in {node.value!r}", self.positions.path,
                line, col, "write a date as YYYY-MM-DD", code="BAJI104"))
            return value.date()
        return value


class _TooBig(Exception):
    pass


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (a BOM is accepted), or report where the first bad byte is."""
    if len(data) > MAX_BYTES:
        return None, [Problem(f"file is {len(data)} bytes, over the limit of {MAX_BYTES}",
                              path, None, None, "split it or check it is the right file",
                              code="BAJI105")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        return None, [Problem(f"byte {data[exc.start]:#04x} is not valid UTF-8", path, line,
                              col, "save the file as UTF-8", code="BAJI106")]


def load_yaml_text(text: str, path: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document. Returns (value, positions, problems)."""
    builder = _Builder(path)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        what = exc.problem or str(exc)
        if exc.context:
            what = f"{exc.context}, {what}"
        hint = "indent with spaces, not tabs" if "\\t" in what or "\t" in what else \
            "check the indentation and quoting around this point"
        return None, builder.positions, [Problem(f"invalid YAML: {what}", path, line, col, hint,
                                                 code="BAJI101")]
    except yaml.YAMLError as exc:
        return None, builder.positions, [Problem(f"invalid YAML: {exc}", path, code="BAJI101")]
    if node is None:
        return None, builder.positions, [Problem("the file is empty", path, 1, 1,
                                                 "expected a YAML mapping", code="BAJI107")]
    try:
        value = builder.build(node, ())
    except _TooBig:
        return None, builder.positions, [Problem(
            f"the document expands to more than {MAX_NODES} values", path, 1, 1,
            "anchors and aliases may not be used to multiply content", code="BAJI108")]
    return value, builder.positions, builder.problems


def load_file(path: str | Path, display: str | None = None) -> tuple[Any, Positions, list[Problem]]:
    """Read and parse a YAML or JSON file (JSON is YAML). Never raises for bad content."""
    shown = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, Positions(shown), [Problem(f"cannot read file: {exc.strerror}", shown,
                                                code="BAJI109")]
    text, problems = decode(data, shown)
    if text is None:
        return None, Positions(shown), problems
    return load_yaml_text(text, shown)
