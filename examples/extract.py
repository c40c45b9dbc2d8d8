"""Regenerate examples/ from the per-pack case files: one candidate per path rule.

For every path rule of every bundled pack, the first case of tests/cases/<pack>.yaml in
which that rule is met becomes examples/profiles/<pack>--<rule>.yaml, and examples/expected.yaml
records the pack, date, level and path it demonstrates.

Run: python examples/extract.py   (tests/test_examples.py checks every example)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

import baji

ROOT = Path(__file__).resolve().parent.parent


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def main() -> None:
    """Write one example profile per path rule and examples/expected.yaml."""
    expected: dict[str, dict[str, str]] = {}
    (ROOT / "examples" / "profiles").mkdir(exist_ok=True)
    for old in (ROOT / "examples" / "profiles").glob("*.yaml"):
        old.unlink()
    for pack in baji.bundled_pack_ids():
        data = yaml.safe_load((ROOT / "tests" / "cases" / f"{pack}.yaml").read_text("utf-8"))
        done: set[str] = set()
        for case in data["cases"]:
            decision = baji.evaluate(case["profile"], pack, _day(case["as_of"]))
            for level in decision.levels:
                for result in level.results:
                    if result.result != "met" or result.rule in done:
                        continue
                    done.add(result.rule)
                    name = f"{pack}--{result.rule}.yaml"
                    profile = dict(case["profile"])
                    profile["id"] = f"{pack}--{result.rule}"
                    (ROOT / "examples" / "profiles" / name).write_text(
                        f"# {result.title.zh} / {result.title.en}\n"
                        f"# {pack}, as of {_day(case['as_of'])}: {level.level.value} by the "
                        f"{result.path} path (case: {case['name']})\n"
                        + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
                    expected[name] = {"pack": pack, "rule": result.rule,
                                      "level": level.level.value, "path": result.path,
                                      "as_of": _day(case["as_of"]).isoformat()}
    (ROOT / "examples" / "expected.yaml").write_text(
        "# Which pack, date, level, path and rule each example candidate demonstrates.\n"
        + yaml.safe_dump(expected, allow_unicode=True, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
