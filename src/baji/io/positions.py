"""Where each value of a loaded document stands in its file, and its JSON path: the
places every located problem points at (``rules/x.yaml:41:9``, ``$.rules[3].when``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from baji.errors import Problem, from_params

#: The path of a value in a document: ``("grades", 0, "posts")``.
Key = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value of a loaded document stands in its file.

    ``values[key]`` is the (line, column) of the value at ``key``; ``keys[key]`` the
    position of the mapping key that introduced it (used for unknown-key errors).
    Lines and columns are 1-based characters.
    """

    path: str
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key: Key, *, prefer_key: bool = False) -> tuple[int | None, int | None]:
        """The best known position for ``key``: itself, else its nearest ancestor."""
        probe = tuple(key)
        while True:
            if prefer_key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if probe in self.keys:
                return self.keys[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(self, key: Key, code: str, *, prefer_key: bool = False,
                **params: object) -> Problem:
        """A :class:`Problem` of catalogue ``code`` located at ``key``."""
        line, col = self.locate(key, prefer_key=prefer_key)
        return from_params(code, params, path=self.path, line=line, column=col)


def json_pointer(loc: Key) -> str:
    """``('grades', 0, 'posts')`` -> ``$.grades[0].posts``."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
