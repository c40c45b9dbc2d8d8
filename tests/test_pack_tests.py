"""`baji test`: a pack's YAML cases run from the command line, failures reported with
their place and their clause; the worked example of docs/pack-format.md works as shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"


def _baji(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "baji", *args], cwd=cwd,
                          capture_output=True, text=True)


def _example(tmp_path: Path) -> Path:
    """The worked example's files, written out as the docs show them."""
    text = (ROOT / "docs" / "pack-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- worked example: (\S+) -->\n```yaml\n(.*?)```", text, re.S)
    assert [name for name, _ in blocks] == ["rules/my-pack.yaml", "cases/my-pack.yaml"]
    for name, body in blocks:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_the_bundled_cases_pass() -> None:
    """Run from the repository, `baji test` finds tests/cases and every case passes."""
    count = sum(len(yaml.safe_load(f.read_text(encoding="utf-8"))["cases"])
                for f in CASES.glob("*.yaml"))
    run = _baji("test")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[-1] == f"{count} cases: {count} passed, 0 failed"


def test_the_worked_example_checks_and_passes(tmp_path: Path) -> None:
    """The pack of docs/pack-format.md checks, and its cases pass, by file and by pack."""
    folder = _example(tmp_path)
    check = _baji("check", "rules/my-pack.yaml", cwd=folder)
    assert check.returncode == 0, check.stderr
    for target in (["cases/my-pack.yaml"], ["rules/my-pack.yaml"], []):
        run = _baji("test", *target, cwd=folder)
        assert run.returncode == 0, (target, run.stdout, run.stderr)
        assert run.stdout.splitlines()[-1] == "2 cases: 2 passed, 0 failed"


def test_a_failing_case_is_located_and_quotes_its_clause(tmp_path: Path) -> None:
    """A wrong expectation: exit 1, the case's file:line:col, the level and key, what was
    expected and decided, and the clause quoted under it."""
    folder = _example(tmp_path)
    cases = folder / "cases" / "my-pack.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("{status: ineligible, earliest: 2026-07-01}",
                                  "{status: eligible, earliest: 2026-07-01}"), encoding="utf-8")
    run = _baji("test", "cases/my-pack.yaml", cwd=folder)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert lines[0] == ("cases/my-pack.yaml:11:5: the day before: special_technician.status: "
                        "expected 'eligible', got 'ineligible'")
    assert lines[1].startswith("    c2 沪人社职〔2026〕135号 附件3 三(一)2: 具有相关职业(工种)高级技师")
    assert lines[-1] == "2 cases: 1 passed, 1 failed"
    zh = _baji("test", "cases/my-pack.yaml", "--lang", "zh", cwd=folder)
    assert "期望 'eligible'，实际 'ineligible'" in zh.stdout
    assert zh.stdout.splitlines()[-1] == "2 个用例：1 个通过，1 个失败"


def test_a_bad_case_file_is_a_located_error(tmp_path: Path) -> None:
    """An unknown key in a case, or a bad profile inside one: exit 2, located."""
    folder = _example(tmp_path)
    cases = folder / "cases" / "my-pack.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("    clause: c2\n    as_of: 2026-06-30",
                                  "    clause: c2\n    as_off: 2026-06-30", 1), encoding="utf-8")
    run = _baji("test", str(cases))
    assert run.returncode == 2
    assert re.search(r"my-pack\.yaml:\d+:\d+: .*'as_off'", run.stderr), run.stderr
    cases.write_text(text.replace("level: 高级技师", "level: 高级技工", 1), encoding="utf-8")
    run = _baji("test", "cases/my-pack.yaml", cwd=folder)
    assert run.returncode == 1
    assert re.match(r"cases/my-pack\.yaml:7:24: one year as 高级技师, on the day it "
                    r"completes: profile: expected 'a valid profile'", run.stdout), run.stdout


def test_a_target_without_cases_is_refused(tmp_path: Path) -> None:
    run = _baji("test", "no-such-pack", cwd=tmp_path)
    assert run.returncode == 2
    assert "no case file for 'no-such-pack'" in run.stderr


def test_cases_run_against_another_pack(tmp_path: Path) -> None:
    """--pack runs a case file against another pack: the Tianjin cases fail under
    Chongqing's pack (another jurisdiction decides otherwise)."""
    run = _baji("test", str(CASES / "tianjin-2024.yaml"), "--pack", "chongqing-2023")
    assert run.returncode == 1
    assert "failed" in run.stdout.splitlines()[-1]
