"""Synthetic rosters for demos, tests and benchmarks: realistic, deterministic.

:func:`roster` makes ``n`` candidate profiles from a seed with :class:`random.Random`
alone, so the same ``(n, seed, as_of)`` always gives the same profiles, on every
machine and Python version that keeps ``random``'s documented reproducibility. The mix
is meant to look like an HR export: most candidates are 高级工 to 高级技师, some 特级技师,
a few 首席技师; post histories have gaps, earlier posts and posts left; honours and awards
come from the shared vocabulary; employers are filed or not at various levels; and some
facts are left out (unknown), as real exports leave them out.

Command line::

    python -m baji.testing.synth 1000 --seed 7 --out roster.jsonl     # or roster.csv

The CSV follows the roster layout of docs/roster.md; the two formats hold the same
profiles.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from baji.core.levels import Level
from baji.core.vocabulary import default_vocab
from baji.io.atomic import atomic_writer

#: The default evaluation date of a synthetic roster (fixed, so output is reproducible).
DEFAULT_AS_OF = dt.date(2026, 7, 1)

_LADDER = (Level.SENIOR_WORKER, Level.TECHNICIAN, Level.SENIOR_TECHNICIAN,
           Level.SPECIAL_TECHNICIAN, Level.CHIEF_TECHNICIAN)
_TOP_WEIGHTS = (20, 30, 34, 12, 4)
_PROVINCES = ("31", "50", "35", "12")
_OCCUPATIONS = ("车工", "钳工", "焊工", "电工", "数控车工", "工具钳工", "汽车维修工",
                "化工总控工", "电力电缆安装运维工", "机床装调维修工")
_EMPLOYERS = ("municipal", "district", "central_enterprise", "ministry", "unfiled", "unknown")
_EMPLOYER_WEIGHTS = (34, 22, 10, 6, 18, 10)
_RANKS = ("special", "first", "second", "third")


def roster(n: int, seed: int = 0, as_of: dt.date | None = None) -> Iterator[dict[str, Any]]:
    """Yield ``n`` synthetic profiles as JSON-ready mappings (dates as ``YYYY-MM-DD``).

    Args:
        n: how many profiles.
        seed: the seed of :class:`random.Random`; the same seed gives the same roster.
        as_of: the date the roster describes (careers end before it); defaults to
            :data:`DEFAULT_AS_OF`, not today, so that output does not drift.

    Raises:
        ValueError: ``n`` is negative.

    Example:
        >>> from baji import parse_profile
        >>> first = next(roster(1, seed=3))
        >>> parse_profile(first).id
        'P000001'
    """
    if n < 0:
        raise ValueError(f"the number of profiles must be 0 or more, got {n!r}")
    day = as_of or DEFAULT_AS_OF
    maker = _Maker(random.Random(seed), day)
    for i in range(n):
        yield maker.profile(i + 1)


class _Maker:
    def __init__(self, rng: random.Random, as_of: dt.date) -> None:
        self.rng = rng
        self.as_of = as_of
        vocab = default_vocab()
        self.honours = sorted(vocab.items["honour"])
        self.contributions = sorted(vocab.items["contribution"])
        self.attestations = sorted(vocab.items["attestation"])

    # -- helpers --------------------------------------------------------------------------
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days_before(self, low: int, high: int, base: dt.date | None = None) -> dt.date:
        return (base or self.as_of) - dt.timedelta(days=self.rng.randint(low, high))

    def maybe(self, p_true: float, p_unknown: float) -> bool | None:
        roll = self.rng.random()
        if roll < p_unknown:
            return None
        return roll < p_unknown + (1 - p_unknown) * p_true

    # -- a profile ------------------------------------------------------------------------
    def profile(self, number: int) -> dict[str, Any]:
        rng = self.rng
        top = rng.choices(range(len(_LADDER)), weights=_TOP_WEIGHTS)[0]
        province = rng.choice(_PROVINCES)
        out: dict[str, Any] = {"id": f"P{number:06d}", "occupation": rng.choice(_OCCUPATIONS)}
        out["grades"] = self.grades(top, province)
        left = any(g.get("posts") and g["posts"][-1].get("end") for g in out["grades"][-1:])
        for fact, p_true, p_unknown in (("still_in_occupation", 0.2 if left else 0.93, 0.05),
                                        ("front_line", 0.8, 0.08),
                                        ("in_post_employee", 0.92, 0.05),
                                        ("in_related_work", 0.85, 0.3),
                                        ("key_industry_occupation", 0.5, 0.2)):
            value = self.maybe(p_true, p_unknown)
            if value is not None:
                out[fact] = value
        out["honours"] = self.honours_held(top)
        awards = self.awards(top)
        if awards is not None:
            out["awards"] = awards
        titles = self.titles(top)
        if titles is not None:
            out["titles"] = titles
        if top >= 3 and not self.chance(0.25):
            out["contributions"] = rng.sample(self.contributions,
                                              rng.choices((0, 1, 2), (5, 3, 1))[0])
        out["attestations"] = self.attested(top)
        findings = self.findings()
        if findings is not None:
            out["findings"] = findings
        if top >= 3 or self.chance(0.05):
            out["recommendations"] = self.recommendations(top)
        out["employer"] = self.employer()
        return out

    def grades(self, top: int, province: str) -> list[dict[str, Any]]:
        rng = self.rng
        first = 0 if top < 2 or self.chance(0.6) else 1
        steps = list(range(first, top + 1))
        # Walk the career backwards from today: years at each grade, sometimes a gap.
        end: dt.date | None = None
        if self.chance(0.08):
            end = self.days_before(30, 900)  # left the top post some time ago
        cursor = end or self.as_of
        grades: list[dict[str, Any]] = []
        for rank_index in reversed(steps):
            level = _LADDER[rank_index]
            span = rng.randint(120, 365 * (9 if rank_index == top else 6))
            start = cursor - dt.timedelta(days=span)
            posts: list[dict[str, Any]] = [{"start": start.isoformat()}]
            stop = end if rank_index == top else cursor
            if stop is not None:
                posts[0]["end"] = stop.isoformat()
            if span > 500 and self.chance(0.15):
                # a gap: away from the post for a while, then back
                gap_start = start + dt.timedelta(days=rng.randint(100, span - 300))
                gap_end = gap_start + dt.timedelta(days=rng.randint(30, 200))
                posts = [{"start": start.isoformat(), "end": gap_start.isoformat()},
                         {"start": gap_end.isoformat(), **({"end": posts[0]["end"]}
                                                          if "end" in posts[0] else {})}]
            certified = start - dt.timedelta(days=rng.randint(0, 90))
            grade: dict[str, Any] = {"level": level.value,
                                     "certified_on": certified.isoformat()}
            if self.chance(0.6):
                grade["certificate"] = self.certificate(level, province, certified)
            if certified.year < 2019 and self.chance(0.5):
                grade["kind"] = "qualification"
            if not self.chance(0.05):
                grade["posts"] = posts
            grades.append(grade)
            cursor = start - dt.timedelta(days=rng.randint(0, 30))
            end = None
        grades.reverse()
        return grades

    def certificate(self, level: Level, province: str, day: dt.date) -> str:
        rng = self.rng
        return (rng.choice("YS") + f"{rng.randint(0, 9999):04d}" + province
                + f"{rng.randint(0, 999999):06d}" + f"{day.year % 100:02d}" + level.code
                + f"{rng.randint(0, 999999):06d}")

    def honours_held(self, top: int) -> list[str] | None:
        if self.chance(0.04):
            return None
        p = (0.05, 0.1, 0.22, 0.45, 0.7)[top]
        if not self.chance(p):
            return []
        return sorted(self.rng.sample(self.honours, self.rng.choices((1, 2, 3), (6, 3, 1))[0]))

    def awards(self, top: int) -> list[dict[str, Any]] | None:
        rng = self.rng
        if self.chance(0.04):
            return None
        out: list[dict[str, Any]] = []
        boost = 1 + top
        if self.chance(0.004 * boost):
            out.append({"id": "china_skills_grand_award"})
        if self.chance(0.006 * boost):
            out.append({"id": rng.choice(("national_science_technology_progress_award",
                                          "national_technological_invention_award")),
                        "rank": rng.choice(_RANKS[1:])})
        if self.chance(0.01 * boost):
            out.append({"id": rng.choice(("chongqing_science_technology_award",
                                          "fujian_science_technology_award",
                                          "shanghai_science_technology_award",
                                          "ministerial_science_technology_award")),
                        "rank": rng.choice(_RANKS)})
        if self.chance(0.004 * boost):
            out.append({"id": rng.choice(("haihe_craftsman",
                                          "chongqing_outstanding_talent_award"))})
        return out

    def titles(self, top: int) -> list[dict[str, Any]] | None:
        if self.chance(0.1):
            return None
        if top >= 2 and self.chance(0.06):
            aligned = self.maybe(0.7, 0.2)
            title: dict[str, Any] = {"id": "senior_professional_title_full"}
            if aligned is not None:
                title["aligned"] = aligned
            return [title]
        if self.chance(0.08):
            return [{"id": self.rng.choice(("senior_professional_title_associate",
                                            "intermediate_professional_title"))}]
        return []

    def attested(self, top: int) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for name in self.attestations:
            p_true = 0.9 if top >= 2 else 0.6
            value = self.maybe(p_true, 0.1)
            if value is not None:
                out[name] = value
        return out

    def findings(self) -> list[dict[str, Any]] | None:
        roll = self.rng.random()
        if roll < 0.04:
            return None
        if roll < 0.07:
            return [{"kind": "fraud", "subject": self.rng.choice(("candidate", "employer")),
                     "date": self.days_before(30, 8 * 365).isoformat()}]
        if roll < 0.08:
            day = self.days_before(30, 3 * 365)
            return [{"kind": "evaluation_violation", "subject": "candidate",
                     "date": day.isoformat(),
                     "restricted_until": (day + dt.timedelta(days=730)).isoformat()}]
        return []

    def recommendations(self, top: int) -> list[dict[str, Any]]:
        if not self.chance(0.45):
            return []
        target = _LADDER[min(top + 1, len(_LADDER) - 1)]
        return [{"level": target.value, "date": self.days_before(0, 300).isoformat()}]

    def employer(self) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(_EMPLOYERS, weights=_EMPLOYER_WEIGHTS)[0]
        if kind == "unknown":
            return {}
        filed = kind != "unfiled"
        out: dict[str, Any] = {"filed_institution": filed}
        if filed:
            out["filing"] = kind
        for fact, p in (("pilot", 0.7 if filed else 0.0), ("certification_started", 0.9 if filed
                                                          else 0.2),
                        ("skill_workforce_majority", 0.7), ("above_scale", 0.8),
                        ("senior_technician_certified", 0.75 if filed else 0.1),
                        ("talent_mechanism", 0.6), ("mohrss_filed", 0.25 if filed else 0.0)):
            value = self.maybe(p, 0.07)
            if value is not None:
                out[fact] = value
        if filed and self.chance(0.85):
            out["self_assessment_since"] = self.days_before(200, 7 * 365).isoformat()
        return out


# -- writing ------------------------------------------------------------------------------
_CSV_LEVELS = _LADDER
_CSV_COLUMNS = (["id", "occupation", "still_in_occupation", "front_line", "in_post_employee",
                 "in_related_work", "key_industry_occupation"]
                + [f"{lv.value}_{f}" for lv in _CSV_LEVELS
                   for f in ("certificate", "certified_on", "kind", "posts")]
                + ["honours", "awards", "titles", "contributions", "findings",
                   "recommendations", "attestations"]
                + [f"employer_{f}" for f in ("filed_institution", "filing", "pilot",
                                             "certification_started",
                                             "skill_workforce_majority", "above_scale",
                                             "senior_technician_certified", "talent_mechanism",
                                             "mohrss_filed", "senior_technicians_in_occupation",
                                             "self_assessment_since")])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _listed(items: list[Any] | None, show: Any) -> str:
    if items is None:
        return ""
    if not items:
        return "-"
    return ";".join(show(x) for x in items)


def csv_row(profile: dict[str, Any]) -> list[str]:
    """One synthetic profile as a row of the CSV layout of docs/roster.md."""
    row: dict[str, str] = {c: "" for c in _CSV_COLUMNS}
    for key in ("id", "occupation", "still_in_occupation", "front_line", "in_post_employee",
                "in_related_work", "key_industry_occupation"):
        row[key] = _cell(profile.get(key))
    for grade in profile.get("grades", []):
        prefix = grade["level"]
        for f in ("certificate", "certified_on", "kind"):
            row[f"{prefix}_{f}"] = _cell(grade.get(f))
        if "posts" in grade:
            row[f"{prefix}_posts"] = _listed(
                grade["posts"], lambda p: f"{p['start']}..{p.get('end') or ''}")
    row["honours"] = _listed(profile.get("honours"), str)
    row["awards"] = _listed(profile.get("awards"),
                            lambda a: a["id"] + (f":{a['rank']}" if a.get("rank") else ""))
    row["titles"] = _listed(profile.get("titles"), lambda t: t["id"] + (
        f":{_cell(t['aligned'])}" if "aligned" in t else ""))
    row["contributions"] = _listed(profile.get("contributions"), str)
    row["findings"] = _listed(profile.get("findings"), lambda f: ":".join(
        [f["kind"], f["subject"], f["date"]] + ([f["restricted_until"]]
                                                 if f.get("restricted_until") else [])))
    row["recommendations"] = _listed(profile.get("recommendations"), lambda r: r["level"] + (
        f":{r['date']}" if r.get("date") else ""))
    row["attestations"] = ";".join(f"{k}={_cell(v)}" for k, v in
                                   sorted(profile.get("attestations", {}).items()))
    for key, value in profile.get("employer", {}).items():
        row[f"employer_{key}"] = _cell(value)
    return [row[c] for c in _CSV_COLUMNS]


def write_roster(path: str | Path, profiles: Iterable[dict[str, Any]]) -> int:
    """Write profiles to ``path`` atomically, as JSONL or, for a ``.csv`` name, as CSV.

    Returns:
        The number of profiles written.
    """
    count = 0
    with atomic_writer(path) as handle:
        if str(path).lower().endswith(".csv"):
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(_CSV_COLUMNS)
            for profile in profiles:
                writer.writerow(csv_row(profile))
                count += 1
        else:
            for profile in profiles:
                handle.write(json.dumps(profile, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m baji.testing.synth N [--seed S] [--as-of DATE] [--out FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m baji.testing.synth",
                                     description="Write a synthetic roster (JSONL or CSV).")
    parser.add_argument("n", type=int, metavar="N", help="number of profiles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, metavar="DATE",
                        default=DEFAULT_AS_OF,
                        help=f"the date the roster describes (default {DEFAULT_AS_OF})")
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="write here (.jsonl or .csv); default: JSONL on stdout")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error(f"N must be 0 or more, got {args.n}")
    profiles = roster(args.n, args.seed, args.as_of)
    if args.out is None:
        for profile in profiles:
            sys.stdout.write(json.dumps(profile, ensure_ascii=False, sort_keys=True) + "\n")
        return 0
    count = write_roster(args.out, profiles)
    print(f"wrote {count} profiles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
