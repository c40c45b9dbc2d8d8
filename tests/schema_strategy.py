"""A Hypothesis strategy drawing JSON values from a JSON Schema: the values it accepts.

hypothesis-jsonschema 0.23.1 cannot draw objects with the Hypothesis of the dev extra
(it calls ``many.more()``, which Hypothesis 6.170 no longer has), so this one is written
for the keywords baji's published schemas use. A keyword it does not know is an error,
never a constraint silently left out; every value it draws is checked against the whole
schema by the tests that use it.

A branch of ``anyOf`` is drawn together with the keywords beside the ``anyOf``; for an
object, the branch's ``properties`` take the place of those of the same name (the grade's
level and its certificate number, one branch a level).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: Keywords that only annotate: they accept everything.
ANNOTATIONS = frozenset({"title", "description", "x-description-zh", "default", "examples",
                         "$schema", "$id", "$defs", "format"})
#: Keywords this strategy draws by.
KNOWN = ANNOTATIONS | {"$ref", "anyOf", "type", "enum", "pattern", "minLength",
                       "maxLength", "properties", "required", "additionalProperties",
                       "propertyNames", "items", "minProperties"}
#: JSON text for free-text fields: any character Python's ``json`` writes (no lone
#: surrogates: none can be written as UTF-8), often Chinese.
TEXT = st.one_of(st.text(max_size=12), st.sampled_from(["", "张三", "车工", " a b "]))


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values ``schema`` (with its ``$defs``) accepts."""
    return _Drawer(schema).draw(schema)


class _Drawer:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.defs: dict[str, Any] = root.get("$defs", {})

    def draw(self, node: dict[str, Any]) -> st.SearchStrategy[Any]:
        unknown = set(node) - KNOWN
        if unknown:
            raise ValueError(f"keywords not drawn by this strategy: {sorted(unknown)}")
        if "$ref" in node:
            rest = {k: v for k, v in node.items() if k != "$ref" and k not in ANNOTATIONS}
            if rest:
                raise ValueError(f"$ref beside constraints: {sorted(rest)}")
            return st.deferred(lambda: self.draw(self.defs[node["$ref"].rsplit("/", 1)[1]]))
        if "anyOf" in node:
            base = {k: v for k, v in node.items() if k != "anyOf"}
            return st.one_of([self.draw(_merged(base, branch)) for branch in node["anyOf"]])
        if "enum" in node:
            return st.sampled_from(node["enum"])
        kind = node.get("type")
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "string":
            return self._string(node)
        if kind == "array":
            return st.lists(self.draw(node.get("items", {})), max_size=3)
        if kind == "object":
            return self._object(node)
        raise ValueError(f"no type to draw: {node!r}")

    def _string(self, node: dict[str, Any]) -> st.SearchStrategy[str]:
        low, high = node.get("minLength", 0), node.get("maxLength")
        drawn = (st.from_regex(node["pattern"], fullmatch=True) if "pattern" in node
                 else TEXT)
        return drawn.filter(lambda s: low <= len(s) and (high is None or len(s) <= high))

    def _object(self, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        props: dict[str, Any] = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        if props:
            if extra is not False:
                raise ValueError("objects with properties are drawn closed")
            required = set(node.get("required", ()))
            return st.fixed_dictionaries(
                {k: self.draw(v) for k, v in props.items() if k in required},
                optional={k: self.draw(v) for k, v in props.items() if k not in required})
        keys = self.draw({"type": "string", **node.get("propertyNames", {})})
        values = self.draw(extra) if isinstance(extra, dict) else st.none()
        return st.dictionaries(keys, values, min_size=node.get("minProperties", 0),
                               max_size=4)


def _merged(base: dict[str, Any], branch: dict[str, Any]) -> dict[str, Any]:
    """``base`` and one ``anyOf`` branch of it as one schema."""
    merged = {**base, **branch}
    if "properties" in base and "properties" in branch:
        merged["properties"] = {**base["properties"], **branch["properties"]}
    return merged
