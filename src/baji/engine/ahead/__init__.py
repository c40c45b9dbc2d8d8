"""Bundled packs compiled ahead: a first answer without pydantic, PyYAML or the models.

Compiling a pack means reading its YAML into pydantic models, building the operators'
models and generating its program: about 100 ms in a fresh interpreter before the first
answer, most of it importing and building models an answer never reads. So the program
of every bundled pack is also generated ahead, into a module of this package per pack
(``shanghai_2026.py``): the source of its value and date functions (as
:mod:`baji.engine.program` generates them), the constants they name, each level's path
rules and coverage, and the pack's window in force (as the registry of its jurisdiction
gives it). :func:`ahead_program` loads one as an
:class:`~baji.engine.answering.Answering`; with the profile read by
:mod:`baji.profile.fast` (Structs generated ahead too), ``baji.evaluate_answers(data,
"shanghai-2026", day)`` then imports neither pydantic nor PyYAML.

The leaf functions the programs call (each leaf operator's value and date functions,
defined in its module of :mod:`baji.operators`) are copied as source into one more
generated module, ``_leaves.py`` (:mod:`baji.engine.ahead.copying`), so that no
operator's module is imported.

Each module records the digest of what it was generated from (:func:`digest`: the YAML
of the pack's jurisdiction, the vocabulary, baji's version; for ``_leaves.py``,
:func:`sources_digest` of the files it copies from) and is used only while that still
matches: a stale or missing module means compiling the pack as usual — never a wrong
answer. tests/test_ahead.py fails while a module checked in differs from what
``python -m baji.engine.ahead src/baji`` writes now (:mod:`baji.engine.ahead.build`).
"""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from baji.engine.answering import Answering, LevelAnswer, LevelAnswers, answer_table
from baji.io.data import data_dir

__all__ = ["PACKAGE", "ahead_program", "digest", "module_name", "sources_digest"]

#: baji's package folder (``src/baji``), which the files ``_leaves.py`` copies from are in.
PACKAGE = Path(__file__).resolve().parents[2]

#: A bundled pack id (``shanghai-2026``): anything else is not looked for here.
_PACK_ID = re.compile(r"[a-z][a-z0-9_]*-[0-9a-z_]+")
_LOCK = threading.Lock()
_LOADED: dict[str, Answering | None] = {}  # by pack id, once looked for


def module_name(pack_id: str) -> str:
    """The module of this package holding ``pack_id``'s program (``shanghai_2026``)."""
    return pack_id.replace("-", "_")


def digest(pack_id: str) -> str:
    """The digest of what the program of bundled pack ``pack_id`` is compiled from: baji's
    version, and the name and bytes of each YAML file of its jurisdiction's packs (the
    registry gives a version its window from the others) and of the vocabulary."""
    from baji import __version__

    jurisdiction = pack_id.rpartition("-")[0] or pack_id
    rules = data_dir() / "rules"
    files = sorted(p for p in rules.glob("*.yaml") if p.stem.startswith("vocab")
                   or (p.stem.rpartition("-")[0] or p.stem) == jurisdiction)
    h = hashlib.sha256(f"baji {__version__}\0".encode())
    for path in files:
        h.update(f"{path.name}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    return "sha256:" + h.hexdigest()


def sources_digest(files: Iterable[str], root: Path | None = None) -> str:
    """The digest of the name and bytes of each of ``files`` (paths under baji's package
    folder, or ``root``); ``"missing"`` when one cannot be read."""
    h = hashlib.sha256()
    for name in files:
        try:
            data = ((root or PACKAGE) / name).read_bytes()
        except OSError:
            return "missing"
        h.update(f"{name}\0".encode())
        h.update(data)
        h.update(b"\0")
    return "sha256:" + h.hexdigest()


def _fresh_leaves() -> bool:
    """Whether ``_leaves.py`` is there and its copies are of the files as they are now."""
    try:
        leaves: Any = importlib.import_module(f"{__name__}._leaves")
    except ImportError:  # missing, or a name it imports is gone: stale
        return False
    return bool(leaves.KEY == sources_digest(leaves.SOURCES))


def _load(pack_id: str) -> Answering | None:
    if not _fresh_leaves():
        return None  # a leaf function changed since it was copied: compiled as usual
    try:
        module: Any = importlib.import_module(f"{__name__}.{module_name(pack_id)}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{module_name(pack_id)}":
            raise
        return None
    if module.PACK != pack_id or module.KEY != digest(pack_id):
        return None  # stale: the pack is compiled as usual
    levels = [LevelAnswers(level=level, values=values,
                           table=answer_table(level, paths, coverage), dates=dates,
                           not_in_force=LevelAnswer(level, "not_in_force", None, (), None))
              for level, paths, coverage, values, dates in module.LEVELS]
    window_from, window_until = module.WINDOW
    return Answering(pack_id, window_from, window_until, levels)


def ahead_program(pack_id: str) -> Answering | None:
    """The program of bundled pack ``pack_id`` compiled ahead, loaded once; ``None`` when
    there is none for it or it is stale (the caller then compiles the pack)."""
    if pack_id in _LOADED:
        return _LOADED[pack_id]
    if not _PACK_ID.fullmatch(pack_id):
        return None
    with _LOCK:
        if pack_id not in _LOADED:
            _LOADED[pack_id] = _load(pack_id)
        return _LOADED[pack_id]

