"""The candidate profile: what baji knows about one candidate.

Strict pydantic models: unknown fields are errors, dates are ISO ``YYYY-MM-DD``, and a
fact left out (``None``) is *unknown* — evaluation then answers *undetermined* rather than
guess. Honour, award, title, attestation and contribution names are resolved to
vocabulary ids on validation, so Chinese names from an HR export work as ids do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      ValidationError, model_validator)

from .base import StrictModel
from .errors import Problem, ProfileError
from .levels import Level, parse_level
from .source import Positions, decode, load_yaml_text
from .tenure import first_overlap
from .vocab import Kind, default_vocab, pydantic_problems

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: object) -> object:
    if isinstance(value, str):
        if not _DATE.match(value):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a day of the calendar") from None
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time of day, got {value!r}")
    return value


def _parse_level(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Level):
        level = parse_level(value.strip())
        if level is None:
            from .errors import did_you_mean
            names = [lv.value for lv in Level] + [lv.zh for lv in Level]
            hint = did_you_mean(value, names)
            raise ValueError(f"unknown level {value!r}" + (f" ({hint})" if hint else ""))
        return level
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_parse_date)]
LevelName = Annotated[Level, BeforeValidator(_parse_level)]


def _vocab_name(kind: Kind) -> Any:
    def check(value: str) -> str:
        vocab = default_vocab()
        found = vocab.resolve(kind, value)
        if found is None:
            hint = vocab.suggest(kind, value)
            raise ValueError(f"unknown {kind} {value!r}" + (f" ({hint})" if hint else ""))
        return found
    return AfterValidator(check)


HonourId = Annotated[str, _vocab_name("honour")]
AwardId = Annotated[str, _vocab_name("award")]
TitleId = Annotated[str, _vocab_name("title")]
AttestationId = Annotated[str, _vocab_name("attestation")]
ContributionId = Annotated[str, _vocab_name("contribution")]

_CERT = re.compile(r"^[A-Z]\d{14}[X54321TS]\d{6}$")

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
            raise ValueError(f"period ends ({self.end}) on or before it starts ({self.start})")
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
            if len(cert) != 22:
                raise ValueError(f"certificate number {cert!r} has {len(cert)} characters, "
                                 "not 22")
            if not _CERT.match(cert):
                raise ValueError(f"certificate number {cert!r} does not follow the layout "
                                 "letter + 14 digits + level character + 6 digits")
            if cert[15] != self.level.code:
                raise ValueError(
                    f"certificate number {cert!r} has level character {cert[15]!r} at "
                    f"position 16, but the grade is {self.level.value} "
                    f"({self.level.zh}, {self.level.code!r})")
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
    skill_workforce_majority: bool | None = None
    above_scale: bool | None = None
    certification_started: bool | None = None
    senior_technician_certified: bool | None = None
    talent_mechanism: bool | None = None
    mohrss_filed: bool | None = None
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
    graduating_student: bool | None = None
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

    @model_validator(mode="after")
    def _no_overlap(self) -> Profile:
        by_level: dict[Level, list[Period]] = {}
        for grade in self.grades or ():
            by_level.setdefault(grade.level, []).extend(grade.posts or ())
        for level, periods in by_level.items():
            clash = first_overlap(periods)
            if clash is not None:
                a, b = clash
                raise ValueError(
                    f"posts at grade {level.value} ({level.zh}) overlap: "
                    f"{a.start}..{a.end or 'open'} and {b.start}..{b.end or 'open'}")
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
        raise ProfileError([Problem(f"a profile must be a mapping, got {type(data).__name__}",
                                    source if positions else None, 1 if positions else None,
                                    1 if positions else None, pointer="$", code="BAJI200")])
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = pydantic_problems(exc, positions, code="BAJI201", model=Profile)
        if positions is None:
            problems = [Problem(p.message, None, None, None, p.hint, p.pointer, p.code)
                        for p in problems]
        raise ProfileError(problems) from None


def load_profiles(path: str | Path) -> list[Profile]:
    """Load one profile, or a list of profiles, from a JSON or YAML file.

    Raises:
        ProfileError: the file cannot be read or parsed, or a profile is invalid.
    """
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ProfileError([Problem(f"cannot read file: {exc.strerror}", shown,
                                    code="BAJI202")]) from None
    text, problems = decode(raw, shown)
    if text is None:
        raise ProfileError(problems)
    if shown.endswith(".json"):
        try:
            value: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProfileError([Problem(f"invalid JSON: {exc.msg}", shown, exc.lineno,
                                        exc.colno, code="BAJI203")]) from None
        # Re-read as YAML (a superset) only for positions; values come from json.
        _, positions, _ = load_yaml_text(text, shown)
    else:
        value, positions, problems = load_yaml_text(text, shown)
        if problems:
            raise ProfileError(problems)
    items = value if isinstance(value, list) else [value]
    out: list[Profile] = []
    errors: list[Problem] = []
    for i, item in enumerate(items):
        sub = _shift(positions, i) if isinstance(value, list) else positions
        try:
            out.append(parse_profile(item, source=shown, positions=sub))
        except ProfileError as exc:
            errors.extend(exc.problems)
    if errors:
        raise ProfileError(errors)
    return out


def _shift(positions: Positions, index: int) -> Positions:
    sub = Positions(positions.path)
    for store, target in ((positions.values, sub.values), (positions.keys, sub.keys)):
        for key, where in store.items():
            if key[:1] == (index,):
                target[key[1:]] = where
    return sub
