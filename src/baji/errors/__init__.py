"""The errors baji raises, and the ``path:line:col: message (hint)`` format.

Every error baji raises on purpose is a :class:`BajiError`. Each phase has its own
subclass, and each also subclasses the builtin it resembles (``ValueError``), so callers
who only know Python's builtins still catch them.

A phase may find several problems at once (a pack with three typos): it gathers them
as :class:`Problem` items and raises once; ``str(error)`` renders one line each.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypedDict

from baji.errors.catalogue import CATALOGUE, HINTS, KIND_ZH

Params = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Problem:
    """One located problem.

    Attributes:
        message: one sentence in English, quoting the offending value with ``!r``.
        path: the file (``rules/x.yaml``) or ``<profile>``; ``None`` when unknown.
        line: 1-based line, or ``None``.
        column: 1-based column (characters, not bytes), or ``None``.
        hint: what to do about it (English), or ``None``.
        pointer: the JSON path of the field (``$.grades[0].posts[1].end``), or ``None``.
        code: a stable error code (see docs/errors.md and :mod:`baji.errors.catalogue`).
        params: the values the message was built from (name, value), which
            :meth:`render` uses to render the message in another language. A ``row``
            parameter (a roster's row number) is rendered before the JSON path.
    """

    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    pointer: str | None = None
    code: str = "BAJI000"
    params: Params = ()

    def render(self, lang: str = "en") -> str:
        """Render as ``path:line:col: message (hint)``, leaving out what is unknown.

        Args:
            lang: ``en`` (the default) or ``zh``. A problem built without the parameters
                of its code's template (by code outside baji's catalogue) falls back to
                its English message.

        Example:
            >>> p = problem("BAJI126", path="x.yaml", line=3, column=9, clause="c9")
            >>> p.render()
            "x.yaml:3:9: unknown clause 'c9'"
            >>> p.render("zh")
            "x.yaml:3:9: 未知条款 'c9'"
        """
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        elif self.pointer is not None:
            where = self.pointer
        message, hint = (self.message, self.hint) if lang != "zh" else self._zh()
        text = message
        if self.pointer is not None and self.path is not None:
            text = f"{self.pointer}: {text}"
        row = self._row()
        if row is not None:  # a roster row: "row 3: $.grades: ..."
            text = f"第 {row} 行：{text}" if lang == "zh" else f"row {row}: {text}"
        if hint:
            text += f"（{hint}）" if lang == "zh" else f" ({hint})"
        return f"{where}: {text}" if where else text

    def to_json(self) -> dict[str, object]:
        """The problem as JSON for programs: ``code``, where (``file``, ``line``,
        ``column``, ``pointer``, ``row`` when known, else ``null``), and ``message`` and
        ``hint`` each as ``{"en": ..., "zh": ...}`` (``hint`` ``null`` when there is none).
        ``problem("BAJI126", path="x.yaml", line=3, column=9, clause="c9").to_json()``
        gives ``{"code": "BAJI126", "file": "x.yaml", "line": 3, "column": 9, "pointer":
        None, "row": None, "message": {"en": "unknown clause 'c9'", "zh": "未知条款 'c9'"},
        "hint": None}``.
        """
        zh, hint_zh = self._zh()
        row = self._row()
        return {"code": self.code, "file": self.path, "line": self.line,
                "column": self.column, "pointer": self.pointer,
                "row": row if isinstance(row, int) else None,
                "message": {"en": self.message, "zh": zh},
                "hint": None if self.hint is None
                else {"en": self.hint, "zh": hint_zh or self.hint}}

    def _row(self) -> object:
        """A roster row's number as shown: the line of the file where the row starts when
        known (what an editor shows: a header and blank lines counted), else the ``row``
        parameter; ``None`` for a problem outside a roster."""
        row = dict(self.params).get("row")
        return self.line if row is not None and self.line is not None else row

    def _zh(self) -> tuple[str, str | None]:
        entry = CATALOGUE.get(self.code)
        params = dict(self.params)
        given = set(params) | {f"{name}_zh" for name in params}
        if entry is None or not _fields(entry.zh) <= given:
            return self.message, self.hint  # built outside the catalogue: English it is
        try:
            message = _fill(entry.zh, params, "zh")
        except (IndexError, ValueError):
            return self.message, self.hint
        return message, _hint(entry.code, params, "zh", fallback=self.hint)


class Suggestion(TypedDict, total=False):
    """Hint parameters from :func:`suggest`."""

    hint: str
    suggestion: str
    known: tuple[str, ...]


def problem(code: str, *, path: str | None = None, line: int | None = None,
            column: int | None = None, pointer: str | None = None,
            **params: object) -> Problem:
    """Build a :class:`Problem` from the catalogue entry ``code`` and its parameters.

    The English message and hint come from :data:`baji.errors.catalogue.CATALOGUE`; a ``hint``
    parameter names a shared hint of :data:`baji.errors.catalogue.HINTS` (``did_you_mean``
    with ``suggestion``, ``known``/``allowed`` with ``known``) and overrides the entry's
    own. ``kind`` parameters get their Chinese ``kind_zh`` added.

    Raises:
        KeyError: ``code`` is not in the catalogue (a bug in baji, never bad input).
    """
    return from_params(code, params, path=path, line=line, column=column, pointer=pointer)


def from_params(code: str, params: Mapping[str, object], *, path: str | None = None,
                line: int | None = None, column: int | None = None,
                pointer: str | None = None) -> Problem:
    """:func:`problem` with the parameters given as a mapping."""
    entry = CATALOGUE[code]
    params = {name: _bounded(value) for name, value in params.items()}
    for name in ("kind", "held"):
        value = params.get(name)
        if isinstance(value, str) and f"{name}_zh" not in params:
            params[f"{name}_zh"] = KIND_ZH.get(value, value)
    message = _fill(entry.en, params, "en")
    return Problem(message, path, line, column, _hint(code, params, "en"), pointer, code,
                   tuple(params.items()))


#: A message quotes at most this many characters of a value, and at most this many items
#: of a list (hostile input can hold megabytes in one name, and hundreds of such names).
MAX_QUOTED = 200
MAX_ITEMS = 30


def _bounded(value: object) -> object:
    """``value`` as a message may quote it: a long text cut to :data:`MAX_QUOTED`
    characters (marked with an ellipsis), a long tuple to :data:`MAX_ITEMS` items."""
    if isinstance(value, str) and len(value) > MAX_QUOTED:
        return value[:MAX_QUOTED] + "…"
    if isinstance(value, tuple):
        items = tuple(_bounded(v) for v in value[:MAX_ITEMS])
        return items + ("…",) if len(value) > MAX_ITEMS else items
    return value


#: The did-you-mean searches one document may cost, within :func:`suggestion_budget`
#: (each compares the name with every known one: 90,000 unknown names in one profile
#: took 30 s); past it a misspelt name is reported without a close match.
SUGGESTIONS = 100
_suggestions_left: ContextVar[int | None] = ContextVar("baji_suggestions_left", default=None)


@contextmanager
def suggestion_budget(searches: int = SUGGESTIONS) -> Iterator[None]:
    """Let :func:`suggest` search for close matches at most ``searches`` times in the
    block (per thread and task: a context variable), so that a document naming
    thousands of unknown things costs no more than one naming a few."""
    token = _suggestions_left.set(searches)
    try:
        yield
    finally:
        _suggestions_left.reset(token)


def suggest(name: str, candidates: Collection[str]) -> Suggestion:
    """Hint parameters for a misspelt ``name``: a close match, else the short list of
    known names, else nothing. Pass them on to :func:`problem` as ``**suggest(...)``.
    Within :func:`suggestion_budget`, once the budget is spent, no close match is
    searched for."""
    options = sorted(candidates)
    left = _suggestions_left.get()
    if left is not None:
        _suggestions_left.set(left - 1)
    close = (difflib.get_close_matches(name, options, n=1, cutoff=0.6)
             if left is None or left > 0 else [])
    if close:
        return {"hint": "did_you_mean", "suggestion": close[0]}
    if 0 < len(options) <= 8:
        return {"hint": "known", "known": tuple(options)}
    return {}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _fill(template: str, params: Mapping[str, object], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    values: dict[str, object] = {}
    for key, value in params.items():
        values[key] = sep.join(str(v) for v in value) if isinstance(value, tuple) else value
    if lang == "zh":
        # A template field ``x_zh`` falls back to ``x`` when no Chinese form was given.
        for key in list(values):
            values.setdefault(f"{key}_zh", values[key])
    return template.format_map(_Unknown(values))


class _Unknown(dict[str, object]):
    """Template values; a parameter left out shows as ``?`` rather than failing, so a
    slip in building a message can never hide the problem it reports."""

    def __missing__(self, key: str) -> object:
        return "?"


def _hint(code: str, params: Mapping[str, object], lang: str,
          fallback: str | None = None) -> str | None:
    entry = CATALOGUE[code]
    name = params.get("hint")
    try:
        if isinstance(name, str) and name in HINTS:
            return _fill(HINTS[name][lang == "zh"], params, lang)
        template = entry.hint_zh if lang == "zh" else entry.hint_en
        return _fill(template, params, lang) if template else None
    except (KeyError, IndexError, ValueError):
        return fallback


class BajiError(ValueError):
    """The root of every error baji raises on purpose."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    def render(self, lang: str = "en") -> str:
        """Every problem, one line each, in ``lang`` (``en`` or ``zh``)."""
        return "\n".join(p.render(lang) for p in self.problems)


class PackError(BajiError):
    """A rule pack or the vocabulary could not be loaded or compiled."""


class ProfileError(BajiError):
    """A candidate profile is invalid."""


class EvaluationError(BajiError):
    """An evaluation was asked for something baji cannot answer (unknown pack, bad date)."""


def did_you_mean(name: str, candidates: Collection[str]) -> str | None:
    """Return a ``did you mean 'x'?`` hint for a misspelt ``name``, or ``None``."""
    params = suggest(name, candidates)
    hint = params.get("hint")
    return _fill(HINTS[hint][0], params, "en") if isinstance(hint, str) else None
