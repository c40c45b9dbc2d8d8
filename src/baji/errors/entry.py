"""One entry of the error catalogue (:mod:`baji.errors.catalogue`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One error code.

    Attributes:
        code: ``BAJI`` and three digits; the first digit names the phase (0 the shape of
            any input, 1 reading and compiling packs, 2 profiles and rosters,
            3 evaluation, 4 drawing, 5 the HTTP service).
        en: the English message template.
        zh: the Chinese message template.
        meaning: what the code means, for docs/errors.md.
        hint_en: the English hint template, or ``None`` (a problem may carry its own hint
            from :data:`HINTS`, such as a did-you-mean).
        hint_zh: the Chinese hint template, or ``None``.
    """

    code: str
    en: str
    zh: str
    meaning: str
    hint_en: str | None = None
    hint_zh: str | None = None
