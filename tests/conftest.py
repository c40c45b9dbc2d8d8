"""Shared fixtures: the repository root and the bundled packs."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Run as a shell's background job, pytest starts with SIGINT ignored, and the
    programs the tests start would inherit that (baji keeps an ignored signal ignored,
    as `nohup` and shells expect): the tests that send them Ctrl-C need it handled."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT


# -- Hypothesis settings profiles (tests/test_properties.py, tests/test_strategies.py) ------
# "fast" by default, so that `python -m pytest` stays quick; BAJI_HYPOTHESIS=thorough
# for a long run (e.g. nightly): `BAJI_HYPOTHESIS=thorough python -m pytest
# tests/test_properties.py`. Hypothesis is a test dependency (the dev extra); without it
# the profiles are simply not registered.
try:
    import os

    from hypothesis import HealthCheck, settings
except ImportError:  # pragma: no cover
    pass
else:
    settings.register_profile(
        "fast", max_examples=30, deadline=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile(
        "thorough", max_examples=1000, deadline=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("BAJI_HYPOTHESIS", "fast"))


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables unbounded in width unless a test sets COLUMNS: most tests check what a
    table says, tests/test_terminal_width.py how it fits (it sets COLUMNS itself)."""
    monkeypatch.setenv("COLUMNS", "10000")
