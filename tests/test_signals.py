"""``baji impact --out F`` stopped by SIGINT, SIGTERM or SIGHUP, with and without
``--jobs``, while it evaluates and while it writes: F is the previous file, whole, and no
temporary file is left; the exit code is 128 + the signal, with one line and no
traceback (issue #15, item 8)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ON = "2026-07-01"
# Eligible for 特级技师 in Shanghai, not in Chongqing: every row is a change, so that the
# report (and the time it takes to write) grows with the roster.
FLIPS = {
    "id": "P", "in_post_employee": True, "in_related_work": True,
    "still_in_occupation": True, "occupation": "汽车维修工", "key_industry_occupation": False,
    "attestations": {name: True for name in (
        "chief_technician_contribution", "dedication", "law_abiding", "major_contribution",
        "physically_fit", "professional_ethics", "recognised_master",
        "solved_major_quality_problem", "solved_major_technical_problem",
        "solves_technical_problems", "special_technician_competence",
        "superb_skill_outstanding_performance", "supports_party_line",
        "teaching_contribution", "widely_recognised")},
    "awards": [{"id": "national_science_technology_progress_award", "rank": "third"}],
    "employer": {"above_scale": True, "certification_started": True,
                 "filed_institution": True, "filing": "central_enterprise",
                 "mohrss_filed": True, "pilot": True, "self_assessment_since": "2023-06-28",
                 "senior_technician_certified": True, "skill_workforce_majority": False,
                 "talent_mechanism": True},
    "findings": [], "honours": [], "titles": [{"id": "intermediate_professional_title"}],
    "grades": [
        {"certified_on": "2015-01-11", "kind": "qualification", "level": "senior_worker",
         "posts": [{"start": "2015-01-12", "end": "2016-06-03"},
                   {"start": "2016-11-21", "end": "2017-09-13"}]},
        {"certified_on": "2017-08-23", "kind": "qualification", "level": "technician",
         "posts": [{"start": "2017-09-30", "end": "2022-12-13"}]},
        {"certified_on": "2022-12-12", "level": "senior_technician",
         "posts": [{"start": "2023-01-04", "end": "2025-06-21"}, {"start": "2025-08-11"}]}],
}


def _roster(folder: Path, rows: int) -> Path:
    roster = folder / "r.jsonl"
    with roster.open("w", encoding="utf-8") as handle:
        for i in range(rows):
            handle.write(json.dumps({**FLIPS, "id": f"P{i}"}) + "\n")
    return roster


def test_the_roster_rows_are_changes() -> None:
    """The rows these tests use are changes between the two packs (else the report,
    nearly empty, would be written too fast to be interrupted while written)."""
    done = subprocess.run(
        [sys.executable, "-m", "baji", "impact", "shanghai", "chongqing", "-", "--as-of", ON,
         "--format", "json", "--no-progress"], input=json.dumps(FLIPS).encode(),
        capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["candidates_changed"] == 1


def _stopped(run: subprocess.Popen[bytes], signum: int) -> bytes:
    run.send_signal(signum)
    try:
        _, err = run.communicate(timeout=60)
    finally:
        run.kill()
        run.wait()
    return err


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_impact_stopped_while_evaluating(tmp_path: Path, signum: int, jobs: str) -> None:
    """A signal while the rows are evaluated (in worker processes with ``--jobs 2``):
    the previous F is left as it was, no temporary file, no worker left behind."""
    roster = _roster(tmp_path, 5000)
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "baji", "impact", "shanghai", "chongqing",
                            str(roster), "--as-of", ON, "--format", "json", "--jobs", jobs,
                            "--progress", "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert run.stderr is not None
    assert run.stderr.read(1)  # the progress bar is drawn: rows are being evaluated
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    workers = children.read_text().split() if children.exists() else []
    err = _stopped(run, signum)
    assert run.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert err.rstrip().endswith(b"baji: interrupted" if signum == signal.SIGINT
                                 else f"baji: stopped by {signal.Signals(signum).name}".encode())
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.jsonl"]
    time.sleep(0.2)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists()
            and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]] == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_impact_stopped_while_writing(tmp_path: Path, signum: int) -> None:
    """A signal while the report is written to F (its temporary file exists): the
    previous F is left whole and the temporary file is removed."""
    roster = _roster(tmp_path, 2500)
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "baji", "impact", "shanghai", "chongqing",
                            str(roster), "--as-of", ON, "--format", "json", "--no-progress",
                            "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while run.poll() is None and not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
        time.sleep(0.002)
    assert run.poll() is None, "the report was written before it could be interrupted"
    err = _stopped(run, signum)
    assert run.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "r.jsonl"]


def test_an_interrupt_the_moment_the_temporary_file_exists_removes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupt that comes just after the temporary file is made, before any of it is
    written, still removes it (it was made before the cleanup was in place: a signal
    sent as soon as the file appeared left it behind, once in a few runs)."""
    from baji.io import atomic

    real_open = os.open

    def open_then_interrupted(path: str, flags: int, mode: int = 0o777) -> int:
        fd = real_open(path, flags, mode)
        if str(path).endswith(".part"):
            os.close(fd)
            raise KeyboardInterrupt
        return fd

    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(atomic.os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt), atomic.atomic_writer(out) as handle:
        handle.write("new\n")
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT])
def test_a_signal_ignored_at_start_stays_ignored(tmp_path: Path, signum: int) -> None:
    """``nohup baji ...`` ignores SIGHUP, a shell's background job SIGINT: baji keeps
    them ignored and runs to its end (it set its own handler, and a hangup stopped a
    ``nohup`` run)."""
    roster = _roster(tmp_path, 400)
    out = tmp_path / "out.jsonl"
    run = subprocess.Popen([sys.executable, "-m", "baji", "eval", "--roster", str(roster),
                            "--pack", "shanghai", "--answers-only", "--as-of", ON,
                            "--jobs", "2", "--no-progress", "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           preexec_fn=lambda: signal.signal(signum, signal.SIG_IGN))
    while run.poll() is None and not any(p.name.endswith(".part") for p in tmp_path.iterdir()):
        time.sleep(0.002)
    with contextlib.suppress(ProcessLookupError):
        run.send_signal(signum)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert out.read_text(encoding="utf-8").count('"row": ') == 400
