"""JSON Schemas of the pack file, the profile and the decision, from the models.

The profile and pack schemas are the models' validation schemas: each field type says in
JSON Schema what it takes (:mod:`baji.profile.field_types`: days in range, level names,
vocabulary names), and the profile's models add what their validators take or refuse
(bare names, certificate numbers). The decision schema is the serialization schema.
Descriptions come from :mod:`baji.render.schema_texts`, in English (``description``) and
Chinese (``x-description-zh``); the models' docstrings, written for Python readers, are
left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode

from baji.core.decision import Decision
from baji.core.decision_ref_models import DecisionByReference
from baji.pack.model import PackFile
from baji.profile.model import Profile
from baji.render.schema_texts import MODELS, PROPERTIES, Text

SCHEMAS: dict[str, type[BaseModel] | type[Decision]] = {
    "pack": PackFile, "profile": Profile, "decision": Decision,
    "decision-ref": DecisionByReference}
#: The key of a schema's Chinese description (an annotation validators ignore).
ZH = "x-description-zh"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``name`` (``pack``, ``profile``, ``decision``, ``decision-ref``) as
    a mapping."""
    model = SCHEMAS[name]
    mode: JsonSchemaMode = "serialization" if name == "decision" else "validation"
    found: dict[str, Any] = model.model_json_schema(mode=mode, by_alias=True)
    describe([(found["title"], found), *found.get("$defs", {}).items()], MODELS, PROPERTIES)
    found["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    found["$id"] = f"https://baji.invalid/schemas/{name}.schema.json"
    return found


def describe(definitions: Iterable[tuple[str, dict[str, Any]]], models: Mapping[str, Text],
             properties: Mapping[str, Text]) -> None:
    """Give each of ``definitions`` (name, schema of a model) its description from
    ``models`` and each of its properties theirs from ``properties`` (``Model.field``),
    in place of the docstrings pydantic put there."""
    for title, definition in definitions:
        _describe(definition, models.get(title))
        for field, node in definition.get("properties", {}).items():
            _describe(node, properties.get(f"{title}.{field}"), keep=True)


def _describe(node: dict[str, Any], text: Text | None, *, keep: bool = False) -> None:
    """Give ``node`` the description ``text``; without one, drop the docstring pydantic put
    there (a property's own description, from ``Field``, is kept when ``keep``)."""
    if text is not None:
        node["description"], node[ZH] = text
    elif not keep:
        node.pop("description", None)


def schema_text(name: str) -> str:
    """The JSON Schema ``name`` (``pack``, ``profile``, ``decision``) as stable JSON text."""
    return json.dumps(schema(name), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
