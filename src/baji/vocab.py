"""The shared vocabulary: honours, awards, titles, attestations and contributions.

Packs refer to items by id; profiles may use the id, the Chinese name or an alias. The
vocabulary ships as ``rules/vocab.yaml`` and is loaded once (it is immutable).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .base import StrictModel
from .errors import PackError, Problem, did_you_mean
from .paths import data_dir
from .source import Positions, load_file

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
        raise PackError(pydantic_problems(exc, positions)) from None
    seen: dict[str, str] = {}
    dup: list[Problem] = []
    for section in KINDS:
        for i, item in enumerate(getattr(data, section)):
            if item.id in seen and seen[item.id] == section:
                dup.append(positions.problem((section, i, "id"), f"duplicate id {item.id!r}"))
            seen[item.id] = section
    if dup:
        raise PackError(dup)
    return Vocab(data)


def pydantic_problems(exc: ValidationError, positions: Positions | None,
                      code: str = "BAJI110", model: type[BaseModel] | None = None
                      ) -> list[Problem]:
    """Turn pydantic errors into located problems (used for packs, vocab and profiles)."""
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        at_key = "[key]" in err["loc"]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and (
            "[" in p or p in _TYPE_TAGS)))
        pointer = json_pointer(loc)
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
            allowed = _allowed_keys(model, loc[:-1]) if model is not None else []
            hint = did_you_mean(str(loc[-1]), allowed) if allowed else None
            if sorted(allowed) == ["en", "zh"]:
                hint = ("quote the text: a comma inside a {zh: ..., en: ...} flow mapping "
                        "starts a new key")
            elif hint is None:
                hint = ("allowed: " + ", ".join(allowed)) if allowed else \
                    "remove it or check its spelling"
        elif kind == "missing":
            message = f"missing required field {loc[-1]!r}"
            hint = None
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, "):]
            shown = repr(value)
            message = msg if isinstance(value, (dict, list, tuple)) or shown in msg \
                else f"{msg}, got {shown}"
            hint = None
        if positions is not None:
            line, col = positions.locate(loc, prefer_key=kind == "extra_forbidden" or at_key)
            out.append(Problem(message, positions.path, line, col, hint, pointer, code=code))
        else:
            out.append(Problem(message, None, None, None, hint, pointer, code=code))
    return out


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names (aliases) a mapping at ``loc`` under ``model`` accepts."""
    import types
    import typing

    def models_in(tp: object) -> list[type[BaseModel]]:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return [tp]
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            return models_in(typing.get_args(tp)[0])
        if origin in (typing.Union, types.UnionType, tuple, list, dict):
            out: list[type[BaseModel]] = []
            for arg in typing.get_args(tp):
                if arg is not Ellipsis:
                    out.extend(models_in(arg))
            return out
        return []

    current: list[type[BaseModel]] = [model]
    for part in loc:
        if isinstance(part, int) or not current:
            continue
        nxt: list[type[BaseModel]] = []
        for m in current:
            for name, info in m.model_fields.items():
                if part in (name, info.alias):
                    nxt.extend(models_in(info.annotation))
        if nxt:
            current = nxt
        # a dict key (level id, set id) keeps the value models of the dict
    names: list[str] = []
    for m in current[:1]:
        names = [info.alias or name for name, info in m.model_fields.items()]
    return names


_TYPE_TAGS = {"str", "int", "bool", "float", "tuple", "list", "dict"}


def json_pointer(loc: tuple[str | int, ...]) -> str:
    """``('grades', 0, 'posts')`` -> ``$.grades[0].posts``."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
