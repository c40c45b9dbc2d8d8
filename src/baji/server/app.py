"""The endpoints of ``baji serve``: :func:`create_app` builds the FastAPI application.

Every endpoint parses its request, calls the library and renders the answer; nothing
here decides anything. Under ``/v1``:

- ``GET /v1/packs``: the packs served and the version of each jurisdiction in force;
- ``GET /v1/packs/{pack}``: one pack's metadata, clauses, readings, rules and picture;
- ``GET /v1/packs/{pack}/graph``: the picture alone, as Mermaid or Graphviz DOT text;
- ``POST /v1/evaluate``: one profile (the body) against one pack;
- ``POST /v1/evaluate/roster``: NDJSON in, NDJSON out, one line a row and pack;
- ``GET /v1/diff``: the semantic diff of two packs;
- ``GET /v1/schemas``, ``GET /v1/schemas/{name}``: the JSON Schemas of ``schemas/``;

and ``GET /healthz``, ``GET /openapi.json``, ``GET /docs`` beside them.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from baji import __version__
from baji.analysts.diff import diff_packs
from baji.engine.answers import evaluate_answers
from baji.engine.batch import evaluate_many
from baji.engine.decide import decide
from baji.engine.decision_json import dump_decision, pack_texts
from baji.errors import BajiError, problem
from baji.io.pydantic_problems import pydantic_problems, shown
from baji.pack.network import Network
from baji.profile.field_types import DAY_SCHEMA
from baji.profile.model import IsoDate
from baji.profile.roster import iter_jsonl
from baji.render.graph import to_dot, to_mermaid
from baji.render.schemas import SCHEMAS, schema_text
from baji.render.sheet import render_sheet
from baji.server import openapi
from baji.server.bodies import BODY_NAME, read_profile, wants_html
from baji.server.models import (
    Health,
    PackList,
    SchemaNames,
    answers_of,
    detail_of,
    summary_of,
    texts_of,
)
from baji.server.playground import add_playground
from baji.server.problems import Lang, Located, ServiceError, Where, language, response
from baji.server.settings import Settings
from baji.server.shelf import Shelf

log = logging.getLogger("baji.server")

_DAY = TypeAdapter(IsoDate)
#: The decision sheet runs nothing and loads nothing: only its inline style applies.
SHEET_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"
#: Roster replies are sent in pieces of about this many characters.
_CHUNK = 65536

AsOf = Annotated[str | None, Query(
    description="the date of the evaluation, YYYY-MM-DD, from 1900-01-01 to 2199-12-31 "
                "(default: today, on the server)",
    json_schema_extra={k: v for k, v in DAY_SCHEMA.items() if k != "type"})]
PictureLang = Annotated[Literal["zh", "en"], Query(
    description="language of the picture's labels")]
Levels = Annotated[list[str] | None, Query(
    description="decide only these levels (ids or Chinese names; repeatable), each one "
                "the pack rules on (else 422, BAJI303)")]
AnswersOnly = Annotated[bool, Query(
    description="the answer alone (status, path, paths, earliest date), no trace")]
InlineTexts = Annotated[bool, Query(
    description="write the decision with the pack's texts (clauses, conditions, notes) in "
                "full, as `Decision`, instead of by reference to the pack "
                "(`DecisionByReference`, docs/decisions.md)")]
Assume = Annotated[bool, Query(
    description="count a post from its certificate date when the post history is missing "
                "(reported as an assumption)")]
Side = Annotated[str, Query(description="pack id, or jurisdiction (the version in force "
                                        "on `as_of`)")]
PackName = Annotated[str, PathParam(description="a pack id (`shanghai-2026`) or a "
                                                "jurisdiction (`shanghai`: the version in "
                                                "force on `as_of`)")]


def create_app(settings: Settings | None = None, *, shelf: Shelf | None = None) -> FastAPI:
    """The service's application.

    Args:
        settings: limits, token and packs folder (defaults: no token, bundled packs).
        shelf: the packs to serve, when already loaded (tests share one).

    Raises:
        BajiError: the token file cannot be read, or a pack of the packs folder is
            invalid: the service does not start half-configured.
    """
    settings = (settings or Settings()).resolved()
    shelf = shelf or Shelf(settings.packs_dir)
    app = FastAPI(title="baji", version=__version__, openapi_url="/openapi.json",
                  docs_url="/docs", redoc_url=None,
                  description="China's 新八级工 skill-level policies as executable, citable "
                              "rules: evaluate candidate profiles over HTTP. Errors are "
                              "RFC 9457 problem documents carrying baji's codes "
                              "(docs/errors.md), in English or Chinese by Accept-Language.")
    _handlers(app)
    app.add_middleware(_SafeHeaders)
    guard = [Depends(_bearer(settings.token))] if settings.token else []
    v1 = APIRouter(prefix="/v1", dependencies=guard,
                   responses={"default": openapi.problem_response("a problem document")})
    _packs_routes(v1, shelf)
    _evaluate_routes(v1, shelf, settings)
    _other_routes(v1, shelf)
    app.include_router(v1)
    add_playground(app)

    @app.get("/healthz", response_class=Response, tags=["service"], responses={
        200: openapi.json_response("Health", "the service is up"),
        "default": openapi.problem_response("a problem document")})
    def healthz() -> Response:
        """Whether the service is up (never needs a token)."""
        return _json(Health(status="ok", version=__version__, packs=len(shelf.networks)))

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            names = tuple(n.id for n in shelf.networks) + shelf.registry.jurisdictions
            app.openapi_schema = openapi.complete(FastAPI.openapi(app),
                                                  bearer=settings.token is not None,
                                                  packs=names)
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]
    return app


def create_app_from_environment() -> FastAPI:
    """The application of a worker process (``uvicorn --factory``), with the settings
    :func:`baji.server.run.serve` left in the environment."""
    return create_app(Settings.from_environment())


# -- packs --------------------------------------------------------------------------------
def _packs_routes(v1: APIRouter, shelf: Shelf) -> None:
    @v1.get("/packs", response_class=Response, tags=["packs"], responses={
        200: openapi.json_response("PackList", "every pack, with its window in force")})
    def list_packs(as_of: AsOf = None) -> Response:
        """The packs served (bundled, and from `--packs DIR`), each with its window in
        force, and the version of each jurisdiction in force on `as_of`."""
        day = _day(as_of)
        registry = shelf.registry
        in_force: dict[str, str | None] = {}
        for jurisdiction in registry.jurisdictions:
            found = registry.in_force(jurisdiction, day)
            in_force[jurisdiction] = found.id if found is not None else None
        return _json(PackList(as_of=day, packs=tuple(summary_of(n, day) for n in shelf.networks),
                              in_force=in_force))

    @v1.get("/packs/{pack}", response_class=Response, tags=["packs"], responses={
        200: openapi.json_response("PackDetail", "the pack")})
    def get_pack(pack: PackName, as_of: AsOf = None, lang: PictureLang = "zh") -> Response:
        """One pack: its documents, the clauses it quotes, its readings of the open
        points, its rules, and the picture of its network as Mermaid text."""
        day = _day(as_of)
        return _json(detail_of(_pack(shelf, pack, day, "path"), day, lang))

    @v1.get("/packs/{pack}/texts", response_class=Response, tags=["packs"], responses={
        200: openapi.json_response("PackTexts", "the pack's texts, by id and key"),
        304: {"description": "the texts are those of the ETag given in If-None-Match"}})
    def get_texts(request: Request, pack: PackName, as_of: AsOf = None) -> Response:
        """The texts a decision written by reference to the pack names by id (its
        `citations`, trace `node`s, unmet, unknown and met conditions, notes and
        messages by key), with the digest its `pack_texts` must equal: what a client
        reads such a decision with (docs/decisions.md). The ETag is the digest: the
        texts change only with it."""
        net = _pack(shelf, pack, _day(as_of), "path")
        tag = f'"{pack_texts(net).digest}"'  # kept with the network: no document built
        headers = {"ETag": tag, "Cache-Control": "no-cache"}
        if tag in (part.strip() for part in request.headers.get("if-none-match", "").split(",")):
            return Response(status_code=304, headers=headers)
        return Response(texts_of(net).model_dump_json(), media_type="application/json",
                        headers=headers)

    @v1.get("/packs/{pack}/graph", response_class=PlainTextResponse, tags=["packs"],
            responses={200: {"description": "Mermaid or DOT text",
                             "content": {"text/plain": {"schema": {"type": "string"}}}}})
    def get_graph(pack: PackName, as_of: AsOf = None, lang: PictureLang = "zh",
                  format: Annotated[Literal["mermaid", "dot"], Query(
                      description="Mermaid or Graphviz DOT")] = "mermaid") -> Response:
        """The pack's compiled network as Mermaid or Graphviz DOT text (`baji graph`)."""
        net = _pack(shelf, pack, _day(as_of), "path")
        text = to_mermaid(net, lang) if format == "mermaid" else to_dot(net, lang)
        return PlainTextResponse(text)


# -- evaluation ---------------------------------------------------------------------------
def _evaluate_routes(v1: APIRouter, shelf: Shelf, settings: Settings) -> None:
    @v1.post("/evaluate", response_class=Response, tags=["evaluate"], responses={
        200: {"description": "the decision (or, with answers_only, the answers); with "
                             "`Accept: text/html`, the decision sheet: one printable HTML "
                             "page, in the language of `Accept-Language`",
              "content": {"application/json": {"schema": {
                  "anyOf": [openapi.ref("DecisionByReference"), openapi.ref("Decision"),
                            openapi.ref("Answers")]}},
                  "text/html": {"schema": {"type": "string"}}}},
        400: openapi.problem_response("the body is not UTF-8 JSON (or YAML)"),
        413: openapi.problem_response("the body is over the limit (BAJI502)"),
        422: openapi.problem_response("the profile or a parameter is invalid")},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": openapi.ref("Profile")},
            "application/yaml": {"schema": openapi.ref("Profile")}}}})
    async def evaluate_one(
            request: Request,
            pack: Annotated[str, Query(description="pack id, or jurisdiction (the version "
                                                   "in force on `as_of`)")],
            as_of: AsOf = None, levels: Levels = None, answers_only: AnswersOnly = False,
            assume_posts_from_certificate: Assume = False,
            inline_texts: InlineTexts = False) -> Response:
        """Evaluate one candidate profile (the body, as `schemas/profile.schema.json`, in
        JSON or, with `Content-Type: application/yaml`, YAML) against one pack: the same
        `Decision` as `baji.evaluate`, written with the pack's texts by reference
        (`DecisionByReference`; `inline_texts=true`: in full, as `Decision`). With
        `Accept: text/html`, the decision sheet instead (`baji eval --format sheet`)."""
        body = await _body(request, settings.max_profile_bytes)
        day = _day(as_of)
        net = _pack(shelf, pack, day, "query")
        sheet = wants_html(request.headers.get("accept"))
        if sheet and answers_only:
            raise ServiceError([problem("BAJI509")], where="query", parameter="answers_only")
        lang = language(request.headers.get("accept-language"))
        content_type = request.headers.get("content-type")

        def work() -> str:
            profile = read_profile(body, content_type)
            try:
                if answers_only:
                    return answers_of(net.id, day, profile.id, evaluate_answers(
                        net, profile, day, levels=levels,
                        assume_posts_from_certificate=assume_posts_from_certificate)
                    ).model_dump_json()
                decision = decide(net, profile, day, levels=levels, lazy=False,
                                  assume_posts_from_certificate=assume_posts_from_certificate)
            except BajiError as exc:  # a level the pack does not rule on
                raise ServiceError(exc.problems, where="query", parameter="levels") from None
            if sheet:
                return render_sheet([decision], lang)
            return dump_decision(decision, net, inline=inline_texts)

        text = await run_in_threadpool(work)
        if sheet:
            return Response(text, media_type="text/html; charset=utf-8",
                            headers={"Content-Security-Policy": SHEET_POLICY})
        return Response(text, media_type="application/json")

    @v1.post("/evaluate/roster", response_class=StreamingResponse, tags=["evaluate"],
             responses={
                 200: {"description": "one JSON line a row and pack, in the order of the "
                                      "rows; a bad row is one line with its problems",
                       "content": {"application/x-ndjson": {"schema": {"type": "string"}}}},
                 413: openapi.problem_response("the body or the number of rows is over "
                                               "the limit (BAJI502, BAJI503)"),
                 422: openapi.problem_response("a parameter is invalid")},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/x-ndjson": {"schema": {
                     "type": "string", "description": "one profile (a JSON object) a line"}}}}})
    async def evaluate_roster(
            request: Request,
            pack: Annotated[list[str] | None, Query(
                description="pack ids or jurisdictions (repeatable); default: every "
                            "jurisdiction")] = None,
            as_of: AsOf = None, answers_only: AnswersOnly = False,
            assume_posts_from_certificate: Assume = False,
            inline_texts: InlineTexts = False) -> Response:
        """Evaluate a roster: NDJSON in (one profile a line), NDJSON out, as
        `baji eval --roster` writes it. Rows keep their order; a bad row is answered on
        its own line with its problems, never dropped."""
        body = await _body(request, settings.max_body_bytes)
        rows = sum(1 for line in body.split(b"\n") if line.strip())
        if rows > settings.max_rows:
            raise ServiceError([problem("BAJI503", rows=rows, limit=settings.max_rows)],
                               where="body")
        day = _day(as_of)
        names = pack or list(shelf.registry.jurisdictions)
        nets = [_pack(shelf, name, day, "query", "pack") for name in names]
        lang = language(request.headers.get("accept-language"))

        def lines() -> Iterator[str]:
            # sent in chunks of about 64 KiB: each chunk is a hop to a worker thread and
            # a write, which cost more than answering a row
            chunk: list[str] = []
            size = 0
            for result in evaluate_many(
                    iter_jsonl(body, display=BODY_NAME), nets, day, answer_only=answers_only,
                    assume_posts_from_certificate=assume_posts_from_certificate):
                for line in result.json_lines(lang, packs=nets, inline=inline_texts):
                    chunk.append(line + "\n")
                    size += len(line) + 1
                if size >= _CHUNK:
                    yield "".join(chunk)
                    chunk, size = [], 0
            if chunk:
                yield "".join(chunk)

        return StreamingResponse(lines(), media_type="application/x-ndjson")


# -- diff, schemas ------------------------------------------------------------------------
def _other_routes(v1: APIRouter, shelf: Shelf) -> None:
    @v1.get("/diff", response_class=Response, tags=["packs"], responses={
        200: openapi.json_response("PackDiff", "the differences, level by level")})
    async def diff(a: Side, b: Side, as_of: AsOf = None) -> Response:
        """The semantic diff of pack `a` against pack `b` (`baji diff A B --format json`):
        thresholds, honour lists, paths, windows and readings, with their clauses."""
        day = _day(as_of)
        one, two = _pack(shelf, a, day, "query", "a"), _pack(shelf, b, day, "query", "b")
        text = await run_in_threadpool(lambda: diff_packs(one, two).model_dump_json())
        return Response(text, media_type="application/json")

    @v1.get("/schemas", response_class=Response, tags=["schemas"], responses={
        200: openapi.json_response("SchemaNames", "the names of the JSON Schemas")})
    def list_schemas() -> Response:
        """The JSON Schemas published (as in `schemas/`)."""
        return _json(SchemaNames(schemas=tuple(sorted(SCHEMAS))))

    @v1.get("/schemas/{name}", response_class=Response, tags=["schemas"], responses={
        200: {"description": "the JSON Schema (draft 2020-12)",
              "content": {"application/schema+json": {"schema": {"type": "object"}}}}})
    def get_schema(name: Annotated[str, PathParam(description="`pack`, `profile` or "
                                                              "`decision`")]) -> Response:
        """One JSON Schema of `schemas/` (`baji schema NAME`)."""
        if name not in SCHEMAS:
            raise ServiceError([problem("BAJI507", value=name[:100], hint="known",
                                        known=tuple(sorted(SCHEMAS)))],
                               where="path", parameter="name")
        return Response(schema_text(name), media_type="application/schema+json")


# -- reading requests ---------------------------------------------------------------------
def _json(model: Any) -> Response:
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


def _day(value: str | None) -> dt.date:
    """``as_of``: a day of the calendar within baji's range, or today."""
    if value is None:
        return dt.date.today()
    try:
        day: dt.date = _DAY.validate_python(value)
    except ValidationError as exc:
        raise ServiceError(pydantic_problems(exc, None), where="query",
                           parameter="as_of") from None
    return day


def _pack(shelf: Shelf, name: str, day: dt.date, where: Where,
          parameter: str = "pack") -> Network:
    """A pack of the shelf by id or jurisdiction; nothing else is ever looked up."""
    try:
        return shelf.find(name, day)
    except BajiError as exc:
        raise ServiceError(exc.problems, where=where, parameter=parameter) from None


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to be over ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ServiceError([problem("BAJI502", limit=limit)], where="body")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ServiceError([problem("BAJI502", limit=limit)], where="body")
        chunks.append(chunk)
    return b"".join(chunks)


# -- security and errors ------------------------------------------------------------------
class _SafeHeaders:
    """Adds to every response ``X-Content-Type-Options: nosniff`` (a browser never reads
    a text reply, a Mermaid picture say, as HTML) and ``Cache-Control: no-store`` (replies
    may quote a candidate's profile: no cache keeps them)."""

    _ADDED = ((b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"))

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in self._ADDED if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, sending)


def _bearer(token: str) -> Callable[[Request], None]:
    expected = token.encode("utf-8")

    def check(request: Request) -> None:
        header = request.headers.get("authorization")
        if header is None:
            raise ServiceError([problem("BAJI500")], where="header",
                               parameter="Authorization",
                               headers={"WWW-Authenticate": 'Bearer realm="baji"'})
        scheme, _, given = header.partition(" ")
        # compare_digest: the time taken does not tell how much of the token was right
        if not (scheme.lower() == "bearer"
                and hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected)):
            raise ServiceError([problem("BAJI501")], where="header", parameter="Authorization",
                               headers={"WWW-Authenticate":
                                        'Bearer realm="baji", error="invalid_token"'})
    return check


def _handlers(app: FastAPI) -> None:
    def lang(request: Request) -> Lang:
        return language(request.headers.get("accept-language"))

    async def service_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ServiceError)
        return response(exc, lang(request), request.url.path)

    async def baji_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BajiError)
        return response(ServiceError(exc.problems), lang(request), request.url.path)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        address = request.url.path[:200]
        if exc.status_code == 404:
            found = problem("BAJI504", address=address)
        elif exc.status_code == 405:
            found = problem("BAJI505", method=request.method, address=address)
        else:
            found = problem("BAJI000", detail=str(exc.detail))
        error = ServiceError([found], status=exc.status_code, headers=exc.headers)
        return response(error, lang(request), request.url.path)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return response(ServiceError(_request_problems(exc)), lang(request),
                        request.url.path)

    async def internal(request: Request, exc: Exception) -> Response:
        reference = secrets.token_hex(6)
        log.error("internal error %s on %s %s", reference, request.method,
                  request.url.path, exc_info=exc)
        return response(ServiceError([problem("BAJI506", reference=reference)]),
                        lang(request), request.url.path)

    app.add_exception_handler(ServiceError, service_error)
    app.add_exception_handler(BajiError, baji_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, internal)


def _request_problems(exc: RequestValidationError) -> list[Located]:
    """FastAPI's parameter errors as baji's coded problems."""
    out = []
    for err in exc.errors():
        loc = tuple(err.get("loc", ()))
        where: Where | None = loc[0] if loc and loc[0] in ("query", "path", "header",
                                                           "body") else None
        name = str(loc[1]) if len(loc) > 1 else None
        kind = err.get("type", "")
        value = err.get("input")
        if kind == "missing":
            found = problem("BAJI011", field=name or "?")
        elif kind in ("bool_parsing", "bool_type"):
            got, got_zh = shown(value)
            found = problem("BAJI012", expected="true or false", expected_zh="true 或 false",
                            got=got, got_zh=got_zh)
        elif kind in ("literal_error", "enum"):
            expected = str((err.get("ctx") or {}).get("expected", ""))
            found = problem("BAJI014", value=str(value)[:100], allowed=expected)
        else:
            found = problem("BAJI019", detail=str(err.get("msg", "invalid value")))
        out.append(Located(found, where, name))
    return out or [Located(problem("BAJI019", detail="invalid request"))]
