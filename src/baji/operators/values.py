"""The value and earliest-date functions of the leaf operators: what compiled programs
call, and nothing else.

Each operator's module (:mod:`baji.operators.tenure`, ...) holds the operator whole and
names these as its :attr:`~baji.operators.base.Operator.functions`; they live here, apart
from the operators' models and texts, so that a program compiled ahead
(:mod:`baji.engine.ahead`) runs without importing pydantic: this module imports only the
calendar arithmetic and plain data. They read a profile by attribute, a
:class:`~baji.profile.model.Profile` or its Struct of :mod:`baji.profile.fast` alike.
Values are 0 unmet, 1 unknown, 2 met.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING

from baji.core.levels import Level
from baji.core.ranks import RANK_ORDER, SCOPE_RANK
from baji.core.tenure import add_years, completion_date, has_years
from baji.operators.dated import (
    MET,
    UNKNOWN,
    UNMET,
    assumed_periods,
    ban_spans,
    first_date,
    fitted_date,
    lasting_from,
    restriction_spans,
)

if TYPE_CHECKING:
    from baji.profile.model import Award as AwardRecord
    from baji.profile.model import Employer, Finding, Profile, Recommendation
    from baji.profile.model import Grade as GradeRecord
    from baji.profile.model import Honour as HonourRecord
    from baji.profile.model import Title as TitleRecord


def earliest(*dates: dt.date | None) -> dt.date | None:
    """The earliest of ``dates`` that are not ``None``, or ``None`` (an ``any``'s date in
    generated code)."""
    found = [d for d in dates if d is not None]
    return min(found) if found else None


# -- award -------------------------------------------------------------------------------
def award(awards: tuple[AwardRecord, ...] | None, ids: Collection[str] | None,
          min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
          as_of: dt.date) -> int:
    """Holds a listed award (of ``min_rank`` or better, at ``scope`` or above).

    ``info`` gives each award id's scope rank and whether it is ranked (:func:`award_info`).
    """
    if awards is None:
        return UNKNOWN
    result = UNMET
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    for a in awards:
        fit = award_fit(a, ids, min_rank, wanted_scope, info)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (a.date is None or a.date <= as_of):
            return MET
    return result


def award_date(awards: tuple[AwardRecord, ...] | None, ids: Collection[str] | None,
         min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`award`: the first listed award dated after ``as_of``."""
    if awards is None:
        return None
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    fits = [(award_fit(a, ids, min_rank, wanted_scope, info), a.date) for a in awards]
    return fitted_date(fits, as_of)


def award_fit(a: AwardRecord, ids: Collection[str] | None, min_rank: str | None,
         wanted_scope: int, info: Mapping[str, tuple[int, bool]]) -> int:
    """Whether award ``a`` is of the kind asked, its date aside: MET, UNMET, or UNKNOWN
    when a rank is asked and the award gives none."""
    if ids is not None and a.id not in ids:
        return UNMET
    scope_rank, ranked = info[a.id]
    if scope_rank < wanted_scope:
        return UNMET
    if min_rank is not None and ranked:
        if a.rank is None:
            return UNKNOWN
        if RANK_ORDER[a.rank] < RANK_ORDER[min_rank]:
            return UNMET
    return MET


# -- contribution ------------------------------------------------------------------------
def contribution(items: tuple[str, ...] | None, ids: frozenset[str]) -> int:
    """Has made one of the contributions ``ids``."""
    if items is None:
        return UNKNOWN
    return UNMET if ids.isdisjoint(items) else MET


# -- employer_years ----------------------------------------------------------------------
def employer_years(employer: Employer, since: str, years: int, as_of: dt.date) -> int:
    """The employer fact ``since`` is a date at least ``years`` before ``as_of``."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return UNKNOWN
    return MET if add_years(start, years) <= as_of else UNMET


def employer_years_date(employer: Employer, since: str, years: int,
                        as_of: dt.date) -> dt.date | None:
    """The date of :func:`employer_years`: the ``years``-th anniversary."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return None
    due = add_years(start, years)
    return as_of if due <= as_of else due


# -- grade -------------------------------------------------------------------------------
def grade(grades: tuple[GradeRecord, ...] | None, level: Level, as_of: dt.date) -> int:
    """Holds a certificate of ``level`` dated on or before ``as_of`` (or undated)."""
    if grades is None:
        return UNKNOWN
    for g in grades:
        if g.level is level and (g.certified_on is None or g.certified_on <= as_of):
            return MET
    return UNMET


def grade_date(grades: tuple[GradeRecord, ...] | None, level: Level,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`grade`."""
    if grades is None:
        return None
    return first_date([g.certified_on for g in grades if g.level is level], as_of)


# -- honour ------------------------------------------------------------------------------
def honour(honours: tuple[HonourRecord, ...] | None, ids: Collection[str], as_of: dt.date) -> int:
    """Holds one of ``ids``, undated or dated on or before ``as_of``."""
    if honours is None:
        return UNKNOWN
    for h in honours:
        if h.id in ids and (h.date is None or h.date <= as_of):
            return MET
    return UNMET


def honour_date(honours: tuple[HonourRecord, ...] | None, ids: Collection[str],
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`honour`."""
    if honours is None:
        return None
    return first_date([h.date for h in honours if h.id in ids], as_of)


# -- no_ban ------------------------------------------------------------------------------
def no_ban(findings: tuple[Finding, ...] | None, kind: str, years: int,
          subjects: Collection[str], as_of: dt.date) -> int:
    """No finding of ``kind`` against ``subjects`` whose ``years`` ban still runs."""
    if findings is None:
        return UNKNOWN
    for f in findings:
        if f.kind == kind and f.subject in subjects and f.date <= as_of \
                and as_of <= add_years(f.date, years):
            return UNMET
    return MET


def no_ban_date(findings: tuple[Finding, ...] | None, kind: str, years: int,
         subjects: Collection[str], as_of: dt.date) -> dt.date | None:
    """The date of :func:`no_ban`: the day after the last ban running on or after
    ``as_of``, counting the bans that findings dated after ``as_of`` will start."""
    if findings is None:
        return None
    return lasting_from(ban_spans(findings, kind, years, subjects), as_of)


# -- not_restricted ----------------------------------------------------------------------
def not_restricted(findings: tuple[Finding, ...] | None, kind: str, as_of: dt.date) -> int:
    """No running restriction after a finding of ``kind`` against the candidate."""
    if findings is None:
        return UNKNOWN
    result = MET
    for f in findings:
        if f.kind != kind or f.subject != "candidate" or f.date > as_of:
            continue
        if f.restricted_until is None:
            result = UNKNOWN
        elif as_of <= f.restricted_until:
            return UNMET
    return result


def not_restricted_date(findings: tuple[Finding, ...] | None, kind: str,
                        as_of: dt.date) -> dt.date | None:
    """The date of :func:`not_restricted`: the day after the last restriction running on or after
    ``as_of`` (findings dated after ``as_of`` included); ``None`` when a finding does not
    say until when it restricts (from its date on, the value is unknown)."""
    if findings is None:
        return None
    spans = restriction_spans(findings, kind)
    if spans is None:
        return None
    return lasting_from(spans, as_of)


# -- occupation --------------------------------------------------------------------------
#: The spaces an occupation's name is read without, wherever they stand: half- and
#: full-width (Chinese spreadsheets have both), no-break, tab and line breaks. Every
#: engine drops exactly these (Python, polars and SQL each spell "whitespace" otherwise).
SPACES = " \t\n\r\u00a0\u3000"
_DROP_SPACES = str.maketrans("", "", SPACES)


def normal(name: str) -> str:
    """An occupation's name as compared: without :data:`SPACES`, in lower case."""
    return name.translate(_DROP_SPACES).lower()


def same(a: str, b: str) -> bool:
    """Two occupation names name one occupation (spaces and letter case aside)."""
    return normal(a) == normal(b)


def occupation(applied: str | None, grades: tuple[GradeRecord, ...] | None, level: Level) -> int:
    """Met unless every certificate of ``level`` states an occupation other than the one
    ``applied`` for (an unstated one is read as the same); unknown without grades."""
    if grades is None:
        return UNKNOWN
    if applied is None:
        return MET
    for g in grades:
        if g.level is level and (g.occupation is None or same(g.occupation, applied)):
            return MET
    return UNMET if any(g.level is level for g in grades) else MET


# -- recommended -------------------------------------------------------------------------
def recommended(recs: tuple[Recommendation, ...] | None, level: Level, as_of: dt.date) -> int:
    """Recommended by the employer for ``level``, on or before ``as_of`` (or undated)."""
    if recs is None:
        return UNKNOWN
    for r in recs:
        if r.level is level and (r.date is None or r.date <= as_of):
            return MET
    return UNMET


def recommended_date(recs: tuple[Recommendation, ...] | None, level: Level,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`recommended`."""
    if recs is None:
        return None
    return first_date([r.date for r in recs if r.level is level], as_of)


# -- tenure ------------------------------------------------------------------------------
def tenure(profile: Profile, level: Level, years: int, as_of: dt.date, assume: bool) -> int:
    """``years`` in a post of ``level`` complete on ``as_of``."""
    if profile.grades is None:
        return UNKNOWN
    periods = profile.grade_periods(level)
    if periods is None and assume:
        periods = assumed_periods(profile, level)[0]
    if periods is None:
        return UNKNOWN
    return MET if has_years(periods, years, as_of) else UNMET


def tenure_date(profile: Profile, level: Level, years: int, as_of: dt.date,
         assume: bool) -> dt.date | None:
    """The date of :func:`tenure`: the completion date of the years in post."""
    if profile.grades is None:
        return None
    periods = profile.grade_periods(level)
    if periods is None and assume:
        periods = assumed_periods(profile, level)[0]
    if periods is None:
        return None
    if has_years(periods, years, as_of):
        return as_of
    return completion_date(periods, years, as_of)


# -- title -------------------------------------------------------------------------------
def title(titles: tuple[TitleRecord, ...] | None, ids: Collection[str], aligned: bool,
          as_of: dt.date) -> int:
    """Holds one of the titles ``ids`` (aligned with the occupation when asked)."""
    if titles is None:
        return UNKNOWN
    result = UNMET
    for t in titles:
        fit = title_fit(t, ids, aligned)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (t.date is None or t.date <= as_of):
            return MET
    return result


def title_date(titles: tuple[TitleRecord, ...] | None, ids: Collection[str], aligned: bool,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`title`: the first listed title dated after ``as_of``."""
    if titles is None:
        return None
    return fitted_date([(title_fit(t, ids, aligned), t.date) for t in titles], as_of)


def title_fit(t: TitleRecord, ids: Collection[str], aligned: bool) -> int:
    """Whether title ``t`` is of the kind asked, its date aside: MET, UNMET, or UNKNOWN
    when alignment is asked and the title does not say."""
    if t.id not in ids:
        return UNMET
    if aligned and t.aligned is not True:
        return UNKNOWN if t.aligned is None else UNMET
    return MET
