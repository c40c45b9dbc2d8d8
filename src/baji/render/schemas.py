"""JSON Schemas of the pack file, the profile and the decision, from the models."""

from __future__ import annotations

import json

from pydantic import BaseModel

from baji.core.decision import Decision
from baji.pack.model import PackFile
from baji.profile.model import Profile

SCHEMAS: dict[str, type[BaseModel]] = {"pack": PackFile, "profile": Profile,
                                       "decision": Decision}


def schema_text(name: str) -> str:
    """The JSON Schema ``name`` (``pack``, ``profile``, ``decision``) as stable JSON text."""
    model = SCHEMAS[name]
    if name == "decision":
        schema = model.model_json_schema(mode="serialization", by_alias=True)
    else:
        schema = model.model_json_schema(mode="validation", by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://baji.invalid/schemas/{name}.schema.json"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
