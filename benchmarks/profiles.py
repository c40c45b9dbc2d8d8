"""Profile validation alone: baji's, baji's before the quick path, and plain pydantic.

    python benchmarks/profiles.py [--count 100000] [--repeat 5]

Validates the random candidates of benchmarks/roster.py (seeded) from JSON bytes
(``Profile.model_validate_json``) and from Python dicts (``Profile.model_validate``,
what :func:`baji.parse_profile` calls), one thread, and prints profiles per second:

- **baji**: the quick path (a native twin of the models, :mod:`baji.profile.fast_validation`), which
  falls back on the models' own validators for a profile it refuses;
- **before**: the validator baji had before the quick path, kept frozen in
  tests/reference_profile.py (every check in Python: dates, names, a JSON dump of the
  whole input to look for lone surrogates...);
- **plain pydantic**: models of the same shape (same fields, nesting and defaults) with
  no custom validator and pydantic's default lax mode: no dates checked against the
  calendar range, no names resolved, no cross-field check. It is the floor, not a
  peer: it checks much less.

Also: the cost of an invalid profile (a quarter of them with an unknown honour name,
which the quick path refuses and the models' validators then explain), and JSON bytes
to answer (validation then ``evaluate_answers`` of 特级技师, shanghai-2026, as
benchmarks/run.py measures it). Before timing, baji's profiles are checked to equal the
ones validated before, field by field, and the plain models to accept every profile.
Each figure is the best of ``--repeat`` rounds; in every round each validator runs once
over all profiles, in turn, so that a change of load hits them alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import reference_profile as before  # noqa: E402
import roster  # noqa: E402

import baji  # noqa: E402
from baji.core.levels import Level  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.profile.model import Profile  # noqa: E402


# -- the floor: the same shape, no custom validator -------------------------------------
class _Plain(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlainPeriod(_Plain):
    start: dt.date
    end: dt.date | None = None


class PlainGrade(_Plain):
    level: Level
    kind: Literal["skill_level", "qualification"] = "skill_level"
    occupation: str | None = None
    certificate: str | None = None
    certified_on: dt.date | None = None
    posts: tuple[PlainPeriod, ...] | None = None


class PlainHonour(_Plain):
    id: str
    date: dt.date | None = None


class PlainAward(_Plain):
    id: str
    rank: Literal["special", "first", "second", "third"] | None = None
    date: dt.date | None = None


class PlainTitle(_Plain):
    id: str
    aligned: bool | None = None
    date: dt.date | None = None


class PlainFinding(_Plain):
    kind: Literal["fraud", "evaluation_violation"]
    subject: Literal["candidate", "employer"] = "candidate"
    date: dt.date
    restricted_until: dt.date | None = None


class PlainRecommendation(_Plain):
    level: Level
    date: dt.date | None = None


class PlainEmployer(_Plain):
    filed_institution: bool | None = None
    filing: Literal["municipal", "district", "ministry", "central_enterprise"] | None = None
    pilot: bool | None = None
    pilot_levels: tuple[Level, ...] | None = None
    skill_workforce_majority: bool | None = None
    above_scale: bool | None = None
    certification_started: bool | None = None
    senior_technician_certified: bool | None = None
    talent_mechanism: bool | None = None
    mohrss_filed: bool | None = None
    senior_technicians_in_occupation: bool | None = None
    self_assessment_since: dt.date | None = None


class PlainProfile(_Plain):
    id: str | None = None
    name: str | None = None
    occupation: str | None = None
    grades: tuple[PlainGrade, ...] | None = None
    still_in_occupation: bool | None = None
    in_related_work: bool | None = None
    front_line: bool | None = None
    in_post_employee: bool | None = None
    graduating_student: bool | None = None
    key_industry_occupation: bool | None = None
    honours: tuple[PlainHonour, ...] | None = None
    awards: tuple[PlainAward, ...] | None = None
    titles: tuple[PlainTitle, ...] | None = None
    contributions: tuple[str, ...] | None = None
    attestations: dict[str, bool] = Field(default_factory=dict)
    findings: tuple[PlainFinding, ...] | None = None
    recommendations: tuple[PlainRecommendation, ...] | None = None
    employer: PlainEmployer = Field(default_factory=PlainEmployer)


# -- timing -----------------------------------------------------------------------------
def rounds(candidates: dict[str, tuple[Callable[[Any], object], Sequence[Any]]],
           repeat: int) -> dict[str, float]:
    """Best profiles per second of each candidate ``(validate, items)``, over
    ``repeat`` rounds that run every candidate once, in turn."""
    best: dict[str, float] = dict.fromkeys(candidates, 0.0)
    for _ in range(repeat):
        for name, (validate, items) in candidates.items():
            start = time.perf_counter()
            for item in items:
                validate(item)
            best[name] = max(best[name], len(items) / (time.perf_counter() - start))
    return best


def refused(validate: Callable[[Any], object]) -> Callable[[Any], object]:
    """``validate`` for inputs it must refuse: the error is built, then dropped."""
    def run(item: Any) -> object:
        try:
            validate(item)
        except (ValidationError, baji.ProfileError) as exc:
            return exc
        raise SystemExit(f"accepted an invalid profile: {item!r}")
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    data = roster.profiles(args.count)
    blobs = [json.dumps(d).encode() for d in data]
    bad = [dict(d, honours=["全国技术能守"]) for d in data[: max(1, args.count // 4)]]
    bad_blobs = [json.dumps(d).encode() for d in bad]
    for d, blob in zip(data, blobs):  # the same profiles, or no figures
        now, then = Profile.model_validate_json(blob), before.Profile.model_validate_json(blob)
        if now.model_dump() != then.model_dump() or \
                now.model_fields_set != then.model_fields_set or \
                now != Profile.model_validate(d):
            raise SystemExit(f"baji validates {d!r} otherwise than before")
        PlainProfile.model_validate_json(blob)
        PlainProfile.model_validate(d)

    net = baji.get_pack("shanghai-2026")
    level = baji.Level.SPECIAL_TECHNICIAN

    def answer(validate: Callable[[bytes], Any]) -> Callable[[bytes], object]:
        return lambda blob: evaluate_answers(net, validate(blob), roster.AS_OF,
                                             levels=level, earliest=False)

    rates = rounds({
        "json baji": (Profile.model_validate_json, blobs),
        "json before": (before.Profile.model_validate_json, blobs),
        "json plain": (PlainProfile.model_validate_json, blobs),
        "dict baji": (Profile.model_validate, data),
        "dict before": (before.Profile.model_validate, data),
        "dict plain": (PlainProfile.model_validate, data),
        "bad json baji": (refused(Profile.model_validate_json), bad_blobs),
        "bad json before": (refused(before.Profile.model_validate_json), bad_blobs),
        "bad dict baji": (refused(baji.parse_profile), bad),
        "bad dict before": (refused(before.parse_profile), bad),
        "answer baji": (answer(Profile.model_validate_json), blobs),
        "answer before": (answer(before.Profile.model_validate_json), blobs),
    }, args.repeat)

    print(f"profile validation: {args.count} profiles of benchmarks/roster.py, "
          f"best of {args.repeat} rounds")
    print(f"python {platform.python_version()}, pydantic "
          f"{__import__('pydantic').VERSION}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    print()
    print(f"{'per second (µs a profile)':34} {'baji':>18} {'before':>18} {'plain pydantic':>18}")

    def cell(name: str) -> str:
        rate = rates.get(name)
        return f"{rate:10,.0f} ({1e6 / rate:4.1f})" if rate else f"{'':>18}"

    for label, key in (("JSON bytes -> Profile", "json"), ("dict -> Profile", "dict"),
                       ("invalid JSON bytes -> errors", "bad json"),
                       ("invalid dict -> ProfileError", "bad dict"),
                       ("JSON bytes -> answer", "answer")):
        print(f"{label:34} {cell(key + ' baji'):>18} {cell(key + ' before'):>18} "
              f"{cell(key + ' plain'):>18}")
    print()
    print(f"baji / before: JSON {rates['json baji'] / rates['json before']:.1f}×, "
          f"dict {rates['dict baji'] / rates['dict before']:.1f}×; "
          f"baji / plain pydantic: JSON {rates['json baji'] / rates['json plain']:.2f}, "
          f"dict {rates['dict baji'] / rates['dict plain']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
