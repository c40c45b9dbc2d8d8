"""Reading profiles from files: one profile or a list of them, in YAML or JSON, every
problem located by line and column (rosters, many profiles row by row, are
:mod:`baji.profile.roster`'s)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from baji.errors import Problem, ProfileError
from baji.io.strict_json import load_json_text
from baji.io.bounded import decode, read_bounded
from baji.io.positions import Positions
from baji.io.yaml_reader import load_yaml_text
from baji.profile.model import Profile, parse_profile


def load_profiles(path: str | Path) -> list[Profile]:
    """Load one profile, or a list of profiles, from a JSON or YAML file.

    A ``.json`` file is read as JSON (duplicate keys, ``NaN`` and absurd nesting are
    errors, as in YAML); any other file as YAML. Problems in a list of profiles carry
    the item's index in their JSON path (``$[3].grades[0].level``).

    Raises:
        ProfileError: the file cannot be read or parsed, or a profile is invalid (every
            problem of every profile, not just the first).
    """
    shown_path = str(path)
    raw, problems = read_bounded(path, shown_path)
    if raw is None:
        raise ProfileError(problems)
    return load_profiles_bytes(raw, display=shown_path)


def load_profiles_bytes(raw: bytes, *, display: str) -> list[Profile]:
    """:func:`load_profiles` for the bytes of a file; ``display`` names it in messages
    and, ending in ``.json``, says it is JSON (YAML otherwise).

    Raises:
        ProfileError: as :func:`load_profiles`.
    """
    shown_path = display
    text, problems = decode(raw, shown_path)
    if text is None:
        raise ProfileError(problems)
    if shown_path.endswith(".json"):
        value, positions = load_json_text(text, shown_path)
    else:
        value, positions, problems = load_yaml_text(text, shown_path)
        if problems:
            raise ProfileError(problems)
    listed = isinstance(value, list)
    items = value if listed else [value]
    places = _split(positions) if listed else {0: positions}
    out: list[Profile] = []
    errors: list[Problem] = []
    for i, item in enumerate(items):
        sub = places[i] if i in places else Positions(positions.path)
        try:
            out.append(parse_profile(item, source=shown_path, positions=sub))
        except ProfileError as exc:
            if listed:
                errors.extend(replace(p, pointer=f"$[{i}]{(p.pointer or '$')[1:]}")
                              for p in exc.problems)
            else:
                errors.extend(exc.problems)
    if errors:
        raise ProfileError(errors)
    return out


def _split(positions: Positions) -> dict[int, Positions]:
    """The positions of a list's items, each keyed from its item, in one pass (a file of
    thousands of profiles used to be scanned once per profile)."""
    each: dict[int, Positions] = {}

    def of(index: int) -> Positions:
        if index not in each:
            each[index] = Positions(positions.path)
        return each[index]

    for key, where in positions.values.items():
        if key and isinstance(key[0], int):
            of(key[0]).values[key[1:]] = where
    for key, where in positions.keys.items():
        if key and isinstance(key[0], int):
            of(key[0]).keys[key[1:]] = where
    return each
