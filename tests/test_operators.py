"""The leaf operators: one module each, listed once by the registry, and the pack syntax
agreeing with it (docs/pack-format.md, "Adding an operator")."""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import types
from pathlib import Path

import pytest

from baji.core.levels import Level
from baji.engine.codegen import Namespace
from baji.operators import LEAVES, Operator
from baji.operators.base import LeafContext
from baji.pack.model import OPERATORS, Condition
from baji.profile.model import Profile

COMPOSITES = ("all", "any", "not", "rule")
COMMON = ("cite", "strength", "note", "decision_note")


def test_every_leaf_operator_lives_in_the_module_of_its_name() -> None:
    """``baji.operators.<kind>`` holds the operator of pack key ``kind``."""
    for kind, op in LEAVES.items():
        assert issubclass(op, Operator)
        assert op.kind == kind
        assert op.__module__ == f"baji.operators.{kind}"
        assert getattr(importlib.import_module(op.__module__), op.__name__) is op


def test_every_leaf_operators_functions_are_defined_in_its_module() -> None:
    """One home per operator: the value and date functions its generated code calls
    (``Operator.functions``) are defined in ``baji.operators.<kind>`` itself, beside the
    rest of the operator, not imported from a module operators share."""
    for kind, op in LEAVES.items():
        for name, fn in op.functions.items():
            assert fn.__module__ == f"baji.operators.{kind}", (kind, name)
            assert getattr(importlib.import_module(fn.__module__), fn.__name__) is fn


def test_the_condition_model_has_a_field_for_every_leaf_operator_and_no_other() -> None:
    """Condition's operator fields are the composites and the registry's leaves, in the
    registry's order (the order BAJI135 lists them in)."""
    fields = [f.alias or name for name, f in Condition.model_fields.items()]
    assert fields == [*COMPOSITES, *LEAVES, *COMMON]
    assert OPERATORS == (*COMPOSITES, *LEAVES)


def test_the_worked_example_of_the_pack_format_is_a_whole_operator(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``grade_any`` module shown in docs/pack-format.md ("Adding an operator")
    implements every method an operator must have, and its value, date, trace and
    generated expressions agree on a profile."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "pack-format.md").read_text(
        encoding="utf-8")
    block = text.split("### Worked example", 1)[1].split("```python\n", 1)[1]
    module = types.ModuleType("baji.operators.grade_any")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(block.split("```", 1)[0], "docs/pack-format.md", "exec"),  # noqa: S102
         module.__dict__)
    op = module.GradeAnyOp
    assert issubclass(op, Operator) and not op.__abstractmethods__
    compiled = op.compile((Level.SENIOR_TECHNICIAN, Level.TECHNICIAN), None, ("grade_any",))
    leaf = compiled.leaf
    assert leaf.params == ((Level.TECHNICIAN, Level.SENIOR_TECHNICIAN),)
    profile = Profile.model_validate({"id": "P", "grades": [
        {"level": "technician", "certified_on": "2030-01-01"}]})
    day = dt.date(2026, 7, 1)
    emit = Namespace()
    emit.globals.update(leaf.functions, p=profile, as_of=day)
    assert eval(leaf.value_code(emit), emit.globals) == 0  # noqa: S307
    assert eval(leaf.date_code(emit), emit.globals) == dt.date(2030, 1, 1)  # noqa: S307
    found = leaf.trace(LeafContext(profile, day))
    assert (found[0], found[2]) == (False, dt.date(2030, 1, 1))
    pl = pytest.importorskip("polars")
    from baji.backends.columnar import to_frame

    ctx = types.SimpleNamespace(as_of=day, award_scope={}, ranked=())
    dates = to_frame([profile]).select(leaf.column_date(ctx, leaf.column(ctx)).alias("d"))
    assert dates["d"].to_list() == [dt.date(2030, 1, 1)]
    del pl


def test_every_operator_with_a_date_has_its_polars_and_sql_twins() -> None:
    """A leaf whose date is its own (date_code) gives it to the vectorized backends
    too; one that does not is refused there, not read as "met now, met for good"."""
    for kind, op in LEAVES.items():
        dated = op.date_code is not Operator.date_code
        assert (op.sql_date is not Operator.sql_date) == dated, kind
        assert (op.column_date is not Operator.column_date) == dated, kind

    class Undated(LEAVES["grade"]):  # type: ignore[misc,valid-type]
        kind = "undated"

    with pytest.raises(NotImplementedError, match="'undated' has date_code but no sql_date"):
        Operator.sql_date(Undated(Level.TECHNICIAN), None, None)  # type: ignore[arg-type]
    with pytest.raises(NotImplementedError, match="no column_date"):
        Operator.column_date(Undated(Level.TECHNICIAN), None, None)  # type: ignore[arg-type]
