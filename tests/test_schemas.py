"""schemas/ holds the JSON Schemas generated from the models, kept in sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baji.render.schemas import SCHEMAS, schema_text

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_is_current(name: str) -> None:
    """The committed schema equals the one the models generate (`baji schema --out schemas`)."""
    committed = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "regenerate with: baji schema --out schemas"


def test_profile_schema_rejects_unknown_fields() -> None:
    """The profile schema says what the model enforces: no additional properties."""
    schema = json.loads(schema_text("profile"))
    assert schema["additionalProperties"] is False
    assert "grades" in schema["properties"]
