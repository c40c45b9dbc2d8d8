"""Bundled packs compiled ahead (baji.engine.ahead) and the profile's Structs generated
ahead (baji.profile.structs): what is checked in is what the generators write now; a
first answer imports neither pydantic nor PyYAML; the answers are those of the pack
compiled at run time; a stale module is never used; bad profiles get the same errors."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import baji
from baji.engine import ahead
from baji.engine.ahead import _leaves
from baji.engine.ahead.build import outputs
from baji.engine.ahead.copying import Unwritable, leaves_source
from baji.engine.answering import answer
from baji.engine.answers import evaluate_answers
from baji.errors import EvaluationError, ProfileError
from baji.operators import occupation, tenure
from baji.profile import fast
from baji.testing.strategies import as_of_dates, profiles

SRC = Path(__file__).resolve().parents[1] / "src" / "baji"
BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
PACKS = baji.bundled_pack_ids()


@pytest.fixture(scope="module")
def roster() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ there
    try:
        import roster

        yield roster
    finally:
        sys.path.remove(str(BENCH))
        sys.dont_write_bytecode = writes


def test_the_files_checked_in_are_what_the_generators_write() -> None:
    """Every pack's module and the profile's Structs, as ``python -m baji.engine.ahead
    src/baji`` writes them now (after changing a pack, the vocabulary, a model, an
    operator or the code generator: run it)."""
    stale = [rel for rel, text in outputs().items()
             if not (SRC / rel).is_file() or (SRC / rel).read_text("utf-8") != text]
    assert stale == [], "stale; run: python -m baji.engine.ahead src/baji"


def test_every_bundled_pack_has_a_module_and_no_other_is_there() -> None:
    found = {p.stem for p in (SRC / "engine" / "ahead").glob("*.py")} - {
        "__init__", "__main__", "build", "copying", "_leaves"}
    assert found == {ahead.module_name(p) for p in PACKS}
    assert all(ahead.ahead_program(p) is not None for p in PACKS)


def test_the_check_command_says_nothing_is_stale(tmp_path: Path) -> None:
    """``--check`` exits 0 on the checked-in tree and 1 (naming the file) on a copy with
    one module changed; it writes nothing."""
    run = subprocess.run([sys.executable, "-m", "baji.engine.ahead", str(SRC), "--check"],
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "")
    root = tmp_path / "baji"
    for rel, text in outputs().items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "engine" / "ahead" / "__init__.py").write_text("", encoding="utf-8")
    module = root / "engine" / "ahead" / "shanghai_2026.py"
    module.write_text(module.read_text("utf-8").replace("KEY = 'sha256:", "KEY = 'sha256:0"))
    run = subprocess.run([sys.executable, "-m", "baji.engine.ahead", str(root), "--check"],
                         capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (1, f"stale: {module}\n")


def _fresh(code: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(SRC.parent)
    return subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True, env=env).stdout.splitlines()


def test_a_first_answer_imports_neither_pydantic_nor_yaml() -> None:
    """In a fresh interpreter, ``baji.evaluate_answers`` of a bundled pack by id (a dict,
    JSON bytes or text) answers without importing pydantic, PyYAML, the profile model,
    the pack models or any operator's module (their functions are copied, the dated
    helpers aside); the answers are those of the compiled pack, and the result type is a
    plain named tuple."""
    data = ('{"grades": [{"level": "senior_technician", "certified_on": "2019-05-01", '
            '"posts": [{"start": "2019-05-01"}]}], "in_post_employee": true, '
            '"findings": [], "employer": {"filed_institution": true, "pilot": true}}')
    code = (
        "import datetime, json, sys, baji\n"
        f"data = {data!r}\n"
        "day = datetime.date(2026, 9, 1)\n"
        "a = baji.evaluate_answers(json.loads(data), 'shanghai-2026', day)\n"
        "b = baji.evaluate_answers(data.encode(), 'shanghai-2026', day, levels='特级技师')\n"
        "c = baji.evaluate_answers(data, 'shanghai-2026', day, earliest=False)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')\n"
        "             or m in ('baji.profile.model', 'baji.pack.model', 'baji.operators.base',\n"
        "                      'baji.core.decision', 'baji.engine.program')\n"
        "             or m.startswith('baji.operators.') and m != 'baji.operators.dated'))\n"
        "print(repr(a)); print(repr(b)); print(repr(c)); print(type(a[0]).__mro__[1].__name__)\n"
        "import baji.engine.answers as e\n"
        "net = baji.get_pack('shanghai-2026')\n"
        "print(repr(e.evaluate_answers(net, json.loads(data), day)))\n"
        "print(repr(e.evaluate_answers(net, json.loads(data), day, levels='特级技师')))\n")
    out = _fresh(code)
    assert out[0] == "[]"
    assert out[1] == out[5] and out[2] == out[6] and out[4] == "tuple"
    assert "special_technician" in out[2] and out[1].count("LevelAnswer(") == 5
    assert "earliest=None" in out[3]


def _compare(profile: Any, pack: str, day: dt.date) -> None:
    net = baji.get_pack(pack)
    program = ahead.ahead_program(pack)
    assert program is not None
    for assume in (False, True):
        for earliest in (True, False):
            assert answer(program, profile, day, None, earliest, assume) == evaluate_answers(
                net, profile, day, earliest=earliest, assume_posts_from_certificate=assume)


@pytest.mark.parametrize("pack", PACKS)
def test_answers_ahead_are_those_of_the_compiled_pack_on_a_roster(
        roster: ModuleType, pack: str) -> None:
    """On 600 candidates of the benchmarks' roster, on days before, at the start of and
    inside the pack's window, and its last day if it ends."""
    net = baji.get_pack(pack)
    window = net.window
    days = [window.from_ - dt.timedelta(days=1), window.from_, roster.AS_OF,
            window.from_ + dt.timedelta(days=900)]
    if window.until is not None:
        days += [window.until, window.until + dt.timedelta(days=1)]
    for data in roster.profiles(600, seed=16):
        profile = fast.convert(data)
        for day in days:
            _compare(profile, pack, day)


@pytest.mark.parametrize("pack", PACKS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_answers_ahead_are_those_of_the_compiled_pack_on_generated_profiles(
        pack: str, data: st.DataObject) -> None:
    """On profiles aimed at each level's rules (baji.testing.strategies), read by the
    fast path or the model."""
    drawn = data.draw(profiles(pack, as_json=True))
    day = data.draw(as_of_dates(pack))
    _compare(fast.convert_profile(drawn), pack, day)
    _compare(baji.parse_profile(drawn), pack, day)


def test_a_stale_module_is_not_used(monkeypatch: pytest.MonkeyPatch, roster: ModuleType) -> None:
    """When the pack's sources (or baji's version) no longer give the digest a module
    was written from, the pack is compiled instead: the same answers."""
    monkeypatch.setattr(ahead, "_LOADED", {})
    monkeypatch.setattr(ahead, "digest", lambda pack_id: "sha256:changed")
    assert ahead.ahead_program("shanghai-2026") is None
    data = roster.profiles(50, seed=3)
    net = baji.get_pack("shanghai-2026")
    for item in data:
        assert baji.evaluate_answers(item, "shanghai-2026", roster.AS_OF) == evaluate_answers(
            net, item, roster.AS_OF)


def test_a_changed_leaf_function_is_a_stale_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The leaf functions are copied from the operators' modules as they are now: a
    function edited (here, tenure's value as ``inspect.getsource`` would read it from
    the edited file) and not copied again makes ``_leaves.py`` stale, which the test
    above reports."""
    real = inspect.getsource
    edit = ("return MET if has_years(", "return MET if not has_years(")

    def edited(obj: Any) -> str:
        text = real(obj)
        return text.replace(*edit) if obj is tenure.value else text

    monkeypatch.setattr(inspect, "getsource", edited)
    text = outputs()["engine/ahead/_leaves.py"]
    assert edit[1] in text and edit[0] not in text.split("def _tenure(", 1)[1].split("\n\n")[0]
    assert text != (SRC / "engine" / "ahead" / "_leaves.py").read_text("utf-8")


@pytest.mark.parametrize("rel", ["operators/tenure.py", "operators/fact.py",
                                 "engine/codegen.py", "engine/program.py"])
def test_programs_are_not_used_when_a_file_they_come_from_changed(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, roster: ModuleType, rel: str) -> None:
    """``_leaves.py`` records the files a program compiled ahead comes from and their
    digest: the files its copies come from (``tenure``), and what else shapes a program
    (``fact``, an operator whose expression is inlined and nothing of it copied; the code
    generator; the program builder). With the files as they are, the programs compiled
    ahead are used; with one changed and not regenerated, the pack is compiled instead —
    the same answers, not the old program's."""
    assert rel in _leaves.SOURCES
    for name in _leaves.SOURCES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SRC / name, tmp_path / name)
    monkeypatch.setattr(ahead, "PACKAGE", tmp_path)
    monkeypatch.setattr(ahead, "_LOADED", {})
    assert ahead.ahead_program("shanghai-2026") is not None
    with (tmp_path / rel).open("a", encoding="utf-8") as f:
        f.write("\n# changed\n")
    monkeypatch.setattr(ahead, "_LOADED", {})
    assert ahead.ahead_program("shanghai-2026") is None
    net = baji.get_pack("shanghai-2026")
    for item in roster.profiles(50, seed=5):
        assert baji.evaluate_answers(item, "shanghai-2026", roster.AS_OF) == evaluate_answers(
            net, item, roster.AS_OF)


def test_a_name_the_copier_cannot_place_is_an_error() -> None:
    """A copied function reading a global that is neither its module's own function or
    plain-data constant, nor in a light module, nor a builtin, is refused by name; so
    is a function outside baji's package or not a plain ``def``."""
    with pytest.raises(Unwritable, match="tenure._assumed_posts reads 'Message'"):
        leaves_source({"_posts": tenure._assumed_posts})  # type: ignore[dict-item]

    def mine(x: int) -> int:
        return x

    with pytest.raises(Unwritable, match="not a function of its module's top level"):
        leaves_source({"_mine": mine})  # type: ignore[dict-item]
    with pytest.raises(Unwritable, match="is not in baji's package folder"):
        leaves_source({"_dedent": inspect.cleandoc})  # type: ignore[dict-item]


def test_a_function_under_two_names_is_copied_once() -> None:
    """Two keys naming one function: one copy, the second name bound to it after its
    definition (the module runs)."""
    text = leaves_source({"_a": tenure.value, "_b": tenure.value})  # type: ignore[dict-item]
    namespace: dict[str, Any] = {}
    exec(compile(text, "_leaves.py", "exec"), namespace)  # noqa: S102
    assert text.count("def ") == 1 and namespace["_b"] is namespace["_a"]


def test_the_copies_read_the_constants_of_their_module() -> None:
    """Occupation names compare without any of the module's spaces (a constant of the
    operator's module, written into the copy) and without letter case, as the
    operator's own functions do."""
    names = [(" Fitter\u3000", "fit ter"), ("电工", "电 工\t"), ("A\u00a0b", "ab"),
             ("车工", "钳工")]
    for a, b in names:
        assert _leaves._occupation_same(a, b) == occupation.same(a, b)
        assert _leaves._occupation_normal(a) == occupation.normal(a)
    assert [occupation.same(a, b) for a, b in names] == [True, True, True, False]


def test_the_digest_follows_the_packs_the_vocabulary_and_the_version(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A changed byte in the pack, in another version of its jurisdiction or in the
    vocabulary, or another version of baji, changes the digest; another jurisdiction's
    pack does not."""
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in (SRC.parents[1] / "rules").glob("*.yaml"):
        (rules / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(ahead, "data_dir", lambda: tmp_path)
    first = ahead.digest("shanghai-2026")
    assert first == ahead.digest("shanghai-2026") != ahead.digest("fujian-2026")
    (rules / "fujian-2026.yaml").write_bytes(b"changed")
    assert ahead.digest("shanghai-2026") == first
    for name in ("shanghai-2026.yaml", "shanghai-2030.yaml", "vocab.yaml"):
        before = ahead.digest("shanghai-2026")
        with (rules / name).open("ab") as f:
            f.write(b"\n")
        assert ahead.digest("shanghai-2026") != before
    before = ahead.digest("shanghai-2026")
    monkeypatch.setattr(baji, "__version__", "9.9.9")
    assert ahead.digest("shanghai-2026") != before


BAD = [
    {"grades": [{"level": "no_such_level"}]},
    {"grades": [{"level": "technician", "posts": [{"start": "2020-01-01",
                                                   "end": "2019-01-01"}]}]},
    {"honours": [{"id": "national_model_worker", "date": "2020-02-30"}], "surprise": 1},
    {"attestations": {"good_conduct": "yes"}, "findings": [{"kind": "fraud"}]},
]


@pytest.mark.parametrize("data", BAD)
def test_a_refused_profile_gets_the_models_errors(data: dict[str, Any]) -> None:
    """The same problems (codes, JSON paths, and line:col for JSON) as the model gives,
    from a dict and from JSON bytes, by the pack's program compiled ahead."""
    import json

    assert ahead.ahead_program("shanghai-2026") is not None
    with pytest.raises(ProfileError) as want:
        baji.parse_profile(data)
    with pytest.raises(ProfileError) as got:
        baji.evaluate_answers(data, "shanghai-2026", dt.date(2026, 9, 1))
    assert got.value.problems == want.value.problems
    blob = json.dumps(data).encode()
    with pytest.raises(ProfileError) as want_json:
        fast.read_profile(blob)
    with pytest.raises(ProfileError) as got_json:
        baji.evaluate_answers(blob, "shanghai-2026", dt.date(2026, 9, 1))
    assert got_json.value.problems == want_json.value.problems
    assert [p.code for p in got_json.value.problems] == [p.code for p in got.value.problems]


def test_levels_and_dates_are_refused_as_before() -> None:
    """A level the pack does not rule on (BAJI303, with a suggestion) and a day that is
    not one (BAJI302) are refused as the compiled pack refuses them."""
    assert ahead.ahead_program("shanghai-2026") is not None
    net = baji.get_pack("shanghai-2026")
    day = dt.date(2026, 9, 1)
    for bad in ("special_technican", ["technician", "nope"]):
        with pytest.raises(EvaluationError) as got:
            baji.evaluate_answers({}, "shanghai-2026", day, levels=bad)
        with pytest.raises(EvaluationError) as want:
            evaluate_answers(net, {}, day, levels=bad)
        assert got.value.problems == want.value.problems
        assert got.value.problems[0].code == "BAJI303"
    with pytest.raises(EvaluationError) as got:
        baji.evaluate_answers({}, "shanghai-2026", "2026-13-01")
    assert got.value.problems[0].code == "BAJI302"
