"""Issue 15, items 8-12: one bad row never costs the others, outputs written through
links, pipes and devices, rosters streamed once, interrupts leaving whole files, and
inputs that are not files refused at once."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import baji
from baji.cli.commands import main
from baji.errors import ProfileError
from baji.profile.roster import iter_roster

ON = "2026-07-01"
BIG = "9" * 5000  # over Python's 4,300-digit limit on reading an integer


def _baji(*args: str, stdin: bytes | None = None, timeout: float = 120
          ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "baji", *args], input=stdin,
                          capture_output=True, timeout=timeout, check=False)


HOSTILE_JSONL = (
    '{"id": "E1", "front_line": true}\n'
    '{"id": "E2", "x": ' + BIG + '}\n'
    '{"id": "E3", "name": "\\ud800"}\n'
    '{"id": "E4", "front_line": NaN}\n'
    '[1, 2]\n'
    + BIG + '\n'
    '{"id": "E5", "grades": [{"level": "技师"}]}\n'
)


def test_issue15_item11_huge_integer_is_a_bad_row(tmp_path: Path) -> None:
    """A JSONL row holding an integer of 5,000 digits is a bad row with its line and
    JSON path (BAJI205); the rows after it are read."""
    path = tmp_path / "r.jsonl"
    path.write_text(HOSTILE_JSONL, encoding="utf-8")
    rows = list(iter_roster(path))
    assert [r.ok for r in rows] == [True, False, False, False, False, False, True]
    assert rows[1].error is not None
    assert rows[1].error.problems[0].code == "BAJI205"
    assert str(rows[1].error).startswith(f"{path}:2: row 2: $.x: a JSON integer has 5000 digits")
    assert rows[5].error is not None and rows[5].error.problems[0].code == "BAJI205"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_issue15_item11_huge_integer_in_eval_roster_and_impact(tmp_path: Path,
                                                               jobs: str) -> None:
    """``eval --roster`` (one process or two) and ``impact`` report the row and write
    every other row; no traceback."""
    path = tmp_path / "r.jsonl"
    path.write_text(HOSTILE_JSONL, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    done = _baji("eval", "--roster", str(path), "--pack", "shanghai", "--as-of", ON,
                 "--answers-only", "--jobs", jobs, "--out", str(out), "--lang", "en")
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"row 2: $.x: a JSON integer has 5000 digits, more than 4300" in done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 7
    report = tmp_path / "impact.txt"
    done = _baji("impact", "shanghai", "shanghai", str(path), "--as-of", ON, "--jobs", jobs,
                 "--out", str(report), "--lang", "en")
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"7 rows (2 evaluated under 2 packs, 5 bad)" in done.stderr


def test_issue15_item11_huge_integer_in_json_profiles(tmp_path: Path) -> None:
    """A ``.json`` profile file and ``load_profiles_bytes`` refuse the integer with a
    coded, located problem, not Python's bare ``ValueError``."""
    raw = ('{"id": "E1",\n "x": ' + BIG + '}\n').encode()
    with pytest.raises(ProfileError, match=r"^p\.json:2:7: \$\.x: a JSON integer has 5000 "
                                           r"digits, more than 4300"):
        baji.load_profiles_bytes(raw, display="p.json")
    path = tmp_path / "p.json"
    path.write_bytes(raw)
    with pytest.raises(ProfileError, match="BAJI205|a JSON integer has 5000 digits"):
        baji.load_profiles(path)


def test_issue15_item11_two_columns_for_one_grade_field_are_refused(tmp_path: Path) -> None:
    """``senior_technician_posts`` and ``高级技师_posts`` in one header: refused, both
    named, at the second column (one silently overwrote the other)."""
    path = tmp_path / "r.csv"
    path.write_text("id,senior_technician_posts,高级技师_posts\n"
                    "E1,2010-01-01..,2025-06-01..\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"r\.csv:1:28: columns 'senior_technician_posts' "
                                           r"and '高级技师_posts' both give "
                                           r"'senior_technician_posts'"):
        list(iter_roster(path))


def test_issue15_item11_attestation_given_twice_is_a_bad_row(tmp_path: Path) -> None:
    """``law_abiding=true;law_abiding=false`` in one cell is a bad row naming both; the
    next row is read."""
    path = tmp_path / "r.csv"
    path.write_text("id,attestations\nE1,law_abiding=true;law_abiding=false\n"
                    "E2,law_abiding=true\n", encoding="utf-8")
    rows = list(iter_roster(path))
    assert [r.ok for r in rows] == [False, True]
    assert "column 'attestations': 'law_abiding=false' is not a new attestation " \
           "('law_abiding' is given already as 'law_abiding=true')" in str(rows[0].error)


@pytest.mark.parametrize("command", ["eval", "impact"])
def test_issue15_item11_missing_roster_or_out_folder_before_any_work(
        tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing roster, or an ``--out`` in a folder that does not exist, is one located
    line and exit 1 before any row is evaluated (no traceback)."""
    roster = tmp_path / "r.jsonl"
    roster.write_text('{"id": "E1"}\n', encoding="utf-8")

    def run(path: Path, *out: str) -> int:
        if command == "eval":
            return main(["eval", "--roster", str(path), "--pack", "shanghai", *out])
        return main(["impact", "shanghai", "shanghai", str(path), *out])

    assert run(tmp_path / "missing.jsonl") == 1
    assert capsys.readouterr().err == \
        f"{tmp_path / 'missing.jsonl'}: cannot read roster: No such file or directory\n"
    assert run(roster, "--out", str(tmp_path / "nodir" / "o")) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'nodir' / 'o'}: cannot write output: folder "
        f"{str(tmp_path / 'nodir')!r} does not exist (give a path in an existing folder)\n")


def test_issue15_item11_jobs_1_and_2_byte_identical_on_a_hostile_roster(
        tmp_path: Path) -> None:
    """Hostile rows (a huge integer, a lone surrogate, NaN, a list, an over-long line)
    among good ones, over more than one batch: ``--jobs 1`` and ``--jobs 2`` write the
    same bytes and the same errors."""
    path = tmp_path / "r.jsonl"
    long_line = '{"id": "L", "name": "' + "x" * (2 * 1024 * 1024 + 10) + '"}\n'
    path.write_text(HOSTILE_JSONL * 60 + long_line + HOSTILE_JSONL, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        done = _baji("eval", "--roster", str(path), "--pack", "shanghai", "--as-of", ON,
                     "--answers-only", "--jobs", jobs, "--out", str(out))
        assert done.returncode == 1 and b"Traceback" not in done.stderr
        outputs.append((out.read_bytes(), done.stderr))
    assert outputs[0] == outputs[1]
    assert outputs[0][0].count(b"\n") == 7 * 61 + 1


GOOD = '{"id": "E1", "front_line": true}\n{"id": "E2"}\n'


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "r.jsonl"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_issue15_item9_out_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    """``--out LINK`` replaces the file the link names; the link stays a link."""
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real.name)
    assert main(["eval", "--roster", str(_roster(tmp_path)), "--pack", "shanghai",
                 "--answers-only", "--as-of", ON, "--out", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_text(encoding="utf-8").count('"row": ') == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.jsonl", "r.jsonl", "real.jsonl"]


def test_issue15_item9_out_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    """``--out FIFO`` writes into the pipe (a reader gets every line); the FIFO stays a
    FIFO, and no temporary file is left."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        done = _baji("eval", "--roster", str(_roster(tmp_path)), "--pack", "shanghai",
                     "--answers-only", "--as-of", ON, "--out", str(fifo))
        got, _ = reader.communicate(timeout=20)  # hangs if the FIFO was replaced
    finally:
        reader.kill()
        reader.wait()
    assert done.returncode == 0, done.stderr
    assert got.count(b'"row": ') == 2
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.fifo", "r.jsonl"]


def test_issue15_item9_out_to_a_null_device_writes_into_it(tmp_path: Path) -> None:
    """``--out`` naming a character device (a null device, made in the temporary folder
    so that the system's ``/dev/null`` is never at stake) is written to, and stays a
    device: it was replaced by a regular file (run as root, ``--out /dev/null`` replaced
    the device node)."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(null, "wb") as probe:
            probe.write(b"x")
    except OSError as exc:  # not root, or a folder mounted without devices
        pytest.skip(f"cannot make or open a device node here: {exc}")
    done = _baji("eval", "--roster", str(_roster(tmp_path)), "--pack", "shanghai",
                 "--answers-only", "--as-of", ON, "--out", str(null))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "r.jsonl"]


@pytest.mark.parametrize("into", ["pipe", "file"])
def test_issue15_item9_out_to_dev_stdout_is_written_not_replaced(tmp_path: Path,
                                                                 into: str) -> None:
    """``--out /dev/stdout`` writes to the process's standard output, a pipe or a file
    it was given, rather than replacing what ``/dev/stdout`` leads to. (Reached through
    a link in the temporary folder: were it ever replaced, the link is what goes, never
    the system's ``/dev/stdout``.)"""
    roster = _roster(tmp_path)
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/dev/stdout")
    args = [sys.executable, "-m", "baji", "eval", "--roster", str(roster), "--pack",
            "shanghai", "--answers-only", "--as-of", ON, "--out", str(stdout)]
    if into == "pipe":
        done = subprocess.run(args, capture_output=True, timeout=120, check=False)
        got = done.stdout
    else:
        captured = tmp_path / "captured.txt"
        with open(captured, "wb") as handle:
            done = subprocess.run(args, stdout=handle, stderr=subprocess.PIPE, timeout=120,
                                  check=False)
        got = captured.read_bytes()
    assert done.returncode == 0, done.stderr
    assert got.count(b'"row": ') == 2
    assert stdout.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("progress", ["--progress", "--no-progress"])
def test_issue15_item10_roster_from_a_named_pipe_is_read_once(tmp_path: Path,
                                                              progress: str) -> None:
    """A roster read from a named pipe is streamed once: all 100 rows are answered (the
    row count for the progress bar drained the pipe, and 0 of 100 were answered); the
    bar counts rows without a total."""
    fifo = tmp_path / "roster.jsonl"
    os.mkfifo(fifo)
    lines = "".join(f'{{"id": "E{i}"}}\n' for i in range(100)).encode()
    writer = subprocess.Popen(["sh", "-c", 'cat > "$1"', "sh", str(fifo)],
                              stdin=subprocess.PIPE)
    try:
        assert writer.stdin is not None
        writer.stdin.write(lines)
        writer.stdin.close()
        done = _baji("eval", "--roster", str(fifo), "--pack", "shanghai", "--answers-only",
                     "--as-of", ON, progress, "--lang", "en", timeout=60)
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(b'"row": ') == 100
    if progress == "--progress":
        assert b"100 rows" in done.stderr and b"/100" not in done.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_issue15_item8_signal_during_out_leaves_old_file_and_no_temporary(
        tmp_path: Path, signum: int, jobs: str) -> None:
    """SIGTERM, SIGHUP or SIGINT while ``eval --roster --out F`` writes: F is the
    previous file, whole, and no temporary file is left (SIGTERM and SIGHUP killed the
    process and left the ``.part`` file); the exit code is 128 + the signal."""
    roster = tmp_path / "r.jsonl"
    roster.write_text(GOOD * 20000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "baji", "eval", "--roster", str(roster),
                            "--pack", "shanghai", "--answers-only", "--as-of", ON,
                            "--jobs", jobs, "--out", str(out)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(600):  # until the temporary file exists: the writing has begun
            if any(p.name.endswith(".part") for p in tmp_path.iterdir()):
                break
            time.sleep(0.05)
        run.send_signal(signum)
        _, err = run.communicate(timeout=60)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == 128 + signum, err
    assert b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "r.jsonl"]


def test_issue15_item8_worker_killed_by_the_system_fails_the_run(tmp_path: Path) -> None:
    """A worker of ``--jobs 2`` killed with SIGKILL makes the run fail within seconds
    with BAJI304, instead of the parent waiting forever for its batch."""
    roster = tmp_path / "r.jsonl"
    roster.write_text(GOOD * 50000, encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "baji", "eval", "--roster", str(roster),
                            "--pack", "shanghai", "--as-of", ON, "--jobs", "2",
                            "--out", str(tmp_path / "out.jsonl")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    try:
        for _ in range(600):
            if len(children.read_text().split()) >= 2:
                break
            time.sleep(0.05)
        time.sleep(0.5)
        os.kill(int(children.read_text().split()[0]), signal.SIGKILL)
        _, err = run.communicate(timeout=60)
    finally:
        run.kill()
        run.wait()
    assert run.returncode == 1, err
    assert b"a worker process ended unexpectedly (--jobs 2)" in err
    assert not (tmp_path / "out.jsonl").exists()


def test_issue15_item8_ctrl_c_to_the_process_group_with_jobs(tmp_path: Path) -> None:
    """SIGINT to the whole process group (Ctrl-C) during ``--jobs 2``: the run exits
    130 with one line, no worker traceback, the previous output whole, no temporary."""
    roster = tmp_path / "r.jsonl"
    roster.write_text(GOOD * 50000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "baji", "eval", "--roster", str(roster),
                            "--pack", "shanghai", "--as-of", ON, "--jobs", "2",
                            "--out", str(out)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, start_new_session=True)
    try:
        for _ in range(600):
            if any(p.name.endswith(".part") for p in tmp_path.iterdir()):
                break
            time.sleep(0.05)
        time.sleep(1)
        os.killpg(run.pid, signal.SIGINT)
        _, err = run.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    assert run.returncode == 130, err
    assert err.decode().endswith("baji: interrupted\n") and b"Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "r.jsonl"]


def test_issue15_item8_a_signal_raised_in_a_finaliser_is_not_lost() -> None:
    """A signal handled while Python runs a finaliser (where an exception cannot be
    passed on: "Exception ignored in ...") is raised again at the next row, and the
    traceback Python would print for it is not (SIGTERM during a roster run finished
    the run with exit 0 and a traceback on stderr, once in a few runs)."""
    done = subprocess.run([sys.executable, "-c", """if True:
        import os, signal, sys
        from baji.cli import stopping

        class Finalised:
            def __del__(self):
                os.kill(os.getpid(), signal.SIGTERM)
                sum(range(1000))  # the handler runs here, inside the finaliser

        with stopping.handled():
            Finalised()
            print("went on")
            try:
                stopping.raise_if_stopped()
            except stopping.Stopped as exc:
                print("stopped", exc.signum)
        """], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.split("\n")[:2] == ["went on", f"stopped {signal.SIGTERM}"]
    assert done.stderr == ""


_HUNDRED = "".join(f'{{"id": "E{i}"}}\n' for i in range(100)).encode()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("progress", ["--progress", "--no-progress"])
def test_issue15_item10_roster_from_standard_input(progress: str, jobs: str) -> None:
    """``eval --roster -`` reads the roster from standard input, once: all 100 rows are
    answered, in order, and the bar counts rows without a total (standard input cannot
    be counted in advance)."""
    done = _baji("eval", "--roster", "-", "--pack", "shanghai", "--answers-only",
                 "--as-of", ON, progress, "--jobs", jobs, "--lang", "en", stdin=_HUNDRED,
                 timeout=60)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line]
    assert [json.loads(line)["id"] for line in rows] == [f"E{i}" for i in range(100)]
    if progress == "--progress":
        assert b"100 rows" in done.stderr and b"/100" not in done.stderr


def test_issue15_item10_csv_roster_from_standard_input_keeps_its_line_numbers() -> None:
    """A CSV roster on standard input is read as CSV (it does not start with ``{``;
    it was refused, its name having no suffix): a bad row is named by its line."""
    csv_text = b"id,front_line\nE1,true\nE2,maybe\n"
    done = _baji("eval", "--roster", "-", "--pack", "shanghai", "--answers-only",
                 "--as-of", ON, "--no-progress", stdin=csv_text, timeout=60)
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(line["row"], line["id"] if "id" in line else None) for line in lines] == [
        (1, "E1"), (2, None)]
    # line 3, and the column where the bad cell starts (given since spreadsheets came in)
    assert lines[1]["error"].startswith("<stdin>:3:"), lines[1]
    assert lines[1]["problems"][0]["line"] == 3


def test_issue15_item10_impact_roster_from_standard_input() -> None:
    """``baji impact A B -`` reads the roster from standard input: every row counted."""
    done = _baji("impact", "shanghai", "chongqing", "-", "--as-of", ON, "--format", "json",
                 "--no-progress", stdin=_HUNDRED, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"] == 100


def test_issue15_item10_look_ahead_reads_only_what_has_come() -> None:
    """Finding whether standard input is JSONL or CSV reads what the writer has written
    so far and no more (a pipe whose writer waits would hang a reader wanting more),
    and the stream given back starts from the first byte."""
    from baji.io.streams import look_ahead

    class Pipe(io.RawIOBase):
        chunks = [b"\n  ", b'{"id": "E1"}\n']

        def readable(self) -> bool:
            return True

        def read1(self, size: int = -1) -> bytes:
            assert self.chunks, "read past what the writer has written"
            return self.chunks.pop(0)

    first, stream = look_ahead(Pipe())  # type: ignore[arg-type]
    assert first == b"{"
    assert stream.read(16) == b'\n  {"id": "E1"}\n'


def test_issue15_item8_a_signal_wrapped_by_a_library_still_stops_the_run(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """SIGTERM handled inside pydantic's serialiser comes out of it as a
    ``PydanticSerializationError``, not as the signal's exception: the run still ends
    as stopped by SIGTERM (143, one line), not with that error's traceback (seen once
    in ten ``impact --out`` runs stopped while evaluating)."""
    import pydantic

    class Row(pydantic.BaseModel):
        id: str

        @pydantic.field_serializer("id")
        def _stop_here(self, value: str) -> str:
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(1000))  # the handler runs here, inside the serialiser
            return value

    def run(argv: object) -> int:
        Row(id="E1").model_dump_json()
        return 0

    monkeypatch.setattr("baji.cli.commands._main", run)
    assert main([]) == 128 + signal.SIGTERM
    assert capsys.readouterr().err == "baji: stopped by SIGTERM\n"
