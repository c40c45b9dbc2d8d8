"""Profile validation alone: baji's fast path, baji's model, and plain pydantic.

    python benchmarks/profiles.py [--count 100000] [--repeat 5]

Validates the random candidates of benchmarks/roster.py (seeded) from JSON bytes and
from Python dicts, one thread, and prints profiles per second:

- **fast path**: :func:`baji.profile.fast.read_profile` (JSON) and
  :func:`~baji.profile.fast.convert_profile` (dicts): msgspec Structs generated from the
  models' fields, in one native pass, the checks across fields once in Python; no
  pydantic model is built;
- **model**: the pydantic :class:`baji.Profile` alone (``Profile.model_validate_json``,
  :func:`baji.parse_profile`), which explains every problem of a bad profile and is what
  the fast path falls back on;
- **plain pydantic**: models of the same shape (same fields, nesting and defaults) with
  no custom validator and pydantic's default lax mode: no dates checked against the
  calendar range, no names resolved, no cross-field check. It is what pydantic-core
  validating JSON straight into models costs at best (the other way to one native
  pass, docs/architecture.md), not a peer: it checks much less.

Also: the cost of an invalid profile (a quarter of them with an unknown honour name,
which the fast path refuses and the model then explains), and JSON bytes to answer
(then ``evaluate_answers`` of 特级技师, shanghai-2026, as benchmarks/run.py measures
it), next to ``json.loads`` alone. Before timing, the fast path's profiles are checked to
equal the model's, and the plain models to accept every profile. Each figure is the
best of ``--repeat`` rounds; in every round each validator runs once over all profiles,
in turn, so that a change of load hits them alike.
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

import roster  # noqa: E402

import baji  # noqa: E402
from baji.core.levels import Level  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.profile import fast  # noqa: E402
from baji.profile.model import Profile, grade_periods  # noqa: E402


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
    chain_member_staff: bool | None = None
    consented_population: bool | None = None
    key_industry_occupation: bool | None = None
    honours: tuple[PlainHonour, ...] | None = None
    awards: tuple[PlainAward, ...] | None = None
    titles: tuple[PlainTitle, ...] | None = None
    contributions: tuple[str, ...] | None = None
    attestations: dict[str, bool] = Field(default_factory=dict)
    findings: tuple[PlainFinding, ...] | None = None
    recommendations: tuple[PlainRecommendation, ...] | None = None
    employer: PlainEmployer = Field(default_factory=PlainEmployer)

    def grade_periods(self, level: Level) -> tuple[PlainPeriod, ...] | None:
        """What the answers read, as :meth:`baji.Profile.grade_periods` gives it."""
        return grade_periods(self, level)


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
        quick, model = fast.read_profile(blob), Profile.model_validate_json(blob)
        if isinstance(quick, Profile) or fast.to_model(quick) != model or \
                fast.to_model(fast.convert_profile(d)) != model:
            raise SystemExit(f"the fast path reads {d!r} otherwise than the model")
        PlainProfile.model_validate_json(blob)
        PlainProfile.model_validate(d)

    net = baji.get_pack("shanghai-2026")
    level = baji.Level.SPECIAL_TECHNICIAN

    def answer(validate: Callable[[bytes], Any]) -> Callable[[bytes], object]:
        return lambda blob: evaluate_answers(net, validate(blob), roster.AS_OF,
                                             levels=level, earliest=False)

    rates = rounds({
        "json fast": (fast.read_profile, blobs),
        "json model": (Profile.model_validate_json, blobs),
        "json plain": (PlainProfile.model_validate_json, blobs),
        "dict fast": (fast.convert_profile, data),
        "dict model": (baji.parse_profile, data),
        "dict plain": (PlainProfile.model_validate, data),
        "bad json fast": (refused(fast.read_profile), bad_blobs),
        "bad json model": (refused(Profile.model_validate_json), bad_blobs),
        "bad dict fast": (refused(fast.convert_profile), bad),
        "bad dict model": (refused(baji.parse_profile), bad),
        "answer fast": (answer(fast.read_profile), blobs),
        "answer model": (answer(Profile.model_validate_json), blobs),
        "answer plain": (answer(PlainProfile.model_validate_json), blobs),
        "loads": (json.loads, blobs),
    }, args.repeat)

    print(f"profile validation: {args.count} profiles of benchmarks/roster.py, "
          f"best of {args.repeat} rounds")
    print(f"python {platform.python_version()}, pydantic "
          f"{__import__('pydantic').VERSION}, msgspec {__import__('msgspec').__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print()
    print(f"{'per second (µs a profile)':34} {'fast path':>18} {'model':>18} "
          f"{'plain pydantic':>18}")

    def cell(name: str) -> str:
        rate = rates.get(name)
        return f"{rate:10,.0f} ({1e6 / rate:4.1f})" if rate else f"{'':>18}"

    for label, key in (("JSON bytes -> profile", "json"), ("dict -> profile", "dict"),
                       ("invalid JSON bytes -> errors", "bad json"),
                       ("invalid dict -> ProfileError", "bad dict"),
                       ("JSON bytes -> answer", "answer")):
        print(f"{label:34} {cell(key + ' fast'):>18} {cell(key + ' model'):>18} "
              f"{cell(key + ' plain'):>18}")
    print(f"{'json.loads alone':34} {cell('loads'):>18}")
    print()
    print(f"fast path / model: JSON {rates['json fast'] / rates['json model']:.1f}×, "
          f"dict {rates['dict fast'] / rates['dict model']:.1f}×; JSON bytes -> answer / "
          f"json.loads: {rates['answer fast'] / rates['loads']:.2f}× (plain pydantic "
          f"{rates['answer plain'] / rates['loads']:.2f}×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
