"""`baji serve`, tested as a client would: endpoints over HTTP (FastAPI's TestClient),
the safety defaults (loopback, token, limits, no file named by a request), the same
answers as the library, schemathesis fuzzing from the OpenAPI document, and one real
`baji serve` process on a free loopback port."""

from __future__ import annotations

import builtins
import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
import yaml

pytest.importorskip("fastapi", reason="the server extra is not installed "
                                      "(pip install 'baji[server]')")
pytest.importorskip("httpx", reason="the test client needs httpx (pip install '.[dev]')")

from fastapi.testclient import TestClient  # noqa: E402 - after the skip

import baji  # noqa: E402
from baji.analysts.diff import diff_packs  # noqa: E402
from baji.cli.commands import _parser  # noqa: E402
from baji.cli.commands import main as cli_main  # noqa: E402
from baji.engine.answers import evaluate_answers  # noqa: E402
from baji.engine.batch import evaluate_many  # noqa: E402
from baji.render.schemas import SCHEMAS, schema_text  # noqa: E402
from baji.server import openapi  # noqa: E402
from baji.server.app import create_app, create_app_from_environment  # noqa: E402
from baji.server.problems import language  # noqa: E402
from baji.server.settings import SETTINGS_ENV, Settings  # noqa: E402
from baji.server.shelf import Shelf  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "profiles").glob("*.yaml"))
EXPECTED = yaml.safe_load((ROOT / "examples" / "expected.yaml").read_text(encoding="utf-8"))
DAY = "2026-07-01"


@pytest.fixture(scope="module")
def shelf() -> Shelf:
    """The bundled packs, loaded once for every app of this module."""
    return Shelf()


@pytest.fixture(scope="module")
def client(shelf: Shelf) -> Iterator[TestClient]:
    """A client of the service as `baji serve` starts it by default (no token)."""
    with TestClient(create_app(shelf=shelf)) as test_client:
        yield test_client


def _body(path: Path) -> bytes:
    """A YAML example profile as the JSON body a client would send."""
    return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str,
                      ensure_ascii=False).encode("utf-8")


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The problem document of ``response``, checked to be one of ``status`` and ``code``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    doc: dict[str, Any] = response.json()
    assert doc["status"] == status
    assert doc["code"] == code
    assert doc["type"] == f"https://baji.invalid/errors/{code}"
    return doc


# -- endpoints ----------------------------------------------------------------------------
def test_healthz_says_ok(client: TestClient) -> None:
    """/healthz answers ok with the version and the number of packs."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": baji.__version__,
                               "packs": len(baji.bundled_pack_ids())}


def test_packs_lists_versions_and_windows_in_force(client: TestClient) -> None:
    """Every bundled pack with its window, and per jurisdiction the version in force."""
    before = client.get("/v1/packs", params={"as_of": "2026-03-01"}).json()
    after = client.get("/v1/packs", params={"as_of": DAY}).json()
    assert [p["id"] for p in after["packs"]] == [
        "chongqing-2023", "fujian-2026", "shanghai-2026", "tianjin-2024"]
    tianjin = next(p for p in after["packs"] if p["id"] == "tianjin-2024")
    assert tianjin["window"] == {"from": "2024-04-01", "until": "2026-03-31"}
    assert before["in_force"]["tianjin"] == "tianjin-2024"
    assert after["in_force"]["tianjin"] is None and not tianjin["in_force"]
    assert after["in_force"]["shanghai"] == "shanghai-2026"


def test_one_pack_has_clauses_readings_and_its_picture(client: TestClient) -> None:
    """A pack by id or by jurisdiction: metadata, clauses, readings, rules, Mermaid."""
    net = baji.get_pack("shanghai-2026")
    detail = client.get("/v1/packs/shanghai", params={"as_of": DAY}).json()
    assert detail["id"] == "shanghai-2026" and detail["document"] == net.document
    assert len(detail["clauses"]) == len(net.citations)
    assert {c["clause"] for c in detail["clauses"]} == set(net.citations)
    assert [r["point"] for r in detail["readings"]] == [r.point for r in net.source.readings]
    assert {r["id"] for r in detail["rules"]} == {r.id for r in net.source.rules}
    assert detail["network"]["mermaid"] == baji.render.graph.to_mermaid(net, "zh")
    english = client.get("/v1/packs/shanghai-2026", params={"lang": "en"}).json()
    assert english["network"]["mermaid"] == baji.render.graph.to_mermaid(net, "en")


def test_graph_as_mermaid_or_dot(client: TestClient) -> None:
    """The picture alone, as `baji graph` draws it."""
    net = baji.get_pack("fujian-2026")
    mermaid = client.get("/v1/packs/fujian-2026/graph")
    dot = client.get("/v1/packs/fujian-2026/graph", params={"format": "dot", "lang": "en"})
    assert mermaid.text == baji.render.graph.to_mermaid(net, "zh")
    assert dot.text == baji.render.graph.to_dot(net, "en")
    assert dot.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_service_answers_as_baji_evaluate_on_every_example(
        client: TestClient, path: Path) -> None:
    """Every example profile: the service's decision is `baji.evaluate`'s, byte for
    byte, and its answers-only reply is `evaluate_answers`'."""
    case = EXPECTED[path.name]
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(case["as_of"])
    params = {"pack": case["pack"], "as_of": case["as_of"]}
    response = client.post("/v1/evaluate", params=params, content=_body(path))
    assert response.status_code == 200, response.text
    decision = baji.evaluate(profile, case["pack"], as_of)
    assert response.text == baji.dump_decision(decision, case["pack"])
    assert baji.load_decision(response.text, case["pack"]) == decision
    inline = client.post("/v1/evaluate", params={**params, "inline_texts": "true"},
                         content=_body(path))
    assert inline.text == decision.model_dump_json()
    answers = client.post("/v1/evaluate", params={**params, "answers_only": "true"},
                          content=_body(path)).json()
    expected = evaluate_answers(baji.get_pack(case["pack"]), baji.parse_profile(profile), as_of)
    assert [(a["level"], a["status"], a["path"], tuple(a["paths"]), a["earliest"])
            for a in answers["levels"]] == [
        (a.level.value, a.status, a.path, a.paths, a.earliest and a.earliest.isoformat())
        for a in expected]


def test_levels_and_jurisdiction_as_in_the_library(client: TestClient) -> None:
    """`levels` decides only those levels; a jurisdiction picks the version in force."""
    path = EXAMPLES[0]
    profile = yaml.safe_load(path.read_text(encoding="utf-8"))
    response = client.post("/v1/evaluate", params={
        "pack": "chongqing", "as_of": "2024-06-01", "levels": ["首席技师"]},
        content=_body(path))
    expected = baji.evaluate(profile, "chongqing", dt.date(2024, 6, 1), levels=["首席技师"])
    assert baji.load_decision(response.text, expected.pack) == expected
    bad = client.post("/v1/evaluate", params={"pack": "chongqing", "levels": "学徒工"},
                      content=_body(path))
    doc = _problem(bad, 422, "BAJI303")
    assert doc["problems"][0]["parameter"] == "levels"


INVALID = sorted((ROOT / "tests" / "profiles" / "invalid").glob("*.json"))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_a_bad_body_gets_the_library_s_coded_problems(client: TestClient, path: Path) -> None:
    """Each broken JSON profile of tests/profiles/invalid: the problems of
    `baji.parse_profile` (code, JSON path, message, hint), or for text that is not
    strict JSON the reader's code, as a problem document."""
    raw = path.read_bytes()
    response = client.post("/v1/evaluate", params={"pack": "shanghai"}, content=raw)
    if raw.lstrip().startswith(b"["):  # a file may list profiles; a body holds one
        _problem(response, 422, "BAJI200")
        return
    with pytest.raises(baji.ProfileError) as caught:
        baji.load_profiles_bytes(raw, display=path.name)
    expected = caught.value.problems
    doc = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert [(p["code"], p["pointer"], p["message"], p["hint"], p["line"], p["column"])
            for p in doc["problems"]] == [
        (p.code, p.pointer, p.message, p.hint, p.line, p.column) for p in expected]
    if response.status_code == 422:
        direct = pytest.raises(baji.ProfileError, baji.parse_profile, json.loads(raw))
        assert sorted((p["code"], p["pointer"], p["message"], p["hint"])
                      for p in doc["problems"]) == sorted(
            (p.code, p.pointer, p.message, p.hint) for p in direct.value.problems)
        assert all(p["in"] == "body" for p in doc["problems"])
    else:
        assert response.status_code == 400


def test_problems_in_chinese_by_accept_language(client: TestClient) -> None:
    """`Accept-Language: zh-CN` renders the problem document in Chinese."""
    body = b'{"grades": [{"level": "technician", "posts": [{"start": "2020-02-30"}]}]}'
    en = client.post("/v1/evaluate", params={"pack": "shanghai"}, content=body)
    zh = client.post("/v1/evaluate", params={"pack": "shanghai"}, content=body,
                     headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    en_doc, zh_doc = _problem(en, 422, "BAJI021"), _problem(zh, 422, "BAJI021")
    problem = pytest.raises(baji.ProfileError, baji.parse_profile,
                            json.loads(body)).value.problems[0]
    assert en_doc["problems"][0]["message"] == problem.message
    message = problem.to_json()["message"]
    assert isinstance(message, dict) and zh_doc["problems"][0]["message"] == message["zh"]
    assert zh_doc["title"] == "请求无效" and zh.headers["content-language"] == "zh-CN"
    assert zh_doc["detail"] == problem.render("zh")
    assert zh_doc["problems"][0]["pointer"] == "$.grades[0].posts[0].start"


def test_accept_language_weights() -> None:
    """The language with the highest weight wins; anything else is English."""
    assert language(None) == "en"
    assert language("zh") == "zh"
    assert language("en;q=0.4, zh-TW;q=0.6") == "zh"
    assert language("fr, zh;q=0.1") == "zh"
    assert language("fr, de") == "en"
    assert language("zh;q=0, en") == "en"


def test_parameters_are_checked_with_baji_s_codes(client: TestClient) -> None:
    """A bad date, a bad flag, a missing pack: coded problems naming the parameter, not
    FastAPI's 422 shape."""
    day = _problem(client.get("/v1/packs", params={"as_of": "2026-7-1"}), 422, "BAJI020")
    assert day["problems"][0]["parameter"] == "as_of" and day["problems"][0]["in"] == "query"
    flag = client.post("/v1/evaluate", params={"pack": "shanghai", "answers_only": "maybe"},
                       content=b"{}")
    assert _problem(flag, 422, "BAJI012")["problems"][0]["parameter"] == "answers_only"
    missing = _problem(client.post("/v1/evaluate", content=b"{}"), 422, "BAJI011")
    assert missing["problems"][0]["parameter"] == "pack"
    unknown = _problem(client.get("/v1/packs/shanghai-2025"), 404, "BAJI300")
    assert unknown["problems"][0]["hint"] == "did you mean 'shanghai-2026'?"
    _problem(client.get("/v1/nowhere"), 404, "BAJI504")
    _problem(client.get("/v1/schemas/nothing"), 404, "BAJI507")
    not_allowed = _problem(client.put("/v1/packs"), 405, "BAJI505")
    assert not_allowed["detail"] == "method PUT is not allowed at '/v1/packs'"


def test_an_unreadable_body_is_a_400(client: TestClient) -> None:
    """Text that is not JSON, or JSON with a repeated key, is refused with the strict
    reader's codes and place."""
    syntax = _problem(client.post("/v1/evaluate", params={"pack": "shanghai"},
                                  content=b'{"grades": [}'), 400, "BAJI203")
    assert (syntax["problems"][0]["line"], syntax["problems"][0]["column"]) == (1, 13)
    _problem(client.post("/v1/evaluate", params={"pack": "shanghai"},
                         content=b'{"id": "a", "id": "b"}'), 400, "BAJI103")
    _problem(client.post("/v1/evaluate", params={"pack": "shanghai"},
                         content=b'{"id": "\xff"}'), 400, "BAJI106")


# -- rosters ------------------------------------------------------------------------------
def test_a_roster_streams_in_order_with_bad_rows_inline(
        client: TestClient, tmp_path: Path) -> None:
    """NDJSON in, NDJSON out: the same lines as `baji eval --roster FILE --out`, bad rows
    answered in place with their problems, none dropped."""
    good = [_body(p) for p in EXAMPLES[:3]]
    lines = [good[0], b"not json", good[1], b"", b'{"grades": [{"level": "x"}]}', b"[1]",
             good[2]]
    body = b"\n".join(lines) + b"\n"
    roster = tmp_path / "roster.jsonl"
    roster.write_bytes(body)
    out = tmp_path / "out.jsonl"
    assert cli_main(["eval", "--roster", str(roster), "--pack", "shanghai", "--pack",
                     "chongqing-2023", "--as-of", DAY, "--out", str(out)]) == 1
    response = client.post("/v1/evaluate/roster", content=body, params={
        "pack": ["shanghai", "chongqing-2023"], "as_of": DAY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    served = [json.loads(line) for line in response.text.splitlines()]
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for row in written:  # the problems name the file the CLI read; the service, the body
        for p in row.get("problems", []):
            p["file"] = "<request>"
        if "error" in row:
            row["error"] = row["error"].replace(str(roster), "<request>")
    assert served == written
    assert [row["row"] for row in served] == [1, 1, 2, 3, 3, 4, 5, 6, 6]
    assert [row.get("problems", [{}])[0].get("code") for row in served] == [
        None, None, "BAJI214", None, None, "BAJI024", "BAJI215", None, None]


def test_a_long_roster_keeps_its_order_across_chunks(client: TestClient) -> None:
    """A roster whose reply is sent in several pieces: every row once, in order, as
    `evaluate_many` answers it."""
    body = b"\n".join(_body(EXAMPLES[i % len(EXAMPLES)]) for i in range(300)) + b"\n"
    with client.stream("POST", "/v1/evaluate/roster", content=body,
                       params={"pack": "shanghai", "as_of": DAY, "answers_only": "true"}
                       ) as response:
        pieces = list(response.iter_text())
    served = "".join(pieces).splitlines()
    expected = [line for result in evaluate_many(
        [json.loads(line) for line in body.splitlines()], "shanghai-2026",
        dt.date.fromisoformat(DAY), answer_only=True) for line in result.json_lines()]
    assert served == expected and len(served) == 300


def test_a_roster_answers_only_and_bad_rows_in_chinese(client: TestClient) -> None:
    """`answers_only=true` gives the answer lines; a bad row's `error` follows
    Accept-Language."""
    body = _body(EXAMPLES[0]) + b"\n{\n"
    response = client.post("/v1/evaluate/roster", content=body,
                           params={"pack": "chongqing", "answers_only": "true"},
                           headers={"Accept-Language": "zh"})
    first, bad = (json.loads(line) for line in response.text.splitlines())
    assert first["pack"] == "chongqing-2023" and "levels" in first
    assert bad["error"].startswith("<request>:2:1: 第 2 行：JSON 语法错误")


# -- safety -------------------------------------------------------------------------------
def test_serve_listens_on_loopback_unless_told() -> None:
    """`baji serve` binds 127.0.0.1:8000 by default, with one worker and sane limits."""
    args = _parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers) == ("127.0.0.1", 8000, 1)
    assert (args.max_body_bytes, args.max_rows) == (16 * 1024 * 1024, 10_000)
    assert args.token_file is None and args.packs is None


def test_serve_without_the_extra_says_what_to_install(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Without FastAPI and uvicorn, `baji serve` exits 2 naming the extra to install;
    the rest of the command line does not need them."""
    for name in ("fastapi", "uvicorn", "baji.server.run", "baji.server.app"):
        monkeypatch.setitem(sys.modules, name, None)
    assert cli_main(["serve"]) == 2
    assert "pip install 'baji[server]'" in capsys.readouterr().err
    assert cli_main(["packs"]) == 0


def test_a_token_is_required_when_given(shelf: Shelf, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With a token file, /v1 needs `Authorization: Bearer TOKEN` (401 with
    WWW-Authenticate otherwise), compared in constant time; /healthz stays open."""
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n", encoding="utf-8")
    compared: list[tuple[bytes, bytes]] = []
    real = __import__("hmac").compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return bool(real(a, b))

    monkeypatch.setattr("baji.server.app.hmac.compare_digest", spy)
    client = TestClient(create_app(Settings(token_file=str(token_file)), shelf=shelf))
    missing = _problem(client.get("/v1/packs"), 401, "BAJI500")
    assert missing["problems"][0]["in"] == "header"
    wrong = client.get("/v1/packs", headers={"Authorization": "Bearer s3cret-tokeN"})
    _problem(wrong, 401, "BAJI501")
    assert wrong.headers["www-authenticate"] == 'Bearer realm="baji", error="invalid_token"'
    _problem(client.get("/v1/packs", headers={"Authorization": "Basic s3cret-token"}),
             401, "BAJI501")
    assert client.get("/v1/packs", headers={"Authorization": "Bearer s3cret-token"}
                      ).status_code == 200
    assert compared and all(b == b"s3cret-token" for _, b in compared)
    assert client.get("/healthz").status_code == 200
    doc = client.get("/openapi.json").json()
    assert doc["paths"]["/v1/packs"]["get"]["security"] == [{"bearer": []}]
    monkeypatch.setenv("BAJI_TOKEN", "from-the-environment")
    from_env = TestClient(create_app(Settings(), shelf=shelf))
    _problem(from_env.get("/v1/packs"), 401, "BAJI500")
    assert from_env.get("/v1/packs", headers={
        "Authorization": "Bearer from-the-environment"}).status_code == 200


def test_replies_are_not_sniffed_nor_cached(client: TestClient) -> None:
    """Every reply, answers and problems alike, says nosniff and no-store."""
    for response in (client.get("/v1/packs/shanghai/graph"), client.get("/v1/nowhere"),
                     client.post("/v1/evaluate", params={"pack": "shanghai"}, content=b"{}")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"


def test_a_bug_is_a_500_problem_with_a_reference_and_no_traceback(
        shelf: Shelf, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """An exception inside baji: 500, BAJI506 with a reference that the log repeats
    beside the traceback; the reply holds neither the traceback nor the message."""
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("baji.server.app.decide", broken)
    client = TestClient(create_app(shelf=shelf), raise_server_exceptions=False)
    response = client.post("/v1/evaluate", params={"pack": "shanghai"}, content=b"{}")
    doc = _problem(response, 500, "BAJI506")
    found = re.fullmatch(r"internal error \(([0-9a-f]{12})\); the service has logged it",
                         doc["problems"][0]["message"])
    assert found is not None
    assert "secret" not in response.text and "Traceback" not in response.text
    logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert response.headers["cache-control"] == "no-store"


def test_an_empty_token_file_stops_the_start(tmp_path: Path) -> None:
    """A token file that holds no token is an error, not a service without a token."""
    empty = tmp_path / "token"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(baji.BajiError, match="is empty"):
        create_app(Settings(token_file=str(empty)))


def test_bodies_over_the_limit_get_a_413(shelf: Shelf) -> None:
    """A body over --max-body-bytes is refused (declared or streamed), a profile over
    2 MiB too, and a roster over --max-rows."""
    client = TestClient(create_app(Settings(max_body_bytes=1000, max_rows=2), shelf=shelf))
    big = b'{"name": "' + b"x" * 2000 + b'"}'
    declared = _problem(client.post("/v1/evaluate", params={"pack": "shanghai"},
                                    content=big), 413, "BAJI502")
    assert declared["detail"].startswith("the request body is over the limit of 1000 bytes")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it comes
        for _ in range(10):
            yield b" " * 200
    _problem(client.post("/v1/evaluate/roster", content=chunks()), 413, "BAJI502")
    rows = _problem(client.post("/v1/evaluate/roster", content=b"{}\n{}\n\n{}\n"),
                    413, "BAJI503")
    assert rows["detail"] == ("the roster has 3 rows, over the limit of 2 "
                              "(send at most 2 rows a request)")
    default = TestClient(create_app(shelf=shelf))
    _problem(default.post("/v1/evaluate", params={"pack": "shanghai"},
                          content=b" " * (2 * 1024 * 1024 + 1)), 413, "BAJI502")


HOSTILE = ["../../etc/passwd", "/etc/passwd", "rules/shanghai-2026.yaml",
           str(ROOT / "rules" / "shanghai-2026.yaml"), "shanghai-2026.yaml", "~root", "."]


@pytest.mark.parametrize("name", HOSTILE)
def test_no_request_value_reaches_the_filesystem(
        client: TestClient, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack named by a path (relative, absolute, even an existing pack file) is an
    unknown pack: packs come only from those loaded at start, and no file is opened."""
    opened: list[str] = []
    real_open = builtins.open

    def watched(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched)
    monkeypatch.setattr("baji.pack.compile.load_pack", pytest.fail)
    monkeypatch.setattr(Path, "is_file", lambda self: pytest.fail(f"stat {self}"))
    body = _body(EXAMPLES[0])
    _problem(client.post("/v1/evaluate", params={"pack": name}, content=body), 422, "BAJI300")
    _problem(client.post("/v1/evaluate/roster", params={"pack": name}, content=body),
             422, "BAJI300")
    _problem(client.get("/v1/diff", params={"a": name, "b": "shanghai"}), 422, "BAJI300")
    if name != ".":  # a path parameter cannot hold '/': the address matches no route
        by_path = client.get(f"/v1/packs/{quote(name, safe='')}")
        assert by_path.status_code == 404 and by_path.json()["code"] in ("BAJI300", "BAJI504")
    assert opened == []


def test_packs_come_only_from_the_bundle_or_the_folder_given_at_start(
        shelf: Shelf, tmp_path: Path) -> None:
    """--packs DIR adds its packs, read once at start; a file put there later is not
    served; and no endpoint accepts a pack (none is ever uploaded)."""
    source = (ROOT / "rules" / "fujian-2026.yaml").read_text(encoding="utf-8")
    local = source.replace("pack: fujian-2026", "pack: fujian-local").replace(
        "jurisdiction: fujian", "jurisdiction: fujian-local")
    (tmp_path / "fujian-local.yaml").write_text(local, encoding="utf-8")
    client = TestClient(create_app(Settings(packs_dir=str(tmp_path))))
    (tmp_path / "later.yaml").write_text(local.replace("fujian-local", "later"),
                                         encoding="utf-8")
    ids = [p["id"] for p in client.get("/v1/packs").json()["packs"]]
    assert "fujian-local" in ids and "later" not in ids and "fujian-2026" in ids
    assert client.get("/v1/packs/fujian-local").status_code == 200
    _problem(client.get("/v1/packs/later"), 404, "BAJI300")
    doc = client.get("/openapi.json").json()
    bodies = [op["requestBody"] for ops in doc["paths"].values() for op in ops.values()
              if "requestBody" in op]
    assert [list(b["content"]) for b in bodies] == [["application/json", "application/yaml"],
                                                     ["application/x-ndjson"]]
    assert bodies[0]["content"]["application/json"]["schema"] == openapi.ref("Profile")
    _problem(client.post("/v1/packs", content=source.encode()), 405, "BAJI505")
    with pytest.raises(baji.PackError):  # a bad pack file: the service does not start
        create_app(Settings(packs_dir=str(_broken_folder(tmp_path / "broken"))))


def _broken_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "bad.yaml").write_text("pack: bad\n", encoding="utf-8")
    return folder


# -- the documents ------------------------------------------------------------------------
def test_diff_is_the_analysts_diff(client: TestClient) -> None:
    """/v1/diff gives `diff_packs(a, b)` as JSON."""
    response = client.get("/v1/diff", params={"a": "shanghai-2026", "b": "chongqing"})
    expected = diff_packs(baji.get_pack("shanghai-2026"), baji.get_pack("chongqing-2023"))
    assert response.text == expected.model_dump_json()


def test_schemas_are_those_of_the_schemas_folder(client: TestClient) -> None:
    """/v1/schemas/NAME serves `schemas/NAME.schema.json`; the OpenAPI document's
    Profile and Decision are the same schemas."""
    assert client.get("/v1/schemas").json() == {"schemas": sorted(SCHEMAS)}
    for name in SCHEMAS:
        response = client.get(f"/v1/schemas/{name}")
        assert response.headers["content-type"] == "application/schema+json"
        assert response.text == schema_text(name)
        assert response.text == (ROOT / "schemas" / f"{name}.schema.json").read_text(
            encoding="utf-8")
    components = client.get("/openapi.json").json()["components"]["schemas"]
    for title, name in openapi.PUBLISHED.items():
        for key, value in openapi.published_schema(name, title).items():
            assert components[key] == value, key


def test_the_openapi_document_is_3_1_with_interactive_docs(client: TestClient) -> None:
    """/openapi.json is OpenAPI 3.1, every reference resolves, FastAPI's own 422 shape is
    gone; /docs serves the interactive page."""
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1.")
    text = json.dumps(doc)
    refs = {part.split('"')[0] for part in text.split('"$ref": "#/components/schemas/')[1:]}
    assert refs <= set(doc["components"]["schemas"])
    assert "HTTPValidationError" not in text
    assert "swagger-ui" in client.get("/docs").text


def test_workers_build_their_app_from_the_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Several workers: each builds the app from the settings in the environment, the
    token read from its file, never written there."""
    token_file = tmp_path / "token"
    token_file.write_text("t0ken", encoding="utf-8")
    settings = Settings(token_file=str(token_file), max_rows=7).resolved()
    assert "t0ken" not in settings.to_environment()
    monkeypatch.setenv(SETTINGS_ENV, settings.to_environment())
    client = TestClient(create_app_from_environment())
    _problem(client.get("/v1/packs"), 401, "BAJI500")
    too_many = client.post("/v1/evaluate/roster", content=b"{}\n" * 8,
                           headers={"Authorization": "Bearer t0ken"})
    _problem(too_many, 413, "BAJI503")


# -- fuzzing from the OpenAPI document ----------------------------------------------------
def _descriptions(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                yield value
            else:
                yield from _descriptions(value)
    elif isinstance(node, list):
        for value in node:
            yield from _descriptions(value)


def test_the_openapi_schemas_are_described_without_docstrings(client: TestClient) -> None:
    """Every schema component of the OpenAPI document is described in English and
    Chinese, and no description shows docstring syntax (reST roles, doctests, double
    backquotes, Google-style sections)."""
    document = client.get("/openapi.json").json()
    components = document["components"]["schemas"]
    assert [name for name, node in components.items()
            if not node.get("description") or not node.get("x-description-zh")] == []
    leaks = [text for text in _descriptions(document)
             if re.search(r">>>|:(attr|func|class|meth|data|mod):|``|Attributes:", text)]
    assert leaks == []


def test_the_api_fuzzed_from_its_openapi_document(shelf: Shelf) -> None:
    """Requests generated by schemathesis from /openapi.json, a bounded number for every
    operation: never a 5xx, every status and content type documented, every response
    body valid against its schema. (Its pytest plugin is not used: it reaches into
    pytest's private attributes, which pytest 9 renamed.)"""
    schemathesis = pytest.importorskip("schemathesis", reason="fuzzing needs schemathesis "
                                                              "(pip install '.[dev]')")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        positive_data_acceptance,
        response_schema_conformance,
        status_code_conformance,
    )

    @schemathesis.serializer("application/x-ndjson")
    def ndjson(ctx: Any, value: Any) -> bytes:
        """Roster bodies: a generated text as it is, anything else as one JSON line."""
        return value.encode("utf-8") if isinstance(value, str) else json.dumps(value).encode()

    @schemathesis.check
    def valid_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
        """Schemathesis' positive_data_acceptance but for the one rule across parameters
        the OpenAPI document cannot say: the levels asked for are levels the pack rules
        on (BAJI303, a 422 naming `levels`)."""
        if response.status_code == 422 and "json" in response.headers.get(
                "content-type", [""])[0] and response.json().get("code") == "BAJI303":
            return None
        result: bool | None = positive_data_acceptance(ctx, response, case)
        return result

    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(shelf=shelf))
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance, valid_data_accepted]
    failures: dict[str, str] = {}
    tried: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case: Any) -> None:
            case.validate_response(case.call(), checks=checks)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - every operation is tried, then reported
            failures[operation.label] = str(exc)[:2000]
    assert len(tried) == 10
    assert failures == {}


# -- a real process ------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_baji_serve_runs_as_a_process(tmp_path: Path) -> None:
    """`baji serve --port N` starts uvicorn on loopback and answers over real HTTP."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("BAJI_TOKEN", None)
    command = ([shutil.which("baji")] if shutil.which("baji") else
               [sys.executable, "-m", "baji"])
    process = subprocess.Popen([*command, "serve", "--port", str(port), "--log-level",
                                "warning"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz",
                                            timeout=2) as reply:
                    assert json.load(reply)["status"] == "ok"
                    break
            except OSError:
                if process.poll() is not None:
                    assert process.stdout is not None
                    pytest.fail(f"baji serve stopped: {process.stdout.read().decode()}")
                assert time.monotonic() < deadline, "baji serve did not start in 60 s"
                time.sleep(0.2)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/evaluate?pack=shanghai&as_of={DAY}&answers_only=true",
            data=b'{"grades": []}', headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            answers = json.load(reply)
        assert answers["pack"] == "shanghai-2026"
        assert {a["status"] for a in answers["levels"]} == {"undetermined"}
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout is not None:
            process.stdout.close()


def test_the_readme_curl_example_answers_as_baji_evaluate(client: TestClient) -> None:
    """The `curl` of the README's "Serve it" section, sent as it is written: 200, and
    the decision `baji.evaluate` gives."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(curl .*?)```", readme, flags=re.S)
    assert command is not None
    text = command.group(1).replace("\\\n", " ")
    url = re.search(r"'(http://127\.0\.0\.1:8000[^']*)'", text)
    body = re.search(r"-d '([^']*)'", text)
    headers = dict(h.split(": ", 1) for h in re.findall(r"-H '([^']*)'", text))
    assert url is not None and body is not None
    address = urlsplit(url.group(1))
    response = client.post(f"{address.path}?{address.query}", content=body.group(1).encode(),
                           headers=headers)
    assert response.status_code == 200, response.text
    query = dict(parse_qsl(address.query))
    expected = baji.evaluate(json.loads(body.group(1)), query["pack"],
                             dt.date.fromisoformat(query["as_of"]), levels=query["levels"])
    assert baji.load_decision(response.text, expected.pack) == expected


def test_inline_texts_with_answers_only_changes_nothing(client: TestClient) -> None:
    """inline_texts writes full decisions with their texts on both endpoints; answers
    carry no texts, so with answers_only it leaves the reply as it is (a valid
    combination of the document's parameters, never refused)."""
    body = _body(EXAMPLES[0])
    for path in ("/v1/evaluate", "/v1/evaluate/roster"):
        params = {"pack": "shanghai-2026", "as_of": "2026-09-01"}
        by_reference = client.post(path, params=params, content=body).text
        full = client.post(path, params={**params, "inline_texts": "true"}, content=body).text
        assert "pack_texts" in by_reference and "pack_texts" not in full
        assert '"required"' in full and '"required"' not in by_reference
        params["answers_only"] = "true"
        plain = client.post(path, params=params, content=body)
        inline = client.post(path, params={**params, "inline_texts": "true"}, content=body)
        assert plain.status_code == inline.status_code == 200
        assert inline.text == plain.text and "levels" in inline.text
