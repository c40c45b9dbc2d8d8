"""The playground at ``/`` of ``baji serve``: a page to try a candidate in the browser.

Pick a jurisdiction (or a pack) and a date, fill a form generated from the profile's
JSON Schema as the service serves it (``GET /v1/schemas/profile``, so the form follows
the schema), or paste the profile as JSON or YAML, and see the decision sheet. The page
only calls the service's own API (``POST /v1/evaluate`` with ``Accept: text/html``; YAML
is sent as ``application/yaml`` and read by the service's loader, never in the browser),
so the token and the limits of the service apply to it as to any client. Its files are
package data (``baji/server/static/``): plain HTML, CSS and JavaScript, no build step,
nothing fetched from elsewhere, so it works offline.

The page, its script and style, and the labels of the form (``/playground/labels.json``,
from :mod:`baji.core.labels` and the vocabulary: nothing secret) need no token.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from baji.core.labels import (
    EMPLOYER_LABELS,
    FACT_LABELS,
    FIELD_EN,
    FIELD_ZH,
    FILING_LABELS,
    FORM_LABELS,
    RANK_LABEL,
    VALUE_LABELS,
)
from baji.core.levels import Level
from baji.core.vocabulary import KINDS, default_vocab

#: The page runs its own script only, talks to this service only, and shows the sheet
#: in a sandboxed frame (the sheet's inline style is its only style).
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "connect-src 'self'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; "
          "form-action 'none'; frame-ancestors 'none'")
_FILES = {"playground.js": "text/javascript; charset=utf-8",
          "playground.css": "text/css; charset=utf-8"}


def _asset(name: str) -> bytes:
    return files("baji.server").joinpath("static", name).read_bytes()


@lru_cache(maxsize=1)
def form_labels() -> str:
    """The labels of the form, as JSON: ``fields`` by path (``grades[].posts[].start``,
    ``attestations.physically_fit``), ``values`` of enumerations, the ``attestations``
    to ask about, and ``suggest``: the vocabulary's honours, awards, titles and
    contributions. Each label is ``[Chinese, English]``."""
    vocab = default_vocab()
    fields: dict[str, tuple[str, str]] = {}
    fields.update(FACT_LABELS)
    fields.update({name: (FIELD_ZH[name], FIELD_EN[name]) for name in FIELD_ZH})
    fields.update({f"employer.{name}": label for name, label in EMPLOYER_LABELS.items()})
    fields.update(FORM_LABELS)
    attestations = {item.id: (item.zh, item.en) for item in
                    vocab.items["attestation"].values()}
    fields.update({f"attestations.{name}": label for name, label in attestations.items()})
    values: dict[str, tuple[str, str]] = {level.value: (level.zh, level.en) for level in Level}
    values.update(FILING_LABELS)
    values.update({rank: (label.zh, label.en) for rank, label in RANK_LABEL.items()})
    values.update(VALUE_LABELS)
    values.update({item.id: (item.zh, item.en) for kind in KINDS.values()
                   for item in vocab.items[kind].values()})
    suggest = {section: [(item.id, item.zh, item.en) for item in vocab.items[kind].values()]
               for section, kind in KINDS.items() if kind != "attestation"}
    data: dict[str, Any] = {"fields": fields, "values": values,
                            "attestations": list(attestations), "suggest": suggest}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def page_html(root_path: str) -> bytes:
    """The page, its addresses under ``root_path`` (the prefix a reverse proxy serves the
    service under, as ``baji serve --root-path`` gives it): absolute then, so that
    ``/baji`` works as ``/baji/`` does; relative to the page without one."""
    root = html.escape(root_path.rstrip("/"), quote=True) or "."
    return _asset("index.html").replace(b"{{root}}", root.encode("utf-8"))


def add_playground(app: FastAPI) -> None:
    """Serve the playground at ``/`` of ``app`` (left out of the OpenAPI document: it is
    a page, not an endpoint)."""

    @app.get("/", include_in_schema=False)
    def page(request: Request) -> Response:
        return Response(page_html(request.scope.get("root_path", "")),
                        media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": POLICY})

    @app.get("/playground/labels.json", include_in_schema=False)
    def labels() -> Response:
        return Response(form_labels(), media_type="application/json")

    def serve(name: str, kind: str) -> None:
        @app.get(f"/playground/{name}", include_in_schema=False)
        def asset() -> Response:
            return Response(_asset(name), media_type=kind)

    for name, kind in _FILES.items():
        serve(name, kind)
