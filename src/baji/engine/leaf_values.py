"""The value of each kind of leaf condition, alone: no trace, no texts, no dates.

The compiled answer functions (:mod:`baji.engine.program`) call these. Values are small ints
so that Kleene's three-valued logic is ``min`` (and), ``max`` (or) and ``2 - x`` (not):

- ``0``: unmet (``False`` in a trace),
- ``1``: unknown (``None``: the profile does not give the fact),
- ``2``: met (``True``).

Each function gives the same value as the leaf of the same kind in
:mod:`baji.engine.decide`; tests/test_fastpath.py checks it on generated profiles of every
bundled pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from baji.core.levels import Level
from baji.core.tenure import add_years, completion_date, first_overlap, has_years
from baji.profile.model import (
    RANK_ORDER,
    Award,
    Employer,
    Finding,
    Grade,
    Honour,
    Period,
    Profile,
    Recommendation,
    Title,
)

UNMET, UNKNOWN, MET = 0, 1, 2
#: ``scope_at_least`` ranks: 省部级以上 accepts national, ministerial and provincial.
SCOPE_RANK = {"national": 3, "ministerial": 2, "provincial": 2, "central_enterprise": 2,
              "municipal": 1, "enterprise": 0}


def assumed_periods(profile: Profile, level: Level
                    ) -> tuple[tuple[Period, ...] | None, tuple[dt.date, ...]]:
    """Posts at ``level`` counted from the certificate dates (the opt-in assumption of
    ``assume_posts_from_certificate``), and the certificate dates used on the way.

    The posts are ``None`` when a grade has neither posts nor a date, or when an assumed
    post would overlap a recorded one (the answer then stays unknown).
    """
    out: list[Period] = []
    used: list[dt.date] = []
    for grade in profile.grades or ():
        if grade.level is not level:
            continue
        if grade.posts is not None:
            out.extend(grade.posts)
        elif grade.certified_on is None:
            return None, tuple(used)
        else:
            out.append(Period(start=grade.certified_on))
            used.append(grade.certified_on)
    if first_overlap(out) is not None:
        return None, tuple(used)
    return tuple(sorted(out, key=lambda p: p.start)), tuple(used)


def grade(grades: tuple[Grade, ...] | None, level: Level, as_of: dt.date) -> int:
    """Holds a certificate of ``level`` dated on or before ``as_of`` (or undated)."""
    if grades is None:
        return UNKNOWN
    for g in grades:
        if g.level is level and (g.certified_on is None or g.certified_on <= as_of):
            return MET
    return UNMET


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


def honour(honours: tuple[Honour, ...] | None, ids: Collection[str], as_of: dt.date) -> int:
    """Holds one of ``ids``, undated or dated on or before ``as_of``."""
    if honours is None:
        return UNKNOWN
    for h in honours:
        if h.id in ids and (h.date is None or h.date <= as_of):
            return MET
    return UNMET


def contribution(items: tuple[str, ...] | None, ids: frozenset[str]) -> int:
    """Has made one of the contributions ``ids``."""
    if items is None:
        return UNKNOWN
    return UNMET if ids.isdisjoint(items) else MET


def award(awards: tuple[Award, ...] | None, ids: Collection[str] | None,
          min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
          as_of: dt.date) -> int:
    """Holds a listed award (of ``min_rank`` or better, at ``scope`` or above).

    ``info`` gives each award id's scope rank and whether it is ranked (from the vocabulary).
    """
    if awards is None:
        return UNKNOWN
    result = UNMET
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    for a in awards:
        fit = _award_fit(a, ids, min_rank, wanted_scope, info)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (a.date is None or a.date <= as_of):
            return MET
    return result


def _award_fit(a: Award, ids: Collection[str] | None, min_rank: str | None,
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


def title(titles: tuple[Title, ...] | None, ids: Collection[str], aligned: bool,
          as_of: dt.date) -> int:
    """Holds one of the titles ``ids`` (aligned with the occupation when asked)."""
    if titles is None:
        return UNKNOWN
    result = UNMET
    for t in titles:
        fit = _title_fit(t, ids, aligned)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (t.date is None or t.date <= as_of):
            return MET
    return result


def _title_fit(t: Title, ids: Collection[str], aligned: bool) -> int:
    """Whether title ``t`` is of the kind asked, its date aside: MET, UNMET, or UNKNOWN
    when alignment is asked and the title does not say."""
    if t.id not in ids:
        return UNMET
    if aligned and t.aligned is not True:
        return UNKNOWN if t.aligned is None else UNMET
    return MET


def recommended(recs: tuple[Recommendation, ...] | None, level: Level, as_of: dt.date) -> int:
    """Recommended by the employer for ``level``, on or before ``as_of`` (or undated)."""
    if recs is None:
        return UNKNOWN
    for r in recs:
        if r.level is level and (r.date is None or r.date <= as_of):
            return MET
    return UNMET


def employer_years(employer: Employer, since: str, years: int, as_of: dt.date) -> int:
    """The employer fact ``since`` is a date at least ``years`` before ``as_of``."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return UNKNOWN
    return MET if add_years(start, years) <= as_of else UNMET


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


# -- dates ------------------------------------------------------------------------------------
# The date from which a leaf is met on every later day if nothing else changes (records
# dated after ``as_of`` take effect on their dates): ``as_of`` when it is met and stays
# met, a later date when time will meet it for good, ``None`` when it is unknown or time
# alone will not. Most leaves, once met, stay met, so their date is ``as_of`` exactly when
# they are met; a ban or restriction is the exception: met today, it may be interrupted by
# a finding dated later, and its date is then the day after that ban or restriction ends
# (docs/semantics.md, "Earliest date"). Each gives the date :mod:`baji.engine.decide` derives
# from the leaf of the same kind.
def _first_date(dates: list[dt.date | None], as_of: dt.date) -> dt.date | None:
    if not dates:
        return None
    if any(d is None or d <= as_of for d in dates):
        return as_of
    return min(d for d in dates if d is not None)


def grade_date(grades: tuple[Grade, ...] | None, level: Level,
               as_of: dt.date) -> dt.date | None:
    """The date of :func:`grade`."""
    if grades is None:
        return None
    return _first_date([g.certified_on for g in grades if g.level is level], as_of)


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


def honour_date(honours: tuple[Honour, ...] | None, ids: Collection[str],
                as_of: dt.date) -> dt.date | None:
    """The date of :func:`honour`."""
    if honours is None:
        return None
    return _first_date([h.date for h in honours if h.id in ids], as_of)


def award_date(awards: tuple[Award, ...] | None, ids: Collection[str] | None,
               min_rank: str | None, scope: str | None, info: Mapping[str, tuple[int, bool]],
               as_of: dt.date) -> dt.date | None:
    """The date of :func:`award`: the first listed award dated after ``as_of``."""
    if awards is None:
        return None
    wanted_scope = -1 if scope is None else SCOPE_RANK[scope]
    fits = [(_award_fit(a, ids, min_rank, wanted_scope, info), a.date) for a in awards]
    return _fitted_date(fits, as_of)


def title_date(titles: tuple[Title, ...] | None, ids: Collection[str], aligned: bool,
               as_of: dt.date) -> dt.date | None:
    """The date of :func:`title`: the first listed title dated after ``as_of``."""
    if titles is None:
        return None
    return _fitted_date([(_title_fit(t, ids, aligned), t.date) for t in titles], as_of)


def _fitted_date(fits: list[tuple[int, dt.date | None]], as_of: dt.date) -> dt.date | None:
    """``as_of`` when a fitting item is held by then; else the first later date of a
    fitting item, unless an item of unknown fit could settle it sooner (then ``None``)."""
    future: list[dt.date] = []
    unknown = False
    for fit, day in fits:
        if fit == UNKNOWN:
            unknown = True
        elif fit == MET:
            if day is None or day <= as_of:
                return as_of
            future.append(day)
    if unknown or not future:
        return None
    return min(future)


def recommended_date(recs: tuple[Recommendation, ...] | None, level: Level,
                     as_of: dt.date) -> dt.date | None:
    """The date of :func:`recommended`."""
    if recs is None:
        return None
    return _first_date([r.date for r in recs if r.level is level], as_of)


def employer_years_date(employer: Employer, since: str, years: int,
                        as_of: dt.date) -> dt.date | None:
    """The date of :func:`employer_years`: the ``years``-th anniversary."""
    start: dt.date | None = getattr(employer, since)
    if start is None:
        return None
    due = add_years(start, years)
    return as_of if due <= as_of else due


def no_ban_date(findings: tuple[Finding, ...] | None, kind: str, years: int,
                subjects: Collection[str], as_of: dt.date) -> dt.date | None:
    """The date of :func:`no_ban`: the day after the last ban running on or after
    ``as_of``, counting the bans that findings dated after ``as_of`` will start."""
    if findings is None:
        return None
    return lasting_from(ban_spans(findings, kind, years, subjects), as_of)


def not_restricted_date(findings: tuple[Finding, ...] | None, kind: str,
                        as_of: dt.date) -> dt.date | None:
    """The date of :func:`not_restricted`: the day after the last restriction running on
    or after ``as_of`` (findings dated after ``as_of`` included); ``None`` when a finding
    does not say until when it restricts (from its date on, the value is unknown)."""
    if findings is None:
        return None
    spans = restriction_spans(findings, kind)
    if spans is None:
        return None
    return lasting_from(spans, as_of)


def ban_spans(findings: tuple[Finding, ...], kind: str, years: int,
              subjects: Collection[str]) -> list[tuple[dt.date, dt.date]]:
    """Every ban the ``findings`` of ``kind`` against ``subjects`` impose, whatever their
    date: from the finding's date through its ``years``-th anniversary (both included)."""
    return [(f.date, add_years(f.date, years)) for f in findings
            if f.kind == kind and f.subject in subjects]


def restriction_spans(findings: tuple[Finding, ...], kind: str
                      ) -> list[tuple[dt.date, dt.date]] | None:
    """Every restriction the candidate's ``findings`` of ``kind`` impose, whatever their
    date: from the finding's date through ``restricted_until`` (an end before the start
    restricts no day); ``None`` when one of them gives no end."""
    out = []
    for f in findings:
        if f.kind != kind or f.subject != "candidate":
            continue
        if f.restricted_until is None:
            return None
        if f.restricted_until >= f.date:
            out.append((f.date, f.restricted_until))
    return out


def lasting_from(spans: list[tuple[dt.date, dt.date]], as_of: dt.date) -> dt.date:
    """The first day, ``as_of`` or later, that no span (first and last day included)
    covers, nor any later day: the day after the last span ending on or after ``as_of``."""
    ends = [last for _, last in spans if last >= as_of]
    return max(ends) + _ONE_DAY if ends else as_of


_ONE_DAY = dt.timedelta(days=1)
