"""What a pack asks, facet by facet: the comparable summary behind diffs and docs.

:func:`summarise` walks a compiled :class:`~baji.pack.network.Network` and lists, for each
level and path, the things an analyst compares between jurisdictions: the grades and
years in post required, the alternative routes, the honour, award, title and
contribution sets, employer conditions, bans, recommendations and qualitative
conditions; for each level, its coverage and priority list; for the pack, its window in
force and its readings. Each :class:`Entry` keeps the clause ids it rests on.

Entries are keyed by ``(facet, level, path, key)``, never by rule id or file order, so
two packs line up by meaning (:mod:`baji.analysts.diff`) and reordering a pack's rules changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from baji.core.decision import Message
from baji.core.labels import FILING_LABELS, FILINGS, PRIORITY, RANK_ZH, SCOPE_ZH
from baji.core.levels import Level, parse_level
from baji.core.vocabulary import Vocab, default_vocab
from baji.operators import Operator
from baji.operators.base import LeafFacet
from baji.operators.grade import GradeOp
from baji.pack.network import Network, Node

Facet = Literal[LeafFacet, "coverage", "paths", "routes", "priority", "window", "readings"]

#: The order facets are shown in.
FACETS: tuple[Facet, ...] = ("coverage", "paths", "routes", "tenure", "honours", "awards",
                             "direct_awards", "titles", "contributions", "employer", "bans",
                             "recommendations", "conditions", "priority", "window", "readings")

#: Facets whose value is a set of items, compared as added/removed/common.
SET_FACETS: frozenset[Facet] = frozenset({"honours", "awards", "direct_awards", "titles",
                                          "contributions", "priority"})

#: Paths in the order they are shown (the decision's order).
PATHS: tuple[str, ...] = ("direct", "regular", "exceptional")

FACET_LABEL: dict[Facet, Message] = {
    "coverage": Message(zh="覆盖", en="coverage"),
    "paths": Message(zh="途径", en="path"),
    "routes": Message(zh="可选路线", en="route"),
    "tenure": Message(zh="等级与年限", en="grade and years"),
    "honours": Message(zh="荣誉", en="honours"),
    "awards": Message(zh="奖项", en="awards"),
    "direct_awards": Message(zh="直接申报奖项", en="direct-path awards"),
    "titles": Message(zh="职称", en="titles"),
    "contributions": Message(zh="贡献", en="contributions"),
    "employer": Message(zh="用人单位条件", en="employer"),
    "bans": Message(zh="禁入与限制", en="bans"),
    "recommendations": Message(zh="单位推荐", en="recommendation"),
    "conditions": Message(zh="其他条件", en="other conditions"),
    "priority": PRIORITY,
    "window": Message(zh="施行期", en="window in force"),
    "readings": Message(zh="解读", en="readings"),
}

_MAX_ROUTES = 64

EntryKey = tuple[Facet, Level | None, str | None, str]


@dataclass(frozen=True)
class Entry:
    """One facet of one pack at one level and path.

    Attributes:
        facet: what is described (:data:`FACETS`).
        level: the level, or ``None`` for pack-wide facets (window, readings).
        path: ``direct``/``regular``/``exceptional``, or ``None`` for level- or pack-wide
            facets (coverage, priority, window, readings).
        key: what is compared within the facet (a grade id, an employer fact, a route
            signature, a READINGS point ...).
        value: the compared value; two packs agree on an entry when values are equal.
        text: the value for people, in Chinese and English.
        cite: the clause ids it rests on, in the pack's clause order.
        members: for set facets, the item ids (``"honour:national_technical_expert"``
            style ids qualified by kind only in ``priority``).
    """

    facet: Facet
    level: Level | None
    path: str | None
    key: str
    value: str
    text: Message
    cite: tuple[str, ...]
    members: frozenset[str] = frozenset()

    @property
    def ident(self) -> EntryKey:
        """The alignment key ``(facet, level, path, key)``."""
        return (self.facet, self.level, self.path, self.key)


def sort_key(ident: EntryKey) -> tuple[int, int, int, str]:
    """Display order: facet, then level (lowest first), path, key."""
    facet, level, path, key = ident
    if facet in ("tenure", "recommendations"):
        found = parse_level(key)
        key = f"{found.rank:02d}" if found is not None else key  # grades lowest first
    return (FACETS.index(facet), -1 if level is None else level.rank,
            -1 if path is None else PATHS.index(path), key)


@dataclass
class _Acc:
    """Gathers one entry's parts before it is frozen."""

    pairs: list[tuple[str, Message]] = field(default_factory=list)
    cite: set[str] = field(default_factory=set)
    members: set[str] = field(default_factory=set)

    def add(self, value: str, text: Message, cite: Iterable[str]) -> None:
        if (value, text) not in self.pairs:
            self.pairs.append((value, text))
        self.cite.update(cite)


class _Summary:
    def __init__(self, net: Network, vocab: Vocab) -> None:
        self.net = net
        self.vocab = vocab
        self.acc: dict[EntryKey, _Acc] = {}
        self.clause_order = {c.id: i for i, c in enumerate(net.source.clauses)}

    def put(self, ident: EntryKey, value: str, text: Message, cite: Iterable[str],
            members: Iterable[str] = ()) -> None:
        acc = self.acc.setdefault(ident, _Acc())
        acc.add(value, text, cite)
        acc.members.update(members)

    def entries(self) -> dict[EntryKey, Entry]:
        out: dict[EntryKey, Entry] = {}
        for ident in sorted(self.acc, key=sort_key):
            acc = self.acc[ident]
            facet = ident[0]
            pairs = sorted(acc.pairs, key=lambda p: (p[0], p[1].zh, p[1].en))
            if facet == "tenure" and any(not v.startswith("held") for v, _ in pairs):
                # years in post at a grade imply holding it: show the years only
                pairs = [(v, t) for v, t in pairs if not v.startswith("held")]
            if ident[0] == "employer" and ident[3] == "filing" and len(pairs) > 1 \
                    and not any(v.endswith("~default") for v, _ in pairs):
                # Filings written apart (one of them with a decision note) are one
                # choice of filing authorities, shown as the single list they stand for.
                pairs = [_filings_pair({f for v, _ in pairs for f in v.split("|")})]
            if facet in SET_FACETS:
                value = "|".join(sorted(acc.members))
            else:
                value = " | ".join(dict.fromkeys(v for v, _ in pairs))
            texts = [t for _, t in pairs]
            out[ident] = Entry(
                facet=facet, level=ident[1], path=ident[2], key=ident[3], value=value,
                text=Message(zh="；".join(dict.fromkeys(t.zh for t in texts)),
                             en="; ".join(dict.fromkeys(t.en for t in texts))),
                cite=tuple(sorted(acc.cite, key=lambda c: (self.clause_order.get(c, 1 << 30),
                                                           c))),
                members=frozenset(acc.members))
        return out

    # -- walking --------------------------------------------------------------------------
    def leaves(self, index: int) -> Iterator[Node]:
        """Every leaf under ``index`` (through rule references), each once."""
        seen: set[int] = set()
        stack = [index]
        while stack:
            i = stack.pop()
            if i in seen or i < 0:
                continue
            seen.add(i)
            node = self.net.nodes[i]
            if node.children:
                stack.extend(node.children)
            else:
                yield node

    def routes(self, index: int) -> list[frozenset[int]]:
        """The condition in disjunctive normal form over route leaves: each route is a
        set of leaf indexes (grade, tenure, title, honour, award, contribution) that
        together qualify; other leaves are shared and left out."""
        node = self.net.nodes[index]
        if node.kind == "all":
            out: list[frozenset[int]] = [frozenset()]
            for child in node.children:
                sub = self.routes(child)
                out = _dedupe([a | b for a in out for b in sub])[:_MAX_ROUTES]
            return out
        if node.kind == "any" and _grade_choice(self.net, node):
            return [frozenset({index})]  # "holds one of these grades": one route
        if node.kind == "any":
            return _dedupe([r for child in node.children for r in self.routes(child)])
        if node.kind == "rule":
            return self.routes(node.children[0])
        if isinstance(node.op, Operator) and node.op.route:
            return [frozenset({index})]
        return [frozenset()]  # ``not`` and shared leaves: no route of their own

    # -- facets ---------------------------------------------------------------------------
    def run(self) -> dict[EntryKey, Entry]:
        net = self.net
        for info in net.levels:
            label = Message(zh="部分编码" if info.coverage == "partial" else "完整编码",
                            en=info.coverage)
            self.put(("coverage", info.level, None, "coverage"), info.coverage, label,
                     info.cite)
        for rule in net.rules:
            if rule.path == "part" or rule.root < 0:
                continue
            for level in rule.levels:
                self.put(("paths", level, rule.path, "present"), "present", rule.title,
                         rule.cite)
                self._routes(level, rule.path, rule.root)
                for leaf in self.leaves(rule.root):
                    self._leaf(level, rule.path, leaf)
        for item in net.priority:
            members = {m for leaf in self.leaves(item.root) for m in self._members(leaf, True)}
            self.put(("priority", item.level, None, "priority"), "", item.title,
                     item.cite, members)
        self._window()
        for reading in net.source.readings:
            text = Message(zh=reading.text.zh.strip(), en=" ".join(reading.text.en.split()))
            value = ("applies: " if reading.applies else "does not apply: ") + text.zh
            self.put(("readings", None, None, f"{reading.point:02d}"), value, text,
                     reading.cite)
        return self.entries()

    def _window(self) -> None:
        window = self.net.window
        cite: tuple[str, ...] = ()
        for reading in self.net.source.readings:
            if reading.point == 8:  # READINGS 8: the window in force
                cite = reading.cite
        start = window.from_.isoformat()
        self.put(("window", None, None, "from"), start, Message(zh=start, en=start), cite)
        end = window.until.isoformat() if window.until else "open"
        self.put(("window", None, None, "until"), end,
                 Message(zh=end if window.until else "无终止日期", en=end), cite)

    def _routes(self, level: Level, path: str, root: int) -> None:
        for route in self.routes(root):
            leaves = [self.net.nodes[i] for i in sorted(route)]
            tokens = sorted({_route_token(self.net, n) for n in leaves})
            signature = "+".join(tokens) if tokens else "none"
            if leaves:
                text = Message(
                    zh=" + ".join(dict.fromkeys(self._describe(n, "zh") for n in leaves)),
                    en=" + ".join(dict.fromkeys(self._describe(n, "en") for n in leaves)))
            else:
                text = Message(zh="无等级、荣誉或奖项条件",
                               en="no grade, honour or award condition")
            self.put(("routes", level, path, signature), "present", text,
                     [c for n in leaves for c in self._cites(n)])

    def _describe(self, node: Node, lang: str) -> str:
        if node.kind != "any":
            return node.required.in_(lang)
        names = _choice_levels(self.net, node)
        if lang == "zh":
            return "具有" + "或".join(lv.zh for lv in names) + "等级"
        return "holds " + " or ".join(lv.en for lv in names)

    def _cites(self, node: Node) -> list[str]:
        out = list(node.cite)
        for child in node.children:
            out += self.net.nodes[child].cite
        return out

    def _leaf(self, level: Level, path: str, node: Node) -> None:
        entry = node.leaf.facet(node.required, node.strength == "default", path, self.vocab)
        if entry is not None:
            self.put((entry.facet, level, path, entry.key), entry.value, entry.text,
                     node.cite, entry.members)

    def _members(self, node: Node, qualified: bool) -> set[str]:
        """The vocabulary items a set leaf accepts (award families shown once)."""
        if not isinstance(node.op, Operator):
            return set()
        out = node.op.members(self.vocab)
        return {f"{node.kind}:{m}" for m in out} if qualified else out


def _filings_pair(filings: set[str]) -> tuple[str, Message]:
    """The facet value and text of an ``employer_filing`` condition accepting ``filings``."""
    ordered = [f for f in FILINGS if f in filings]
    return ("|".join(sorted(ordered)),
            Message(zh="评价机构经" + "或".join(FILING_LABELS[f][0] for f in ordered) + "备案",
                    en="evaluation institution filed by " + " or ".join(
                        FILING_LABELS[f][1] for f in ordered)))


def _grade_choice(net: Network, node: Node) -> bool:
    """Whether ``node`` is an ``any`` of plain grade conditions."""
    return node.kind == "any" and all(isinstance(net.nodes[c].op, GradeOp)
                                      for c in node.children)


def _choice_levels(net: Network, node: Node) -> list[Level]:
    """The grades of a :func:`_grade_choice`, lowest first."""
    return sorted((op.level for c in node.children
                   if isinstance(op := net.nodes[c].op, GradeOp)), key=lambda lv: lv.rank)


def _route_token(net: Network, node: Node) -> str:
    if node.kind == "any":
        return "grade:" + "|".join(lv.value for lv in _choice_levels(net, node))
    return node.leaf.route_token()


def _dedupe(routes: list[frozenset[int]]) -> list[frozenset[int]]:
    return list(dict.fromkeys(routes))


def summarise(net: Network, vocab: Vocab | None = None) -> dict[EntryKey, Entry]:
    """The comparable facets of ``net``, keyed by ``(facet, level, path, key)`` in
    display order.

    Example:
        >>> from baji import get_pack
        >>> facets = summarise(get_pack("chongqing-2023"))
        >>> facets[("tenure", Level.SPECIAL_TECHNICIAN, "regular", "senior_technician")].value
        '5y'
    """
    return _Summary(net, vocab or net.vocab).run()


def member_name(member: str, lang: str, vocab: Vocab | None = None) -> str:
    """The display name of a set member id (``national_technical_expert`` ->
    全国技术能手; ``national_science_technology_award>=second`` -> 国家科学技术奖（二等奖及以上）;
    kind-qualified ids ``honour:...`` as in ``priority``)."""
    v = vocab or default_vocab()
    kind: str | None = None
    body = member
    if ":" in member and member.split(":", 1)[0] in ("honour", "award", "title",
                                                     "contribution"):
        kind, body = member.split(":", 1)
    scope = None
    if "@" in body:
        body, scope = body.split("@", 1)
    rank = None
    if ">=" in body:
        body, rank = body.split(">=", 1)
    aligned = body.endswith(":aligned")
    if aligned:
        body = body[: -len(":aligned")]
    name = body
    if body == "scope":
        name = (f"{SCOPE_ZH.get(rank or '', rank)}及以上奖项" if lang == "zh"
                else f"any award at {rank} level or above")
        rank = None
    else:
        for k in ([kind] if kind else ["honour", "award", "title", "contribution"]):
            item = v.items.get(k, {}).get(body)  # type: ignore[call-overload]
            if item is not None:
                name = item.zh if lang == "zh" else item.en
                break
    if rank:
        name += (f"（{RANK_ZH.get(rank, rank)}及以上）" if lang == "zh"
                 else f" ({rank} prize or better)")
    if scope:
        name += (f"（{SCOPE_ZH.get(scope, scope)}及以上）" if lang == "zh"
                 else f" (at {scope} level or above)")
    if aligned:
        name += "（贯通）" if lang == "zh" else " (aligned)"
    return name
