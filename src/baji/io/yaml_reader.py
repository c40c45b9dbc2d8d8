"""Safe YAML (and JSON) loading that remembers where every value came from.

PyYAML's composer gives nodes with positions; this module turns them into plain Python
values (dict, list, str, int, float, bool, None, date) and a :class:`Positions` map from
each value's path (``("rules", 3, "when")``) to its line and column. It accepts only the
plain YAML types, never constructs Python objects (``!!python/object`` is refused), and
rejects duplicate keys and merge keys.

Hostile input is bounded before it can cost much: files over :data:`MAX_BYTES` are not
read past the limit; a token pass (flat, no recursion) refuses more than
:data:`MAX_TOKENS` tokens or nesting deeper than :data:`MAX_DEPTH` before the composer
runs (libyaml's composer recurses in C and would crash on ten thousand ``[``); the
composed node graph is measured without expanding it, so a "billion laughs" document of
aliases is refused in milliseconds, as are a few aliases of a long text (characters are
bounded as values are) and an alias that contains itself. libyaml is used
when PyYAML has it (the wheels on PyPI do), the pure-Python parser otherwise.

Two readers share that contract. The plain reader (:func:`_read_plain`) builds the values
in one flat pass over the parser's events; it takes the common case, a document without
anchors, aliases or explicit tags whose every value is fine, and gives up on anything
else. The careful reader (token pass, composer, measure, build) then reads the document
again and says exactly what is wrong, so every message and position comes from it
alone. Both give equal values and positions where the plain reader finishes
(tests/test_source.py checks it on every pack and on generated documents).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from baji.errors import Problem, from_params, problem
from baji.io.bounded import MAX_BYTES, decode, read_bounded
from baji.io.positions import Key, Positions, json_pointer

# Re-exported: the modules being rewritten with the rule operators (pack.compile,
# pack.contradictions) still import these from here; their homes are baji.io.bounded
# and baji.io.positions.
__all__ = ["MAX_BYTES", "MAX_CHARS", "MAX_DEPTH", "MAX_NODES", "MAX_TOKENS", "Key",
           "Positions", "decode", "json_pointer", "load_file", "load_yaml_text",
           "read_bounded"]

#: At most this many YAML tokens (the Shanghai pack has ~4,300).
MAX_TOKENS = 200_000
#: At most this many values once aliases are expanded.
MAX_NODES = 100_000
#: Lists and mappings nest at most this deep (the bundled packs reach 15).
MAX_DEPTH = 100
#: At most this many characters of text once aliases are expanded (as many as the
#: largest file read holds bytes: no document without aliases can pass it).
MAX_CHARS = MAX_BYTES

_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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
_MERGE = "tag:yaml.org,2002:merge"
_OPEN = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.BlockSequenceStartToken, yaml.BlockMappingStartToken)
_CLOSE = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)
_ALIAS_NAME = re.compile(r"\*([^\s,\[\]{}]+)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR, _MAPPING_START, _SEQUENCE_START = yaml.ScalarEvent, yaml.MappingStartEvent, \
    yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


class _Refused(Exception):
    """The node graph is refused before it is built (too big, too deep, recursive)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.message)
        self.problem = found


def _mark(node: yaml.Node | yaml.Token) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, path: str) -> None:
        self.positions = Positions(path)
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, key: Key, code: str, **params: object) -> None:
        line, col = _mark(node)
        self.problems.append(from_params(code, params, path=self.positions.path, line=line,
                                         column=col, pointer=json_pointer(key)))

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.positions.values.setdefault(key, _mark(node))
        if node.tag not in _PLAIN_TAGS:
            if node.tag == _MERGE:
                self.fail(node, key, "BAJI116")
            else:
                self.fail(node, key, "BAJI102", tag=node.tag)
            return None
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                kval = self._key(knode, key)
                if kval is None:
                    continue
                if kval in out:
                    first = self.positions.keys.get(key + (kval,), (0, 0))[0]
                    self.fail(knode, key + (kval,), "BAJI103", name=kval, first=first)
                    continue
                self.positions.keys[key + (kval,)] = _mark(knode)
                out[kval] = self.build(vnode, key + (kval,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, key + (i,)) for i, child in enumerate(node.value)]
        return self._scalar(node, key)

    def _key(self, node: yaml.Node, key: Key) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, key, "BAJI115", got="a list" if isinstance(
                node, yaml.SequenceNode) else "a mapping", got_zh="列表" if isinstance(
                node, yaml.SequenceNode) else "映射")
            return None
        if node.tag == _MERGE:
            self.fail(node, key + ("<<",), "BAJI116")
            return None
        if node.tag not in _PLAIN_TAGS:
            self.fail(node, key, "BAJI102", tag=node.tag)
            return None
        # YAML 1.1 reads a bare `on`, `yes` or `1` as non-strings; keys are names, so a
        # key is always its text as written.
        value: str = node.value
        return value

    def _scalar(self, node: yaml.Node, key: Key) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - PyYAML raises IndexError, KeyError... on `!!int ''`
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.fail(node, key, "BAJI021", value=node.value)
            else:
                what = "boolean" if node.tag.endswith(":bool") else "number"
                self.fail(node, key, "BAJI112", value=node.value, what=what,
                          what_zh="布尔值" if what == "boolean" else "数字")
            return None
        if isinstance(value, dt.datetime):
            self.fail(node, key, "BAJI022", value=node.value)
            return value.date()
        if isinstance(value, str):
            bad = next((ch for ch in value if "\ud800" <= ch <= "\udfff"), None)
            if bad is not None:
                self.fail(node, key, "BAJI117", value=_short(value), char=bad)
                return None
        return value


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _yaml_error(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        return problem("BAJI101", path=path, line=line, column=col,
                       detail=f"character U+{char:04X}: {exc.reason}", hint="control")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return problem("BAJI101", path=path, detail=str(exc).splitlines()[0])
    mark = exc.problem_mark or exc.context_mark
    where: tuple[int | None, int | None] = (mark.line + 1, mark.column + 1) if mark else \
        (None, None)
    at = mark.index if mark else -1
    what = exc.problem or "unreadable"
    if 0 <= at < len(text) and (text[at] == "\t" or "tab" in what):
        return problem("BAJI110", path=path, line=where[0], column=where[1])
    if what == "found undefined alias":
        name = _ALIAS_NAME.match(text, at) if at >= 0 else None
        if name:
            what += f" {name.group(1)!r}"
    if exc.context:
        what = f"{exc.context}, {what}"
    return problem("BAJI101", path=path, line=where[0], column=where[1], detail=what)


def _too_large(aliased: bool, path: str, line: int, column: int) -> Problem:
    """The document is over the size bounds: multiplied by its aliases (BAJI108), or
    simply large (BAJI119, a file of many profiles, which a roster reads better)."""
    if aliased:
        return problem("BAJI108", path=path, line=line, column=column, limit=MAX_NODES)
    return problem("BAJI119", path=path, line=line, column=column, limit=MAX_NODES,
                   tokens=MAX_TOKENS)


def _prescan(text: str, path: str) -> Problem | None:
    """One flat pass over the tokens: bound their number and the nesting depth."""
    depth = 0
    aliased = False
    for count, token in enumerate(yaml.scan(text, Loader=_LOADER), start=1):
        if count > MAX_TOKENS:
            return _too_large(aliased, path, *_mark(token))
        if isinstance(token, yaml.AliasToken):
            aliased = True
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return _too_deep(path, *_mark(token))
        elif isinstance(token, _CLOSE):
            depth -= 1
    return None


#: What libyaml 0.2.5 (PyYAML 6.0.4's wheels) says when nesting passes its own limit of
#: 1000 levels; earlier releases have no limit.
_LIBYAML_NESTING = "exceeded maximum nesting depth"


def _is_nesting_limit(exc: yaml.MarkedYAMLError) -> bool:
    return _LIBYAML_NESTING in f"{exc.context or ''} {exc.problem or ''}"


def _too_deep(path: str, line: int, column: int) -> Problem:
    return problem("BAJI114", path=path, line=line, column=column, limit=MAX_DEPTH)


def _nesting_limit(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """BAJI114 for a document the YAML library refused as too deep before baji's own
    bound (libyaml scans up to 1,024 characters ahead, so with ``[[[[...`` it meets its
    limit of 1000 levels before handing baji the first token). The text up to that point
    nests deeper than :data:`MAX_DEPTH`: the pure-Python scanner, which has no limit of
    its own, finds the opening bracket where it passes baji's bound."""
    mark = exc.problem_mark or exc.context_mark
    end = mark.index if mark is not None else len(text)
    depth = 0
    try:
        for token in yaml.scan(text[:end], Loader=yaml.SafeLoader):
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return _too_deep(path, *_mark(token))
            elif isinstance(token, _CLOSE):
                depth -= 1
    except yaml.YAMLError:
        pass
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return _too_deep(path, line, column)


def _measure(root: yaml.Node, path: str) -> None:
    """Size, characters and depth of the node graph with aliases expanded, computed
    without expanding them (each distinct node once). Raises :class:`_Refused`.

    The characters are bounded as the values are: a few aliases of one long text would
    otherwise stay under :data:`MAX_NODES` and still expand to gigabytes. Without
    aliases a document holds no more characters than its file, so the bound,
    :data:`MAX_CHARS`, refuses only what aliases multiply."""
    done: dict[int, tuple[int, int, int]] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    shared = False  # some node is reached twice: an alias repeats it

    def refuse(node: yaml.Node, code: str, **params: object) -> _Refused:
        line, col = _mark(node)
        return _Refused(from_params(code, params, path=path, line=line, column=col))

    while stack:
        node, finished = stack.pop()
        kids = _children(node)
        if finished:
            on_path.discard(id(node))
            size = 1 + sum(done[id(k)][0] for k in kids)
            depth = (1 + max((done[id(k)][1] for k in kids), default=0)
                     if isinstance(node, yaml.CollectionNode) else 0)
            chars = (sum(done[id(k)][2] for k in kids) if kids
                     else len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
            if size > MAX_NODES:
                raise _Refused(_too_large(shared, path, *_mark(node)))
            if chars > MAX_CHARS:
                raise refuse(node, "BAJI142", limit=MAX_CHARS)
            if depth > MAX_DEPTH:
                raise _Refused(_too_deep(path, *_mark(node)))
            done[id(node)] = (size, depth, chars)
            continue
        if id(node) in done:
            shared = True
            continue
        on_path.add(id(node))
        stack.append((node, True))
        for kid in kids:
            if id(kid) in on_path:
                raise refuse(node, "BAJI113")
            if id(kid) in done:
                shared = True
            else:
                stack.append((kid, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def load_yaml_text(text: str, path: str) -> tuple[Any, Positions, list[Problem]]:
    """Parse one YAML document. Returns (value, positions, problems); never raises for
    bad content."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        before = text[: exc.start]
        return None, Positions(path), [problem(
            "BAJI117", path=path, line=before.count("\n") + 1,
            column=exc.start - (before.rfind("\n") + 1) + 1, value=_short(text[exc.start:]),
            char=text[exc.start])]
    plain = _read_plain(text, path)
    if plain is not None:
        return plain[0], plain[1], []
    return _read_careful(text, path)


def _read_careful(text: str, path: str) -> tuple[Any, Positions, list[Problem]]:
    """The careful reader: bound the tokens, compose, measure, build; every problem."""
    builder = _Builder(path)
    try:
        refused = _prescan(text, path)
        if refused is not None:
            return None, builder.positions, [refused]
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_limit(exc):
            return None, builder.positions, [_nesting_limit(exc, text, path)]
        return None, builder.positions, [_yaml_error(exc, text, path)]
    except yaml.YAMLError as exc:
        return None, builder.positions, [_yaml_error(exc, text, path)]
    if node is None:
        return None, builder.positions, [problem("BAJI107", path=path, line=1, column=1)]
    try:
        _measure(node, path)
    except _Refused as exc:
        return None, builder.positions, [exc.problem]
    value = builder.build(node, ())
    return value, builder.positions, builder.problems


def _token_bound(text: str) -> int:
    """At least as many as the YAML tokens of ``text``, counted without scanning it.

    Every token takes one character or more, except the stream's start and end and those
    the scanner adds around an indicator: a ``:`` may bring a key, a block-mapping start
    and, later, that block's end; a ``?`` or ``-`` a block start and its end. So three
    more an indicator bound the rest (characters inside scalars are counted too, which
    only makes the bound looser)."""
    return 2 + len(text) + 3 * (text.count(":") + text.count("?") + text.count("-"))


def _read_plain(text: str, path: str) -> tuple[Any, Positions] | None:
    """The value of the document in ``text`` and its positions, read in one flat pass
    over the parser's events, when the careful reader would accept it as it is.

    Returns ``None``, having built nothing to keep, at the first sign the careful reader
    must judge the document: a YAML error, possibly too many tokens (see
    :func:`_token_bound`), more than :data:`MAX_NODES` values or :data:`MAX_DEPTH`
    levels, an anchor, alias or explicit tag, a key that is not plain text, a duplicate
    key, a scalar that does not construct, a timestamp with a time, a lone surrogate,
    an empty stream or a second document. The token depth the careful reader bounds
    never exceeds the nesting of values bounded here: each block or flow start token
    opens a collection.
    """
    if _token_bound(text) > MAX_TOKENS:
        return None
    loader = _LOADER(text)
    try:
        return _plain_events(loader, path)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _plain_events(loader: Any, path: str) -> tuple[Any, Positions] | None:
    get = loader.get_event
    if loader.yaml_path_resolvers or type(get()) is not yaml.StreamStartEvent or \
            type(get()) is not yaml.DocumentStartEvent:
        return None
    positions = Positions(path)
    values, keys = positions.values, positions.keys
    # The tag the composer gives a scalar without an explicit one: found by the
    # resolver from the text of a plain scalar, always text for a quoted or block one.
    plain_tags: dict[str, str] = {}
    resolve, text_tag = loader.resolve, loader.DEFAULT_SCALAR_TAG
    # One frame an open collection: [the dict or list, its key, the mapping key whose
    # value comes next (None while a key is awaited)].
    stack: list[list[Any]] = []
    count = 0
    root: Any = None
    while True:
        event = get()
        kind = type(event)
        if kind is _MAPPING_END or kind is _SEQUENCE_END:
            stack.pop()
            if stack:
                continue
            break
        if kind is not _SCALAR and kind is not _MAPPING_START and kind is not _SEQUENCE_START:
            return None  # an alias
        if event.anchor is not None or event.tag is not None:
            return None
        count += 1
        if count > MAX_NODES or (len(stack) >= MAX_DEPTH and kind is not _SCALAR):
            return None  # too many values, or a collection too deep
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        tag = text_tag
        if kind is _SCALAR and event.implicit[0]:
            tag = plain_tags.get(event.value) or plain_tags.setdefault(
                event.value, resolve(yaml.ScalarNode, event.value, event.implicit))
        parent: Any = None
        name: str | int = 0
        key: Key = ()
        if stack:
            frame = stack[-1]
            parent = frame[0]
            if type(parent) is dict:
                if frame[2] is None:
                    if kind is not _SCALAR or event.value in parent or tag not in _PLAIN_TAGS:
                        return None
                    name = event.value
                    frame[2] = name
                    keys[frame[1] + (name,)] = where
                    continue
                name = frame[2]
                frame[2] = None
            else:
                name = len(parent)
            key = frame[1] + (name,)
        values[key] = where
        value: Any
        if kind is _SCALAR:
            value = event.value
            if tag == _STR_TAG:
                if _SURROGATE.search(value):
                    return None
            elif tag in _PLAIN_TAGS:
                try:
                    value = loader.construct_object(yaml.ScalarNode(
                        tag, value, mark, event.end_mark, event.style), deep=True)
                except Exception:  # noqa: BLE001 - as in _Builder._scalar
                    return None
                if isinstance(value, dt.datetime):
                    return None
            else:
                return None
        else:
            value = {} if kind is _MAPPING_START else []
            stack.append([value, key, None])
        if parent is None:
            root = value
            if not stack:
                break
        elif type(parent) is dict:
            parent[name] = value
        else:
            parent.append(value)
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        return None
    return root, positions


def load_file(path: str | Path, display: str | None = None) -> tuple[Any, Positions, list[Problem]]:
    """Read and parse a YAML or JSON file (JSON is YAML). Never raises for bad content."""
    shown = display or str(path)
    data, problems = read_bounded(path, shown)
    if data is None:
        return None, Positions(shown), problems
    text, problems = decode(data, shown)
    if text is None:
        return None, Positions(shown), problems
    return load_yaml_text(text, shown)
