"""Bounded time and memory for every input (issue #15, item 12): a named pipe or a device
given as a pack, a profile or a pack's source text is refused at once; aliases of a long
text are bounded by characters; a document naming thousands of unknown things does not
pay for a did-you-mean search each.

What could hang runs in a child Python under a timeout, so that a hang fails the test
instead of stopping the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji
from baji.errors import suggest, suggestion_budget
from baji.io.data import data_dir
from baji.io.yaml_reader import load_yaml_text

MINIMAL = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
SOURCE = "000_6c02c3c232f6fe0e.txt"
PROFILE = Path(__file__).parent.parent / "examples" / "profiles" / \
    "shanghai-2026--sh.special.regular.yaml"
ON = "2026-07-01"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _baji(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "baji", *args], capture_output=True,
                          text=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)


def _fifo(folder: Path, name: str) -> Path:
    """A named pipe nobody writes to (reading it waits for ever)."""
    path = folder / name
    os.mkfifo(path)
    return path


@needs_fifo
@pytest.mark.parametrize("command", [
    ["check", "{}"],
    ["eval", "--pack", "{}", str(PROFILE), "--as-of", ON],
    ["eval", "{}", "--pack", "shanghai", "--as-of", ON],
    ["when", "{}", "--pack", "shanghai", "--as-of", ON],
], ids=["check", "eval-pack", "eval-profile", "when-profile"])
def test_a_named_pipe_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    """A named pipe nobody writes to, given as a pack or a profile: one located, coded
    error (BAJI109, saying it is a named pipe), no wait (``check`` hung on it, and
    ``eval --pack`` called it an unknown pack)."""
    fifo = _fifo(tmp_path, "p.yaml")
    done = _baji(*[part.format(fifo) for part in command], "--lang", "en")
    assert done.returncode == 1, done.stderr
    assert f"{fifo}: cannot read file: it is a named pipe, not a regular file" in done.stderr


@pytest.mark.parametrize("command", [["check", "/dev/zero"],
                                     ["eval", "/dev/zero", "--pack", "shanghai"]])
def test_a_device_is_refused_as_a_device(command: list[str]) -> None:
    """``/dev/zero`` as a pack or a profile is a device, not "0 bytes, over the limit"."""
    done = _baji(*command, "--lang", "en")
    assert done.returncode == 1
    assert done.stderr.strip() == "/dev/zero: cannot read file: it is a device, not a " \
                                  "regular file"


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    """The same error names a folder for what it is (the library, no subprocess)."""
    with pytest.raises(baji.PackError, match="it is a folder, not a regular file") as caught:
        baji.load_pack(tmp_path)
    assert [p.code for p in caught.value.problems] == ["BAJI109"]


@needs_fifo
def test_a_named_pipe_as_a_source_text_is_refused_at_once(tmp_path: Path) -> None:
    """A pack whose source text, in its sources folder, is a named pipe: a located error
    on the quote (BAJI139, a named pipe), no wait for a writer."""
    (tmp_path / "sources").mkdir()
    _fifo(tmp_path / "sources", "text.txt")
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["documents"][0]["source"] = "text.txt"
    (tmp_path / "rules").mkdir()
    pack = tmp_path / "rules" / "p.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    done = _baji("check", str(pack), "--lang", "en")
    assert done.returncode == 1
    assert "it is a named pipe, not a regular file" in done.stderr
    assert done.stderr.startswith(f"{pack}:"), done.stderr
    # The same source as a file is read as it was.
    os.remove(tmp_path / "sources" / "text.txt")
    shutil.copy(data_dir() / "sources" / SOURCE, tmp_path / "sources" / "text.txt")
    assert baji.load_pack(pack).id == "minimal"


# A 1 MB text and a list of 1,000 aliases of it: 1 GB once expanded, in a 1 MB file.
_ALIASED = "id: &a " + "x" * (1 << 20) + "\nname: [" + ", ".join(["*a"] * 1000) + "]\n"

# The peak is measured by tracemalloc (what Python allocates reading the document): the
# process's maximum resident size would count, on Linux, the memory of the forked test
# process before it ran this one.
_MEASURED = """
import sys, time, tracemalloc
import baji
tracemalloc.start()
start = time.monotonic()
try:
    {call}
except baji.BajiError as exc:
    print(exc.problems[0].code, exc.problems[0].line, exc.problems[0].column)
print(round(time.monotonic() - start, 1), tracemalloc.get_traced_memory()[1] >> 20)
"""


@pytest.mark.parametrize("call", ["baji.load_pack(sys.argv[1])",
                                  "baji.load_profiles(sys.argv[1])"],
                         ids=["pack", "profile"])
def test_aliases_of_a_long_text_are_bounded_by_characters(tmp_path: Path, call: str) -> None:
    """1,000 aliases of a 1 MB text, as a pack or a profile: refused before anything is
    expanded (BAJI142, at the list that expands past the limit), in little memory
    (``check`` took 18.9 s; a profile took 35 s and 2 GB, or ended in a MemoryError)."""
    path = tmp_path / "aliased.yaml"
    path.write_text(_ALIASED, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(_MEASURED.format(call=call)),
                           str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    refused, measured = done.stdout.splitlines()
    assert refused == "BAJI142 2 7"
    seconds, megabytes = measured.split()
    assert int(megabytes) < 100, measured  # the text itself, a few times; not 1 GB
    # Aliases that expand to little are fine: the bound is on what they multiply.
    value, _, problems = load_yaml_text("a: &x [1, 2]\nb: *x\nc: &t " + "y" * 1000 +
                                        "\nd: [" + ", ".join(["*t"] * 100) + "]\n", "t.yaml")
    assert problems == [] and value["b"] == [1, 2] and len(value["d"]) == 100


def test_the_did_you_mean_budget() -> None:
    """Within a budget of 2, the first two unknown names get a close match, the third
    none (each search compares the name with every known one)."""
    names = ["national_model_worker", "national_technical_expert"]
    with suggestion_budget(2):
        found = [suggest("national_model_workr", names) for _ in range(3)]
    assert found == [{"hint": "did_you_mean", "suggestion": "national_model_worker"}] * 2 + [
        {"hint": "known", "known": tuple(names)}]
    assert suggest("national_model_workr", names)["hint"] == "did_you_mean"  # no budget


def test_a_profile_naming_thousands_of_unknown_honours_costs_a_bounded_search() -> None:
    """5,000 misspelt honours in one profile: each is reported, located, but only the
    first 100 get a did-you-mean (90,000 unknown honours took 30 s of searching)."""
    with pytest.raises(baji.ProfileError) as caught:
        baji.parse_profile({"honours": [f"national_model_workr{i % 10}"
                                        for i in range(5000)]})
    problems = caught.value.problems
    assert len(problems) == 5000
    suggested = [i for i, p in enumerate(problems) if p.hint and "did you mean" in p.hint]
    assert suggested == list(range(100))
