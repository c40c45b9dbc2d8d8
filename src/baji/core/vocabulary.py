"""The shared vocabulary: honours, awards, titles, attestations and contributions.

Packs refer to items by id; profiles may use the id, the Chinese name or an alias. The
vocabulary ships as ``rules/vocab.yaml`` and is loaded once (it is immutable).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from baji.core.models import StrictModel
from baji.errors import PackError, Problem, did_you_mean
from baji.io.data import data_dir
from baji.io.pydantic_problems import pydantic_problems
from baji.io.yaml_reader import load_file

Scope = Literal["national", "ministerial", "provincial", "municipal", "central_enterprise",
                "enterprise"]
Kind = Literal["honour", "award", "title", "attestation", "contribution"]

#: Scopes from the widest down; ``scope_at_least: provincial`` accepts the first three.
SCOPE_ORDER: tuple[str, ...] = ("national", "ministerial", "provincial", "central_enterprise",
                                "municipal", "enterprise")

KINDS: dict[str, Kind] = {
    "honours": "honour", "awards": "award", "titles": "title",
    "attestations": "attestation", "contributions": "contribution",
}


class VocabItem(StrictModel):
    """One named item: an honour, award, title, attestation or contribution."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    scope: Scope | None = None
    ranked: bool = False
    family: str | None = None
    note: str | None = None


class VocabFile(StrictModel):
    """The vocabulary file (``rules/vocab.yaml``)."""

    honours: tuple[VocabItem, ...] = ()
    awards: tuple[VocabItem, ...] = ()
    titles: tuple[VocabItem, ...] = ()
    attestations: tuple[VocabItem, ...] = ()
    contributions: tuple[VocabItem, ...] = ()


class Vocab:
    """Lookup of vocabulary items by kind, id and name. Immutable once built."""

    def __init__(self, data: VocabFile) -> None:
        self.items: dict[Kind, dict[str, VocabItem]] = {}
        self._names: dict[Kind, dict[str, str]] = {}
        for section, kind in KINDS.items():
            items = {item.id: item for item in getattr(data, section)}
            names: dict[str, str] = {}
            for item in items.values():
                for name in (item.id, item.zh, *item.aliases):
                    names.setdefault(name, item.id)
            self.items[kind] = items
            self._names[kind] = names

    def resolve(self, kind: Kind, name: str) -> str | None:
        """The id of the ``kind`` item named ``name`` (id, Chinese name or alias)."""
        return self._names[kind].get(name.strip())

    def suggest(self, kind: Kind, name: str) -> str | None:
        """A did-you-mean hint for an unknown ``name`` of ``kind``."""
        return did_you_mean(name, list(self._names[kind]))

    def names(self, kind: Kind) -> list[str]:
        """Every name an item of ``kind`` may go by: ids, Chinese names, aliases."""
        return list(self._names[kind])

    def get(self, kind: Kind, item_id: str) -> VocabItem:
        """The item of ``kind`` with id ``item_id`` (KeyError if absent)."""
        return self.items[kind][item_id]

    def family_members(self, award_id: str) -> set[str]:
        """The award and, when it is a family, all its members."""
        out = {award_id}
        out.update(i.id for i in self.items["award"].values() if i.family == award_id)
        return out


def load_vocab(path: str | Path | None = None) -> Vocab:
    """Load a vocabulary file (the bundled one by default).

    Raises:
        PackError: the file is missing, not valid YAML, or not a valid vocabulary.
    """
    if path is None:
        return default_vocab()
    return _load(Path(path))


@lru_cache(maxsize=1)
def default_vocab() -> Vocab:
    """The bundled vocabulary, loaded once."""
    return _load(data_dir() / "rules" / "vocab.yaml", "rules/vocab.yaml")


def _load(path: Path, display: str | None = None) -> Vocab:
    value, positions, problems = load_file(path, display)
    if problems:
        raise PackError(problems)
    try:
        data = VocabFile.model_validate(value)
    except ValidationError as exc:
        raise PackError(pydantic_problems(exc, positions, model=VocabFile, data=value)) from None
    seen: dict[str, str] = {}
    dup: list[Problem] = []
    for section in KINDS:
        for i, item in enumerate(getattr(data, section)):
            if item.id in seen and seen[item.id] == section:
                dup.append(positions.problem((section, i, "id"), "BAJI123", id=item.id,
                                             section=section))
            seen[item.id] = section
    if dup:
        raise PackError(dup)
    return Vocab(data)
