"""Semantic diff of two rule packs, aligned by level and path (not a text diff).

:func:`diff_packs` summarises each pack facet by facet (:mod:`baji.analysts.summary`) and lines
the two up by ``(facet, level, path, key)``: years and grades required, alternative
routes, honour/award/title/contribution sets (added, removed and common items by
vocabulary id, with Chinese and English names), direct-path awards, employer
conditions, bans, recommendations, priority lists, the window in force and the packs'
readings. Each side keeps the citations (document, clause reference, quoted text) it
rests on.

The result is a frozen pydantic model: ``PackDiff.model_dump_json()`` is its JSON form.
A pack diffed with itself has no items (:attr:`PackDiff.empty`), and
``diff_packs(b, a) == diff_packs(a, b).mirror()``.

Example::

    >>> from baji import get_pack
    >>> d = diff_packs(get_pack("shanghai-2026"), get_pack("chongqing-2023"))
    >>> item = d.find("tenure", "special_technician", "regular", "senior_technician")
    >>> (item.a.value, item.b.value)
    ('1y', '5y')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from baji.analysts.summary import (
    FACET_LABEL,
    SET_FACETS,
    Entry,
    EntryKey,
    Facet,
    member_name,
    sort_key,
    summarise,
)
from baji.core.decision import Citation, Message
from baji.core.labels import EMPLOYER_LABELS, FACT_LABELS, PATH_LABEL
from baji.core.levels import Level, parse_level
from baji.core.vocabulary import Vocab, default_vocab
from baji.pack.network import Network

Change = Literal["added", "removed", "changed", "same"]
DiffPath = Literal["direct", "regular", "exceptional"]

_MIRROR: dict[Change, Change] = {"added": "removed", "removed": "added", "changed": "changed",
                                 "same": "same"}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Frozen):
    """An item of a set (honour, award, title, contribution), by vocabulary id."""

    id: str
    zh: str
    en: str


class Side(_Frozen):
    """One pack's side of an aligned item.

    Attributes:
        value: the compared value (``5y``, ``required``, ``2026-03-31`` ...); for sets,
            the member ids joined by ``|``.
        text: the value for people.
        citations: the clauses it rests on (document, reference, quoted text).
    """

    value: str
    text: Message
    citations: tuple[Citation, ...] = ()


class Item(_Frozen):
    """One aligned point of comparison.

    Attributes:
        facet: what is compared (see :data:`baji.analysts.summary.FACETS`).
        level: the level, or ``None`` for pack-wide facets (window, readings).
        path: the path, or ``None`` for level- or pack-wide facets.
        key: what within the facet (a grade, an employer fact, a route, a READINGS point).
        label: the facet and key for people.
        change: ``added`` (only in B), ``removed`` (only in A), ``changed`` or ``same``.
        a, b: each pack's side, ``None`` where the pack has nothing for this key.
        added, removed, common: for set facets, the members only in B, only in A, in both.
    """

    facet: Facet
    level: Level | None = None
    path: DiffPath | None = None
    key: str
    label: Message
    change: Change
    a: Side | None = None
    b: Side | None = None
    added: tuple[Member, ...] = ()
    removed: tuple[Member, ...] = ()
    common: tuple[Member, ...] = ()

    def mirror(self) -> Item:
        """The same item seen from the other pack (A and B swapped)."""
        return self.model_copy(update={"change": _MIRROR[self.change], "a": self.b,
                                       "b": self.a, "added": self.removed,
                                       "removed": self.added})


class PackRef(_Frozen):
    """Which pack a side of the diff is."""

    id: str
    jurisdiction: str
    title: Message
    document: str
    window_from: dt.date
    window_until: dt.date | None


class PackDiff(_Frozen):
    """The semantic diff of pack ``a`` against pack ``b``.

    Attributes:
        a, b: the two packs.
        items: the differences, in display order (facet, level, path, key).
        same: the aligned items on which the packs agree (set items list their common
            members), in the same order.
    """

    a: PackRef
    b: PackRef
    items: tuple[Item, ...]
    same: tuple[Item, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether the packs do not differ on any aligned item."""
        return not self.items

    def mirror(self) -> PackDiff:
        """The diff of ``b`` against ``a``."""
        return PackDiff(a=self.b, b=self.a, items=tuple(i.mirror() for i in self.items),
                        same=tuple(i.mirror() for i in self.same))

    def find(self, facet: str, level: str | None, path: str | None, key: str) -> Item:
        """The item (difference or agreement) with that alignment key.

        Raises:
            KeyError: no such item.
        """
        wanted = parse_level(level) if level is not None else None
        for item in self.items + self.same:
            if (item.facet, item.level, item.path, item.key) == (facet, wanted, path, key):
                return item
        raise KeyError(f"no diff item {facet!r} {level!r} {path!r} {key!r}")

    def levels(self) -> tuple[Level | None, ...]:
        """The levels the items touch, in order (``None`` first, for pack-wide items)."""
        seen = dict.fromkeys(i.level for i in self.items + self.same)
        return tuple(sorted(seen, key=lambda lv: -1 if lv is None else lv.rank))


def pack_ref(net: Network) -> PackRef:
    """The :class:`PackRef` of a compiled pack."""
    return PackRef(id=net.id, jurisdiction=net.jurisdiction, title=net.title,
                   document=net.document, window_from=net.window.from_,
                   window_until=net.window.until)


def diff_packs(a: Network, b: Network, *, vocab: Vocab | None = None) -> PackDiff:
    """The semantic diff of pack ``a`` against pack ``b``.

    Args:
        a, b: compiled packs (:func:`baji.get_pack`, :func:`baji.load_pack`).
        vocab: the vocabulary for member names (the bundled one by default).

    Returns:
        A :class:`PackDiff`; empty when the packs ask the same on every aligned item.
    """
    v = vocab or default_vocab()
    fa, fb = summarise(a, v), summarise(b, v)
    items: list[Item] = []
    same: list[Item] = []
    for ident in sorted(set(fa) | set(fb), key=sort_key):
        item = _align(ident, fa.get(ident), fb.get(ident), a, b, v)
        (same if item.change == "same" else items).append(item)
    return PackDiff(a=pack_ref(a), b=pack_ref(b), items=tuple(items), same=tuple(same))


def item_label(facet: Facet, level: Level | None, path: str | None, key: str) -> Message:
    """What an item compares, for people: ``等级与年限 · 常规 · 高级技师``."""
    parts = [FACET_LABEL[facet]]
    if path is not None:
        parts.append(PATH_LABEL[path])
    detail = _key_label(facet, key)
    if detail is not None:
        parts.append(detail)
    return Message(zh=" · ".join(p.zh for p in parts), en=" · ".join(p.en for p in parts))


def _key_label(facet: Facet, key: str) -> Message | None:
    if facet in SET_FACETS or key in ("present", "coverage"):
        return None
    if facet == "tenure":
        level = parse_level(key)
        return Message(zh=level.zh, en=level.en) if level else Message(zh=key, en=key)
    if facet == "recommendations":
        level = parse_level(key)
        return Message(zh=f"推荐参评{level.zh}", en=f"for {level.en}") if level else None
    if facet == "window":
        return Message(zh="起" if key == "from" else "止", en=key)
    if facet == "readings":
        return Message(zh=f"第{int(key)}点", en=f"point {int(key)}")
    if facet == "routes":
        return Message(zh=_route_name(key, "zh"), en=_route_name(key, "en"))
    if facet == "conditions":
        kind, _, name = key.partition(":")
        if kind == "fact" and name in FACT_LABELS:
            return Message(zh=FACT_LABELS[name][0], en=FACT_LABELS[name][1])
        item = default_vocab().items["attestation"].get(name)
        return Message(zh=item.zh, en=item.en) if item else Message(zh=key, en=key)
    if facet == "employer":
        if key in EMPLOYER_LABELS:
            return Message(zh=EMPLOYER_LABELS[key][0], en=EMPLOYER_LABELS[key][1])
        names = {"filing": ("备案层级", "filing level"),
                 "self_assessment_since": ("自主评价年限", "years of self-assessment")}
        zh, en = names.get(key, (key, key))
        return Message(zh=zh, en=en)
    if facet == "bans":
        zh, en = {"fraud": ("弄虚作假", "fraud"),
                  "evaluation_violation": ("违纪违规", "evaluation violation")}.get(key,
                                                                                 (key, key))
        return Message(zh=zh, en=en)
    return Message(zh=key, en=key)


def _route_name(signature: str, lang: str) -> str:
    words = {"honour": ("荣誉", "honour"), "award": ("奖项", "award"),
             "title": ("职称", "title"), "contribution": ("贡献", "contribution"),
             "none": ("无等级条件", "no grade condition")}
    out = []
    for token in signature.split("+"):
        if token.startswith("grade:"):
            levels = [parse_level(x) for x in token[len("grade:"):].split("|")]
            names = [lv.name_in(lang) for lv in levels if lv is not None]
            out.append(("或" if lang == "zh" else " or ").join(names))
        else:
            zh, en = words.get(token, (token, token))
            out.append(zh if lang == "zh" else en)
    return " + ".join(out)


#: The coverage side of a pack that does not list the level.
_NOT_LISTED = Side(value="none", text=Message(zh="未覆盖（不涉及此等级）",
                                             en="not covered (level not ruled on)"))


def _side(entry: Entry | None, net: Network) -> Side | None:
    if entry is None:
        return None
    return Side(value=entry.value, text=entry.text,
                citations=tuple(net.citations[c] for c in entry.cite if c in net.citations))


def _members(ids: set[str], vocab: Vocab) -> tuple[Member, ...]:
    return tuple(Member(id=m, zh=member_name(m, "zh", vocab), en=member_name(m, "en", vocab))
                 for m in sorted(ids))


def _align(ident: EntryKey, ea: Entry | None, eb: Entry | None, a: Network, b: Network,
           vocab: Vocab) -> Item:
    facet, level, path, key = ident
    side_a, side_b = _side(ea, a), _side(eb, b)
    change: Change
    if facet == "coverage" and (side_a is None or side_b is None):
        # A level one pack does not list is not covered there: a change of coverage,
        # not a level added or removed (docs/semantics.md, "Coverage").
        side_a, side_b = side_a or _NOT_LISTED, side_b or _NOT_LISTED
        change = "changed"
    elif ea is None:
        change = "added"
    elif eb is None:
        change = "removed"
    else:
        change = "same" if ea.value == eb.value else "changed"
    extra: dict[str, tuple[Member, ...]] = {}
    if facet in SET_FACETS:
        ma = set(ea.members) if ea else set()
        mb = set(eb.members) if eb else set()
        extra = {"added": _members(mb - ma, vocab), "removed": _members(ma - mb, vocab),
                 "common": _members(ma & mb, vocab)}
    return Item(facet=facet, level=level, path=path,
                key=key, label=item_label(facet, level, path, key), change=change,
                a=side_a, b=side_b, **extra)
