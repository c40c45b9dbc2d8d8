"""The packs the service answers with, compiled once at start.

The service never opens a file named by a request: a pack is looked up by id or by
jurisdiction among the networks on the :class:`Shelf`, which holds the bundled packs
and, when the service was started with ``--packs DIR``, the pack files of that folder,
all read and compiled before the first request. A request value such as
``../../etc/passwd`` is only ever a key that matches nothing (BAJI300).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from baji.errors import EvaluationError, Problem, problem, suggest
from baji.pack.bundled import bundled_registry
from baji.pack.compile import load_pack
from baji.pack.network import Network
from baji.pack.registry import Registry

#: Names longer than this get no did-you-mean (matching is quadratic in length).
_SUGGEST_UP_TO = 100


class Shelf:
    """Compiled packs by id and by jurisdiction. Immutable; shared by every request.

    Args:
        packs_dir: a folder whose ``*.yaml`` files (``vocab*.yaml`` aside) are served
            beside the bundled packs, or ``None``.

    Raises:
        PackError: a pack file of ``packs_dir`` is invalid, or its id or window clashes
            with another pack (the service does not start half-loaded).
        BajiError: ``packs_dir`` is not a folder.
    """

    def __init__(self, packs_dir: str | Path | None = None) -> None:
        bundled = bundled_registry()
        networks = [net for j in bundled.jurisdictions for net in bundled.versions(j)]
        if packs_dir is not None:
            folder = Path(packs_dir)
            if not folder.is_dir():
                raise EvaluationError([problem(
                    "BAJI000", detail=f"--packs {str(folder)!r} is not a folder")])
            networks += [load_pack(path, display=f"{folder.name}/{path.name}")
                         for path in sorted(folder.glob("*.yaml"))
                         if not path.stem.startswith("vocab")]
        self.registry = Registry(networks)

    @property
    def networks(self) -> tuple[Network, ...]:
        """Every version, by jurisdiction and then by date."""
        return tuple(net for j in self.registry.jurisdictions
                     for net in self.registry.versions(j))

    def find(self, name: str, day: dt.date) -> Network:
        """The pack with id ``name``, or the version of jurisdiction ``name`` in force on
        ``day`` (the nearest one when none is: its decision says *not in force*).

        Raises:
            EvaluationError: no pack has that id or jurisdiction (BAJI300).
        """
        found = self.registry.get(name)
        if found is not None:
            return found
        if name in self.registry.jurisdictions:
            return self.registry.for_date(name, day)
        raise EvaluationError([self.unknown(name)])

    def unknown(self, name: str) -> Problem:
        """The problem of a pack name that matches nothing, with a did-you-mean."""
        ids = tuple(net.id for net in self.networks)
        known = ids + self.registry.jurisdictions
        hint = suggest(name, known) if len(name) <= _SUGGEST_UP_TO else {}
        return problem("BAJI300", value=name, **(hint or {"hint": "known", "known": ids}))
