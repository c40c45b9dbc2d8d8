"""Random candidates for the benchmarks: what the 特级技师 decision of Shanghai 2026 reads.

Seeded, so every run measures the same 100,000 profiles. Each fact is usually given and
true (as on a roster screened before a round), sometimes false, sometimes left out
(unknown), so that all three statuses and all three paths occur.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

AS_OF = dt.date(2026, 9, 1)
ATTESTED = ("law_abiding", "professional_ethics", "dedication", "widely_recognised",
            "physically_fit", "special_technician_competence", "teaching_contribution")
HONOURS = ("national_technical_expert", "shanghai_technical_expert", "national_model_worker",
           "shanghai_craftsman", "state_council_special_allowance")
FILINGS = ("municipal", "municipal", "district", "central_enterprise", "ministry")


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randrange((hi - lo).days + 1))


def _tri(rng: random.Random, data: dict[str, Any], key: str, p_true: float = 0.85,
         p_false: float = 0.10) -> None:
    r = rng.random()
    if r < p_true:
        data[key] = True
    elif r < p_true + p_false:
        data[key] = False


def profile(rng: random.Random, number: int) -> dict[str, Any]:
    """One random candidate as a JSON-ready profile."""
    d: dict[str, Any] = {"id": f"E{number:06d}"}
    _tri(rng, d, "in_post_employee", 0.9, 0.05)
    _tri(rng, d, "still_in_occupation", 0.9, 0.05)
    attested: dict[str, Any] = {}
    for name in ATTESTED:
        _tri(rng, attested, name, 0.93, 0.03)
    d["attestations"] = attested
    employer: dict[str, Any] = {}
    _tri(rng, employer, "filed_institution", 0.9, 0.05)
    _tri(rng, employer, "pilot", 0.9, 0.05)
    if rng.random() < 0.95:
        employer["filing"] = rng.choice(FILINGS)
    d["employer"] = employer
    r = rng.random()
    if r < 0.04:
        pass  # findings unknown
    elif r < 0.07:
        when = _day(rng, dt.date(2022, 1, 1), AS_OF)
        finding: dict[str, Any] = {"kind": "evaluation_violation", "date": when.isoformat()}
        if rng.random() < 0.8:
            finding["restricted_until"] = (when + dt.timedelta(days=rng.randrange(1500))).isoformat()
        d["findings"] = [finding]
    else:
        d["findings"] = []
    if rng.random() > 0.04:
        grades = []
        if rng.random() < 0.6:
            start = _day(rng, dt.date(2018, 1, 1), dt.date(2026, 8, 31))
            grade: dict[str, Any] = {"level": "senior_technician", "certified_on": start.isoformat()}
            if rng.random() < 0.92:
                grade["posts"] = [{"start": start.isoformat()}]
            grades.append(grade)
        if rng.random() < 0.5:
            start = _day(rng, dt.date(2010, 1, 1), dt.date(2026, 8, 31))
            grade = {"level": "technician", "certified_on": start.isoformat()}
            if rng.random() < 0.92:
                end = _day(rng, start + dt.timedelta(days=30), dt.date(2027, 1, 1))
                post: dict[str, Any] = {"start": start.isoformat()}
                if end <= AS_OF and rng.random() < 0.5:
                    post["end"] = end.isoformat()
                grade["posts"] = [post]
            grades.append(grade)
        d["grades"] = grades
    r = rng.random()
    if r < 0.04:
        pass
    elif r < 0.20:
        d["honours"] = [{"id": rng.choice(HONOURS)}]
    else:
        d["honours"] = []
    r = rng.random()
    if r < 0.04:
        pass
    elif r < 0.07:
        award: dict[str, Any] = {"id": "national_science_technology_award"}
        if rng.random() < 0.8:
            award["rank"] = rng.choice(("first", "second", "third"))
        d["awards"] = [award]
    elif r < 0.09:
        d["awards"] = [{"id": "china_skills_grand_award"}]
    else:
        d["awards"] = []
    return d


def profiles(count: int, seed: int = 20260901) -> list[dict[str, Any]]:
    """``count`` random candidates (the same ones for the same seed)."""
    rng = random.Random(seed)
    return [profile(rng, i) for i in range(count)]
