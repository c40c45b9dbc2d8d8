"""Pack file -> :class:`~baji.pack.network.Network`, every name resolved, nothing half-done.

:func:`load_pack` reads a YAML file, checks its shape (:mod:`baji.pack`), then checks
every reference (clauses, documents, sets, vocabulary ids, rules, levels, READINGS
points), that each quoted clause is verbatim in its source text, and that rules do not
build on each other in a cycle. All problems are gathered and raised once as a
:class:`~baji.errors.PackError`; no network is returned from a broken pack.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from baji.core.decision import Citation, Message
from baji.core.vocabulary import Kind, Vocab, default_vocab
from baji.errors import PackError, Problem, from_params, problem, suggest, suggestion_budget
from baji.io.bounded import open_regular
from baji.io.data import data_dir
from baji.io.pydantic_problems import pydantic_problems
from baji.io.pydantic_problems import shown as show_value
from baji.io.yaml_reader import Key, Positions, decode, json_pointer, load_yaml_text, read_bounded
from baji.operators import LEAVES, Operator
from baji.pack.contradictions import contradictions
from baji.pack.model import Condition, PackFile, Rule
from baji.pack.network import CompiledPriority, CompiledRule, Composite, LevelInfo, Network, Node

#: A policy text is read up to this size (the bundled ones are about 30 kB).
MAX_SOURCE_BYTES = 8 * 1024 * 1024
#: Conditions nest at most this deep, counting through the rules they build on.
MAX_CONDITION_DEPTH = 64
_SPACE = re.compile(r"\s+")
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")

def normalise(text: str) -> str:
    """Text with whitespace and Word bookmarks removed, for the verbatim check."""
    return _SPACE.sub("", _BOOKMARK.sub("", text))


def load_pack(path: str | Path, *, vocab: Vocab | None = None,
              display: str | None = None) -> Network:
    """Load, check and compile the pack file at ``path``.

    Raises:
        PackError: every problem found, each as ``path:line:col: message (hint)``.
    """
    shown = display or str(path)
    data, problems = read_bounded(path, shown)
    if data is None:
        raise PackError(problems)
    return load_pack_bytes(data, display=shown, vocab=vocab, base=Path(path).resolve().parent)


def load_pack_bytes(data: bytes, *, display: str, vocab: Vocab | None = None,
                    base: Path | None = None) -> Network:
    """Check and compile a pack given as the bytes of its file (from a database, an
    upload...). ``display`` names it in messages; quoted clauses are looked up in
    ``base`` and ``base/../sources`` (default: the bundled sources only).

    Raises:
        PackError: every problem found, each as ``display:line:col: message (hint)``.
    """
    text, problems = decode(data, display)
    if text is None:
        raise PackError(problems)
    value, positions, problems = load_yaml_text(text, display)
    if problems:
        raise PackError(problems)
    if not isinstance(value, dict):
        got, got_zh = show_value(value)
        raise PackError([problem("BAJI111", path=display, line=1, column=1, got=got,
                                 got_zh=got_zh)])
    try:
        with suggestion_budget():
            pack = PackFile.model_validate(value)
    except ValidationError as exc:
        raise PackError(pydantic_problems(exc, positions, model=PackFile, data=value)) from None
    return compile_pack(pack, positions=positions, vocab=vocab, base=base, path=display)


def compile_pack(data: PackFile, *, positions: Positions | None = None,
                 vocab: Vocab | None = None, base: Path | None = None,
                 path: str | None = None) -> Network:
    """Compile a validated :class:`~baji.pack.PackFile` into a network.

    Raises:
        PackError: a reference does not resolve, a quote is not verbatim, or rules
            build on each other in a cycle.
    """
    with suggestion_budget():
        return _Compiler(data, positions or Positions(path or data.pack),
                         vocab or default_vocab(), base, path).run()


class _Compiler:
    def __init__(self, data: PackFile, positions: Positions, vocab: Vocab,
                 base: Path | None, path: str | None) -> None:
        self.data = data
        self.pos = positions
        self.vocab = vocab
        self.base = base
        self.path = path
        self.problems: list[Problem] = []
        self.nodes: list[Node] = []
        self.shared: dict[tuple[Any, ...], int] = {}
        self.sources: dict[int, list[str]] = {}  # node index -> where it is written
        self.has_default: dict[int, bool] = {}  # node index -> a default at or below it
        self.depths: dict[int, int] = {}  # node index -> how deep it nests
        self.rule_index = {r.id: i for i, r in enumerate(data.rules)}
        self.rule_roots: dict[str, int] = {}
        self.rule_defaults: dict[str, bool] = {}
        self.stack: list[str] = []
        self.depth = 0
        self.too_deep = False
        self.clause_ids = {c.id for c in data.clauses}
        # Many clauses quote one source: find and read each once a compile (and never
        # across compiles, so an edited source is read again).
        self.found: dict[str, Path | None] = {}
        self.texts: dict[Path, str] = {}
        self.refused: dict[str, str] = {}  # source name -> why it is refused (its code)

    def fail(self, key: Key, code: str, **params: object) -> None:
        line, col = self.pos.locate(key)
        self.problems.append(from_params(code, params, path=self.pos.path, line=line,
                                         column=col, pointer=json_pointer(key)))

    # -- top level ---------------------------------------------------------------------
    def run(self) -> Network:
        d = self.data
        self._unique("documents", [x.id for x in d.documents])
        self._unique("clauses", [x.id for x in d.clauses])
        self._unique("rules", [x.id for x in d.rules])
        self._unique("priority", [x.id for x in d.priority])
        docs = {doc.id: doc for doc in d.documents}
        for k, listed in enumerate(d.documents):
            if self._find_source(listed.source) is None:
                self.fail(("documents", k, "source"),
                          self.refused.get(listed.source, "BAJI124"), source=listed.source,
                          document=listed.id)
        citations: dict[str, Citation] = {}
        for i, clause in enumerate(d.clauses):
            doc = docs.get(clause.document)
            if doc is None:
                self.fail(("clauses", i, "document"), "BAJI121", document=clause.document,
                          **suggest(clause.document, list(docs)))
                continue
            self._verbatim(i, clause.text, doc.source, docs, clause.document)
            citations[clause.id] = Citation(clause=clause.id, document=doc.number or doc.title,
                                            ref=clause.ref, text=" ".join(clause.text.split()))
        for level, spec in d.levels.items():
            self._cites(("levels", level.value, "cite"), spec.cite)
        for sid, set_spec in d.sets.items():
            self._cites(("sets", sid, "cite"), set_spec.cite)
            for j, item in enumerate(set_spec.items):
                self.vocab_id(("sets", sid, "items", j), set_spec.kind, item)
        self._readings()
        for i, rule in enumerate(d.rules):
            self._cites(("rules", i, "cite"), rule.cite)
            for level in rule.target_levels():
                if level not in d.levels:
                    self.fail(("rules", i, "level" if rule.level else "levels"), "BAJI122",
                              rule=rule.id, level=level.value)
            self._rule_root(rule.id, ("rules", i, "id"))
        compiled_rules = tuple(
            CompiledRule(r.id, r.target_levels(), r.path, Message(zh=r.title.zh, en=r.title.en),
                         r.cite, self.rule_roots.get(r.id, -1), r.reading,
                         self.rule_defaults.get(r.id, False),
                         Message(zh=r.decision_note.zh, en=r.decision_note.en)
                         if r.decision_note else None)
            for r in d.rules)
        prio = []
        for i, pitem in enumerate(d.priority):
            self._cites(("priority", i, "cite"), pitem.cite)
            if pitem.level not in d.levels:
                self.fail(("priority", i, "level"), "BAJI133", item=pitem.id,
                          level=pitem.level.value)
            root = self._node(pitem.when, ("priority", i, "when"))
            prio.append(CompiledPriority(pitem.id, pitem.level,
                                         Message(zh=pitem.title.zh, en=pitem.title.en),
                                         pitem.cite, root))
        for found in contradictions(d):
            self.fail(found.key, "BAJI132", first=found.first, second=found.second,
                      first_zh=f"「{found.first}」", second_zh=f"「{found.second}」")
        if self.problems:
            raise PackError(sorted(self.problems, key=lambda p: (p.line or 0, p.column or 0)))
        main = d.documents[0]
        return Network(
            id=d.pack, jurisdiction=d.jurisdiction, title=Message(zh=d.title.zh, en=d.title.en),
            document=main.number or main.title, window=d.in_force, repeals=d.repeals,
            nodes=self._placed_nodes(), rules=compiled_rules, priority=tuple(prio),
            levels=tuple(LevelInfo(lv, spec.coverage,
                                   Message(zh=spec.note.zh, en=spec.note.en) if spec.note else None,
                                   spec.cite)
                         for lv, spec in sorted(d.levels.items(), key=lambda kv: kv[0].rank)),
            citations=MappingProxyType(citations), source=d, path=self.path, vocab=self.vocab)

    def _placed_nodes(self) -> tuple[Node, ...]:
        """The nodes, each with the places the pack writes it."""
        return tuple(dataclasses.replace(node, source=tuple(self.sources.get(i, ())))
                     for i, node in enumerate(self.nodes))

    def _place(self, index: int, key: Key) -> int:
        """Record that the condition at ``key`` is node ``index``; return ``index``."""
        line, col = self.pos.locate(key)
        if line is not None:
            where = f"{self.pos.path}:{line}:{col}"
            places = self.sources.setdefault(index, [])
            if where not in places:
                places.append(where)
        return index

    def _unique(self, section: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(ids):
            if item in seen:
                self.fail((section, i, "id"), "BAJI123", id=item, section=section)
            seen.add(item)

    def _verbatim(self, i: int, text: str, source: str, docs: dict[str, Any],
                  doc_id: str) -> None:
        if not normalise(text):
            self.fail(("clauses", i, "text"), "BAJI152", clause=self.data.clauses[i].id)
            return
        found = self._find_source(source)
        if found is None:
            return  # reported once, at the document
        try:
            whole = self.texts.get(found)
            if whole is None:
                with open_regular(found) as handle:
                    raw = handle.read(MAX_SOURCE_BYTES + 1)
                if len(raw) > MAX_SOURCE_BYTES:
                    self.fail(("clauses", i, "text"), "BAJI154", source=source,
                              limit=MAX_SOURCE_BYTES)
                    return
                whole = self.texts[found] = normalise(raw.decode("utf-8-sig"))
        except (OSError, UnicodeError) as exc:
            reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else \
                "it is not UTF-8"
            self.fail(("clauses", i, "text"), "BAJI139", source=source, reason=reason)
            return
        if normalise(text) not in whole:
            quote = text.strip().replace("\n", "")
            short = quote if len(quote) <= 30 else quote[:30] + "…"
            self.fail(("clauses", i, "text"), "BAJI125", quote=short, source=source)

    def _find_source(self, name: str) -> Path | None:
        if name not in self.found:
            self.found[name] = self._look_up_source(name)
        return self.found[name]

    def _look_up_source(self, name: str) -> Path | None:
        """The file ``name`` in the pack's sibling ``sources/`` folder or in the bundled
        one: a plain file name, never a path, and never a link out of its folder or a
        pack file (so a quote cannot be checked against any other file)."""
        if Path(name).name != name or name in ("", ".", ".."):
            return None  # a plain file name in sources/, never a path elsewhere
        folders = [] if self.base is None else [self.base.parent / "sources"]
        folders.append(data_dir() / "sources")
        for folder in folders:
            candidate = folder / name
            try:
                if not candidate.exists():  # a pipe or a device is refused when read
                    continue
                inside = candidate.resolve(strict=True).parent == folder.resolve(strict=True)
            except (OSError, ValueError, RuntimeError):  # too long, a NUL, a link loop
                return None
            if not inside:
                self.refused[name] = "BAJI150"
                return None
            if candidate.suffix.lower() in (".yaml", ".yml", ".json"):
                self.refused[name] = "BAJI151"
                return None
            return candidate
        return None

    def _cites(self, key: Key, ids: tuple[str, ...]) -> None:
        for j, cid in enumerate(ids):
            if cid not in self.clause_ids:
                self.fail(key + (j,), "BAJI126", clause=cid, **suggest(cid, self.clause_ids))

    def vocab_id(self, key: Key, kind: Kind, item: str) -> str | None:
        if item in self.vocab.items[kind]:
            return item
        options = list(self.vocab.items[kind])
        self.fail(key, "BAJI127", kind=kind, value=item, **suggest(item, options))
        return None

    def _readings(self) -> None:
        seen: dict[int, int] = {}
        for i, reading in enumerate(self.data.readings):
            if reading.point in seen:
                self.fail(("readings", i, "point"), "BAJI128", point=reading.point)
            seen[reading.point] = i
            self._cites(("readings", i, "cite"), reading.cite)
            for j, rid in enumerate(reading.rules):
                if rid not in self.rule_index:
                    self.fail(("readings", i, "rules", j), "BAJI129", rule=rid,
                              **suggest(rid, self.rule_index))

    # -- rules and conditions -------------------------------------------------------------
    def _rule_root(self, rule_id: str, key: Key) -> int | None:
        if rule_id in self.rule_roots:
            return self.rule_roots[rule_id]
        if rule_id in self.stack:
            cycle = " -> ".join(self.stack[self.stack.index(rule_id):] + [rule_id])
            self.fail(key, "BAJI130", cycle=cycle)
            return None
        i = self.rule_index[rule_id]
        rule: Rule = self.data.rules[i]
        self.stack.append(rule_id)
        root = self._node(rule.when, ("rules", i, "when"))
        self.stack.pop()
        self.rule_roots[rule_id] = root
        self.rule_defaults[rule_id] = self._subtree_has_default(root)
        return root

    def _depth_of(self, index: int) -> int:
        """How deep node ``index`` nests, counting through the rules it builds on."""
        if index < 0:
            return 0
        known = self.depths.get(index)
        if known is None:
            known = 1 + max((self._depth_of(c) for c in self.nodes[index].children),
                            default=0)
            self.depths[index] = known
        return known

    def _subtree_has_default(self, index: int) -> bool:
        """Whether node ``index`` or one below it is a default (原则上); each node is
        judged once, so rules that build twice on the same rule cost no more than once."""
        if index < 0:
            return False
        known = self.has_default.get(index)
        if known is None:
            node = self.nodes[index]
            known = node.strength == "default" or any(self._subtree_has_default(c)
                                                      for c in node.children)
            self.has_default[index] = known
        return known

    def _node(self, cond: Condition, key: Key) -> int:
        # Bounded, so that a chain of a thousand rules building on each other is an
        # error rather than a RecursionError (the bundled packs nest 6 deep at most).
        if self.depth >= MAX_CONDITION_DEPTH:
            if not self.too_deep:
                self.fail(key, "BAJI120", limit=MAX_CONDITION_DEPTH)
                self.too_deep = True
            return -1
        self.depth += 1
        try:
            return self._build(cond, key)
        finally:
            self.depth -= 1

    def _build(self, cond: Condition, key: Key) -> int:
        kind = cond.operator
        self._cites(key + ("cite",), cond.cite)
        children: tuple[int, ...] = ()
        facts: tuple[str, ...] = ()
        name = ""
        op: Operator | Composite
        if kind in ("all", "any"):
            subs = getattr(cond, kind)
            children = tuple(self._node(c, key + (kind, j)) for j, c in enumerate(subs))
            op = Composite("all" if kind == "all" else "any")
            req = Message(zh="全部满足" if kind == "all" else "满足其一",
                          en="all of" if kind == "all" else "any of")
        elif kind == "not":
            assert cond.not_ is not None
            children = (self._node(cond.not_, key + ("not",)),)
            op = Composite("not")
            req = Message(zh="不满足", en="not")
        elif kind == "rule":
            assert cond.rule is not None
            if cond.rule not in self.rule_index:
                self.fail(key + ("rule",), "BAJI129", rule=cond.rule,
                          **suggest(cond.rule, self.rule_index))
                return -1
            root = self._rule_root(cond.rule, key + ("rule",))
            if root is None:
                return -1
            if self.depth + self._depth_of(root) > MAX_CONDITION_DEPTH:
                # The same bound whichever rule the compiler met first (a rule compiled
                # earlier is not walked again, so its depth is added here).
                if not self.too_deep:
                    self.fail(key, "BAJI120", limit=MAX_CONDITION_DEPTH)
                    self.too_deep = True
                return -1
            children = (root,)
            op = Composite("rule", cond.rule)
            name = cond.rule
            title = self.data.rules[self.rule_index[cond.rule]].title
            req = Message(zh=f"符合「{title.zh}」", en=f"meets '{title.en}'")
        else:
            compiled = LEAVES[kind].compile(getattr(cond, kind), self, key + (kind,))
            op, req, facts = compiled.leaf, compiled.required, compiled.facts
        told = cond.decision_note
        shared_key = (kind, op.params, children, cond.cite, cond.strength,
                      None if told is None else (told.zh, told.en, told.on))
        if shared_key in self.shared:
            return self._place(self.shared[shared_key], key)
        index = len(self.nodes)
        note = Message(zh=cond.note.zh, en=cond.note.en) if cond.note else None
        self.nodes.append(Node(index, op, children, cond.cite, cond.strength, req, facts,
                               note, name,
                               decision_note=None if told is None
                               else Message(zh=told.zh, en=told.en),
                               note_on=2 if told is None or told.on == "met" else 0))
        self.shared[shared_key] = index
        return self._place(index, key)

    def items(self, key: Key, kind: Kind, ref: str | tuple[str, ...]) -> tuple[str, ...]:
        refs = (ref,) if isinstance(ref, str) else ref
        out: set[str] = set()
        for j, item in enumerate(refs):
            sub = key if isinstance(ref, str) else key + (j,)
            spec = self.data.sets.get(item)
            if spec is not None:
                if spec.kind != kind:
                    self.fail(sub, "BAJI131", set=item, held=spec.kind, kind=kind)
                    continue
                out.update(spec.items)
            elif item in self.vocab.items[kind]:
                out.add(item)
            else:
                options = list(self.vocab.items[kind]) + [
                    s for s, v in self.data.sets.items() if v.kind == kind]
                self.fail(sub, "BAJI127", kind=kind, value=item, **suggest(item, options))
        if kind == "award":
            for item in list(out):
                out.update(self.vocab.family_members(item))
        return tuple(sorted(out))

    def names(self, kind: Kind, ids: tuple[str, ...], lang: str) -> str:
        sep = "、" if lang == "zh" else ", "
        items = self.vocab.items[kind]
        return sep.join(getattr(items[i], lang) if i in items else i for i in ids)
