"""The eight levels of the 新八级工 ladder, lowest first.

Each level has an id (``senior_technician``), its Chinese name (高级技师), an English
name, and the character at position 16 of its certificate number (source: 沪人社职
〔2026〕135号 附件1 注2; 天津 附件 证书编码规则).
"""

from __future__ import annotations

from enum import Enum


class Level(str, Enum):
    """A skill level. Compare by :attr:`rank`; the value is the id."""

    APPRENTICE = "apprentice"
    JUNIOR_WORKER = "junior_worker"
    INTERMEDIATE_WORKER = "intermediate_worker"
    SENIOR_WORKER = "senior_worker"
    TECHNICIAN = "technician"
    SENIOR_TECHNICIAN = "senior_technician"
    SPECIAL_TECHNICIAN = "special_technician"
    CHIEF_TECHNICIAN = "chief_technician"

    @property
    def rank(self) -> int:
        """0 for 学徒工 up to 7 for 首席技师."""
        return _ORDER.index(self)

    @property
    def zh(self) -> str:
        """The Chinese name (高级技师)."""
        return _INFO[self][0]

    @property
    def en(self) -> str:
        """The English name."""
        return _INFO[self][1]

    @property
    def code(self) -> str:
        """The certificate character at position 16 (``X``, ``5``..``1``, ``T``, ``S``)."""
        return _INFO[self][2]

    def name_in(self, lang: str) -> str:
        """The level's name in ``lang`` (``zh`` or ``en``)."""
        return self.zh if lang == "zh" else self.en


_ORDER = list(Level)
_INFO: dict[Level, tuple[str, str, str]] = {
    Level.APPRENTICE: ("学徒工", "apprentice", "X"),
    Level.JUNIOR_WORKER: ("初级工", "junior worker", "5"),
    Level.INTERMEDIATE_WORKER: ("中级工", "intermediate worker", "4"),
    Level.SENIOR_WORKER: ("高级工", "senior worker", "3"),
    Level.TECHNICIAN: ("技师", "technician", "2"),
    Level.SENIOR_TECHNICIAN: ("高级技师", "senior technician", "1"),
    Level.SPECIAL_TECHNICIAN: ("特级技师", "special technician", "T"),
    Level.CHIEF_TECHNICIAN: ("首席技师", "chief technician", "S"),
}

BY_NAME: dict[str, Level] = {}
for _level in Level:
    BY_NAME[_level.value] = _level
    BY_NAME[_level.zh] = _level
BY_CODE: dict[str, Level] = {level.code: level for level in Level}


def parse_level(name: str) -> Level | None:
    """Return the level named by id or Chinese name, or ``None``."""
    return BY_NAME.get(name)
