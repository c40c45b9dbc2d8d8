"""Build frozen result models from values that are already valid, without validating again.

The evaluator builds tens of :mod:`baji.core.decision` models per candidate from values it
made itself (levels, statuses, citations of the compiled pack). Validating them again
costs more than the whole evaluation, and ``model_construct`` is slower still, so
:func:`assemble` fills a model's instance state directly: the result is equal to, and
serialises exactly like, the validated model built from the same fields (a test checks
it for every result model).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

_new = object.__new__
_set = object.__setattr__


def assemble(cls: type[M], fields: dict[str, Any]) -> M:
    """An instance of ``cls`` holding ``fields`` as given, unvalidated.

    Args:
        cls: a frozen model without validators or private attributes.
        fields: a value for every field of ``cls``, in declaration order, each already
            of the declared type (the caller's responsibility: nothing is checked).

    Returns:
        The model, as if built with every field given explicitly.
    """
    model = _new(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", set(fields))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model
