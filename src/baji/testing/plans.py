"""Plans: what a profile gives, before its dates are drawn, and the JSON-ready
profile of a plan.

A rule's needs (:mod:`baji.testing.rule_needs`) become a plan, the rest filled negatively
(nothing beyond what the rule needs) or at random; operators make leaves unmet or
unknown in it; :func:`realise` draws the dates and writes the profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeVar

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from baji.core.labels import EMPLOYER_FACTS, FACTS, FILINGS, RANKS
from baji.core.levels import Level
from baji.core.vocabulary import default_vocab
from baji.operators.attested import AttestedOp
from baji.operators.employer_filing import EmployerFilingOp
from baji.operators.witness import GradePlan, Needs, Plan, Posts, When, one
from baji.pack.network import Network
from baji.testing.dates import BOOL, DAY, anniversary, ints, post_histories

T = TypeVar("T")
_FINDING_KINDS = ("fraud", "evaluation_violation")
# -- plans: what the profile gives, before dates -------------------------------------------
_WHENS: tuple[When, ...] = ("undated", "past", "past", "future")
HOWS: tuple[Literal["unmet", "unknown"], ...] = ("unmet", "unknown")


_POST_FILLS: tuple[Posts, ...] = ("known", "known", "none", "unknown")


def plan_from(needs: Needs, net: Network, fill: Literal["negative", "random"],
              draw: st.DrawFn | None) -> Plan:
    """Turn needs into a plan; fields the rule does not read are filled negatively
    (nothing beyond what the rule needs: lists empty, facts false) or randomly."""
    grades: dict[Level, GradePlan] = {}
    for grade, held in needs.grade.items():
        if held:
            grades[grade] = GradePlan(years=needs.tenure_min.get(grade, 0))
    if needs.time is not None:
        grades.setdefault(needs.time[0], GradePlan())
    for grade, plan in grades.items():
        if plan.years == 0 and (needs.time is None or needs.time[0] is not grade):
            plan.posts = "none"
    if fill == "negative":
        filing = None
        if needs.filing_in is not None:
            filing = sorted(needs.filing_in - needs.filing_out)[0]
        else:
            used = {f for node in net.nodes if isinstance(node.op, EmployerFilingOp)
                    for f in node.op.filings}
            outside = [f for f in FILINGS if f not in used]
            filing = outside[0] if outside else None
        return Plan(
            grades=grades,
            facts={f: needs.facts.get(f, False) for f in FACTS},
            attest=dict(needs.attest),
            employer={e: needs.employer.get(e, False) for e in EMPLOYER_FACTS},
            filing=filing,
            employer_years=needs.employer_years_min or None,
            honours=[(h, "undated") for h in needs.honours],
            awards=[(a, r, "undated") for a, r in needs.awards],
            titles=[(t, al, "undated") for t, al in needs.titles],
            contributions=list(needs.contributions),
            recommended=[(lv, "undated") for lv in needs.recommended],
            findings=[])
    assert draw is not None
    read = sorted({n.op.name for n in net.nodes if isinstance(n.op, AttestedOp)})
    return random_fill(needs, read, grades, draw)


@dataclass(frozen=True)
class _Fill:
    """The strategies of a random fill, built once."""

    tri: SearchStrategy[bool | None]
    when: SearchStrategy[When]
    extra_levels: SearchStrategy[list[Level]]
    posts: SearchStrategy[Posts]
    years: SearchStrategy[int]
    filing: SearchStrategy[str | None]
    employer_years: SearchStrategy[int | None]
    honours: SearchStrategy[list[Any] | None]
    awards: SearchStrategy[list[Any] | None]
    titles: SearchStrategy[list[Any] | None]
    contributions: SearchStrategy[list[Any] | None]
    recommended: SearchStrategy[list[Any] | None]
    one_more: dict[str, SearchStrategy[list[Any]]]
    findings: SearchStrategy[list[tuple[str, str, str]] | None]
    clear_findings: SearchStrategy[tuple[tuple[str, str, str], ...]]


@lru_cache(maxsize=1)
def _fill() -> _Fill:
    vocab = default_vocab()
    when: SearchStrategy[When] = st.sampled_from(_WHENS)
    tri: SearchStrategy[bool | None] = st.sampled_from((True, False, None))
    items: dict[str, SearchStrategy[Any]] = {
        "honours": st.tuples(st.sampled_from(sorted(vocab.items["honour"])), when),
        "awards": st.tuples(st.sampled_from(sorted(vocab.items["award"])),
                            st.sampled_from((None, *RANKS)), when),
        "titles": st.tuples(st.sampled_from(sorted(vocab.items["title"])), tri, when),
        "contributions": st.sampled_from(sorted(vocab.items["contribution"])),
        "recommended": st.tuples(st.sampled_from(tuple(Level)), when),
    }
    maybe = {k: st.one_of(st.none(), st.lists(v, max_size=2)) for k, v in items.items()}
    finding = st.tuples(st.sampled_from(_FINDING_KINDS),
                        st.sampled_from(("candidate", "candidate", "employer")),
                        st.sampled_from(("old", "recent", "future")))
    return _Fill(
        tri=tri, when=when,
        extra_levels=st.lists(st.sampled_from(tuple(Level)), max_size=2, unique=True),
        posts=st.sampled_from(_POST_FILLS),
        years=st.integers(0, 6),
        filing=st.sampled_from((None, *FILINGS)),
        employer_years=st.one_of(st.none(), st.integers(0, 8)),
        honours=maybe["honours"], awards=maybe["awards"], titles=maybe["titles"],
        contributions=maybe["contributions"], recommended=maybe["recommended"],
        one_more={k: st.lists(v, max_size=1) for k, v in items.items()},
        findings=st.one_of(st.none(), st.lists(finding, max_size=2)),
        # No ban or restriction running on the reference day: none, an old one, or one
        # recorded to start after it (its ban is part of the earliest date).
        clear_findings=st.sampled_from(((), (), (("fraud", "candidate", "old"),),
                                        (("fraud", "candidate", "future"),),
                                        (("evaluation_violation", "candidate", "future"),))))


def random_fill(needs: Needs, read: Sequence[str], grades: dict[Level, GradePlan],
                draw: st.DrawFn) -> Plan:
    vocab = default_vocab()
    f = _fill()
    for lv in draw(f.extra_levels):
        if lv not in grades and needs.grade.get(lv, True):
            grades[lv] = GradePlan(years=draw(f.years), posts=draw(f.posts))
    for plan in grades.values():
        plan.certified = draw(f.when)
    facts: dict[str, bool | None] = {
        k: needs.facts[k] if k in needs.facts else draw(f.tri) for k in FACTS}
    attest: dict[str, bool] = {}
    for a in read:
        if a in needs.attest:
            attest[a] = needs.attest[a]
        else:
            value = draw(f.tri)
            if value is not None:
                attest[a] = value
    employer: dict[str, bool | None] = {
        e: needs.employer[e] if e in needs.employer else draw(f.tri) for e in EMPLOYER_FACTS}
    if needs.filing_in is not None:
        filing: str | None = draw(one(tuple(sorted(needs.filing_in - needs.filing_out))))
    else:
        filing = draw(f.filing)
    if needs.employer_years_min:
        ey: int | None = needs.employer_years_min + draw(ints(0, 3))
    else:
        ey = draw(f.employer_years)

    def maybe_list(key: str, items: list[Any], strategy: SearchStrategy[list[Any] | None]
                   ) -> list[Any] | None:
        if items:
            return items + draw(f.one_more[key])
        return draw(strategy)

    honours = maybe_list("honours", [(h, draw(f.when)) for h in needs.honours], f.honours)
    awards = maybe_list("awards", [(a, r, draw(f.when)) for a, r in needs.awards], f.awards)
    titles = maybe_list("titles", [(t, al, draw(f.when)) for t, al in needs.titles],
                        f.titles)
    contributions = maybe_list("contributions", list(needs.contributions), f.contributions)
    recommended = maybe_list("recommended", [(lv, draw(f.when)) for lv in needs.recommended],
                             f.recommended)
    findings: list[tuple[str, str, str]] | None
    if needs.clear_findings:
        findings = list(draw(f.clear_findings))
    else:
        findings = draw(f.findings)
    if awards is not None:
        awards = [(a, r if vocab.items["award"][a].ranked else None, w) for a, r, w in awards]
    unknown_grades = not grades and not needs.grade and draw(ints(0, 4)) == 0
    return Plan(grades=None if unknown_grades else grades, facts=facts, attest=attest,
                 employer=employer, filing=filing, employer_years=ey, honours=honours,
                 awards=awards, titles=titles, contributions=contributions,
                 recommended=recommended, findings=findings)


def perturb(plan: Plan, net: Network, index: int, how: Literal["unmet", "unknown"],
            draw: st.DrawFn) -> None:
    """Make leaf ``index`` unmet (often with a date from which it will be met) or
    unknown in ``plan`` (the leaf's operator knows how). Approximate: it may affect other
    leaves too."""
    net.nodes[index].leaf.perturb(plan, how == "unknown", draw)


# -- from plan to profile ------------------------------------------------------------------
def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _certificate(level: Level, serial: int) -> str:
    return f"Y1234310000{serial % 10000:04d}{level.code}{serial % 1000000:06d}"


def closed_years(years: int, end_by: dt.date, slack: int) -> list[dict[str, str | None]]:
    """One closed period of ``years`` complete years (plus ``slack`` < 300 days) ending
    on or before ``end_by``."""
    end = end_by - dt.timedelta(days=slack % 200)
    start = anniversary(end, -years) - dt.timedelta(days=slack % 97)
    if anniversary(start, years) > end:  # 29 February start: keep the years complete
        start -= DAY
    return [{"start": start.isoformat(), "end": end.isoformat()}]


def realise(plan: Plan, reference: dt.date,
            draw: st.DrawFn | None,
            histories: Mapping[Level, list[dict[str, str | None]]] | None = None,
            ) -> dict[str, Any]:
    """The JSON-ready profile of ``plan``; "past" means on or before ``reference``.

    Without ``draw`` the result is deterministic (ids, past dates a year back)."""
    vocab = default_vocab()

    def pick(strategy: SearchStrategy[T], default: T) -> T:
        return default if draw is None else draw(strategy)

    def when(w: When) -> str | None:
        if w == "undated":
            return None
        if w == "past":
            return (reference - dt.timedelta(days=pick(ints(0, 3000), 365))
                    ).isoformat()
        return (reference + dt.timedelta(days=pick(ints(1, 1500), 200))).isoformat()

    def name(kind: Literal["honour", "award", "title"], item: str) -> str:
        return vocab.items[kind][item].zh if pick(BOOL, False) else item

    out: dict[str, Any] = {"id": f"P{pick(ints(0, 99999), 1):05d}"}
    if plan.grades is None:
        out["grades"] = None
    else:
        grades = []
        for level in sorted(plan.grades, key=lambda lv: lv.rank):
            g = plan.grades[level]
            entry: dict[str, Any] = {"level": level.zh if pick(BOOL, False)
                                     else level.value}
            if pick(BOOL, False):
                entry["certificate"] = _certificate(level, pick(ints(0, 999999), 1))
            if g.occupation is not None:
                entry["occupation"] = g.occupation
            if g.certified == "future":
                entry["certified_on"] = when("future")
            elif g.certified == "past":
                entry["certified_on"] = when("past")
            if histories is not None and level in histories:
                entry["posts"] = histories[level]
            elif g.posts == "unknown":
                entry["posts"] = None
            elif g.posts == "none":
                entry["posts"] = []
            elif g.posts == "late":
                start = reference + dt.timedelta(days=pick(ints(0, 700), 30))
                entry["posts"] = [{"start": start.isoformat(), "end": None}]
            elif draw is None:
                entry["posts"] = closed_years(g.years, reference - DAY, 30)
            else:
                entry["posts"] = draw(_near_history(g.years, reference))
            grades.append(entry)
        out["grades"] = grades
    if plan.occupation is not None:
        out["occupation"] = plan.occupation
    for f, v in plan.facts.items():
        if v is not None or pick(BOOL, True):
            out[f] = v
    out["attestations"] = dict(plan.attest)
    employer: dict[str, Any] = {e: v for e, v in plan.employer.items() if v is not None}
    employer["filing"] = plan.filing
    if plan.employer_recent:
        employer["self_assessment_since"] = (reference - dt.timedelta(
            days=pick(ints(0, 300), 100))).isoformat()
    elif plan.employer_years is not None:
        since = anniversary(reference, -plan.employer_years) - dt.timedelta(
            days=pick(ints(0, 300), 30))
        employer["self_assessment_since"] = since.isoformat()
    out["employer"] = employer
    if plan.honours is not None:
        out["honours"] = [{"id": name("honour", h), "date": when(w)} if w != "undated"
                          or pick(BOOL, True) else name("honour", h)
                          for h, w in plan.honours]
    else:
        out["honours"] = None
    out["awards"] = None if plan.awards is None else [
        {"id": name("award", a), "rank": r, "date": when(w)} for a, r, w in plan.awards]
    out["titles"] = None if plan.titles is None else [
        {"id": name("title", t), "aligned": al, "date": when(w)} for t, al, w in plan.titles]
    out["contributions"] = None if plan.contributions is None else list(
        dict.fromkeys(plan.contributions))
    out["recommendations"] = None if plan.recommended is None else [
        {"level": lv.value, "date": when(w)} for lv, w in plan.recommended]
    if plan.findings is None:
        out["findings"] = None
    else:
        findings = []
        for kind, subject, timing in plan.findings:
            if timing == "old":
                day = reference - dt.timedelta(days=pick(ints(4000, 9000), 6000))
            elif timing == "future":
                day = reference + dt.timedelta(days=pick(ints(1, 900), 100))
            else:
                day = reference - dt.timedelta(days=pick(ints(0, 900), 100))
            item: dict[str, Any] = {"kind": kind, "subject": subject, "date": day.isoformat()}
            if timing == "running":
                item["restricted_until"] = (reference + dt.timedelta(
                    days=pick(ints(0, 900), 100))).isoformat()
            elif timing == "unknown_restriction":
                item["restricted_until"] = None
            elif kind == "evaluation_violation":
                item["restricted_until"] = (day + dt.timedelta(
                    days=pick(ints(0, 2000), 365))).isoformat()
            findings.append(item)
        out["findings"] = findings
    return out


@st.composite
def _near_history(draw: st.DrawFn, years: int, reference: dt.date
                  ) -> list[dict[str, str | None]]:
    """A history whose ``years`` complete within about four years either side of
    ``reference`` (any short history around it, for ``years`` 0)."""
    if years == 0:
        return draw(post_histories(min_date=reference - dt.timedelta(days=3000),
                                   max_date=reference + dt.timedelta(days=1000), min_size=0,
                                   max_size=2, as_json=True))
    due = reference + dt.timedelta(days=draw(ints(-1500, 1500)))
    start = anniversary(due, -years)
    closed = draw(ints(0, max(0, (due - start).days - 2)))
    return history_for(draw, start, closed, due, draw(one(("open", "after", "on"))))


LastEnd = Literal["open", "after", "on"]


def history_for(draw: st.DrawFn, equivalent_start: dt.date, closed_days: int,
                due: dt.date, last_end: LastEnd) -> list[dict[str, str | None]]:
    """Periods whose days add up so that the equivalent single period starts on
    ``equivalent_start`` while the last period runs: ``closed_days`` in up to three
    closed periods (gaps between them, possibly none), then the last period from
    ``equivalent_start + closed_days``: open, ending after ``due``, or ending on ``due``
    (in post until the day before; the years complete as the post closes)."""
    last_start = equivalent_start + dt.timedelta(days=closed_days)
    periods: list[dict[str, str | None]] = []
    end_last: dt.date | None = None
    if last_end == "on":
        end_last = due
    elif last_end == "after":
        end_last = due + dt.timedelta(days=draw(ints(1, 1000)))
    periods.append({"start": last_start.isoformat(), "end": _iso(end_last)})
    left = closed_days
    cursor = last_start
    pieces = draw(ints(1, 3)) if left else 0
    for k in range(pieces):
        size = left if k == pieces - 1 else draw(ints(1, max(1, left - (pieces - k - 1))))
        size = min(size, left)
        if size <= 0:
            break
        gap = draw(one((0, 0, 1, 30, 400)))
        end = cursor - dt.timedelta(days=gap)
        start = end - dt.timedelta(days=size)
        periods.append({"start": start.isoformat(), "end": end.isoformat()})
        cursor = start
        left -= size
    periods.reverse()
    if draw(BOOL):  # order in the file does not matter: shuffle sometimes
        periods = draw(st.permutations(periods))
    return periods
