"""Reading profiles from files: one profile or a list of them, in YAML or JSON, every
problem located by line and column (rosters, many profiles row by row, are
:mod:`baji.profile.roster`'s)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from baji.errors import Problem, ProfileError
from baji.io.bounded import decode, read_bounded, read_bounded_stream
from baji.io.positions import Positions
from baji.io.strict_json import load_json_text
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
    return _load(raw, display, as_json=display.endswith(".json"))


def load_profiles_stream(stream: BinaryIO, *, display: str = "<stdin>") -> list[Profile]:
    """:func:`load_profiles` for a stream of bytes, such as standard input
    (``sys.stdin.buffer``); ``display`` names it in messages.

    The text is read as JSON when it is JSON (it starts with ``{`` or ``[`` and parses
    as JSON), as YAML otherwise, so a YAML flow mapping (``{id: E1}``) is read as YAML.
    Text that starts like JSON and is neither gets the JSON syntax error.

    Raises:
        ProfileError: as :func:`load_profiles`.
    """
    raw, problems = read_bounded_stream(stream, display)
    if raw is None:
        raise ProfileError(problems)
    if raw.lstrip()[:1] not in (b"{", b"["):
        return _load(raw, display, as_json=False)
    try:
        return _load(raw, display, as_json=True)
    except ProfileError as exc:
        if any(p.code != "BAJI203" for p in exc.problems):
            raise  # JSON, but not a valid profile
        not_json = exc
    try:
        return _load(raw, display, as_json=False)
    except ProfileError as exc:
        if all(p.code in _YAML_SYNTAX for p in exc.problems):
            raise not_json from None
        raise


#: Problems of YAML syntax (rather than of the profile read).
_YAML_SYNTAX = frozenset({"BAJI101", "BAJI110"})


def _load(raw: bytes, shown_path: str, *, as_json: bool) -> list[Profile]:
    text, problems = decode(raw, shown_path)
    if text is None:
        raise ProfileError(problems)
    if as_json:
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
