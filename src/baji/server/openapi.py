"""The OpenAPI 3.1 document of the service, built on the JSON Schemas of ``schemas/``.

FastAPI draws the paths, parameters and responses from the routes; the schemas they
point at (``#/components/schemas/Profile``...) are filled in here. The profile and the
decision are the very JSON Schemas ``baji schema`` writes (:func:`baji.render.schemas.schema_text`),
their ``$defs`` moved into the components, so the service accepts and answers exactly
what ``schemas/`` publishes. The service's own shapes (:mod:`baji.server.models`), the
problem document and the pack diff are generated from their pydantic models; where one
of them shares a part with ``schemas/`` (``Message``, ``Citation``, ``Level``), the part
of ``schemas/`` is kept. Every component is described in English and Chinese
(:mod:`baji.server.schema_texts`), not by the models' docstrings.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from baji.analysts.diff import PackDiff
from baji.profile.field_types import level_names
from baji.render import schema_texts
from baji.render.schemas import describe, schema_text
from baji.server import schema_texts as own_texts
from baji.server.models import Answers, Health, PackDetail, PackList, PackTexts, SchemaNames
from baji.server.problems import ProblemDocument

COMPONENTS = "#/components/schemas/"

#: The service's own models (each a component under its class name, as are their parts).
OWN_MODELS: tuple[type[BaseModel], ...] = (
    PackList, PackDetail, PackTexts, Answers, Health, SchemaNames, ProblemDocument, PackDiff)
#: The JSON Schemas of ``schemas/`` in the document, by component name.
PUBLISHED = {"Profile": "profile", "Decision": "decision",
             "DecisionByReference": "decision-ref"}


def ref(name: str) -> dict[str, str]:
    """A reference to component ``name``."""
    return {"$ref": COMPONENTS + name}


def components() -> dict[str, Any]:
    """Every schema component: the service's models, then those of ``schemas/``."""
    _, top = models_json_schema([(m, "serialization") for m in OWN_MODELS],
                                ref_template=COMPONENTS + "{model}")
    found: dict[str, Any] = dict(top.get("$defs", {}))
    describe(found.items(), {**schema_texts.MODELS, **own_texts.MODELS},
             {**schema_texts.PROPERTIES, **own_texts.PROPERTIES})
    for name, published in PUBLISHED.items():
        found.update(published_schema(published, name))
    return dict(sorted(found.items()))


def published_schema(name: str, title: str) -> dict[str, Any]:
    """The JSON Schema ``name`` of ``schemas/`` as components: the schema itself under
    ``title``, each of its ``$defs`` under its own name."""
    schema = json.loads(schema_text(name))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    out = {title: schema, **defs}
    rewritten: dict[str, Any] = _rewrite(out)
    return rewritten


def _rewrite(value: Any) -> Any:
    """``#/$defs/X`` references turned into ``#/components/schemas/X``."""
    if isinstance(value, dict):
        return {k: (COMPONENTS + v[len("#/$defs/"):] if k == "$ref" and isinstance(v, str)
                    and v.startswith("#/$defs/") else _rewrite(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


#: The parameters that name a pack.
PACK_PARAMETERS = ("pack", "a", "b")
#: The parameters that name levels (ids or Chinese names). Which levels a pack rules on
#: depends on the pack chosen by another parameter, which OpenAPI cannot say: a level
#: the pack does not rule on is answered 422, BAJI303.
LEVEL_PARAMETERS = ("levels",)


def complete(document: dict[str, Any], *, bearer: bool, packs: tuple[str, ...]
             ) -> dict[str, Any]:
    """FastAPI's document with baji's schema components, FastAPI's own validation-error
    shapes left out (the service answers problem documents), the names of the packs
    served (``packs``: ids and jurisdictions) as the choices of every parameter naming a
    pack, and, when a token is required, the bearer scheme on every ``/v1`` operation."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] in PACK_PARAMETERS:
                    schema = parameter["schema"]
                    target = schema["items"] if schema.get("type") == "array" else schema
                    if "anyOf" in schema:  # an optional list: [items] or null
                        target = next(s for s in schema["anyOf"] if s.get("type") == "array"
                                      )["items"]
                    target["enum"] = list(packs)
                elif parameter["name"] in LEVEL_PARAMETERS:
                    schema = parameter["schema"]
                    array = next(s for s in schema.get("anyOf", [schema])
                                 if s.get("type") == "array")
                    array["items"] = {"type": "string", "enum": level_names()}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.update(components())
    if bearer:
        document["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "the token given to `baji serve` by --token-file "
                                      "or BAJI_TOKEN"}}
        for path, operations in document.get("paths", {}).items():
            if path.startswith("/v1/"):
                for operation in operations.values():
                    operation["security"] = [{"bearer": []}]
                    operation.setdefault("responses", {})["401"] = problem_response(
                        "no bearer token, or not the right one (BAJI500, BAJI501)")
    return document


def problem_response(description: str) -> dict[str, Any]:
    """A response holding a problem document."""
    return {"description": description,
            "content": {"application/problem+json": {"schema": ref("ProblemDocument")}}}


def json_response(name: str, description: str,
                  media_type: str = "application/json") -> dict[str, Any]:
    """A response holding component ``name``."""
    return {"description": description, "content": {media_type: {"schema": ref(name)}}}
