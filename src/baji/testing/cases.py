"""A pack's test cases: YAML files that pin what the pack decides, run by ``baji test``.

A case file names its pack and lists cases; each case cites the clause it tests, gives a
profile and a date, and expects, level by level, only the keys it gives (docs/profile.md,
"Test cases of a pack")::

    pack: shanghai-2026            # a pack id, a jurisdiction, or a pack file relative
    cases:                         # to the case file
      - name: 高级技师 1 year, on the completion date
        clause: sh-a3-3-1-2
        as_of: 2026-07-01
        profile: {...}
        expect:
          special_technician: {status: eligible, path: regular}

:func:`load_cases` reads and checks a file (every problem located, as for packs);
:func:`run_case` evaluates one case and returns its failures, each naming the level,
the expectation, what was decided and the clause the case tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from baji.core.decision import Citation, Decision, LevelDecision, Status
from baji.core.decision import Path as PathName
from baji.core.levels import Level
from baji.core.models import StrictModel
from baji.engine.decide import decide
from baji.errors import BajiError, Problem, ProfileError, problem
from baji.io.pydantic_problems import pydantic_problems
from baji.io.strict_json import pointer_key
from baji.io.yaml_reader import Positions, load_file
from baji.pack.bundled import resolve_pack
from baji.pack.network import Network
from baji.profile.model import IsoDate, LevelName, parse_profile

#: The expectation keys, in the order failures are reported.
EXPECTATIONS = ("status", "path", "paths", "rule", "missing", "earliest", "priority",
                "defaults_only", "withheld", "notes")


class Expect(StrictModel):
    """What a case expects of one level; only the keys given are checked."""

    status: Status | None = None
    path: PathName | None = None
    paths: tuple[PathName, ...] | None = None
    rule: str | None = None
    missing: tuple[str, ...] | None = None
    earliest: IsoDate | None = None
    priority: tuple[str, ...] | None = None
    defaults_only: tuple[str, ...] | None = None
    withheld: tuple[str, ...] | None = None
    notes: tuple[str, ...] | None = None


class Case(StrictModel):
    """One case: a profile on a date, and what the pack must decide."""

    name: str
    clause: str | tuple[str, ...]
    as_of: IsoDate
    profile: dict[str, Any]
    expect: dict[LevelName, Expect] = Field(min_length=1)


class CaseFile(StrictModel):
    """A case file: its pack and its cases."""

    pack: str
    cases: tuple[Case, ...] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedCases:
    """A checked case file: its cases, where each stands in the file, and its pack."""

    path: str
    cases: tuple[Case, ...]
    positions: Positions
    network: Network
    pack: str

    def where(self, index: int, *below: str | int) -> str:
        """``file:line:col`` of case ``index`` (or of a key below it)."""
        line, col = self.positions.locate(("cases", index, *below))
        return f"{self.path}:{line}:{col}" if line is not None else self.path


@dataclass(frozen=True)
class Failure:
    """An expectation a case did not meet (or a case that could not run)."""

    case: str
    where: str
    level: Level | None
    key: str
    expected: object
    got: object
    citations: tuple[Citation, ...] = ()

    def render(self, lang: str = "en") -> str:
        """One located line, then the clause the case tests, quoted."""
        level = "" if self.level is None else f"{self.level.zh if lang == 'zh' else self.level.value}."
        head = (f"{self.where}: {self.case}: {level}{self.key}: 期望 {self.expected!r}，实际 "
                f"{self.got!r}" if lang == "zh" else
                f"{self.where}: {self.case}: {level}{self.key}: expected {self.expected!r}, "
                f"got {self.got!r}")
        lines = [head]
        for c in self.citations:
            text = c.text if len(c.text) <= 120 else c.text[:120] + "…"
            lines.append(f"    {c.clause} {c.document} {c.ref}: {text}")
        return "\n".join(lines)


def load_cases(path: str | Path, *, pack: str | Path | Network | None = None) -> LoadedCases:
    """Read and check the case file at ``path`` and load its pack: ``pack``, else the
    file's own ``pack:`` (a file relative to the case file, an id found in the ``rules/``
    folder beside the case file's folder, or a bundled id or jurisdiction).

    Raises:
        BajiError: the file cannot be read, is not a case file (every problem located),
            or names a pack that cannot be loaded.
    """
    shown = str(path)
    value, positions, problems = load_file(path, shown)
    if problems:
        raise BajiError(problems)
    try:
        data = CaseFile.model_validate(value)
    except ValidationError as exc:
        raise BajiError(pydantic_problems(exc, positions, model=CaseFile, data=value)) from None
    chosen = pack if pack is not None else _own_pack(Path(path), data.pack)
    first = min(c.as_of for c in data.cases)  # a case file has at least one case
    network = resolve_pack(chosen, first)
    return LoadedCases(shown, data.cases, positions, network, str(chosen))


def _own_pack(path: Path, name: str) -> str | Path:
    """The pack a case file names: a file relative to the case file, the pack of that id
    in the ``rules/`` folder beside the case file's folder, or a bundled id or
    jurisdiction."""
    here = path.parent
    candidates = [here / name] if name.endswith((".yaml", ".yml", ".json")) else [
        here.parent / "rules" / f"{name}{suffix}" for suffix in (".yaml", ".yml", ".json")]
    return next((c for c in candidates if c.is_file()), name)


def run_case(loaded: LoadedCases, index: int) -> list[Failure]:
    """Evaluate case ``index`` of ``loaded``: an empty list when every expectation holds."""
    case = loaded.cases[index]
    network = loaded.network
    clauses = (case.clause,) if isinstance(case.clause, str) else case.clause
    cited = tuple(network.citations[c] for c in clauses if c in network.citations)
    where = loaded.where(index)
    unknown = [c for c in clauses if c not in network.citations]
    if unknown:
        return [Failure(case.name, loaded.where(index, "clause"), None, "clause",
                        "a clause of the pack", unknown[0])]
    try:
        profile = parse_profile(case.profile, source="<profile>")
    except ProfileError as exc:
        return [Failure(case.name, _profile_place(loaded, index, p), None, "profile",
                        "a valid profile", p.message) for p in exc.problems]
    decision = decide(network, profile, case.as_of)
    failures = []
    for level, expect in case.expect.items():
        try:
            got = decision.level(level)
        except KeyError:
            failures.append(Failure(case.name, loaded.where(index, "expect"), level, "level",
                                    "a level of the pack", None, cited))
            continue
        for key, want, have in _compare(expect, got, decision):
            failures.append(Failure(case.name, where, level, key, want, have, cited))
    return failures


def _profile_place(loaded: LoadedCases, index: int, found: Problem) -> str:
    below = pointer_key(found.pointer) if found.pointer else ()
    return loaded.where(index, "profile", *below)


def _compare(expect: Expect, got: LevelDecision, decision: Decision
             ) -> list[tuple[str, object, object]]:
    """(key, expected, decided) for every expectation ``got`` does not meet."""
    out: list[tuple[str, object, object]] = []
    given = expect.model_fields_set
    decided: dict[str, object] = {
        "status": got.status, "path": got.path, "paths": tuple(got.paths), "rule": got.rule,
        "missing": frozenset(got.missing), "earliest": got.earliest,
        "priority": frozenset(p.id for p in got.priority if p.result == "met"),
        "defaults_only": frozenset(r.rule for r in got.results if r.defaults_only),
        "withheld": frozenset(f for r in got.results if r.result == "unmet"
                              for t in r.unknown for f in t.facts),
    }
    for key in EXPECTATIONS:
        if key not in given:
            continue
        want: object = getattr(expect, key)
        if key in ("missing", "priority", "defaults_only", "withheld"):
            want = frozenset(want or ())  # type: ignore[call-overload]
        if key == "notes":  # each text given is part of some note, in Chinese or English
            texts = [t for n in got.notes for t in (n.zh, n.en)]
            lacking = [w for w in (expect.notes or ()) if not any(w in t for t in texts)]
            if lacking:
                out.append((key, lacking, texts))
            continue
        if want != decided[key]:
            out.append((key, _shown(want), _shown(decided[key])))
    return out


def _shown(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def find_case_files(targets: list[str]) -> tuple[list[Path], list[Problem]]:
    """The case files ``targets`` name: case files themselves, folders of them, or pack
    files and ids whose cases lie in a ``cases/`` (or ``tests/cases/``) folder beside
    the pack's folder or in the current folder. No targets: ``tests/cases/*.yaml`` and
    ``cases/*.yaml`` of the current folder."""
    found: list[Path] = []
    problems: list[Problem] = []
    if not targets:
        targets = [d for d in ("tests/cases", "cases") if Path(d).is_dir()]
        if not targets:
            return [], [problem("BAJI160", path=".", target=".")]
    for target in targets:
        path = Path(target)
        if path.is_dir():
            found += sorted(path.glob("*.yaml"))
            continue
        if path.is_file() and _is_case_file(path):
            found.append(path)
            continue
        stem = path.stem if path.suffix else target
        homes = [path.parent.parent, Path(".")] if path.suffix else [Path(".")]
        beside = [h / sub / f"{stem}.yaml" for h in homes for sub in ("cases", "tests/cases")]
        hit = next((b for b in beside if b.is_file()), None)
        if hit is None:
            problems.append(problem("BAJI160", path=target, target=target))
        else:
            found.append(hit)
    return list(dict.fromkeys(found)), problems


def _is_case_file(path: Path) -> bool:
    """Whether ``path`` looks like a case file (it has a top-level ``cases:`` key)."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            head = handle.read(64 * 1024)
    except (OSError, UnicodeError):
        return False
    return any(line.startswith("cases:") for line in head.splitlines())


__all__ = ["Case", "CaseFile", "Expect", "Failure", "LoadedCases", "find_case_files",
           "load_cases", "run_case"]
