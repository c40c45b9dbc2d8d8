"""A small progress bar for the command line (stderr only; nothing in the library)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Prints ``[###   ] n/total rows rate/s`` on one line, at most ten times a second
    (``n rows rate/s`` when the total is not known); in Chinese with ``lang="zh"``."""

    def __init__(self, total: int | None, enabled: bool, stream: TextIO | None = None,
                 lang: str = "en") -> None:
        self.total = total
        self.enabled = enabled
        self.zh = lang == "zh"
        self.stream = stream or sys.stderr
        self.count = 0
        self.start = time.monotonic()
        self.shown = 0.0

    def step(self, n: int = 1) -> None:
        """Count ``n`` more rows; redraw when due."""
        self.count += n
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.1:
            self.shown = now
            self._draw(now)

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self.start, 1e-9)
        counted = f"{self.count}/{self.total}" if self.total else f"{self.count}"
        text = (f"{counted} 行，每秒 {rate:,.0f} 行" if self.zh
                else f"{counted} rows {rate:,.0f}/s")
        if self.total:
            done = min(self.count / self.total, 1.0)
            text = f"[{'#' * int(done * 30):<30}] {text}"
        text = "\r" + text
        self.stream.write(text)
        self.stream.flush()
