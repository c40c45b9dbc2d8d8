"""The validated field types of profiles (and packs): dates, level names, names from the
vocabulary and award ranks, each parsing what people write into what baji holds and
refusing the rest with a coded problem."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from baji.core.labels import RANK_LABEL
from baji.core.labels import RankName as RankId
from baji.core.levels import Level, parse_level
from baji.core.vocabulary import Kind, default_vocab
from baji.errors import suggest
from baji.io.pydantic_problems import invalid

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: The first and last day baji accepts in a profile, a pack or as ``as_of``: wide enough
#: for any working life, narrow enough that date arithmetic never overflows.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


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


#: A date of a profile or pack: text ``YYYY-MM-DD`` (or a date, not a datetime), from
#: :data:`EARLIEST` to :data:`LATEST`.
IsoDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_date_in_range)]
#: A level by id (``senior_technician``) or Chinese name (高级技师).
LevelName = Annotated[Level, BeforeValidator(_parse_level)]


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


#: Names of the vocabulary, by id, Chinese name or alias, resolved to the id.
HonourId = Annotated[str, _vocab_name("honour")]
AwardId = Annotated[str, _vocab_name("award")]
TitleId = Annotated[str, _vocab_name("title")]
AttestationId = Annotated[str, _vocab_name("attestation")]
ContributionId = Annotated[str, _vocab_name("contribution")]

Rank = RankId
#: A rank by its Chinese name (一等奖), as profiles may give it.
RANK_BY_ZH: dict[str, str] = {label.zh: rank for rank, label in RANK_LABEL.items()}
#: Higher is better.
RANK_ORDER: dict[str, int] = {"third": 1, "second": 2, "first": 3, "special": 4}
RankName = Annotated[Rank | None, BeforeValidator(
    lambda v: RANK_BY_ZH.get(v, v) if isinstance(v, str) else v)]
