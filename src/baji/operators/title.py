"""``title: {in: [...], aligned: true}``: holds one of the professional titles (aligned
with the occupation when asked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import Field

from baji.core.decision import Message
from baji.core.models import StrictModel
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
    Id,
    LeafContext,
    Operator,
    Outcome,
    SqlContext,
)
from baji.operators.dated import fitted_date
from baji.operators.witness import Needs, Pick, Plan
from baji.profile.model import Title as TitleRecord

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp


class TitleCond(StrictModel):
    """``title: {in: [...], aligned: true}``."""

    in_: Id | tuple[Id, ...] = Field(alias="in")
    aligned: bool = False


def value(titles: tuple[TitleRecord, ...] | None, ids: Collection[str], aligned: bool,
          as_of: dt.date) -> int:
    """Holds one of the titles ``ids`` (aligned with the occupation when asked)."""
    if titles is None:
        return UNKNOWN
    result = UNMET
    for t in titles:
        fit = _fit(t, ids, aligned)
        if fit == UNKNOWN:
            result = UNKNOWN
        elif fit == MET and (t.date is None or t.date <= as_of):
            return MET
    return result


def date(titles: tuple[TitleRecord, ...] | None, ids: Collection[str], aligned: bool,
         as_of: dt.date) -> dt.date | None:
    """The date of :func:`value`: the first listed title dated after ``as_of``."""
    if titles is None:
        return None
    return fitted_date([(_fit(t, ids, aligned), t.date) for t in titles], as_of)


def _fit(t: TitleRecord, ids: Collection[str], aligned: bool) -> int:
    """Whether title ``t`` is of the kind asked, its date aside: MET, UNMET, or UNKNOWN
    when alignment is asked and the title does not say."""
    if t.id not in ids:
        return UNMET
    if aligned and t.aligned is not True:
        return UNKNOWN if t.aligned is None else UNMET
    return MET


@dataclass(frozen=True, slots=True)
class TitleOp(Operator):
    """Holds one of the titles ``ids`` (aligned with the occupation when ``aligned``)."""

    kind = "title"
    cost = 6
    list_field = "titles"
    route = True
    functions = {"_title": value, "_title_date": date}

    ids: tuple[str, ...]
    aligned: bool

    @classmethod
    def compile(cls, operand: TitleCond, ctx: CompileContext, key: Key) -> Compiled:
        ids = ctx.items(key + ("in",), "title", operand.in_)
        zh = "具有" + ctx.names("title", ids, "zh") + ("（与申报职业贯通）" if operand.aligned
                                                     else "")
        en = "holds " + ctx.names("title", ids, "en") + (
            " aligned with the occupation" if operand.aligned else "")
        return Compiled(cls(ids, operand.aligned), Message(zh=zh, en=en), ("titles",))

    @property
    def params(self) -> tuple[Any, ...]:
        return (self.ids, self.aligned)

    def value_code(self, emit: Emitter) -> str:
        return f"_title(p.titles, {emit.const(frozenset(self.ids))}, {self.aligned!r}, as_of)"

    def date_code(self, emit: Emitter) -> str:
        return (f"_title_date(p.titles, {emit.const(frozenset(self.ids))}, {self.aligned!r}, "
                "as_of)")

    def trace(self, ctx: LeafContext) -> Outcome:
        titles = ctx.profile.titles
        if titles is None:
            return None, "titles not given", None, ("titles",)
        result: bool | None = False
        missing: list[str] = []
        future: list[dt.date] = []
        for i, title in enumerate(titles):
            if title.id not in self.ids:
                continue
            if self.aligned and title.aligned is not True:
                if title.aligned is None:
                    missing.append(f"titles[{i}].aligned")
                    result = None if result is False else result
                continue
            if title.date is not None and title.date > ctx.as_of:
                future.append(title.date)
                continue
            result = True
        if result is True:
            return True, "title held", ctx.as_of, ()
        if result is None:
            return None, "alignment of the title not given", None, tuple(missing)
        return False, "no such title", min(future) if future else None, ()

    def column(self, ctx: ColumnContext) -> pl.Expr:
        from baji.operators.columns import EL, dated_ok, listed

        code = self._fit_column()
        code = code.when(dated_ok(EL.struct.field("date"), ctx.as_of)).then(2).otherwise(0)
        return listed("titles", code, 0)

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr:
        from baji.operators.columns import EL, fitted_date

        return fitted_date("titles", self._fit_column().otherwise(2), EL.struct.field("date"),
                           ctx.as_of)

    def _fit_column(self) -> Any:
        """The per-title code, its date aside, as an unfinished polars ``when`` chain."""
        import polars as pl

        from baji.operators.columns import EL

        code: Any = pl.when(~EL.struct.field("id").is_in(list(self.ids))).then(0)
        if self.aligned:
            flag = EL.struct.field("aligned")
            code = code.when(flag.is_null()).then(1).when(~flag).then(0)
        return code

    def sql(self, ctx: SqlContext) -> exp.Expr:
        from baji.operators.sql_parts import case, dated_ok, field, listed

        branches = [*self._fit_sql(), (dated_ok(field("dated"), ctx.as_of), 2)]
        return listed(ctx, "titles", case(*branches, default=0))

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr:
        from baji.operators.sql_parts import case, field, fitted_date

        return fitted_date(ctx, "titles", case(*self._fit_sql(), default=2), field("dated"))

    def _fit_sql(self) -> list[tuple[exp.Expr, exp.Expr | int]]:
        """The branches of the per-title code, its date aside (2 when none applies)."""
        from sqlglot import exp

        from baji.operators.sql_parts import field, one_of

        branches: list[tuple[exp.Expr, exp.Expr | int]] = [
            (exp.Not(this=exp.Paren(this=one_of(field("title"), self.ids))), 0)]
        if self.aligned:
            flag = field("aligned")
            branches += [(flag.is_(exp.Null()), 1), (exp.Not(this=flag), 0)]
        return branches

    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry:
        return FacetEntry("titles", "title", "", required, frozenset(self.members(vocab)))

    def members(self, vocab: Vocab) -> set[str]:
        return {t + (":aligned" if self.aligned else "") for t in self.ids}

    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        if value:
            title_id = str(pick.choose(list(self.ids)))
            needs.titles.append((title_id, True if self.aligned
                                 else bool(pick.choose([True, False]))))
        else:
            needs.titles_out.append((tuple(self.ids), bool(self.aligned)))

    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        from baji.operators.witness import booleans

        ids, aligned = self.ids, self.aligned
        if plan.titles is None:
            return
        if unknown:
            if aligned and draw(booleans()):
                plan.titles = [(t, None if t in ids else al, w) for t, al, w in plan.titles]
            else:
                plan.titles = None
        else:
            plan.titles = [(t, False if aligned else al, "future" if not aligned else w)
                           for t, al, w in plan.titles if t in ids] + [
                x for x in plan.titles if x[0] not in ids]

    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        assert plan.titles is not None
        return any(t in self.ids and (al or not self.aligned) for t, al, _ in plan.titles)
