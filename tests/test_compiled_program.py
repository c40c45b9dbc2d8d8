"""The compiled program reads what its network was compiled with, and its generated code
shows in tracebacks (issue 11)."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

import pytest

import baji
from baji.core.vocabulary import load_vocab
from baji.engine.answers import evaluate_answers
from baji.engine.program import Program
from baji.io.data import data_dir

PACKS = Path(__file__).resolve().parent / "packs"
AS_OF = dt.date(2026, 7, 1)
CANDIDATE = {"id": "P1", "grades": [{"level": "senior_technician", "posts": []}],
             "still_in_occupation": True, "awards": [{"id": "china_skills_grand_award"}]}


def _award_pack(tmp_path: Path) -> Path:
    """minimal.yaml with its exceptional path asking for a provincial award or above."""
    text = (PACKS / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    assert "        - honour: honours\n" in text
    path = tmp_path / "award.yaml"
    path.write_text(text.replace("        - honour: honours\n",
                                 "        - award: {scope_at_least: provincial}\n"),
                    encoding="utf-8")
    return path


def _municipal_grand_award(tmp_path: Path) -> Path:
    """The bundled vocabulary with 中华技能大奖 made a municipal award."""
    text = (data_dir() / "rules" / "vocab.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("  - id: china_skills_grand_award\n")
    item, sep, tail = rest.partition("    scope: national\n")
    assert sep and "  - id:" not in item
    path = tmp_path / "vocab.yaml"
    path.write_text(head + "  - id: china_skills_grand_award\n" + item
                    + "    scope: municipal\n" + tail, encoding="utf-8")
    return path


def test_issue11_evaluation_reads_the_vocabulary_the_pack_was_compiled_with(
        tmp_path: Path) -> None:
    """A pack compiled with a vocabulary whose award scope differs from the bundled one
    is evaluated with that vocabulary: the answer, the full decision and its trace follow
    it (they read the global default before)."""
    pack = _award_pack(tmp_path)
    bundled = baji.load_pack(pack)
    custom = baji.load_pack(pack, vocab=load_vocab(_municipal_grand_award(tmp_path)))
    assert custom.vocab.items["award"]["china_skills_grand_award"].scope == "municipal"

    level = "special_technician"
    assert baji.evaluate(CANDIDATE, bundled, AS_OF).level(level).status == "eligible"
    decided = baji.evaluate(CANDIDATE, custom, AS_OF)
    assert decided.level(level).status == "ineligible"
    award = next(t for t in decided.trace if t.kind == "award")
    assert (award.met, award.actual) == (False, "no such award")
    profile = baji.Profile.model_validate(CANDIDATE)
    answers = {a.level.value: a.status for a in evaluate_answers(custom, profile, AS_OF)}
    assert answers[level] == "ineligible"


def test_issue11_a_traceback_inside_generated_code_shows_the_line() -> None:
    """Generated functions have their source in linecache under a name of their own, so
    an exception raised inside one is shown with the generated line."""
    program = Program(baji.load_pack(PACKS / "valid" / "minimal.yaml"))
    with pytest.raises(AttributeError) as caught:
        program.levels[0].values(object(), AS_OF, False)  # type: ignore[arg-type]
    text = "".join(traceback.format_exception(caught.value))
    assert '<baji program level0 #' in text
    assert "    A = p.attestations\n" in text


@pytest.mark.parametrize("pack", baji.bundled_pack_ids())
def test_in_force_is_the_window_test(pack: str) -> None:
    """The program's in-force test, read on every answer, is :meth:`Window.contains` on the
    days around both ends of the pack's window."""
    net = baji.get_pack(pack)
    program = Program(net)
    ends = [net.window.from_] + ([net.window.until] if net.window.until else [])
    days = [end + dt.timedelta(days=k) for end in ends for k in (-1, 0, 1)]
    assert [program.in_force(d) for d in days] == [net.window.contains(d) for d in days]
    assert any(program.in_force(d) for d in days) and not all(program.in_force(d) for d in days)


def test_levels_asked_alternately_answer_each() -> None:
    """The program remembers the levels of the previous call by identity: alternating
    between two levels (and a tuple of both) answers each, never the previous one."""
    net = baji.get_pack("shanghai-2026")
    profile = baji.parse_profile(CANDIDATE)
    for levels in ("特级技师", baji.Level.CHIEF_TECHNICIAN, "特级技师",
                   ("chief_technician", "special_technician"), baji.Level.CHIEF_TECHNICIAN):
        got = [a.level for a in evaluate_answers(net, profile, AS_OF, levels=levels)]
        want = ([baji.Level.SPECIAL_TECHNICIAN, baji.Level.CHIEF_TECHNICIAN]
                if isinstance(levels, tuple) else [baji.Level.CHIEF_TECHNICIAN]
                if levels == baji.Level.CHIEF_TECHNICIAN else [baji.Level.SPECIAL_TECHNICIAN])
        assert got == want
