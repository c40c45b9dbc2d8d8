"""The decision sheet from the service and the playground's page (issue 13 items 5, 6),
through the HTTP client: `POST /v1/evaluate` with `Accept: text/html` answers the sheet,
in the language of `Accept-Language`; a YAML body is read by baji's loader; the page,
its script and style need no token while every call they make does."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

pytest.importorskip("fastapi", reason="the server extra is not installed "
                                      "(pip install '.[server]')")
pytest.importorskip("httpx", reason="the test client needs httpx (pip install '.[dev]')")

from fastapi.testclient import TestClient  # noqa: E402 - after the skip
from test_sheet import README  # noqa: E402

import baji  # noqa: E402
from baji.core.labels import RANK_LABEL  # noqa: E402
from baji.core.vocabulary import default_vocab  # noqa: E402
from baji.render.sheet import render_sheet  # noqa: E402
from baji.server.app import create_app  # noqa: E402
from baji.server.bodies import wants_html  # noqa: E402
from baji.server.settings import Settings  # noqa: E402

DAY = "2026-07-01"
URL = f"/v1/evaluate?pack=shanghai&as_of={DAY}"
HTML = {"Accept": "text/html", "Accept-Language": "zh-CN"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


def _problem(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    doc: dict[str, Any] = response.json()
    assert doc["code"] == code
    return doc


def test_accept_html_answers_the_decision_sheet(client: TestClient) -> None:
    """The page `baji eval --format sheet` writes, byte for byte, in Chinese or English
    by Accept-Language, with a policy that lets it run and load nothing."""
    decision = baji.evaluate(README, "shanghai-2026", DAY)
    reply = client.post(URL, json=README, headers=HTML)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.text == render_sheet([decision], "zh")
    assert "default-src 'none'" in reply.headers["content-security-policy"]
    english = client.post(URL, json=README, headers={**HTML, "Accept-Language": "en"})
    assert english.text == render_sheet([decision], "en")
    plain = client.post(URL, json=README)  # no Accept: JSON, as before
    assert plain.headers["content-type"] == "application/json"
    assert baji.load_decision(plain.text, "shanghai-2026") == decision


def test_which_accept_headers_ask_for_the_sheet() -> None:
    """HTML only when named before JSON; */* and a browser's fetch default mean JSON."""
    assert wants_html("text/html")
    assert wants_html("text/html,application/xhtml+xml,*/*;q=0.8")
    assert wants_html("application/json;q=0.5, text/html")
    assert not wants_html(None) and not wants_html("*/*")
    assert not wants_html("application/json, text/html;q=0.9")
    assert not wants_html("text/html;q=0, application/json")
    assert not wants_html("text/html;q=x")


def test_a_yaml_body_is_read_by_bajis_loader(client: TestClient) -> None:
    """`Content-Type: application/yaml`: the same decision as the JSON body; a YAML
    problem is located by line and column of the body; a tag is refused, not run; a list
    of two profiles is BAJI508."""
    body = yaml.safe_dump(README, allow_unicode=True).encode("utf-8")
    reply = client.post(URL, content=body, headers={"Content-Type": "application/yaml"})
    assert reply.status_code == 200, reply.text
    assert reply.json() == client.post(URL, json=README).json()
    bad = client.post(URL, content="grades:\n- level: 高级技工\n".encode(),
                      headers={"Content-Type": "application/yaml; charset=utf-8"})
    doc = _problem(bad, 422, bad.json()["code"])
    first = doc["problems"][0]
    assert (first["pointer"], first["line"]) == ("$.grades[0].level", 2)
    tagged = client.post(URL, content=b"id: !!python/object/apply:os.system [echo hi]\n",
                         headers={"Content-Type": "text/yaml"})
    assert tagged.status_code in (400, 422) and "problem+json" in tagged.headers["content-type"]
    two = yaml.safe_dump([README, README], allow_unicode=True).encode("utf-8")
    doc = _problem(client.post(URL, content=two, headers={"Content-Type": "application/yaml"}),
                   422, "BAJI508")
    assert "2" in doc["detail"]


def test_answers_only_gives_no_sheet(client: TestClient) -> None:
    """Answers alone have no conditions to show: BAJI509, naming the parameter."""
    doc = _problem(client.post(URL + "&answers_only=true", json=README, headers=HTML),
                   422, "BAJI509")
    assert doc["problems"][0]["parameter"] == "answers_only"


def test_the_playground_page_needs_no_token_but_its_calls_do() -> None:
    """With a token: `/`, its script, style and labels are served without one (they hold
    nothing private); the schema, the packs and the evaluation it calls refuse a request
    without it; and the profile limit applies to the sheet as to JSON."""
    app = create_app(Settings(token="s3cret", max_body_bytes=4096))
    with TestClient(app) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        for name in ("playground.js", "playground.css", "labels.json"):
            assert client.get(f"/playground/{name}").status_code == 200
        for call in (client.get("/v1/schemas/profile"), client.get("/v1/packs"),
                     client.post(URL, json=README, headers=HTML)):
            _problem(call, 401, "BAJI500")
        auth = {"Authorization": "Bearer s3cret"}
        assert client.post(URL, json=README, headers={**HTML, **auth}).status_code == 200
        big = {**README, "name": "x" * 5000}
        _problem(client.post(URL, json=big, headers={**HTML, **auth}), 413, "BAJI502")
        assert "/" not in client.get("/openapi.json", headers=auth).json()["paths"]


def test_the_form_labels_name_every_field_of_the_schema(client: TestClient) -> None:
    """Every property of the served profile schema, at every depth, has a Chinese label
    in `/playground/labels.json` (the form shows no field name); every level, filing,
    rank and kind has a label too."""
    labels = client.get("/playground/labels.json").json()
    schema = client.get("/v1/schemas/profile").json()
    defs = schema["$defs"]
    missing: list[str] = []
    enums: set[str] = set()

    def walk(node: dict[str, Any], path: str) -> None:
        while "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        for branch in node.get("anyOf", []):
            walk(branch, path)
        enums.update(node.get("enum", []))
        if node.get("type") == "array":
            walk(node.get("items", {}), path + "[]")
        for name, sub in node.get("properties", {}).items():
            child = f"{path}.{name}" if path else name
            if child not in labels["fields"]:
                missing.append(child)
            walk(sub, child)

    walk(schema, "")
    assert missing == []
    # every value is labelled, but the names the schema accepts beside the ids (a level's
    # a rank's or a vocabulary item's Chinese name, an alias), which are names already
    vocab = default_vocab()
    names = {lv.zh for lv in baji.Level} | {label.zh for label in RANK_LABEL.values()} | {
        name for kind in vocab.items.values() for item in kind.values()
        for name in (item.zh, *item.aliases)}
    assert enums and sorted(enums - set(labels["values"]) - names) == []
    assert {"national_technical_expert", "china_skills_grand_award"} <= set(labels["values"])
    assert all(f"attestations.{a}" in labels["fields"] for a in labels["attestations"])
    assert labels["fields"]["attestations.physically_fit"][0] == "具有适应工作岗位需要的身体条件"
    assert json.dumps(labels, ensure_ascii=False).count("<") == 0
