"""The candidate profile: what baji knows about one candidate.

Strict pydantic models: unknown fields are errors, dates are ISO ``YYYY-MM-DD``, and a
fact left out (``None``) is *unknown* — evaluation then answers *undetermined* rather than
guess. Honour, award, title, attestation and contribution names are resolved to
vocabulary ids on validation, so Chinese names from an HR export work as ids do.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from baji.core import labels
from baji.core.levels import Level
from baji.core.models import StrictModel
from baji.core.tenure import first_overlap
from baji.core.tenure import grade_periods as grade_periods  # its home; imported from here too
from baji.errors import ProfileError, problem, suggestion_budget
from baji.io.positions import Positions
from baji.io.pydantic_problems import invalid, pydantic_problems, shown
from baji.profile.field_types import (
    RANK_ORDER,
    AttestationId,
    AwardId,
    ContributionId,
    HonourId,
    IsoDate,
    LevelName,
    RankName,
    TitleId,
    level_names,
    names_schema,
)

# RANK_ORDER, IsoDate and LevelName are still imported from here by modules being
# rewritten with the rule operators (pack.model, engine.leaf_values, engine.leaf_traces,
# backends.columnar); their home is baji.profile.field_types.
__all__ = ["RANK_ORDER", "Award", "Employer", "Finding", "Grade", "Honour", "IsoDate",
           "LevelName", "Period", "Profile", "Recommendation", "Title", "parse_profile"]

_SURROGATE = re.compile("[\ud800-\udfff]")  # searched in C: a profile's every string


def _clean_text(data: Any) -> bool:
    """Whether JSON-like ``data`` surely holds no lone surrogate (checked in C: the
    slower walk that locates one is only needed when this says no)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # not JSON-like, a surrogate, too deep
        return False
    return True


def _certificate_pattern(codes: str) -> str:
    """A certificate number: a letter, 14 digits, the level's character (one of ``codes``)
    at position 16, 6 digits."""
    return f"[A-Z][0-9]{{14}}[{codes}][0-9]{{6}}"


_CERT = re.compile(_certificate_pattern("".join(level.code for level in Level)))
#: Honours, awards and titles may be given by bare name (``_names_to_objects``).
_BARE = {"honours": HonourId, "awards": AwardId, "titles": TitleId}


def _certificate_schema(schema: dict[str, Any]) -> None:
    """Grade's JSON Schema says what :func:`_check_certificate` checks: 22 characters in
    the layout, and at position 16 the character of the grade's level (one branch of
    ``anyOf`` a level: ``if``/``then`` would say the same, but fewer tools read it)."""
    def number(codes: str) -> dict[str, Any]:
        return {"anyOf": [{"type": "string", "minLength": 22, "maxLength": 22,
                           "pattern": f"^{_certificate_pattern(codes)}$"}, {"type": "null"}]}

    schema["properties"]["certificate"].update(number("".join(lv.code for lv in Level)))
    schema["anyOf"] = [{"properties": {"level": names_schema(level_names(level)),
                                       "certificate": number(level.code)}}
                       for level in Level]


def _bare_names_schema(schema: dict[str, Any]) -> None:
    """Profile's JSON Schema says what ``_names_to_objects`` takes: an honour, award or
    title given by its bare name instead of an object."""
    for key, name in _BARE.items():
        array = next(s for s in schema["properties"][key]["anyOf"] if s.get("type") == "array")
        array["items"] = {"anyOf": [TypeAdapter(name).json_schema(), array["items"]]}


# -- checks across fields (the models' validators, and _cross_checked once a profile) ----
def _check_order(period: Period) -> None:
    if period.end is not None and period.end <= period.start:
        raise invalid("BAJI230", at=("end",), end=str(period.end), start=str(period.start))


def _check_certificate(grade: Grade) -> None:
    cert = grade.certificate
    if cert is not None:
        at = ("certificate",)
        if len(cert) != 22:
            raise invalid("BAJI232", at=at, value=cert, length=len(cert))
        if not _CERT.fullmatch(cert):
            raise invalid("BAJI233", at=at, value=cert)
        if cert[15] != grade.level.code:
            raise invalid("BAJI234", at=at, value=cert, char=cert[15],
                          level=grade.level.value, level_zh=grade.level.zh,
                          level_code=grade.level.code)


def _check_overlap(profile: Profile) -> None:
    by_level: dict[Level, list[Period]] = {}
    where: dict[int, tuple[int, int]] = {}
    for i, grade in enumerate(profile.grades or ()):
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


class _Model(StrictModel):
    """Strict, frozen, unknown fields rejected."""


class Period(_Model):
    """A half-open period ``[start, end)`` in a post; ``end`` is the first day no longer
    in the post, ``None`` while still in it."""

    start: IsoDate
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        _check_order(self)
        return self


class Grade(_Model):
    """A certificate held (职业资格 or 职业技能等级) and the posts held at that grade."""

    model_config = ConfigDict(json_schema_extra=_certificate_schema)

    level: LevelName
    kind: Literal["skill_level", "qualification"] = "skill_level"
    occupation: str | None = None
    certificate: str | None = None
    certified_on: IsoDate | None = None
    posts: tuple[Period, ...] | None = None

    @model_validator(mode="after")
    def _certificate(self) -> Grade:
        _check_certificate(self)
        return self


class Honour(_Model):
    """An honour held (全国技术能手 ...), by vocabulary id or Chinese name."""

    id: HonourId
    date: IsoDate | None = None


class Award(_Model):
    """An award held; ``rank`` for ranked awards (国家科学技术奖 二等奖 = ``second``)."""

    id: AwardId
    rank: RankName = None
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
    filing: labels.Filing | None = None
    pilot: bool | None = None
    #: The levels the employer's filed 评聘 project covers (Shanghai files 特级 and 首席
    #: projects apart); when given it decides ``employer_pilot``, else ``pilot: true``
    #: means every level.
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
    chain_member_staff: bool | None = Field(default=None, description=(
        "The candidate works for an enterprise on the industrial chain of a chain-leader "
        "enterprise whose filed 特级技师/首席技师 评聘 covers the chain's enterprises "
        "(链上企业职工; Shanghai 措施(八)); the employer facts then describe the chain leader."))
    consented_population: bool | None = Field(default=None, description=(
        "The candidate is in an assessed population that the evaluation institution widened "
        "beyond its in-post staff with the consent of the 市职鉴中心, and filed "
        "(经同意扩大的评价对象; Shanghai 附件2 四(一))."))
    key_industry_occupation: bool | None = None
    honours: tuple[Honour, ...] | None = None
    awards: tuple[Award, ...] | None = None
    titles: tuple[Title, ...] | None = None
    contributions: tuple[ContributionId, ...] | None = None
    attestations: dict[AttestationId, bool] = Field(default_factory=dict)
    findings: tuple[Finding, ...] | None = None
    recommendations: tuple[Recommendation, ...] | None = None
    employer: Employer = Field(default_factory=Employer)

    model_config = ConfigDict(json_schema_extra=_bare_names_schema)

    @model_validator(mode="before")
    @classmethod
    def _names_to_objects(cls, data: Any) -> Any:
        # Honours, awards and titles may be given as bare names: ["全国技术能手"].
        if isinstance(data, dict):
            data = dict(data)
            for key in _BARE:
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
        _check_overlap(self)
        return self

    def grade_periods(self, level: Level) -> tuple[Period, ...] | None:
        """All post periods at ``level``, or ``None`` if any grade of it leaves them unknown."""
        return grade_periods(self, level)


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
        with suggestion_budget():
            return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(pydantic_problems(exc, positions, model=Profile, data=data)) from None
