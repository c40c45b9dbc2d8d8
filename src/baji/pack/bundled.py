"""The bundled packs: their folder and ids, each compiled once, their registry, and
pack look-up by id, jurisdiction, file or network."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from baji.errors import EvaluationError, problem, suggest
from baji.io.data import data_dir
from baji.pack.compile import load_pack
from baji.pack.network import Network
from baji.pack.registry import Registry


def rules_dir() -> Path:
    """The folder of the bundled packs."""
    return data_dir() / "rules"


def bundled_pack_ids() -> tuple[str, ...]:
    """The ids of the bundled packs, sorted (``chongqing-2023``, ...)."""
    return tuple(sorted(p.stem for p in rules_dir().glob("*.yaml")
                        if not p.stem.startswith("vocab")))


@lru_cache(maxsize=64)
def _bundled(pack_id: str) -> Network:
    return load_pack(rules_dir() / f"{pack_id}.yaml", display=f"rules/{pack_id}.yaml")


def _jurisdiction(pack_id: str) -> str:
    """The jurisdiction of a bundled pack, from its id: ``shanghai`` of ``shanghai-2026``
    (bundled packs are named ``<jurisdiction>-<year>``; tests/test_registry.py holds them
    to it)."""
    return pack_id.rpartition("-")[0] or pack_id


@lru_cache(maxsize=64)
def bundled_versions(jurisdiction: str) -> Registry | None:
    """The registry of the bundled versions of one jurisdiction (built once), or ``None``
    when none is bundled. Reads only that jurisdiction's packs: a first answer from one
    pack does not wait for the others to load."""
    ids = [p for p in bundled_pack_ids() if _jurisdiction(p) == jurisdiction]
    return Registry(_bundled(p) for p in ids) if ids else None


@lru_cache(maxsize=1)
def bundled_registry() -> Registry:
    """The :class:`~baji.pack.registry.Registry` of the bundled packs (built once, from
    the same networks as :func:`bundled_versions`)."""
    found = (bundled_versions(j) for j in dict.fromkeys(map(_jurisdiction, bundled_pack_ids())))
    return Registry(net for registry in found if registry is not None
                    for j in registry.jurisdictions for net in registry.versions(j))


def resolve_pack(pack: str | Path | Network, as_of: dt.date) -> Network:
    """The network to evaluate on ``as_of``: a network as given, a bundled pack by id
    (with its effective window), the version of a jurisdiction in force on ``as_of``
    (``shanghai``; the nearest version when none is in force), or a pack file.

    Raises:
        EvaluationError: nothing of that name; PackError: the pack file is invalid.
    """
    if isinstance(pack, Network):
        return pack
    name = str(pack)
    registry = bundled_versions(_jurisdiction(name))
    found = registry.get(name) if registry is not None else None
    if found is not None:
        return found
    registry = bundled_versions(name)
    if registry is not None and name in registry.jurisdictions:
        return registry.for_date(name, as_of)
    return get_pack(name)


def get_pack(pack: str | Path | Network) -> Network:
    """A compiled pack, by bundled id (``shanghai-2026``) or by file path.

    Bundled packs are compiled once and cached; the networks are immutable.

    Raises:
        EvaluationError: no bundled pack has that id and no such file exists.
        PackError: the pack file is invalid.
    """
    if isinstance(pack, Network):
        return pack
    name = str(pack)
    if name in bundled_pack_ids():
        return _bundled(name)
    path = Path(name)
    # A named pipe or a device named like a pack is refused by the loader, as such.
    if path.suffix.lower() in (".yaml", ".yml", ".json") and path.exists():
        return load_pack(path)
    known = list(bundled_pack_ids()) + list(bundled_registry().jurisdictions)
    hint = suggest(name, known) or {"hint": "known", "known": bundled_pack_ids()}
    raise EvaluationError([problem("BAJI300", value=name, **hint)])
