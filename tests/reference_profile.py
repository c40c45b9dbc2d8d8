"""baji's profile validator as it was before the native twin (src/baji/profile.py at
0da5ba4, the models and parse_profile; the file loaders left out), frozen.

The models in baji.profile now try a native twin first and fall back on their own
validators; tests/test_profile_quick.py checks, on generated profiles, that they accept
exactly the profiles this copy accepts, build the same objects, and report the same
problems. Nothing else imports it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    model_validator,
)

from baji.core.levels import Level, parse_level
from baji.core.models import StrictModel
from baji.core.tenure import first_overlap
from baji.core.vocabulary import Kind, default_vocab
from baji.errors import ProfileError, problem, suggest
from baji.io.positions import Positions
from baji.io.pydantic_problems import invalid, pydantic_problems, shown

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")  # searched in C: a profile's every string


def _clean_text(data: Any) -> bool:
    """Whether JSON-like ``data`` surely holds no lone surrogate (checked in C: the
    slower walk that locates one is only needed when this says no)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # not JSON-like, a surrogate, too deep
        return False
    return True


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


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_date_in_range)]
LevelName = Annotated[Level, BeforeValidator(_parse_level)]


def _vocab_name(kind: Kind) -> Any:
    def check(value: str) -> str:
        vocab = default_vocab()
        found = vocab.resolve(kind, value)
        if found is None:
            for other, field in (("honour", "honours"), ("award", "awards"),
                                 ("title", "titles"), ("attestation", "attestations"),
                                 ("contribution", "contributions")):
                if other != kind and vocab.resolve(other, value) is not None:  # type: ignore[arg-type]
                    raise invalid("BAJI025", kind=kind, value=value, hint="other_kind",
                                  held=other, field=field)
            raise invalid("BAJI025", kind=kind, value=value,
                          **suggest(value, vocab.names(kind)))
        return found
    return AfterValidator(check)


HonourId = Annotated[str, _vocab_name("honour")]
AwardId = Annotated[str, _vocab_name("award")]
TitleId = Annotated[str, _vocab_name("title")]
AttestationId = Annotated[str, _vocab_name("attestation")]
ContributionId = Annotated[str, _vocab_name("contribution")]

_CERT = re.compile(r"[A-Z][0-9]{14}[X54321TS][0-9]{6}")

Rank = Literal["special", "first", "second", "third"]
_RANK_ZH = {"特等奖": "special", "一等奖": "first", "二等奖": "second", "三等奖": "third"}
#: Higher is better.
RANK_ORDER: dict[str, int] = {"third": 1, "second": 2, "first": 3, "special": 4}


class _Model(StrictModel):
    """Strict, frozen, unknown fields rejected."""


class Period(_Model):
    """A half-open period ``[start, end)`` in a post; ``end`` is the first day no longer
    in the post, ``None`` while still in it."""

    start: IsoDate
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end <= self.start:
            raise invalid("BAJI230", at=("end",), end=str(self.end), start=str(self.start))
        return self


class Grade(_Model):
    """A certificate held (职业资格 or 职业技能等级) and the posts held at that grade."""

    level: LevelName
    kind: Literal["skill_level", "qualification"] = "skill_level"
    occupation: str | None = None
    certificate: str | None = None
    certified_on: IsoDate | None = None
    posts: tuple[Period, ...] | None = None

    @model_validator(mode="after")
    def _certificate(self) -> Grade:
        cert = self.certificate
        if cert is not None:
            at = ("certificate",)
            if len(cert) != 22:
                raise invalid("BAJI232", at=at, value=cert, length=len(cert))
            if not _CERT.fullmatch(cert):
                raise invalid("BAJI233", at=at, value=cert)
            if cert[15] != self.level.code:
                raise invalid("BAJI234", at=at, value=cert, char=cert[15],
                              level=self.level.value, level_zh=self.level.zh,
                              level_code=self.level.code)
        return self


class Honour(_Model):
    """An honour held (全国技术能手 ...), by vocabulary id or Chinese name."""

    id: HonourId
    date: IsoDate | None = None


class Award(_Model):
    """An award held; ``rank`` for ranked awards (国家科学技术奖 二等奖 = ``second``)."""

    id: AwardId
    rank: Annotated[Rank | None, BeforeValidator(
        lambda v: _RANK_ZH.get(v, v) if isinstance(v, str) else v)] = None
    date: IsoDate | None = None


class Title(_Model):
    """A professional title (职称); ``aligned``: 贯通 with the occupation applied for."""

    id: TitleId
    aligned: bool | None = None
    date: IsoDate | None = None


class Finding(_Model):
    """A misconduct finding: ``fraud`` (弄虚作假) or ``evaluation_violation`` (违纪违规)."""

    kind: Literal["fraud", "evaluation_violation"]
    subject: Literal["candidate", "employer"] = "candidate"
    date: IsoDate
    restricted_until: IsoDate | None = None


class Recommendation(_Model):
    """The employer's recommendation of the candidate for a level (单位推荐)."""

    level: LevelName
    date: IsoDate | None = None


class Employer(_Model):
    """Facts about the employer running the 评聘 or 认定 (see docs/profile.md)."""

    filed_institution: bool | None = None
    filing: Literal["municipal", "district", "ministry", "central_enterprise"] | None = None
    pilot: bool | None = None
    pilot_levels: tuple[LevelName, ...] | None = None
    skill_workforce_majority: bool | None = None
    above_scale: bool | None = None
    certification_started: bool | None = None
    senior_technician_certified: bool | None = None
    talent_mechanism: bool | None = None
    mohrss_filed: bool | None = None
    senior_technicians_in_occupation: bool | None = None
    self_assessment_since: IsoDate | None = None


class Profile(_Model):
    """A candidate profile. See docs/profile.md for every field.

    Example:
        >>> Profile.model_validate({"grades": [{"level": "高级技师",
        ...     "posts": [{"start": "2019-03-15"}]}]}).grades[0].level.zh
        '高级技师'
    """

    id: str | None = None
    name: str | None = None
    occupation: str | None = None
    grades: tuple[Grade, ...] | None = None
    still_in_occupation: bool | None = None
    in_related_work: bool | None = None
    front_line: bool | None = None
    in_post_employee: bool | None = None
    chain_member_staff: bool | None = None
    consented_population: bool | None = None
    key_industry_occupation: bool | None = None
    honours: tuple[Honour, ...] | None = None
    awards: tuple[Award, ...] | None = None
    titles: tuple[Title, ...] | None = None
    contributions: tuple[ContributionId, ...] | None = None
    attestations: dict[AttestationId, bool] = Field(default_factory=dict)
    findings: tuple[Finding, ...] | None = None
    recommendations: tuple[Recommendation, ...] | None = None
    employer: Employer = Field(default_factory=Employer)

    @model_validator(mode="before")
    @classmethod
    def _names_to_objects(cls, data: Any) -> Any:
        # Honours, awards and titles may be given as bare names: ["全国技术能手"].
        if isinstance(data, dict):
            data = dict(data)
            for key in ("honours", "awards", "titles"):
                items = data.get(key)
                if isinstance(items, list):
                    data[key] = [{"id": x} if isinstance(x, str) else x for x in items]
        return data

    @model_validator(mode="before")
    @classmethod
    def _text_only(cls, data: Any) -> Any:
        # A JSON escape such as "\ud800" gives a lone surrogate, which no decision
        # could be written out with; refuse it here, where its path is known.
        if _clean_text(data):
            return data
        stack: list[tuple[tuple[str | int, ...], object]] = [((), data)]
        while stack:
            at, value = stack.pop()
            if isinstance(value, str):
                found = None if value.isascii() else _SURROGATE.search(value)
                if found is not None:
                    raise invalid("BAJI117", at=at, value=value[:40], char=found.group())
            elif isinstance(value, dict):
                stack.extend((at + (str(k),), v) for k, v in value.items())
                stack.extend((at, k) for k in value if isinstance(k, str))
            elif isinstance(value, (list, tuple)):
                stack.extend((at + (i,), v) for i, v in enumerate(value))
        return data

    @model_validator(mode="after")
    def _no_overlap(self) -> Profile:
        by_level: dict[Level, list[Period]] = {}
        where: dict[int, tuple[int, int]] = {}
        for i, grade in enumerate(self.grades or ()):
            for j, period in enumerate(grade.posts or ()):
                where[id(period)] = (i, j)
                by_level.setdefault(grade.level, []).append(period)
        for level, periods in by_level.items():
            clash = first_overlap(periods)
            if clash is not None:
                a, b = clash
                i, j = where[id(b)]
                raise invalid("BAJI231", at=("grades", i, "posts", j), level=level.value,
                              level_zh=level.zh, first=f"{a.start}..{a.end or 'open'}",
                              second=f"{b.start}..{b.end or 'open'}")
        return self

    def grade_periods(self, level: Level) -> tuple[Period, ...] | None:
        """All post periods at ``level``, or ``None`` if any grade of it leaves them unknown."""
        out: list[Period] = []
        found = False
        for grade in self.grades or ():
            if grade.level is level:
                found = True
                if grade.posts is None:
                    return None
                out.extend(grade.posts)
        return tuple(sorted(out, key=lambda p: p.start)) if found else ()


def parse_profile(data: object, *, source: str = "<profile>",
                  positions: Positions | None = None) -> Profile:
    """Validate a profile given as a Python mapping (JSON-like values or dates).

    Raises:
        ProfileError: listing every problem with its JSON path (and line:col when
            ``positions`` are given).
    """
    if not isinstance(data, dict):
        got, got_zh = shown(data)
        line, col = positions.locate(()) if positions is not None else (None, None)
        raise ProfileError([problem("BAJI200", path=positions.path if positions else None,
                                    line=line or (1 if positions else None),
                                    column=col or (1 if positions else None), pointer="$",
                                    got=got, got_zh=got_zh)])
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(pydantic_problems(exc, positions, model=Profile, data=data)) from None
