"""What every leaf operator is: the :class:`Operator` base and the contexts it works in.

A leaf operator (``tenure``, ``award``, ``no_ban`` ...) is one class in one module of
:mod:`baji.operators`. Its instances are compiled leaves: the operator with its resolved
operands as typed fields (``TenureOp(grade=..., years=5)``), held by each leaf
:class:`~baji.pack.network.Node`. The class holds, side by side, everything baji does
with that condition: the pack syntax of its operand, its compile step and requirement
texts, its value and earliest-date functions and the expressions the compiled program
calls them with, its trace, its polars and SQL expressions, its facet for diffs and docs,
the contradictions it can be part of, and how the Hypothesis strategies build a profile
meeting it (docs/pack-format.md, "Adding an operator").

The compiler, the program generator, the columnar and SQL backends, the analysts and
the strategies reach the operator through the small protocols defined here
(:class:`CompileContext`, :class:`Emitter`, :class:`ColumnContext`, :class:`SqlContext`);
the polars, sqlglot and Hypothesis parts import those libraries inside the methods, as
all three are optional.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, Field

from baji.core.decision import Message
from baji.core.vocabulary import Kind, Vocab, default_vocab
from baji.io.yaml_reader import Key

# The values of the compiled program (0 unmet, 1 unknown, 2 met: Kleene's ``and`` is
# ``min``, ``or`` ``max``, ``not`` ``2 - x``), defined with the dated helpers, which
# import no model (the copies of the value functions programs compiled ahead call read
# them there, baji.engine.ahead.copying).
from baji.operators.dated import MET as MET
from baji.operators.dated import UNKNOWN as UNKNOWN
from baji.operators.dated import UNMET as UNMET
from baji.profile.model import Profile

if TYPE_CHECKING:
    import polars as pl
    from sqlglot import exp

    from baji.operators.witness import Needs, Pick, Plan

#: A pack id or vocabulary id as a pack may write it.
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
#: Years a pack may ask for.
Years = Annotated[int, Field(ge=1, le=50)]


#: A leaf as the full decision traces it: met (``True``/``False``/``None`` unknown), what
#: the profile gives, the date from which it is met on every later day (``as_of`` when
#: met and staying met; ``None`` when unknown or never for good by time alone), and the
#: facts that would settle an unknown one.
Outcome = tuple[bool | None, str, dt.date | None, tuple[str, ...]]

#: The facets of :mod:`baji.analysts.summary` that leaves fill.
LeafFacet = Literal["tenure", "honours", "awards", "direct_awards", "titles",
                    "contributions", "employer", "bans", "recommendations", "conditions"]


class LeafContext:
    """What traced leaves read: the profile, the date, whether posts may be assumed from
    certificate dates, the vocabulary the pack was compiled with, and the assumptions
    made so far (one context per evaluation)."""

    __slots__ = ("profile", "as_of", "assume", "assumptions", "vocab")

    def __init__(self, profile: Profile, as_of: dt.date, assume: bool = False,
                 vocab: Vocab | None = None) -> None:
        self.profile = profile
        self.as_of = as_of
        self.assume = assume
        self.vocab = vocab or default_vocab()
        self.assumptions: dict[str, Message] = {}


class CompileContext(Protocol):
    """What an operator's compile step asks of the pack compiler."""

    @property
    def vocab(self) -> Vocab:
        """The vocabulary the pack is compiled with."""

    def items(self, key: Key, kind: Kind, ref: str | tuple[str, ...]) -> tuple[str, ...]:
        """The vocabulary ids ``ref`` names (ids or the pack's sets), sorted; an unknown
        name is reported at ``key``."""

    def names(self, kind: Kind, ids: tuple[str, ...], lang: str) -> str:
        """The display names of ``ids`` in ``lang``, joined."""

    def vocab_id(self, key: Key, kind: Kind, item: str) -> str | None:
        """``item`` when the vocabulary has it, else ``None`` (reported at ``key``)."""


class Emitter(Protocol):
    """What an operator's generated-code expressions ask of the program generator."""

    @property
    def vocab(self) -> Vocab:
        """The vocabulary the pack was compiled with."""

    def const(self, value: object) -> str:
        """Source text naming ``value``: a literal, or a global holding it."""

    def table(self, name: str, build: Callable[[], object]) -> str:
        """``name``, a global holding ``build()`` (built once per program)."""


class _RosterContext(Protocol):
    """What every roster-at-once backend gives an operator (polars and SQL alike)."""

    @property
    def as_of(self) -> dt.date:
        """The evaluation date."""

    @property
    def award_scope(self) -> Mapping[str, int]:
        """Each award id's ``scope_at_least`` rank (from the pack's vocabulary)."""

    @property
    def ranked(self) -> Sequence[str]:
        """The award ids that have prize ranks."""


class ColumnContext(_RosterContext, Protocol):
    """What an operator's polars expression asks of the columnar backend."""


class SqlContext(_RosterContext, Protocol):
    """What an operator's SQL expression asks of the SQL backend (:mod:`baji.backends.sql`;
    the table layout is in docs/warehouse.md)."""

    def column(self, name: str) -> exp.Expr:
        """A column of the candidate table, for the current row."""

    def known(self, table: str) -> exp.Expr:
        """Whether the candidate's list held in list table ``table`` is given (TRUE) or
        unknown (FALSE); never NULL."""

    def aggregate(self, table: str, value: exp.Expr) -> exp.Expr:
        """``value``, an aggregate over the candidate's rows of list table ``table`` (its
        columns named plainly), for the current row; NULL when the candidate has none."""

    def derive(self, table: str, name: str, value: exp.Expr) -> exp.Expr:
        """A column ``name`` added to each row of list table ``table``, computed by
        ``value`` (a window function over the table, say), for :meth:`aggregate`'s
        values to read."""


@dataclass(frozen=True)
class Compiled:
    """An operator's compile step's result: the leaf, its requirement text, the facts
    it reads (named when they are unknown)."""

    leaf: Operator
    required: Message
    facts: tuple[str, ...]


@dataclass(frozen=True)
class FacetEntry:
    """What a leaf contributes to the facets of a path (:mod:`baji.analysts.summary`)."""

    facet: LeafFacet
    key: str
    value: str
    text: Message
    members: frozenset[str] = frozenset()


class Operator(ABC):
    """A compiled leaf condition of one kind; subclasses are frozen dataclasses whose
    fields are the resolved operands.

    Class attributes:
        kind: the pack key (``tenure``).
        cost: rough relative cost, to try cheap conditions first in ``all``/``any``.
        inline: its value is an inline expression over one profile attribute.
        timeless: its value does not depend on the date.
        list_field: the profile list it reads (left out, or empty, it decides the
            outcome alone), if any.
        route: it is what a candidate qualifies *by* (grade, honour, award ...), not a
            condition every route shares.
        functions: the globals its generated expressions call, by name.
    """

    __slots__ = ()
    kind: ClassVar[str]
    cost: ClassVar[int]
    inline: ClassVar[bool] = False
    timeless: ClassVar[bool] = False
    list_field: ClassVar[str | None] = None
    route: ClassVar[bool] = False
    functions: ClassVar[Mapping[str, Callable[..., Any]]] = {}

    # -- compile ------------------------------------------------------------------------
    @classmethod
    @abstractmethod
    def compile(cls, operand: Any, ctx: CompileContext, key: Key) -> Compiled:
        """The leaf of ``operand`` (the pack's value under :attr:`kind`), names
        resolved through ``ctx``; ``key`` locates the operand for problems."""

    @property
    @abstractmethod
    def params(self) -> tuple[Any, ...]:
        """The operands as one hashable tuple (identical leaves are one node)."""

    # -- value, date and trace ----------------------------------------------------------
    @abstractmethod
    def value_code(self, emit: Emitter) -> str:
        """A Python expression of the value (0/1/2) over ``p`` (the profile), ``A``
        (its attestations), ``E`` (its employer), ``as_of`` and ``assume``."""

    def date_code(self, emit: Emitter) -> str | None:
        """A Python expression of the date from which the leaf is met on every later
        day; ``None`` for a leaf that, met now, stays met (its date is ``as_of`` when
        its value is 2)."""
        return None

    @abstractmethod
    def trace(self, ctx: LeafContext) -> Outcome:
        """Value, what was found, date and missing facts, for the full decision."""

    @property
    def tells(self) -> bool:
        """Whether :meth:`decision_note` may give a note (most leaves never do)."""
        return False

    def decision_note(self, ctx: LeafContext) -> tuple[Message, ...]:
        """Notes, computed from the profile, for the decision of a level reading this
        leaf (e.g. the date a ban ends under another reading of the text)."""
        return ()

    def trace_cases(self) -> tuple[str, tuple[tuple[object, Any], ...]] | None:
        """For a leaf reading one enumerable profile value: the source text reading it
        from ``p``, and each value it may take with a stand-in profile giving it (the
        program tabulates the traces); ``None`` for other leaves."""
        return None

    # -- columns ------------------------------------------------------------------------
    @abstractmethod
    def column(self, ctx: ColumnContext) -> pl.Expr:
        """The polars expression of the value over a roster frame (``null``: unknown)."""

    @abstractmethod
    def sql(self, ctx: SqlContext) -> exp.Expr:
        """The SQL expression (sqlglot) of the value over the candidate table: a nullable
        boolean, NULL for unknown; the same as :meth:`column`."""

    def column_date(self, ctx: ColumnContext, value: pl.Expr) -> pl.Expr | None:
        """The polars expression of the date from which the leaf is met on every later
        day (:meth:`date_code`'s, row by row; ``null`` for none), given the leaf's
        ``value`` column; ``None`` for a leaf that, met now, stays met (its date is
        ``as_of`` where its value is true).

        Raises:
            NotImplementedError: the leaf has a :meth:`date_code` (a date of its own)
                and no polars twin of it.
        """
        if type(self).date_code is not Operator.date_code:
            raise NotImplementedError(f"operator {self.kind!r} has date_code but no "
                                      "column_date")
        return None

    def sql_date(self, ctx: SqlContext, value: exp.Expr) -> exp.Expr | None:
        """The SQL expression (sqlglot) of the date from which the leaf is met on every
        later day, a nullable ``DATE`` (NULL for none), given the leaf's ``value``; the
        same as :meth:`column_date`, ``None`` where that is.

        Raises:
            NotImplementedError: the leaf has a :meth:`date_code` and no SQL twin of it.
        """
        if type(self).date_code is not Operator.date_code:
            raise NotImplementedError(f"operator {self.kind!r} has date_code but no sql_date")
        return None

    # -- facets -------------------------------------------------------------------------
    @abstractmethod
    def facet(self, required: Message, default: bool, path: str,
              vocab: Vocab) -> FacetEntry | None:
        """What the leaf adds to the facets of ``path`` (``default``: of strength
        ``default``, 原则上)."""

    def members(self, vocab: Vocab) -> set[str]:
        """The vocabulary items a set leaf accepts (none for other leaves)."""
        return set()

    def route_token(self) -> str:
        """How the leaf names a route (:attr:`route`) in a route signature."""
        return self.kind

    # -- contradictions -------------------------------------------------------------------
    @classmethod
    def atom(cls, operand: Any, sets: Mapping[str, tuple[str, ...]]) -> tuple[object, ...]:
        """A canonical form of ``operand`` (the pack's sets resolved by ``sets``): two
        conditions with equal atoms are the same condition."""
        if isinstance(operand, BaseModel):
            return tuple(sorted((k, repr(v)) for k, v in operand.model_dump().items()))
        return (repr(operand),)

    @classmethod
    def excludes(cls, met: tuple[object, ...], unmet: tuple[object, ...]) -> bool:
        """Whether the condition of atom ``met`` cannot be met while the one of atom
        ``unmet`` is unmet (beyond equal atoms, which always exclude)."""
        return False

    @classmethod
    def clashes(cls, first: tuple[object, ...], second: tuple[object, ...]) -> bool:
        """Whether the conditions of two atoms cannot both be met."""
        return False

    # -- witness (Hypothesis strategies) --------------------------------------------------
    @abstractmethod
    def want(self, needs: Needs, value: bool, pick: Pick, target: bool) -> None:
        """Record in ``needs`` what a profile must give for the leaf to be met (or
        unmet, ``value`` false); ``target`` marks the boundary tenure of a pair.

        Raises:
            Unsatisfiable: the builder does not construct that.
        """

    @abstractmethod
    def perturb(self, plan: Plan, unknown: bool, draw: Callable[[Any], Any]) -> None:
        """Make the leaf unmet (often with a date from which it will be met) or unknown
        in ``plan``; approximate, it may affect other leaves too."""

    @abstractmethod
    def truth(self, plan: Plan, time: tuple[Any, int], on: bool) -> bool | None:
        """The leaf's truth for a negative-filled ``plan``, independent of the
        evaluator: the boundary grade ``time[0]`` has ``time[1]`` years on the
        completion date (``on``) and fewer the day before."""


def marked(text: Message, default: bool) -> Message:
    """``text`` marked 原则上 (default) when ``default``."""
    if not default:
        return text
    return Message(zh=text.zh + "（原则上）", en=text.en + " (default)")


def met(value: bool | None) -> int:
    """A trace's met flag as a program value."""
    return UNKNOWN if value is None else MET if value else UNMET


def set_atom(operand: str | tuple[str, ...], sets: Mapping[str, tuple[str, ...]]
             ) -> tuple[object, ...]:
    """The items an ``in``-list of ids and set names stands for, as one frozenset."""
    refs = (operand,) if isinstance(operand, str) else tuple(str(v) for v in operand)
    items: set[str] = set()
    for ref in refs:
        items.update(sets.get(ref, (ref,)))
    return (frozenset(items),)


def subset(small: object, big: object) -> bool:
    """Both are frozensets and ``small`` is within ``big``."""
    return isinstance(small, frozenset) and isinstance(big, frozenset) and small <= big
