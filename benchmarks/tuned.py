"""The tuned hand-written baseline: the 特级技师 decision of Shanghai 2026 written for speed.

The same decision, on the same validated :class:`baji.Profile`, with the same answers as
``baseline.py`` (checked on every benchmark candidate before timing), but written the way
someone paid to make it fast would write it: one function, no helper calls, the common
exits first, empty lists skipped, and a shortcut for a grade held in a single post (the
anniversary of its start compared with its end, no day count).

It relies on one property of this decision: every path needs the employer and candidate
conditions and the conduct and fitness attestations, so any of them false ends the
decision at once (ineligible), whatever else is unknown.
"""

from __future__ import annotations

import datetime as dt

import baji
from baseline import FILINGS, HONOURS, RANK, RANKED, SCIENCE, SKILLS

SPECIAL = baji.Level.SPECIAL_TECHNICIAN
SR = baji.Level.SENIOR_TECHNICIAN
TECH = baji.Level.TECHNICIAN
INELIGIBLE = ("ineligible", None)
UNDETERMINED = ("undetermined", None)
DIRECT = ("eligible", "direct")
REGULAR = ("eligible", "regular")
EXCEPTIONAL = ("eligible", "exceptional")
CONDUCT = ("law_abiding", "professional_ethics", "physically_fit")
OTHERS = ("dedication", "widely_recognised", "special_technician_competence",
          "teaching_contribution")
DAY = dt.timedelta(days=1)


def _years_later(day: dt.date, years: int) -> dt.date:
    # 民法典 第二百零一、二百零二条: the same day ``years`` later, 28 February for 29 February.
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def special_technician(p: baji.Profile, as_of: dt.date) -> tuple[str, str | None]:
    """(status, path) of the 特级技师 decision of Shanghai 2026 on ``as_of``."""
    # Conditions of every path: one false one ends it; ``unknown`` remembers any unknown.
    e = p.employer
    value = e.filed_institution
    if value is False:
        return INELIGIBLE
    unknown = value is None
    filing = e.filing
    if filing is None:
        unknown = True
    elif filing not in FILINGS:
        return INELIGIBLE
    levels = e.pilot_levels
    if levels is None:
        value = e.pilot
        if value is False:
            return INELIGIBLE
        if value is None:
            unknown = True
    elif SPECIAL not in levels:
        return INELIGIBLE
    value = p.in_post_employee  # or a population widened with consent, or chain staff
    if value is not True:
        widened, chain = p.consented_population, p.chain_member_staff
        if widened is not True and chain is not True:
            if value is False and widened is False and chain is False:
                return INELIGIBLE
            unknown = True
    findings = p.findings
    if findings is None:
        unknown = True
    elif findings:
        for f in findings:
            if f.kind != "evaluation_violation" or f.subject != "candidate" or f.date > as_of:
                continue
            until = f.restricted_until
            if until is None:
                unknown = True
            elif as_of <= until:
                return INELIGIBLE
    attested = p.attestations
    for name in CONDUCT:
        value = attested.get(name)
        if value is False:
            return INELIGIBLE
        if value is None:
            unknown = True

    # Direct: 国家科学技术奖 second prize or better, or 中华技能大奖.
    awards = p.awards
    direct = 0
    if awards is None:
        direct = 1
    elif awards:
        for a in awards:
            aid = a.id
            if aid in SKILLS:
                if a.date is None or a.date <= as_of:
                    direct = 2
                    break
            elif aid in SCIENCE:
                if aid in RANKED:
                    if a.rank is None:
                        direct = 1
                        continue
                    if RANK[a.rank] < 2:
                        continue
                if a.date is None or a.date <= as_of:
                    direct = 2
                    break
    if direct == 2 and not unknown:
        return DIRECT
    open_ = direct != 0  # the direct path is still open (unknown)

    # Regular and 破格 need the other basic conditions and still being in the occupation.
    value = p.still_in_occupation
    if value is False:
        return UNDETERMINED if open_ else INELIGIBLE
    common = unknown or value is None
    for name in OTHERS:
        value = attested.get(name)
        if value is False:
            return UNDETERMINED if open_ else INELIGIBLE
        if value is None:
            common = True

    grades = p.grades
    if grades is None:
        return UNDETERMINED
    # Per level: held, and the days in post (民法典 anniversary on the equivalent single
    # period ending on the last day counted; one counted post needs no day count).
    held_sr = held_tech = False
    unknown_sr = unknown_tech = False
    total_sr = total_tech = 0
    last_sr = last_tech = first_sr = first_tech = None
    posts_sr = posts_tech = 0
    for g in grades:
        level = g.level
        if level is not SR and level is not TECH:
            continue
        held = g.certified_on is None or g.certified_on <= as_of
        posts = g.posts
        if level is SR:
            held_sr = held_sr or held
            if posts is None:
                unknown_sr = True
                continue
            for post in posts:
                end = post.end
                if end is None or end > as_of:
                    end = as_of
                if end > post.start:
                    posts_sr += 1
                    first_sr = post.start
                    total_sr += (end - post.start).days
                    if last_sr is None or end > last_sr:
                        last_sr = end
        else:
            held_tech = held_tech or held
            if posts is None:
                unknown_tech = True
                continue
            for post in posts:
                end = post.end
                if end is None or end > as_of:
                    end = as_of
                if end > post.start:
                    posts_tech += 1
                    first_tech = post.start
                    total_tech += (end - post.start).days
                    if last_tech is None or end > last_tech:
                        last_tech = end
    if unknown_sr:
        years_sr = 1
    elif last_sr is None:
        years_sr = 0
    else:
        start = first_sr if posts_sr == 1 else last_sr - total_sr * DAY
        years_sr = 2 if _years_later(start, 1) <= last_sr else 0
    if unknown_tech:
        years_tech = 1
    elif last_tech is None:
        years_tech = 0
    else:
        start = first_tech if posts_tech == 1 else last_tech - total_tech * DAY
        years_tech = 2 if _years_later(start, 3) <= last_tech else 0
    # 相关职业: a certificate in the occupation applied for (unstated: the same), or attested
    # as related; looked at only when the application states its occupation.
    held_sr_cap = held_tech_cap = 2
    applied = p.occupation
    if applied is not None and attested.get("related_occupation") is not True:
        related = attested.get("related_occupation")
        wanted = applied.strip().casefold()
        for level in (SR, TECH):
            other = False
            for g in grades:
                if g.level is level:
                    if g.occupation is None or g.occupation.strip().casefold() == wanted:
                        other = False
                        break
                    other = True
            if other:  # unmet, or unknown when relatedness is not attested either way
                cap = 0 if related is False else 1
                if level is SR:
                    held_sr_cap = cap
                else:
                    held_tech_cap = cap
    sr = 2 if held_sr else 0
    tech = 2 if held_tech else 0
    regular = max(min(sr, years_sr, held_sr_cap), min(tech, years_tech, held_tech_cap))
    if regular == 2 and not common:
        return REGULAR
    if regular:
        open_ = True
    held = max(min(sr, held_sr_cap), min(tech, held_tech_cap))
    if held:
        honours = p.honours
        if honours is None:
            return UNDETERMINED
        for h in honours:
            if h.id in HONOURS and (h.date is None or h.date <= as_of):
                return UNDETERMINED if common or held == 1 else EXCEPTIONAL
    return UNDETERMINED if open_ else INELIGIBLE
