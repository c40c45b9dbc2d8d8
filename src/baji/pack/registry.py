"""Pack versions by jurisdiction and window: which version is in force on a date.

A jurisdiction may have several versions (``shanghai-2026`` and a later
``shanghai-2028``). Each version has its own window in force; a version that repeals an
earlier one (its ``repeals`` names a document number of the earlier version) ends the
earlier one's window the day before it starts. Two versions of one jurisdiction whose
windows overlap without a repeal are an error: baji will not pick one silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from baji.errors import EvaluationError, PackError, Problem, problem, suggest
from baji.pack.model import Window
from baji.pack.network import Network

ONE_DAY = dt.timedelta(days=1)


class Registry:
    """Compiled packs grouped by jurisdiction, with effective windows.

    Build it from networks (``Registry(networks)``) or from the bundled packs
    (:meth:`bundled`). Immutable once built; safe to share between threads.

    Raises:
        PackError: two versions of one jurisdiction overlap without a repeal, or two
            packs share an id.
    """

    def __init__(self, networks: Iterable[Network]) -> None:
        by_id: dict[str, Network] = {}
        problems: list[Problem] = []
        for net in networks:
            if net.id in by_id:
                problems.append(problem("BAJI140", path=net.path, id=net.id))
            by_id[net.id] = net
        groups: dict[str, list[Network]] = {}
        for net in by_id.values():
            groups.setdefault(net.jurisdiction, []).append(net)
        self._versions: dict[str, tuple[Network, ...]] = {}
        for jurisdiction, nets in sorted(groups.items()):
            nets.sort(key=lambda n: (n.window.from_, n.id))
            effective = [_effective(n, nets) for n in nets]
            for i, a in enumerate(effective):
                for b in effective[i + 1:]:
                    if _overlap(a.window, b.window):
                        problems.append(problem(
                            "BAJI141", path=b.path, first=a.id, second=b.id,
                            jurisdiction=jurisdiction,
                            day=str(max(a.window.from_, b.window.from_))))
            self._versions[jurisdiction] = tuple(effective)
        if problems:
            raise PackError(problems)
        self._by_id = {n.id: n for nets in self._versions.values() for n in nets}

    @classmethod
    def bundled(cls) -> Registry:
        """The registry of the bundled packs (compiled once, cached)."""
        from baji.pack.bundled import bundled_registry

        return bundled_registry()

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """The jurisdictions, sorted."""
        return tuple(self._versions)

    def versions(self, jurisdiction: str) -> tuple[Network, ...]:
        """The versions of ``jurisdiction``, oldest first, with effective windows."""
        try:
            return self._versions[jurisdiction]
        except KeyError:
            raise EvaluationError([problem(
                "BAJI301", value=jurisdiction,
                **suggest(jurisdiction, list(self._versions)))]) from None

    def get(self, pack_id: str) -> Network | None:
        """The version with id ``pack_id`` (effective window applied), or ``None``."""
        return self._by_id.get(pack_id)

    def in_force(self, jurisdiction: str, day: dt.date) -> Network | None:
        """The version of ``jurisdiction`` in force on ``day``, or ``None``."""
        for net in self.versions(jurisdiction):
            if net.in_force(day):
                return net
        return None

    def for_date(self, jurisdiction: str, day: dt.date) -> Network:
        """The version in force on ``day``; when none is, the version nearest to it
        (whose decision then says *not in force* and gives its window)."""
        found = self.in_force(jurisdiction, day)
        if found is not None:
            return found
        versions = self.versions(jurisdiction)
        earlier = [n for n in versions if n.window.from_ <= day]
        return earlier[-1] if earlier else versions[0]


def _numbers(net: Network) -> set[str]:
    return {d.number for d in net.source.documents if d.number} | {
        d.title for d in net.source.documents}


def _effective(net: Network, versions: list[Network]) -> Network:
    """``net`` with its window cut short by the first later version that repeals it."""
    until = net.window.until
    for other in versions:
        if other is net or other.window.from_ <= net.window.from_:
            continue
        if _numbers(net) & set(other.repeals):
            end = other.window.from_ - ONE_DAY
            if until is None or end < until:
                until = end
    if until == net.window.until:
        return net
    window = Window.model_validate({"from": net.window.from_, "until": until})
    return dataclasses.replace(net, window=window)


def _overlap(a: Window, b: Window) -> bool:
    a_end = a.until or dt.date.max
    b_end = b.until or dt.date.max
    return a.from_ <= b_end and b.from_ <= a_end
