"""Leaf conditions as the full decision traces them: value, what was found, date, facts.

Each function takes a :class:`LeafContext` and the node's parameters and returns a
:data:`Leaf`: the three-valued result (``True`` met, ``False`` unmet, ``None`` unknown),
a short account of what the profile gives (``actual`` in the trace), the date from which
the condition is met on every later day if nothing else changes (``as_of`` for a met
condition that stays met; ``None`` when unknown, or when time alone will not meet it for
good), and the facts that would settle an unknown one. :mod:`baji.engine.leaf_values` computes
the same values and dates without the texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from baji.core.decision import Message
from baji.core.levels import Level
from baji.core.tenure import add_years, completion_date, describe, has_years
from baji.core.vocabulary import default_vocab
from baji.engine.leaf_values import SCOPE_RANK, assumed_periods, ban_spans, lasting_from
from baji.profile.model import RANK_ORDER, Period, Profile

Leaf = tuple[bool | None, str, dt.date | None, tuple[str, ...]]


class LeafContext:
    """What leaves read: the profile, the date, whether posts may be assumed from
    certificate dates, and the assumptions made so far (one context per evaluation)."""

    __slots__ = ("profile", "as_of", "assume", "assumptions")

    def __init__(self, profile: Profile, as_of: dt.date, assume: bool = False) -> None:
        self.profile = profile
        self.as_of = as_of
        self.assume = assume
        self.assumptions: dict[str, Message] = {}


def _dated(run: LeafContext, dates: list[dt.date | None], what: str) -> Leaf:
    """Met if any item is undated or dated on/before as_of; else met from the first date."""
    if not dates:
        return False, f"no {what}", None, ()
    if any(d is None or d <= run.as_of for d in dates):
        return True, what, run.as_of, ()
    first = min(d for d in dates if d is not None)
    return False, f"{what} dated {first}, after {run.as_of}", first, ()


def _grade(run: LeafContext, level: Level) -> Leaf:
    grades = run.profile.grades
    if grades is None:
        return None, "grades not given", None, ("grades",)
    held = [g for g in grades if g.level is level]
    value, actual, becomes, _ = _dated(run, [g.certified_on for g in held],
                                       f"{level.value} certificate")
    if value and held:
        actual = ", ".join(g.certificate or f"{level.value} certificate" for g in held)
    return value, actual, becomes, ()


def _tenure(run: LeafContext, level: Level, years: int) -> Leaf:
    if run.profile.grades is None:
        return None, "grades not given", None, ("grades",)
    periods = run.profile.grade_periods(level)
    if periods is None and run.assume:
        periods = _assumed_posts(run, level)
    if periods is None:
        return None, f"posts at {level.value} not given", None, (f"grades[{level.value}].posts",)
    actual = describe(periods, run.as_of)
    if has_years(periods, years, run.as_of):
        return True, actual, run.as_of, ()
    return False, actual, completion_date(periods, years, run.as_of), ()


def _assumed_posts(run: LeafContext, level: Level) -> tuple[Period, ...] | None:
    """Posts at ``level`` counted from the certificate dates (opt-in assumption),
    recording each use in ``run.assumptions``."""
    periods, used = assumed_periods(run.profile, level)
    for day in used:
        run.assumptions[f"{level.value}:{day}"] = Message(
            zh=f"未提供{level.zh}岗位任职时间，按证书日期 {day} 起连续在岗计算",
            en=f"posts at {level.en} not given: counted as held from the certificate "
               f"date {day} onwards")
    return periods  # None: no date to count from, or an overlap with a recorded post


def _fact(run: LeafContext, name: str) -> Leaf:
    value = getattr(run.profile, name)
    if value is None:
        return None, f"{name} not given", None, (name,)
    return bool(value), str(value).lower(), run.as_of if value else None, ()


def _attested(run: LeafContext, name: str) -> Leaf:
    value = run.profile.attestations.get(name)
    if value is None:
        return None, "not attested", None, (f"attestations.{name}",)
    return (value, "attested" if value else "attested as not met",
            run.as_of if value else None, ())


def _listed(run: LeafContext, field: str, ids: tuple[str, ...]) -> Leaf:
    items = getattr(run.profile, field)
    if items is None:
        return None, f"{field} not given", None, (field,)
    hits = [h for h in items if h.id in ids]
    value, actual, becomes, _ = _dated(run, [h.date for h in hits], "")
    names = ", ".join(sorted({h.id for h in hits}))
    return value, names or f"none of the listed {field}", becomes, ()


def _honour(run: LeafContext, ids: tuple[str, ...]) -> Leaf:
    return _listed(run, "honours", ids)


def _contribution(run: LeafContext, ids: tuple[str, ...]) -> Leaf:
    items = run.profile.contributions
    if items is None:
        return None, "contributions not given", None, ("contributions",)
    hits = sorted(set(items) & set(ids))
    return (bool(hits), ", ".join(hits) or "none of the listed contributions",
            run.as_of if hits else None, ())


def _award(run: LeafContext, ids: tuple[str, ...] | None, min_rank: str | None,
           scope: str | None) -> Leaf:
    awards = run.profile.awards
    if awards is None:
        return None, "awards not given", None, ("awards",)
    vocab = default_vocab()
    result: bool | None = False
    missing: list[str] = []
    future: list[dt.date] = []
    found: list[str] = []
    for i, award in enumerate(awards):
        item = vocab.items["award"][award.id]
        if ids is not None and award.id not in ids:
            continue
        if scope is not None and SCOPE_RANK.get(item.scope or "", 0) < SCOPE_RANK[scope]:
            continue
        if min_rank is not None and item.ranked:
            if award.rank is None:
                missing.append(f"awards[{i}].rank")
                result = None if result is False else result
                continue
            if RANK_ORDER[award.rank] < RANK_ORDER[min_rank]:
                continue
        if award.date is not None and award.date > run.as_of:
            future.append(award.date)
            continue
        found.append(award.id + (f" ({award.rank})" if award.rank else ""))
        result = True
    if result is True:
        return True, ", ".join(found), run.as_of, ()
    if result is None:
        return None, "award rank not given", None, tuple(missing)
    return False, "no such award", min(future) if future else None, ()


def _title(run: LeafContext, ids: tuple[str, ...], aligned: bool) -> Leaf:
    titles = run.profile.titles
    if titles is None:
        return None, "titles not given", None, ("titles",)
    result: bool | None = False
    missing: list[str] = []
    future: list[dt.date] = []
    for i, title in enumerate(titles):
        if title.id not in ids:
            continue
        if aligned and title.aligned is not True:
            if title.aligned is None:
                missing.append(f"titles[{i}].aligned")
                result = None if result is False else result
            continue
        if title.date is not None and title.date > run.as_of:
            future.append(title.date)
            continue
        result = True
    if result is True:
        return True, "title held", run.as_of, ()
    if result is None:
        return None, "alignment of the title not given", None, tuple(missing)
    return False, "no such title", min(future) if future else None, ()


def _recommended(run: LeafContext, level: Level) -> Leaf:
    recs = run.profile.recommendations
    if recs is None:
        return None, "recommendations not given", None, ("recommendations",)
    return _dated(run, [r.date for r in recs if r.level is level],
                  f"recommendation for {level.value}")


def _employer(run: LeafContext, name: str) -> Leaf:
    value = getattr(run.profile.employer, name)
    if value is None:
        return None, f"employer.{name} not given", None, (f"employer.{name}",)
    return bool(value), str(value).lower(), run.as_of if value else None, ()


def _employer_filing(run: LeafContext, filings: tuple[str, ...]) -> Leaf:
    value = run.profile.employer.filing
    if value is None:
        return None, "employer.filing not given", None, ("employer.filing",)
    met = value in filings
    return met, value, run.as_of if met else None, ()


def _employer_years(run: LeafContext, since: str, years: int) -> Leaf:
    start = getattr(run.profile.employer, since)
    if start is None:
        return None, f"employer.{since} not given", None, (f"employer.{since}",)
    due = add_years(start, years)
    if due <= run.as_of:
        return True, f"since {start}", run.as_of, ()
    return False, f"since {start}", due, ()


def _no_ban(run: LeafContext, kind: str, years: int, subjects: tuple[str, ...]) -> Leaf:
    findings = run.profile.findings
    if findings is None:
        return None, "findings not given", None, ("findings",)
    # The ban runs from the finding's date through its N-th anniversary (民法典 第二百零二条:
    # the corresponding day is the last day of the period); it is lifted the day after.
    # A finding dated after as_of bans nothing yet, but its ban is recorded to come: the
    # condition is met for good only after it (docs/semantics.md, "Earliest date").
    spans = ban_spans(findings, kind, years, subjects)
    return _spans_leaf(run, spans, "ban", "banned")


def _not_restricted(run: LeafContext, kind: str) -> Leaf:
    findings = run.profile.findings
    if findings is None:
        return None, "findings not given", None, ("findings",)
    missing: list[str] = []
    spans: list[tuple[dt.date, dt.date]] = []
    later_open: list[dt.date] = []
    for i, f in enumerate(findings):
        if f.kind != kind or f.subject != "candidate":
            continue
        if f.restricted_until is not None:
            if f.restricted_until >= f.date:
                spans.append((f.date, f.restricted_until))
        elif f.date <= run.as_of:
            missing.append(f"findings[{i}].restricted_until")
        else:
            later_open.append(f.date)
    value, actual, when, _ = _spans_leaf(run, spans, "restriction", "restricted")
    if missing or later_open:
        when = None  # from such a finding on, the value is unknown: never met for good
    if later_open:
        actual += f", then restricted from {min(later_open)} (end not given)"
    if value is True and missing:
        return None, "restriction period not given", None, tuple(missing)
    return value, actual, when, ()


def _spans_leaf(run: LeafContext, spans: list[tuple[dt.date, dt.date]], noun: str,
                verb: str) -> Leaf:
    """Met unless a span (first and last day included) covers ``as_of``; the spans
    starting later are named in ``actual`` and delay the date met for good."""
    as_of = run.as_of
    running = [last for first, last in spans if first <= as_of <= last]
    later = sorted((first, last) for first, last in spans if first > as_of)
    actual = f"{verb} through {max(running)}" if running else f"no running {noun}"
    if later:
        actual += ", then " + ", ".join(f"{verb} from {a} through {b}" for a, b in later)
    return not running, actual, lasting_from(spans, as_of), ()


LEAVES: dict[str, Callable[..., Leaf]] = {
    "grade": _grade, "tenure": _tenure, "fact": _fact, "attested": _attested,
    "honour": _honour, "contribution": _contribution, "award": _award, "title": _title,
    "recommended": _recommended, "employer": _employer, "employer_filing": _employer_filing,
    "employer_years": _employer_years, "no_ban": _no_ban, "not_restricted": _not_restricted,
}


