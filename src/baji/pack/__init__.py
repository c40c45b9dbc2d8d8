"""A rule pack: its file model, loading and compiling it into an immutable network,
the check for contradictory conditions, and the registry of versions by jurisdiction.

The file model's names are re-exported here, so ``from baji.pack import PackFile`` works.
"""

from __future__ import annotations

from baji.pack.model import Condition, PackFile, Rule, Window

__all__ = ["Condition", "PackFile", "Rule", "Window"]
