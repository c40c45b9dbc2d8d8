"""The base of baji's input models: strict, frozen, unknown fields rejected."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator


class StrictModel(BaseModel):
    """Strict pydantic model: no type coercion, unknown fields are errors, immutable.

    YAML and JSON give lists where the models keep tuples (immutable, hashable); a list
    is accepted wherever a tuple is declared, and nothing else is coerced.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _lists_as_tuples(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list) else value
