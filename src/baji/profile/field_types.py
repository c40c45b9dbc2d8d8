"""The validated field types of profiles (and packs): dates, level names, names from the
vocabulary and award ranks, each parsing what people write into what baji holds and
refusing the rest with a coded problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from baji.core.dates import EARLIEST as EARLIEST  # their home; still imported from here
from baji.core.dates import LATEST as LATEST
from baji.core.labels import RANK_LABEL
from baji.core.labels import RankName as RankId
from baji.core.levels import BY_NAME, Level, parse_level
from baji.core.ranks import RANK_ORDER as RANK_ORDER  # its home; still imported from here
from baji.core.vocabulary import Kind, default_vocab
from baji.errors import suggest
from baji.io.pydantic_problems import invalid

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _parse_date(value: object) -> object:
    if isinstance(value, str):
        if not _DATE.fullmatch(value):
            raise invalid("BAJI020", value=value)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise invalid("BAJI021", value=value) from None
    if isinstance(value, dt.datetime):
        raise invalid("BAJI022", value=value.isoformat(sep=" "))
    return value


def _date_in_range(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise invalid("BAJI023", value=str(value), low=str(EARLIEST), high=str(LATEST))
    return value


def _parse_level(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Level):
        level = parse_level(value.strip())
        if level is None:
            names = [lv.value for lv in Level] + [lv.zh for lv in Level]
            params = suggest(value, names)
            if params.get("hint") == "known":
                params = {}
            raise invalid("BAJI024", value=value, **params)
        return level
    return value


# -- the JSON Schema of each type, as validation reads it -----------------------------------
# Patterns are written for both ECMA-262 (what JSON Schema names) and Python's re (what
# the jsonschema library runs): ASCII classes and \uXXXX escapes only. Python's ``$``
# also matches before a last newline; every pattern here either fixes the length or
# ends in a class that holds the newline, so that changes nothing.

#: 29 February of the leap years from 1900 to 2199 (1900 and 2100 are none, 2000 is one).
_LEAP_DAY = r"(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29"
#: Any other real day of 1900..2199.
_OTHER_DAY = (r"(?:19|20|21)[0-9]{2}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
              r"|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)")
#: The JSON Schema of :data:`IsoDate` (in validation: a decision writes any date it holds).
DAY_SCHEMA: dict[str, Any] = {
    "type": "string", "format": "date", "minLength": 10, "maxLength": 10,
    "pattern": f"^(?:{_LEAP_DAY}|{_OTHER_DAY})$"}


@cache
def _space_class() -> str:
    """The characters :meth:`str.strip` removes (:meth:`str.isspace`) as a regex class."""
    spaces = [c for c in map(chr, range(0x10000)) if c.isspace()]
    ranges: list[list[int]] = []
    for code in map(ord, spaces):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}"
                         for a, b in ranges) + "]"


_REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}/")


def _escaped(name: str) -> str:
    """``name`` as a regex matching itself in ECMA-262 (with or without its ``u`` flag)
    and in Python: only syntax characters are escaped."""
    return "".join("\\" + c if c in _REGEX_SPECIAL else c for c in name)


def names_schema(names: list[str]) -> dict[str, Any]:
    """Text that is one of ``names``, or one of them with surrounding whitespace, which
    the models strip before looking the name up."""
    names = sorted(set(names))
    space, alternation = _space_class(), "|".join(map(_escaped, names))
    padded = f"^(?:{space}+(?:{alternation}){space}*|(?:{alternation}){space}+)$"
    return {"type": "string", "anyOf": [{"enum": names}, {"pattern": padded}]}


def level_names(level: Level | None = None) -> list[str]:
    """The names :func:`~baji.core.levels.parse_level` takes (of ``level``, or of all)."""
    return [name for name, found in BY_NAME.items() if level is None or found is level]


@dataclass(frozen=True)
class _JsonSchema:
    """The JSON Schema of an annotated type in validation mode (what it takes), built
    when a schema is asked for (names come from the vocabulary, read on first use)."""

    build: Callable[[], dict[str, Any]]  # a function: the vocabulary is read late

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        if handler.mode == "validation":
            built: dict[str, Any] = self.build()
            return dict(built)
        return handler(core_schema)


#: A date of a profile or pack: text ``YYYY-MM-DD`` (or a date, not a datetime), from
#: :data:`EARLIEST` to :data:`LATEST`.
IsoDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_date_in_range),
                    _JsonSchema(lambda: DAY_SCHEMA)]
#: A level by id (``senior_technician``) or Chinese name (高级技师).
LevelName = Annotated[Level, BeforeValidator(_parse_level),
                      _JsonSchema(lambda: names_schema(level_names()))]


#: The profile field that holds names of each kind of the vocabulary.
FIELD_OF_KIND: dict[Kind, str] = {"honour": "honours", "award": "awards", "title": "titles",
                                  "attestation": "attestations",
                                  "contribution": "contributions"}


def _vocab_name(kind: Kind) -> Any:
    def check(value: str) -> str:
        vocab = default_vocab()
        found = vocab.resolve(kind, value)
        if found is None:
            # A name of another kind (海河工匠 given as an honour) is told where it goes.
            for other in FIELD_OF_KIND:
                if other != kind and vocab.resolve(other, value) is not None:
                    raise invalid("BAJI025", kind=kind, value=value, hint="other_kind",
                                  held=other, field=FIELD_OF_KIND[other])
            raise invalid("BAJI025", kind=kind, value=value,
                          **suggest(value, vocab.names(kind)))
        return found
    return AfterValidator(check)


def _vocab_schema(kind: Kind) -> _JsonSchema:
    return _JsonSchema(lambda: names_schema(default_vocab().names(kind)))


#: Names of the vocabulary, by id, Chinese name or alias, resolved to the id.
HonourId = Annotated[str, _vocab_name("honour"), _vocab_schema("honour")]
AwardId = Annotated[str, _vocab_name("award"), _vocab_schema("award")]
TitleId = Annotated[str, _vocab_name("title"), _vocab_schema("title")]
AttestationId = Annotated[str, _vocab_name("attestation"), _vocab_schema("attestation")]
ContributionId = Annotated[str, _vocab_name("contribution"), _vocab_schema("contribution")]

Rank = RankId
#: A rank by its Chinese name (一等奖), as profiles may give it.
RANK_BY_ZH: dict[str, str] = {label.zh: rank for rank, label in RANK_LABEL.items()}
RankName = Annotated[Rank | None, BeforeValidator(
    lambda v: RANK_BY_ZH.get(v, v) if isinstance(v, str) else v), _JsonSchema(lambda: {
        "anyOf": [{"type": "string", "enum": [*RANK_ORDER, *RANK_BY_ZH]}, {"type": "null"}]})]
