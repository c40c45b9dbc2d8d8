"""A small progress bar for the command line (stderr only; nothing in the library)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Prints ``rows n/total (pct) rate/s`` on one line, at most ten times a second."""

    def __init__(self, total: int | None, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.enabled = enabled
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
        if self.total:
            done = min(self.count / self.total, 1.0)
            bar = "#" * int(done * 30)
            text = f"\r[{bar:<30}] {self.count}/{self.total} rows {rate:,.0f}/s"
        else:
            text = f"\r{self.count} rows {rate:,.0f}/s"
        self.stream.write(text)
        self.stream.flush()
