"""Citations cannot be forged: a pack's quotes are checked only against policy texts in
its sources folder (or the bundled one), every quote says something, each level is
listed once, and a pack written as JSON works wherever a YAML one does."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import baji
from baji.io.data import data_dir

MINIMAL = Path(__file__).parent / "packs" / "valid" / "minimal.yaml"
SOURCE = "000_6c02c3c232f6fe0e.txt"


def _minimal() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    return data


def _write(folder: Path, data: dict[str, Any], name: str = "p.yaml") -> Path:
    (folder / "rules").mkdir(parents=True, exist_ok=True)
    path = folder / "rules" / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _codes(path: Path) -> list[str]:
    with pytest.raises(baji.PackError) as caught:
        baji.load_pack(path)
    return [p.code for p in caught.value.problems]


def test_a_source_linked_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    """A link in the pack's sources/ to a file elsewhere is not followed: the quote would
    be checked against any file on the machine (an oracle on local files)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    (tmp_path / "sources").mkdir()
    os.symlink(secret, tmp_path / "sources" / "passwd.txt")
    data = _minimal()
    data["documents"][0]["source"] = "passwd.txt"
    data["clauses"][0]["text"] = "root:x:0:0"
    data["clauses"][1]["text"] = "root"
    assert _codes(_write(tmp_path, data)) == ["BAJI150"]


def test_a_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    """A link from the sources folder to another file in it is fine."""
    (tmp_path / "sources").mkdir()
    shutil.copy(data_dir() / "sources" / SOURCE, tmp_path / "sources" / "text.txt")
    os.symlink(tmp_path / "sources" / "text.txt", tmp_path / "sources" / "alias.txt")
    data = _minimal()
    data["documents"][0]["source"] = "alias.txt"
    assert baji.load_pack(_write(tmp_path, data)).id == "minimal"


@pytest.mark.parametrize("where", ["rules", "sources"])
def test_a_pack_file_is_not_a_source(tmp_path: Path, where: str) -> None:
    """A pack cannot name itself, or any YAML or JSON file, as the text it quotes."""
    data = _minimal()
    data["documents"][0]["source"] = "p.yaml"
    data["clauses"][0]["text"] = "pack: minimal"
    data["clauses"][1]["text"] = "jurisdiction: test"
    path = _write(tmp_path, data)
    if where == "sources":
        (tmp_path / "sources").mkdir()
        shutil.copy(path, tmp_path / "sources" / "p.yaml")
        assert _codes(path) == ["BAJI151"]
    else:  # the pack's own folder is not searched at all
        assert _codes(path) == ["BAJI124"]


def test_absolute_and_relative_paths_are_not_sources(tmp_path: Path) -> None:
    data = _minimal()
    for name in ("/etc/passwd", "../sources/" + SOURCE, "..", "sub/" + SOURCE):
        data["documents"][0]["source"] = name
        assert _codes(_write(tmp_path, data)) == ["BAJI124"]


@pytest.mark.parametrize("quote", ["   ", "\n\t \n", "\u3000"])
def test_a_quote_of_nothing_is_refused(tmp_path: Path, quote: str) -> None:
    """Whitespace is in every text: a clause quoting only whitespace proves nothing."""
    data = _minimal()
    data["clauses"][0]["text"] = quote
    with pytest.raises(baji.PackError) as caught:
        baji.load_pack(_write(tmp_path, data))
    problems = caught.value.problems
    assert [p.code for p in problems] == ["BAJI152"]
    assert "clause 'c2' quotes nothing" in str(caught.value)


def test_a_level_listed_twice_is_refused(tmp_path: Path) -> None:
    """`special_technician` and 特级技师 are one level: listing both is an error, with
    the place of the second."""
    data = _minimal()
    data["levels"] = {"special_technician": {}, "特级技师": {"coverage": "partial"}}
    with pytest.raises(baji.PackError, match="level 'special_technician' is listed twice "
                       r"under `levels` \(as 'special_technician' and '特级技师'\)") as caught:
        baji.load_pack(_write(tmp_path, data))
    assert [p.code for p in caught.value.problems] == ["BAJI153"]
    assert caught.value.problems[0].line is not None


def test_a_json_pack_works_wherever_a_yaml_one_does(tmp_path: Path) -> None:
    """eval, diff and graph take a pack file written as JSON; errors keep line:col."""
    data = _minimal()
    path = tmp_path / "rules" / "minimal.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str),
                    encoding="utf-8")
    net = baji.get_pack(path)
    assert net.id == "minimal"
    person = {"grades": [{"level": "高级技师", "posts": [{"start": "2020-01-01"}]}],
              "still_in_occupation": True}
    assert baji.evaluate(person, str(path), dt.date(2026, 7, 1)).level(
        "特级技师").status == "eligible"
    profile = tmp_path / "person.json"
    profile.write_text(json.dumps(person), encoding="utf-8")
    for command in (["eval", str(profile), "--pack", str(path), "--as-of", "2026-07-01"],
                    ["diff", str(path), "shanghai-2026"], ["graph", str(path)]):
        run = subprocess.run([sys.executable, "-m", "baji", *command], capture_output=True,
                             text=True)
        assert run.returncode == 0, (command, run.stderr)
    broken = tmp_path / "rules" / "broken.json"
    broken.write_text(json.dumps(data, indent=1, default=str).replace('"special_technician"',
                                                                     '"special_technican"', 1),
                      encoding="utf-8")
    with pytest.raises(baji.PackError, match=r"broken\.json:\d+:\d+: "):
        baji.get_pack(broken)


def test_a_huge_source_is_not_read_past_the_bound(tmp_path: Path) -> None:
    """A source text over the bound is refused after reading at most the bound plus one
    byte (a sparse file of 100 MB costs nothing on disk)."""
    from baji.pack.compile import MAX_SOURCE_BYTES

    (tmp_path / "sources").mkdir()
    huge = tmp_path / "sources" / "huge.txt"
    with open(huge, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    assert huge.stat().st_size > MAX_SOURCE_BYTES
    data = _minimal()
    data["documents"][0]["source"] = "huge.txt"
    with pytest.raises(baji.PackError, match="'huge.txt' is larger than") as caught:
        baji.load_pack(_write(tmp_path, data))
    assert {p.code for p in caught.value.problems} == {"BAJI154"}
