"""The errors baji raises, and the ``path:line:col: message (hint)`` format.

Every error baji raises on purpose is a :class:`BajiError`. Each phase has its own
subclass, and each also subclasses the builtin it resembles (``ValueError``), so callers
who only know Python's builtins still catch them.

A phase may find several problems at once (a pack with three typos): it gathers them
as :class:`Problem` items and raises once; ``str(error)`` renders one line each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One located problem.

    Attributes:
        message: one sentence, quoting the offending value with ``!r``.
        path: the file (``rules/x.yaml``) or ``<profile>``; ``None`` when unknown.
        line: 1-based line, or ``None``.
        column: 1-based column (characters, not bytes), or ``None``.
        hint: what to do about it, or ``None``.
        pointer: the JSON path of the field (``$.grades[0].posts[1].end``), or ``None``.
        code: a stable error code (see docs/errors.md).
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    pointer: str | None = None
    code: str = "BAJI000"

    def render(self) -> str:
        """Render as ``path:line:col: message (hint)``, leaving out what is unknown."""
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        elif self.pointer is not None:
            where = self.pointer
        text = self.message
        if self.pointer is not None and self.path is not None:
            text = f"{self.pointer}: {text}"
        if self.hint:
            text += f" ({self.hint})"
        return f"{where}: {text}" if where else text


class BajiError(ValueError):
    """The root of every error baji raises on purpose."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


class PackError(BajiError):
    """A rule pack or the vocabulary could not be loaded or compiled."""


class ProfileError(BajiError):
    """A candidate profile is invalid."""


class EvaluationError(BajiError):
    """An evaluation was asked for something baji cannot answer (unknown pack, bad date)."""


def did_you_mean(name: str, candidates: list[str] | tuple[str, ...] | set[str]) -> str | None:
    """Return a ``did you mean 'x'?`` hint for a misspelt ``name``, or ``None``."""
    import difflib

    options = sorted(candidates)
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if 0 < len(options) <= 8:
        return "known: " + ", ".join(options)
    return None
