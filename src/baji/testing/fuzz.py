"""Fuzz targets for the pack loader and for profile evaluation, and a runner for long runs.

The contract both targets check: every input either loads (and evaluates) or raises a
:class:`~baji.errors.BajiError`; anything else escaping (``KeyError``, ``RecursionError``,
``UnicodeEncodeError``, a crash...) is a bug in baji.

- :func:`fuzz_pack` takes the bytes of a pack file.
- :func:`fuzz_profile` takes one flag byte (JSON or YAML, the evaluation date, the
  certificate-date assumption) and the bytes of a profile file, then evaluates every
  profile it holds against every bundled pack and writes each decision out as JSON.
- :func:`fuzz_profile_data` takes a profile as Python data (what an HR system passes).

:func:`pack_inputs` and :func:`profile_inputs` are Hypothesis strategies that mutate the
bundled packs and example profiles (lines deleted, duplicated, swapped; hostile tokens
inserted; values replaced by other values of the document or by edge values), besides
raw text and bytes. The test suite runs them briefly; a long run is one command::

    python -m baji.testing.fuzz all --seconds 600                   # Hypothesis
    python -m baji.testing.fuzz pack --engine atheris --seconds 600  # libFuzzer, coverage-guided

(``pip install 'baji[fuzz]'`` installs both engines.) A run prints how many inputs each
target executed and stops at the first escape, saving the input under ``--out``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from baji.engine.decide import decide
from baji.errors import BajiError
from baji.io.data import data_dir
from baji.pack.bundled import bundled_pack_ids, get_pack
from baji.pack.compile import load_pack_bytes
from baji.pack.network import Network
from baji.profile.load import load_profiles_bytes
from baji.profile.model import parse_profile

#: Tokens that have broken YAML loaders somewhere: syntax, tags, aliases, odd scalars.
HOSTILE = (
    ":", ": ", "- ", "[", "]", "{", "}", ",", "? ", "&a ", "*a", "&a [*a]", "<<: ", "|", ">",
    "'", '"', "#", "\t", "\n", "\r", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!!binary aGk=",
    "!!set {a}", "!!omap [a: 1]", "!foo ", "!!str ", "!!int ", "!!timestamp ",
    "\x00", "\x07", "\x1b", "\x7f", "\ufeff", "\u202e", "\u2028", "\ud800", "\udfff",
    "2026-02-30", "2025-02-29", "0001-01-01", "9999-12-31", "2026-06-08 10:00:00", "2026-6-8",
    "-1", "0", "51", "99999999999999999999", "1e400", ".nan", ".inf", "-.inf", "0x_", "0o9",
    "1:30", "null", "~", "yes", "on", "NO", "true", '"\\ud800"', '"\\x00"', "[" * 60,
    "特级技师", "首席技师", "全国技术能手", "全国技术能守", "Y123431000012211000001",
    "NaN", "Infinity", '{"a": 1, "a": 2}',
)
_SEP = ("\n", " ", ": ", ", ", "")

#: Profiles to start from when examples/ is not at hand (an installed package).
SEED_PROFILES: tuple[dict[str, Any], ...] = (
    {"id": "seed-1", "grades": [{"level": "senior_technician",
                                 "certificate": "Y123431000012211000001",
                                 "certified_on": "2019-03-15",
                                 "posts": [{"start": "2019-03-15", "end": None}]}],
     "still_in_occupation": True, "front_line": True, "honours": ["全国技术能手"],
     "awards": [{"id": "national_science_technology_progress_award", "rank": "二等奖",
                 "date": "2020-01-10"}],
     "attestations": {"professional_ethics": True, "physically_fit": True},
     "findings": [{"kind": "fraud", "subject": "candidate", "date": "2022-05-01"}],
     "recommendations": [{"level": "chief_technician", "date": "2026-05-01"}],
     "employer": {"filed_institution": True, "filing": "municipal",
                  "self_assessment_since": "2020-01-01"}},
    {"id": "seed-2", "grades": [{"level": "技师", "posts": [
        {"start": "2015-01-01", "end": "2018-01-01"}, {"start": "2018-01-01"}]}],
     "titles": [{"id": "senior_professional_title_full", "aligned": True}],
     "contributions": ["talent_team_building"], "findings": [
         {"kind": "evaluation_violation", "date": "2025-01-01",
          "restricted_until": "2026-01-01"}]},
    {"id": "seed-3"},
)


# -- targets ----------------------------------------------------------------------------------
def fuzz_pack(data: bytes) -> None:
    """Load ``data`` as a pack file; only :class:`BajiError` may escape (it is caught)."""
    try:
        load_pack_bytes(data, display="fuzz.yaml", base=data_dir() / "rules")
    except BajiError:
        pass


def fuzz_profile(data: bytes) -> None:
    """Load ``data[1:]`` as a profile file (JSON when ``data[0]`` is odd) and evaluate
    each profile against every bundled pack, on a date chosen by ``data[0]``."""
    if not data:
        return
    flags, body = data[0], data[1:]
    try:
        profiles = load_profiles_bytes(body, display="fuzz.json" if flags & 1 else "fuzz.yaml")
    except BajiError:
        return
    day = dt.date(2019, 1, 1) + dt.timedelta(days=flags * 31)
    for profile in profiles[:3]:
        _evaluate_all(profile, day, assume=bool(flags & 2))


def fuzz_profile_data(data: object, day: dt.date, *, assume: bool = False) -> None:
    """Validate ``data`` as a profile and evaluate it against every bundled pack."""
    try:
        profile = parse_profile(data)
    except BajiError:
        return
    _evaluate_all(profile, day, assume=assume)


def _evaluate_all(profile: Any, day: dt.date, *, assume: bool) -> None:
    for net in _networks():
        try:
            decision = decide(net, profile, day, assume_posts_from_certificate=assume)
        except BajiError:
            continue
        decision.model_dump_json()  # the answer must also be writable


@lru_cache(maxsize=1)
def _networks() -> tuple[Network, ...]:
    return tuple(get_pack(p) for p in bundled_pack_ids())


TARGETS: dict[str, Callable[[bytes], None]] = {"pack": fuzz_pack, "profile": fuzz_profile}


# -- seeds ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def seed_packs() -> tuple[str, ...]:
    """The texts of the bundled packs (and the minimal test pack, in a checkout)."""
    rules = data_dir() / "rules"
    paths = sorted(p for p in rules.glob("*.yaml") if p.stem != "vocab")
    minimal = data_dir() / "tests" / "packs" / "valid" / "minimal.yaml"
    if minimal.is_file():
        paths.insert(0, minimal)
    return tuple(p.read_text(encoding="utf-8") for p in paths)


@lru_cache(maxsize=1)
def seed_profiles() -> tuple[dict[str, Any], ...]:
    """Example profiles as data: the inline seeds and, in a checkout, examples/."""
    found = list(SEED_PROFILES)
    for path in sorted((data_dir() / "examples" / "profiles").glob("*.yaml")):
        value = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(value, dict):
            found.append(json.loads(json.dumps(value, default=str)))
    return tuple(found)


@lru_cache(maxsize=8)
def _parsed_pack(index: int) -> Any:
    return yaml.safe_load(seed_packs()[index])


def _words(value: object) -> list[object]:
    """Every scalar of a document (ids, names, numbers, dates), for swaps."""
    out: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
            out.extend(item)
        elif isinstance(item, list):
            stack.extend(item)
        else:
            out.append(item)
    return out


def _paths(value: object, at: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, at + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, at + (i,))


# -- strategies -------------------------------------------------------------------------------
_EDGE_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 100), st.integers(), st.floats(),
    st.sampled_from(["", " ", "2026-02-30", "0001-01-01", "9999-12-31", "2026-6-8",
                     "senior_technician", "特级技师", "全国技术能手", "c1", "x" * 200,
                     "Y123431000012211000001", "Y12343100001221T000001"]),
    st.dates(min_value=dt.date(1, 1, 1)), st.text(max_size=12),
    st.lists(st.text(max_size=6), max_size=3),
    st.dictionaries(st.sampled_from(["id", "level", "start", "end", "all", "not", "x"]),
                    st.text(max_size=6), max_size=2))


@st.composite
def _mutated_data(draw: st.DrawFn, seed: object) -> object:
    """``seed`` with a few values replaced, removed or duplicated."""
    doc: Any = copy.deepcopy(seed)  # JSON-like data, indexed by the paths drawn below
    words = _words(doc)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = doc
        for part in path[:-1]:
            parent = parent[part]
        last: Any = path[-1]
        op = draw(st.sampled_from(("swap", "edge", "delete", "duplicate", "wrap")))
        if op == "delete":
            del parent[last]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif op == "wrap":
            parent[last] = [parent[last]]
        elif op == "swap" and words:
            parent[last] = draw(st.sampled_from(words))
        else:
            parent[last] = draw(_EDGE_VALUES)
    return doc


@st.composite
def _mutated_text(draw: st.DrawFn, seeds: Sequence[str]) -> str:
    """A seed text with a few lines moved or removed and hostile tokens inserted."""
    text = draw(st.sampled_from(list(seeds)))
    for _ in range(draw(st.integers(1, 5))):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(("delete", "duplicate", "swap", "insert", "replace",
                                   "indent", "truncate")))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from(("  ", "\t", " "))) + lines[i]
        elif op == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
            continue
        else:
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            end = at if op == "insert" else draw(st.integers(at, len(line)))
            token = draw(st.sampled_from(HOSTILE)) + draw(st.sampled_from(_SEP))
            lines[i] = line[:at] + token + line[end:]
        text = "\n".join(lines)
    return text


def _bytes(text: str) -> bytes:
    # Lone surrogates become invalid UTF-8 on purpose, as a careless encoder would write.
    return text.encode("utf-8", "surrogatepass")


def pack_inputs() -> SearchStrategy[bytes]:
    """Bytes of pack files: mutated bundled packs (as text and as data), raw text and
    raw bytes."""
    as_data = st.integers(0, len(seed_packs()) - 1).flatmap(
        lambda i: _mutated_data(_parsed_pack(i))).map(
        lambda doc: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False))
    return st.one_of(
        _mutated_text(seed_packs()).map(_bytes),
        as_data.map(_bytes),
        st.text(max_size=200).map(_bytes),
        st.binary(max_size=200))


def profile_inputs() -> SearchStrategy[bytes]:
    """A flag byte and the bytes of a profile file (see :func:`fuzz_profile`)."""
    seeds = seed_profiles()
    json_texts = tuple(json.dumps(p, ensure_ascii=False) for p in seeds)
    yaml_texts = tuple(yaml.safe_dump(p, allow_unicode=True) for p in seeds)
    mutated = st.sampled_from(seeds).flatmap(_mutated_data)
    return st.one_of(
        st.tuples(st.integers(0, 255).map(lambda f: f | 1),
                  _mutated_text(json_texts).map(_bytes)),
        st.tuples(st.integers(0, 255).map(lambda f: f & ~1),
                  _mutated_text(yaml_texts).map(_bytes)),
        st.tuples(st.integers(0, 255).map(lambda f: f | 1),
                  mutated.map(lambda d: _bytes(json.dumps(d, ensure_ascii=False,
                                                          default=str)))),
        st.tuples(st.integers(0, 255), st.binary(max_size=200)),
    ).map(lambda pair: bytes([pair[0]]) + pair[1])


def profile_data() -> SearchStrategy[tuple[object, dt.date, bool]]:
    """Profiles as Python data (mutated seeds), an evaluation date and the assumption
    flag, for :func:`fuzz_profile_data`."""
    return st.tuples(st.sampled_from(seed_profiles()).flatmap(_mutated_data),
                     st.dates(min_value=dt.date(1, 1, 1)), st.booleans())


# -- the long-run command ----------------------------------------------------------------------
def _strategy(target: str) -> SearchStrategy[bytes]:
    return pack_inputs() if target == "pack" else profile_inputs()


def run_hypothesis(target: str, seconds: float, out: Path, stream: Any = sys.stdout, *,
                   batch: int = 100) -> int:
    """Run ``target`` on Hypothesis inputs for ``seconds`` (in runs of ``batch`` inputs,
    each from a fresh random seed); return the number of inputs executed. On an escape,
    save the input under ``out`` and re-raise."""
    count = 0
    function = TARGETS[target]
    last: list[bytes] = []

    @settings(max_examples=batch, deadline=None, database=None, derandomize=False,
              phases=(Phase.generate, Phase.shrink), suppress_health_check=list(HealthCheck))
    @given(data=_strategy(target))
    def one(data: bytes) -> None:
        nonlocal count
        count += 1
        last[:] = [data]
        function(data)

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            one()
        except Exception:
            out.mkdir(parents=True, exist_ok=True)
            saved = out / f"escape-{target}-{int(time.time())}.bin"
            saved.write_bytes(last[0] if last else b"")
            print(f"{target}: ESCAPE after {count} inputs; last input saved to {saved}",
                  file=stream)
            raise
    return count


def run_atheris(target: str, seconds: float, out: Path) -> NoReturn:
    """Run ``target`` under atheris (libFuzzer) for ``seconds``, starting from a corpus of
    the bundled packs or example profiles. Never returns; libFuzzer prints
    ``Done N runs in S second(s)`` and writes any crashing input under ``out``."""
    # atheris ships no type hints, and is an optional dependency (baji[fuzz]).
    import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]

    corpus = Path(tempfile.mkdtemp(prefix=f"baji-fuzz-{target}-"))
    if target == "pack":
        seeds = [_bytes(t) for t in seed_packs()]
    else:
        seeds = [b"\x01" + _bytes(json.dumps(p, ensure_ascii=False)) for p in seed_profiles()]
    for i, seed in enumerate(seeds):
        (corpus / f"seed-{i}").write_bytes(seed)
    out.mkdir(parents=True, exist_ok=True)
    function = TARGETS[target]
    args = [sys.argv[0], f"-max_total_time={int(seconds)}", f"-artifact_prefix={out}/",
            "-print_final_stats=1", "-rss_limit_mb=2048", "-timeout=10", str(corpus)]
    atheris.instrument_all()
    atheris.Setup(args, function)
    atheris.Fuzz()
    raise SystemExit(0)  # pragma: no cover - atheris.Fuzz exits the process


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m baji.testing.fuzz [pack|profile|all] [--seconds N] [--engine ...] [--out DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m baji.testing.fuzz", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("target", nargs="?", default="all", choices=("pack", "profile", "all"))
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="time per target (default 60)")
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"),
                        help="where escaping inputs are saved (default fuzz-findings/)")
    args = parser.parse_args(argv)
    targets = ["pack", "profile"] if args.target == "all" else [args.target]
    if args.engine == "atheris":
        if len(targets) != 1:
            parser.error("atheris runs one target at a time: name pack or profile")
        run_atheris(targets[0], args.seconds, args.out)
    for target in targets:
        started = time.monotonic()
        try:
            count = run_hypothesis(target, args.seconds, args.out)
        except Exception:
            traceback.print_exc()
            return 1
        elapsed = time.monotonic() - started
        print(f"{target}: {count} inputs in {elapsed:.0f} s, no escape "
              f"(only BajiError raised)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
