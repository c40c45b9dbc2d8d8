"""The leaf operators of rule packs, one module each, and their registry.

Each module holds one operator whole (its pack syntax, compile step and texts, value,
earliest date, generated code, trace, polars expression, facet, contradictions and
Hypothesis witness); see :mod:`baji.operators.base` and docs/pack-format.md, "Adding an
operator". The registry below loads on first use (PEP 562): a program compiled ahead
(:mod:`baji.engine.ahead`) calls copies of the operators' value and date functions and
imports only :mod:`baji.operators.dated` of this package, without the operators' models.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from baji.operators.base import Operator

__all__ = ["LEAVES", "Operator"]

#: Every leaf operator by its pack key, in the order the pack format lists them.
LEAVES: MappingProxyType[str, type[Operator]]


def _leaves() -> MappingProxyType[str, type[Operator]]:
    from baji.operators.attested import AttestedOp
    from baji.operators.award import AwardOp
    from baji.operators.contribution import ContributionOp
    from baji.operators.employer import EmployerOp
    from baji.operators.employer_filing import EmployerFilingOp
    from baji.operators.employer_pilot import EmployerPilotOp
    from baji.operators.employer_years import EmployerYearsOp
    from baji.operators.fact import FactOp
    from baji.operators.grade import GradeOp
    from baji.operators.honour import HonourOp
    from baji.operators.no_ban import NoBanOp
    from baji.operators.not_restricted import NotRestrictedOp
    from baji.operators.occupation import OccupationOp
    from baji.operators.recommended import RecommendedOp
    from baji.operators.tenure import TenureOp
    from baji.operators.title import TitleOp

    return MappingProxyType({op.kind: op for op in (
        GradeOp, TenureOp, OccupationOp, FactOp, AttestedOp, HonourOp, AwardOp, TitleOp,
        ContributionOp, RecommendedOp, EmployerOp, EmployerFilingOp, EmployerPilotOp,
        EmployerYearsOp, NoBanOp, NotRestrictedOp)})


def __getattr__(name: str) -> Any:
    """``LEAVES`` and ``Operator``, imported on first use."""
    if name == "LEAVES":
        value: Any = _leaves()
    elif name == "Operator":
        from baji.operators.base import Operator as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
