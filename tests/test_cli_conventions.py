"""The command line behaves as the tools people know do (issue 15 item 1): `--version`,
`-` for standard input, a reader that stops early (`| head`), and Ctrl-C."""

from __future__ import annotations

import importlib.metadata
import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from baji.cli import commands
from baji.cli.commands import main
from baji.io.bounded import MAX_BYTES
from baji.testing.synth import roster, write_roster

PACK = str(Path(__file__).parent / "packs" / "valid" / "minimal.yaml")
YAML_PROFILE = (b"id: E1\ngrades:\n  - level: senior_technician\n"
                b"    posts: [{start: 2025-07-01}]\nstill_in_occupation: true\nhonours: []\n")
BAJI = [sys.executable, "-m", "baji"]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.fixture(scope="module")
def long_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A roster whose full decisions take a few seconds and megabytes to write."""
    path = tmp_path_factory.mktemp("roster") / "roster.jsonl"
    write_roster(path, roster(3000, seed=1))
    return path


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`baji --version` prints `baji 0.1.0`, the distribution's version, and exits 0."""
    with pytest.raises(SystemExit, match="^0$"):
        main(["--version"])
    out = capsys.readouterr().out
    assert out == f"baji {importlib.metadata.version('baji')}\n" == "baji 0.1.0\n"


def test_dash_reads_a_yaml_profile_from_standard_input(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`baji eval -` evaluates the profile on standard input."""
    _stdin(monkeypatch, YAML_PROFILE)
    assert main(["eval", "-", "--pack", PACK, "--as-of", "2026-07-01", "--format", "json"]) == 0
    [decision] = json.loads(capsys.readouterr().out)
    assert decision["profile_id"] == "E1"
    assert decision["levels"][0]["status"] == "eligible"


def test_dash_reads_json_as_json(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """JSON on standard input is read as JSON, so JSON indented with tabs (which YAML
    refuses) works; `baji when -` reads it as `baji eval -` does."""
    profile = {"id": "E2", "grades": [{"level": "senior_technician",
                                        "posts": [{"start": "2025-07-01"}]}],
               "still_in_occupation": True, "honours": []}
    _stdin(monkeypatch, json.dumps(profile, indent="\t").encode())
    assert main(["when", "-", "--pack", PACK, "--as-of", "2026-07-01", "--lang", "en"]) == 0
    assert "E2" in capsys.readouterr().out


@pytest.mark.parametrize(("data", "error"), [
    (b"id: E1\nfront_lien: true\n",
     "<stdin>:2:1: $.front_lien: unknown field 'front_lien' (did you mean 'front_line'?)"),
    (b'{"id": "E1", "front_lien": true}',
     "<stdin>:1:14: $.front_lien: unknown field 'front_lien' (did you mean 'front_line'?)"),
    (b'{"id": "E1",', "<stdin>:1:13: invalid JSON: Expecting property name enclosed in "
                      "double quotes"),
    (b"", "<stdin>:1:1: the file is empty"),
    (b" " * (MAX_BYTES + 1), f"<stdin>:1:1: file is more than {MAX_BYTES} bytes, over the "
                             f"limit of {MAX_BYTES}"),
], ids=["yaml", "json", "broken-json", "empty", "too-large"])
def test_standard_input_is_named_stdin_in_errors(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        data: bytes, error: str) -> None:
    """A bad profile on standard input is located in `<stdin>`, exit code 1."""
    _stdin(monkeypatch, data)
    assert main(["eval", "-", "--pack", PACK, "--lang", "en"]) == 1
    assert capsys.readouterr().err.startswith(error)


def test_a_reader_that_stops_early_ends_the_run_quietly(long_roster: Path) -> None:
    """`baji eval --roster F | head -1`: the reader closes the pipe after one line; baji
    stops with exit code 0 and nothing on stderr (it was a BrokenPipeError traceback)."""
    run = subprocess.Popen([*BAJI, "eval", "--roster", str(long_roster), "--pack", "shanghai",
                            "--as-of", "2026-07-01"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None and run.stderr is not None
    assert run.stdout.readline().startswith(b'{"row": 1, ')
    run.stdout.close()
    assert (run.wait(timeout=120), run.stderr.read()) == (0, b"")


def test_a_reader_gone_before_the_first_line_ends_the_run_quietly() -> None:
    """`baji packs` into a pipe nobody reads: the broken pipe shows only at the final
    flush, and is quiet too (no 'Exception ignored' from Python's exit)."""
    run = subprocess.Popen([*BAJI, "packs"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()
    assert (run.wait(timeout=60), run.stderr.read()) == (0, b"")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
def test_ctrl_c_prints_one_line_and_exits_130(long_roster: Path) -> None:
    """SIGINT during a roster evaluation: `baji: interrupted` on stderr, exit code 130
    (it was a KeyboardInterrupt traceback)."""
    run = subprocess.Popen([*BAJI, "eval", "--roster", str(long_roster), "--pack", "shanghai",
                            "--as-of", "2026-07-01"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None
    run.stdout.readline()  # evaluating, for sure
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=120)
    assert (run.returncode, err) == (130, b"baji: interrupted\n")


@pytest.mark.parametrize(("raised", "code", "err"), [
    (KeyboardInterrupt, 130, "baji: interrupted\n"),
    (BrokenPipeError, 0, ""),
])
def test_main_turns_interrupts_and_broken_pipes_into_exit_codes(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        raised: type[BaseException], code: int, err: str) -> None:
    """Whatever command is running, Ctrl-C is exit code 130 with one line, a broken
    pipe exit code 0 and silence."""
    def interrupted(*_: object) -> int:
        raise raised

    monkeypatch.setattr(commands, "_packs", interrupted)
    assert main(["packs"]) == code
    assert capsys.readouterr().err == err
