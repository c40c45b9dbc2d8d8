"""Decisions as JSON by reference to their pack (baji.dump_decision, baji.load_decision):
the same decision back with the pack, a clear refusal without it or with another one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from pydantic import ValidationError  # noqa: E402

import baji  # noqa: E402
from baji import Decision  # noqa: E402
from baji.core.decision_ref_models import DecisionByReference  # noqa: E402
from baji.testing.strategies import as_of_dates, profiles_with_dates  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PACKS = baji.bundled_pack_ids()
EXAMPLES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
AS_OF = dt.date(2026, 9, 1)


def _codes(exc: pytest.ExceptionInfo[baji.EvaluationError]) -> list[str]:
    return [p.code for p in exc.value.problems]


@pytest.fixture(scope="module")
def shanghai() -> list[Decision]:
    """Every example profile decided by Shanghai 2026."""
    return [baji.evaluate(p, "shanghai-2026", AS_OF)
            for path in EXAMPLES for p in baji.load_profiles(path)]


@pytest.mark.parametrize("pack", PACKS)
@given(data=st.data())
def test_by_reference_round_trips_with_the_pack(pack: str, data: Any) -> None:
    """`load_decision(dump_decision(d), pack) == d` for every bundled pack, in and out of
    its window, and what is written has the published by-reference shape."""
    profile, _ = data.draw(profiles_with_dates(pack))
    as_of = data.draw(as_of_dates(pack, margin_days=800))
    decision = baji.evaluate(profile, pack, as_of)
    text = baji.dump_decision(decision, pack)
    assert baji.load_decision(text, pack) == decision
    DecisionByReference.model_validate_json(text)
    inline = baji.dump_decision(decision, pack, inline=True)
    assert inline == decision.model_dump_json()
    assert baji.load_decision(inline) == decision


def test_by_reference_keeps_ids_not_texts(shanghai: list[Decision]) -> None:
    """No clause text and no condition's wording in the by-reference JSON: clause and
    node ids; every by-reference decision is less than a quarter of the inline one."""
    net = baji.get_pack("shanghai-2026")
    texts = {c.text for c in net.citations.values()} | {n.required.zh for n in net.nodes}
    for decision in shanghai:
        text = baji.dump_decision(decision)
        assert not [t for t in texts if t and json.dumps(t, ensure_ascii=False) in text]
        assert len(text.encode()) * 4 < len(decision.model_dump_json().encode())
        assert baji.load_decision(text, net) == decision


def test_by_reference_validates_against_the_published_schema(shanghai: list[Decision]
                                                             ) -> None:
    """schemas/decision-ref.schema.json accepts what is written, and refuses it without
    the digest of the pack's texts."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "decision-ref.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for decision in shanghai:
        data = json.loads(baji.dump_decision(decision))
        validator.validate(data)
    del data["pack_texts"]
    assert not validator.is_valid(data)


def test_without_the_pack_a_coded_error(shanghai: list[Decision]) -> None:
    """Read without its pack: BAJI305, naming the pack and its texts' digest; pydantic's
    own reading says how to read it instead of listing every missing field."""
    text = baji.dump_decision(shanghai[0])
    with pytest.raises(baji.EvaluationError) as refused:
        baji.load_decision(text)
    assert _codes(refused) == ["BAJI305"]
    digest = json.loads(text)["pack_texts"]
    assert "shanghai-2026" in str(refused.value) and digest in str(refused.value)
    with pytest.raises(ValidationError, match="baji.load_decision"):
        Decision.model_validate_json(text)


def test_another_pack_or_other_texts_are_refused(shanghai: list[Decision],
                                                 tmp_path: Path) -> None:
    """Another pack, or the same pack id with one rule's title changed: BAJI306, never a
    decision with the wrong texts."""
    text = baji.dump_decision(shanghai[0])
    with pytest.raises(baji.EvaluationError) as other:
        baji.load_decision(text, "chongqing-2023")
    assert _codes(other) == ["BAJI306"]
    source = (baji.engine.api.rules_dir() / "shanghai-2026.yaml").read_text("utf-8")
    title = baji.get_pack("shanghai-2026").rules[0].title.zh
    assert title in source
    edited = tmp_path / "shanghai-2026.yaml"
    edited.write_text(source.replace(title, title + "（改）", 1), "utf-8")
    changed = baji.load_pack(edited)
    assert changed.id == "shanghai-2026"
    with pytest.raises(baji.EvaluationError) as mismatch:
        baji.load_decision(text, changed)
    assert _codes(mismatch) == ["BAJI306"]


def test_an_id_the_pack_lacks_is_located(shanghai: list[Decision]) -> None:
    """An edited clause id or node id: BAJI307 at its JSON path."""
    data = json.loads(baji.dump_decision(shanghai[0]))
    data["trace"][0]["node"] = "n99999"
    with pytest.raises(baji.EvaluationError) as node:
        baji.load_decision(data, "shanghai-2026")
    assert _codes(node) == ["BAJI307"]
    assert node.value.problems[0].pointer == "/trace/0/node"
    data = json.loads(baji.dump_decision(shanghai[0]))
    where = next((i, j) for i, lv in enumerate(data["levels"])
                 for j, r in enumerate(lv.get("results", ())) if r.get("citations"))
    data["levels"][where[0]]["results"][where[1]]["citations"][0] = "no-such-clause"
    with pytest.raises(baji.EvaluationError) as clause:
        baji.load_decision(json.dumps(data), "shanghai-2026")
    assert _codes(clause) == ["BAJI307"]
    assert clause.value.problems[0].pointer == \
        f"/levels/{where[0]}/results/{where[1]}/citations/0"


def test_texts_the_pack_lacks_are_written_in_full(shanghai: list[Decision]) -> None:
    """A decision whose texts are not its pack's (built or changed by hand) is written
    with those texts in full, and reads back equal."""
    decision = next(d for d in shanghai if d.trace)
    first = decision.trace[0]
    changed_trace = first.model_copy(update={"required": baji.Message(zh="别的", en="other")})
    level = decision.levels[0]
    changed = decision.model_copy(update={
        "trace": (changed_trace, *decision.trace[1:]),
        "levels": (level.model_copy(update={
            "notes": (*level.notes, baji.Message(zh="手写", en="by hand")),
            "level_zh": "别名"}), *decision.levels[1:])})
    text = baji.dump_decision(changed)
    assert "别的" in text and "手写" in text and "别名" in text
    assert baji.load_decision(text, "shanghai-2026") == changed


def test_a_bad_document_gets_located_problems() -> None:
    """Not JSON, or JSON that is not a decision: coded problems, no traceback."""
    with pytest.raises(baji.EvaluationError) as broken:
        baji.load_decision("{", "shanghai-2026")
    assert _codes(broken) == ["BAJI019"]
    with pytest.raises(baji.EvaluationError) as shape:
        baji.load_decision({"pack": "shanghai-2026", "levels": 3})
    assert shape.value.problems and all(p.code.startswith("BAJI0") for p in
                                        shape.value.problems)


def test_eight_threads_write_and_read_as_one(shanghai: list[Decision]) -> None:
    """Decisions written and read back from 8 threads at once, on a pack whose texts are
    first built there, are those written one after another."""
    from concurrent.futures import ThreadPoolExecutor

    net = baji.load_pack(baji.engine.api.rules_dir() / "shanghai-2026.yaml")  # texts unbuilt
    work = shanghai * 20

    def both(decision: Decision) -> tuple[str, bool]:
        text = baji.dump_decision(decision, net)
        return text, baji.load_decision(text, net) == decision

    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(both, work))
    assert parallel == [both(d) for d in work]
    assert all(equal for _, equal in parallel)
