"""The plain-Python baseline: one 特级技师 decision of Shanghai 2026, written by hand.

Paths (附件3 三): regular (1 year at 高级技师 or 3 years at 技师), 破格 by a listed honour,
direct by a National S&T Award (second prize or better) or the China Skills Grand Award;
every path also needs the employer's filing and its 特级 评聘 project, a candidate of the
assessed population (in-post employee, a population widened with consent, or a chain
member's staff) without a running restriction, and the attested conduct and fitness; the
regular and 破格 paths also the other attested basic conditions, still being in the
occupation, and a certificate in the occupation applied for or a related one. Three-valued like baji (0 unmet, 1 unknown, 2 met), reading the same
validated :class:`baji.Profile`; it answers status and path only, stopping as soon as
the answer is settled. The id sets are the pack's data, read once at start-up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import baji
from baji.core.vocabulary import default_vocab
from baji.profile.model import Award, Finding, Grade, Honour, Profile

#: Occupation names are compared without these spaces, wherever they stand, and case.
SPACES = str.maketrans("", "", " \t\n\r\u00a0\u3000")

SR = baji.Level.SENIOR_TECHNICIAN
TECH = baji.Level.TECHNICIAN
FILINGS = frozenset({"municipal", "district", "central_enterprise"})
ATTESTED = ("law_abiding", "professional_ethics", "dedication", "widely_recognised",
            "physically_fit", "special_technician_competence", "teaching_contribution")
# What a direct path keeps (附件3 三(三), the pack's reading 5): conduct and fitness.
CONDUCT = ("law_abiding", "professional_ethics", "physically_fit")
RANK = {"third": 1, "second": 2, "first": 3, "special": 4}

INELIGIBLE = ("ineligible", None)
UNDETERMINED = ("undetermined", None)


def pack_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(breakthrough honours, science awards, skills awards, ranked awards) of the pack."""
    net = baji.get_pack("shanghai-2026")
    vocab = default_vocab()
    honours: set[str] = set()
    science: set[str] = set()
    skills: set[str] = set()
    for node in net.nodes:
        if node.kind == "honour":
            honours.update(node.params[0])
        if node.kind == "award" and node.params[1] == "second":
            science.update(node.params[0])
        elif node.kind == "award" and node.params[0] and "china_skills_grand_award" in node.params[0]:
            skills.update(node.params[0])
    ranked = {k for k, v in vocab.items["award"].items() if v.ranked}
    return frozenset(honours), frozenset(science), frozenset(skills), frozenset(ranked)


HONOURS, SCIENCE, SKILLS, RANKED = pack_sets()


def _tri(value: bool | None) -> int:
    return 1 if value is None else 2 if value else 0


def _restricted(findings: tuple[Finding, ...] | None, as_of: dt.date) -> int:
    if findings is None:
        return 1
    out = 2
    for f in findings:
        if f.kind != "evaluation_violation" or f.subject != "candidate" or f.date > as_of:
            continue
        if f.restricted_until is None:
            out = 1
        elif as_of <= f.restricted_until:
            return 0
    return out


def _science(awards: tuple[Award, ...] | None, as_of: dt.date) -> int:
    if awards is None:
        return 1
    out = 0
    for a in awards:
        if a.id not in SCIENCE:
            continue
        if a.id in RANKED:
            if a.rank is None:
                out = 1
                continue
            if RANK[a.rank] < 2:
                continue
        if a.date is None or a.date <= as_of:
            return 2
    return out


def _skills(awards: tuple[Award, ...] | None, as_of: dt.date) -> int:
    if awards is None:
        return 1
    for a in awards:
        if a.id in SKILLS and (a.date is None or a.date <= as_of):
            return 2
    return 0


def _grade(grades: tuple[Grade, ...] | None, level: baji.Level, as_of: dt.date) -> int:
    if grades is None:
        return 1
    for g in grades:
        if g.level is level and (g.certified_on is None or g.certified_on <= as_of):
            return 2
    return 0


def _tenure(grades: tuple[Grade, ...] | None, level: baji.Level, years: int,
            as_of: dt.date) -> int:
    # 民法典 第二百零一、二百零二条 on the days in post, anchored on the last day counted.
    if grades is None:
        return 1
    total = 0
    last = None
    for g in grades:
        if g.level is not level:
            continue
        if g.posts is None:
            return 1
        for period in g.posts:
            end = period.end
            if end is None or end > as_of:
                end = as_of
            if end > period.start:
                total += (end - period.start).days
                if last is None or end > last:
                    last = end
    if last is None:
        return 0
    start = last - dt.timedelta(days=total)
    try:
        due = start.replace(year=start.year + years)
    except ValueError:
        due = start.replace(year=start.year + years, day=28)
    return 2 if due <= last else 0


def _occupation(applied: str | None, grades: tuple[Grade, ...] | None, level: baji.Level) -> int:
    # 本职业: unmet only when every certificate of the grade names another occupation than
    # the one applied for; an unstated occupation is read as the same.
    if grades is None:
        return 1
    if applied is None:
        return 2
    held = False
    for g in grades:
        if g.level is level:
            if g.occupation is None or (g.occupation.translate(SPACES).lower()
                                        == applied.translate(SPACES).lower()):
                return 2
            held = True
    return 0 if held else 2


def _honour(honours: tuple[Honour, ...] | None, as_of: dt.date) -> int:
    if honours is None:
        return 1
    for h in honours:
        if h.id in HONOURS and (h.date is None or h.date <= as_of):
            return 2
    return 0


def special_technician(p: Profile, as_of: dt.date) -> tuple[str, str | None]:
    """(status, path) of the 特级技师 decision of Shanghai 2026 on ``as_of``."""
    e = p.employer
    filing = e.filing
    levels = e.pilot_levels
    pilot = _tri(e.pilot) if levels is None else 2 if baji.Level.SPECIAL_TECHNICIAN in levels else 0
    # The employer's staff, a population widened with consent (附件2 四(一)), or a chain
    # member's staff in the chain leader's 评聘 (措施(八)).
    population = max(_tri(p.in_post_employee), _tri(p.consented_population),
                     _tri(p.chain_member_staff))
    gate = min(_tri(e.filed_institution), 1 if filing is None else 2 if filing in FILINGS else 0,
               pilot, population)
    if gate == 0:
        return INELIGIBLE
    gate = min(gate, _restricted(p.findings, as_of))
    if gate == 0:
        return INELIGIBLE
    attested = p.attestations
    conduct = gate
    for name in CONDUCT:
        value = attested.get(name)
        conduct = min(conduct, 1 if value is None else 2 if value else 0)
    direct = min(conduct, max(_science(p.awards, as_of), _skills(p.awards, as_of)))
    if direct == 2:
        return ("eligible", "direct")
    unknown = direct == 1
    common = min(gate, _tri(p.still_in_occupation))
    for name in ATTESTED:
        if common == 0:
            break
        value = attested.get(name)
        common = min(common, 1 if value is None else 2 if value else 0)
    if common == 0:
        return UNDETERMINED if unknown else INELIGIBLE
    grades = p.grades
    related = _tri(attested.get("related_occupation"))
    occupation_sr = max(_occupation(p.occupation, grades, SR), related)
    occupation_tech = max(_occupation(p.occupation, grades, TECH), related)
    regular = min(common, max(min(_grade(grades, SR, as_of), _tenure(grades, SR, 1, as_of),
                                  occupation_sr),
                              min(_grade(grades, TECH, as_of), _tenure(grades, TECH, 3, as_of),
                                  occupation_tech)))
    if regular == 2:
        return ("eligible", "regular")
    exceptional = min(common, max(min(_grade(grades, SR, as_of), occupation_sr),
                                  min(_grade(grades, TECH, as_of), occupation_tech)),
                      _honour(p.honours, as_of))
    if exceptional == 2:
        return ("eligible", "exceptional")
    if unknown or regular == 1 or exceptional == 1:
        return UNDETERMINED
    return INELIGIBLE


def check(profiles: list[Profile], as_of: dt.date, answers: list[Any]) -> int:
    """How many profiles the baseline answers differently from baji's ``answers``."""
    return sum(1 for p, a in zip(profiles, answers)
               if special_technician(p, as_of) != (a.status, a.path))
