"""``occupation: senior_technician``: the certificate of that grade is in the occupation
applied for (本职业).

The profile gives the occupation applied for (``Profile.occupation``) and, per grade, the
occupation of its certificate (``Grade.occupation``). The leaf is unmet only when both are
stated for every certificate of the grade and none matches; a certificate or an
application whose occupation is not stated is read as being in the same occupation, and a
decision reading the leaf says so in a note (docs/semantics.md, "Occupation"). Where the
text accepts a related occupation (相关职业), a pack writes
``any: [{occupation: G}, {attested: related_occupation}]``. Holding the grade is the
``grade`` leaf's business: without a certificate of the grade this leaf is met.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baji.core.decision import Message
from baji.core.levels import Level
from baji.core.vocabulary import Vocab
from baji.io.yaml_reader import Key
from baji.operators.base import (
    MET,
    UNKNOWN,
    UNMET,
    ColumnContext,
    CompileContext,
    Compiled,
    Emitter,
    FacetEntry,
    LeafContext,
    Operator,
    Outcome,
    SqlContext,
    marked,
)
from baji.operators.witness import Needs, Pick, Plan, Unsatisfiable, booleans
from baji.profile.model import Grade as GradeRecord

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


#: The spaces an occupation's name is read without, wherever they stand: half- and
#: full-width (Chinese spreadsheets have both), no-break, tab and line breaks. Every
#: engine drops exactly these (Python, polars and SQL each spell "whitespace" otherwise).
SPACES = " \t\n\r\u00a0\u3000"
_DROP_SPACES = str.maketrans("", "", SPACES)


def normal(name: str) -> str:
    """An occupation's name as compared: without :data:`SPACES`, in lower case."""
    return name.translate(_DROP_SPACES).lower()


def same(a: str, b: str) -> bool:
    """Two occupation names name one occupation (spaces and letter case aside)."""
    return normal(a) == normal(b)


def value(applied: str | None, grades: tuple[GradeRecord, ...] | None, level: Level) -> int:
    """Met unless every certificate of ``level`` states an occupation other than the one
    ``applied`` for (an unstated one is read as the same); unknown without grades."""
    if grades is None:
        return UNKNOWN
    if applied is None:
        return MET
    for g in grades:
        if g.level is level and (g.occupation is None or same(g.occupation, applied)):
            return MET
    return UNMET if any(g.level is level for g in grades) else MET


def read_as_same(applied: str | None, grades: tuple[GradeRecord, ...] | None,
                 level: Level) -> bool:
    """Whether the leaf is met only by reading an unstated occupation as the same: a
    certificate of ``level`` is held, and no certificate states the occupation applied for
    while the application or some certificate leaves its occupation unstated."""
    held = [g for g in grades or () if g.level is level]
    if not held:
        return False
    if applied is not None and any(g.occupation is not None and same(g.occupation, applied)
                                   for g in held):
        return False
    return applied is None or any(g.occupation is None for g in held)


#: The note of :meth:`OccupationOp.decision_note` by level (two threads may both make
#: one, equal).
_READ_AS_SAME: dict[Level, tuple[Message, ...]] = {}


@dataclass(frozen=True, slots=True)
class OccupationOp(Operator):
    """The certificate of ``level`` is in the occupation applied for."""

    kind = "occupation"
    cost = 2
    timeless = True
    functions = {"_occupation": value}

    level: Level

    @classmethod
    def compile(cls, operand: Level, ctx: CompileContext, key: Key) -> Compiled:
        return Compiled(cls(operand),
                        Message(zh=f"{operand.zh}证书为本职业（工种）",
                                en=f"the {operand.en} certificate is in the occupation "
                                   "applied for"),
                        ("occupation", "grades"))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.level,)

    def value_code(self, emit: Emitter) -> str:
        # no call without grades (unknown) or without the occupation applied for (met)
        return (f"(1 if (t := p.grades) is None else 2 if (u := p.occupation) is None "
                f"else _occupation(u, t, {emit.const(self.level)}))")

    def trace(self, ctx: LeafContext) -> Outcome:
        profile = ctx.profile
        grades = profile.grades
        if grades is None:
            return None, "grades not given", None, ("grades",)
        level = self.level
        held = [g for g in grades if g.level is level]
        if not held:  # met (value), and not read as the same (read_as_same)
            return True, f"no {level.value} certificate", ctx.as_of, ()
        applied = profile.occupation
        # value and read_as_same in one pass over the certificates of the level
        met = as_same = True
        if applied is not None:
            stated_same = unstated = False
            for g in held:
                if g.occupation is None:
                    unstated = True
                elif same(g.occupation, applied):
                    stated_same = True
            met = stated_same or unstated
            as_same = unstated and not stated_same
        actual = (f"certificate: {', '.join([g.occupation or '?' for g in held])}; "
                  f"applied for: {applied or '?'}")
        if as_same:
            actual += " (unstated: read as the same occupation)"
        return met, actual, ctx.as_of if met else None, ()

    @property
    def tells(self) -> bool:
        return True

    def decision_note(self, ctx: LeafContext) -> tuple[Message, ...]:
        if not read_as_same(ctx.profile.occupation, ctx.profile.grades, self.level):
            return ()
        found = _READ_AS_SAME.get(self.level)
        if found is None:  # the same for every candidate: made once per level
            lv = self.level
            found = _READ_AS_SAME[lv] = (Message(
                zh=f"未写明申报职业（工种）或{lv.zh}证书的职业（工种），按同一职业（工种）处理"
                   "（本规则包读法）；两者不同时本条件不满足",
                en=f"the occupation applied for or that of the {lv.en} certificate is not "
                   "stated: read as the same occupation (this pack's reading); were they "
                   "different, this condition would not be met"),)
        return found

    def column(self, ctx: ColumnContext) -> pl.Expr:
        import polars as pl

        from baji.operators.columns import EL

        def normal(name: pl.Expr) -> pl.Expr:  # as :func:`normal`
            return name.str.replace_all(f"[{SPACES}]", "").str.to_lowercase()

        applied = normal(pl.col("occupation"))
        mine = pl.col(f"grades.{self.level.value}.occupations")
        fits = ((mine.list.len() == 0) | mine.list.eval(EL.is_null()).list.any()
                | mine.list.eval(normal(EL)).list.contains(applied))
        return (pl.when(mine.is_null()).then(None).when(applied.is_null()).then(True)
                .otherwise(fits))

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from sqlglot import exp

        from baji.operators.sql_parts import FALSE, NULL, TRUE, case, field, text

        def normal(value: exp.Expr) -> exp.Expr:  # as :func:`normal`, in every dialect
            for space in SPACES:
                value = exp.Replace(this=value, expression=text(space),
                                    replacement=text(""))
            return exp.Lower(this=value)

        mine = exp.EQ(this=field("level"), expression=text(self.level.value))
        held = ctx.aggregate("grades", exp.Max(this=case((mine, 1), default=0)))
        unstated = ctx.aggregate("grades", exp.Max(this=case(
            (exp.and_(mine, field("occupation").is_(exp.Null())), 1), default=0)))
        named = ctx.aggregate("grades", exp.ArrayAgg(this=case(
            (mine, normal(field("occupation")))), default=NULL))
        applied = ctx.column("occupation")
        return case((exp.Not(this=ctx.known("grades")), NULL),
                    (applied.is_(exp.Null()), TRUE),
                    (exp.Coalesce(this=held, expressions=[exp.Literal.number(0)])
                     .eq(exp.Literal.number(0)), TRUE),
                    (unstated.eq(exp.Literal.number(1)), TRUE),
                    (exp.ArrayContains(this=named, expression=normal(applied)), TRUE),
                    default=FALSE)

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("conditions", f"occupation:{self.level.value}",
                          "required" + ("~default" if default else ""),
                          marked(required, default))

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if not value:
            raise Unsatisfiable(f"breaking `{self.kind}` needs stated occupations; not built")

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        if unknown:
            plan.grades = None
        elif plan.grades is not None and self.level in plan.grades:
            # Both occupations stated and different (or, drawn, only one stated: met).
            plan.occupation = "数控车工"
            plan.grades[self.level].occupation = "钳工" if draw(booleans()) else None

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        if plan.grades is None:
            return None
        held = plan.grades.get(self.level)
        if held is None or plan.occupation is None or held.occupation is None:
            return True
        return same(held.occupation, plan.occupation)
