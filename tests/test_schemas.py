"""schemas/ holds the JSON Schemas generated from the models, kept in sync."""

from __future__ import annotations

import json
import re
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


def _descriptions(node: object, at: str = "$") -> list[tuple[str, str, str]]:
    """(place, key, text) of every description of a schema, English and Chinese."""
    found: list[tuple[str, str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "x-description-zh") and isinstance(value, str):
                found.append((at, key, value))
            else:
                found += _descriptions(value, f"{at}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _descriptions(value, f"{at}/{i}")
    return found


#: What docstrings are written in, and JSON readers should never see.
DOCSTRING_SYNTAX = re.compile(r">>>|\.\.\. |:(attr|func|class|meth|data|mod):|``|Example:")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_descriptions_are_not_docstrings(name: str) -> None:
    """No description of a published schema leaks Python docstring syntax."""
    leaks = [(at, text) for at, _, text in _descriptions(json.loads(schema_text(name)))
             if DOCSTRING_SYNTAX.search(text)]
    assert leaks == []


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_model_is_described_in_english_and_chinese(name: str) -> None:
    """The schema and each of its definitions have a description and a Chinese one."""
    published = json.loads(schema_text(name))
    for at, node in [("$", published), *published["$defs"].items()]:
        assert node.get("description"), f"{name} {at}: no description (baji.render.schema_texts)"
        assert re.search("[\u4e00-\u9fff]", node.get("x-description-zh", "")), f"{name} {at}"


def test_every_profile_field_is_described_in_english_and_chinese() -> None:
    """Each property of the profile and of its parts has a description in English and
    one in Chinese (a field added to the models without one fails here)."""
    published = json.loads(schema_text("profile"))
    missing = [f"{title}.{field}"
               for title, node in [("Profile", published), *published["$defs"].items()]
               for field, prop in node.get("properties", {}).items()
               if not prop.get("description")
               or not re.search("[\u4e00-\u9fff]", prop.get("x-description-zh", ""))]
    assert missing == [], "describe them in baji.render.schema_texts.PROPERTIES"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    """Each published schema is valid against the Draft 2020-12 meta-schema."""
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json.loads(schema_text(name)))
