"""A client without baji reads a decision written by reference (the service's default)
with the pack's texts from ``GET /v1/packs/{pack}/texts``: every id and key the decision
names is there, and gives back the texts the inline decision carries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402
from test_sheet import README  # noqa: E402

from baji.server.app import create_app  # noqa: E402
from baji.server.shelf import Shelf  # noqa: E402

#: Candidates with unmet, unknown and met conditions, notes and messages on every level.
PROFILES = [
    README,  # eligible for 特级技师 in Shanghai: messages by key
    {"grades": [{"level": "senior_technician", "posts": [{"start": "2025-06-08"}]}],
     "honours": ["全国技术能手"]},
    {"grades": [{"level": "technician", "occupation": "车工", "posts": [{"start": "2019-01-01"}]}],
     "occupation": "钳工", "in_post_employee": True, "findings": [], "awards": [],
     "employer": {"filed_institution": True, "filing": "municipal", "pilot": True}},
]
CASES = [("shanghai-2026", "2026-07-01"), ("chongqing-2023", "2024-06-01"),
         ("fujian-2026", "2026-07-01"), ("tianjin-2024", "2025-01-01")]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(shelf=Shelf())) as test_client:
        yield test_client


def _evaluate(client: TestClient, pack: str, day: str, profile: dict[str, Any],
              inline: bool) -> dict[str, Any]:
    reply = client.post(f"/v1/evaluate?pack={pack}&as_of={day}"
                        + ("&inline_texts=true" if inline else ""), json=profile)
    assert reply.status_code == 200, reply.text
    found: dict[str, Any] = reply.json()
    return found


def _node(texts: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """A trace entry by reference made whole from the texts, as a client would."""
    node = texts["nodes"][entry["node"]]
    return {"node": entry["node"], "kind": node["kind"], "required": node["required"],
            "actual": entry["actual"], "met": entry["met"], "strength": node["strength"],
            "cite": node["cite"], "facts": entry.get("facts", node["facts"]),
            "becomes_met": entry.get("becomes_met"), "note": node["note"]}


def _inline_entry(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k != "source"}


@pytest.mark.parametrize(("pack", "day"), CASES)
@pytest.mark.parametrize("profile", PROFILES)
def test_a_client_reads_a_decision_by_reference_with_the_texts(
        client: TestClient, pack: str, day: str, profile: dict[str, Any]) -> None:
    texts = client.get(f"/v1/packs/{pack}/texts").json()
    ref = _evaluate(client, pack, day, profile, inline=False)
    full = _evaluate(client, pack, day, profile, inline=True)
    assert ref["pack_texts"] == texts["pack_texts"] and ref["pack"] == texts["pack"]
    assert [_node(texts, e) for e in ref["trace"]] == [_inline_entry(e) for e in full["trace"]]
    trace = {e["node"]: e for e in ref["trace"]}
    keyed = 0
    for mine, theirs in zip(ref["levels"], full["levels"], strict=True):
        assert [texts["clauses"][c] for c in mine.get("citations", [])] == theirs["citations"]
        notes = [texts["messages"][n] if isinstance(n, str) else n for n in mine.get("notes", [])]
        assert notes == theirs["notes"]
        message = mine["message"]
        keyed += isinstance(message, str)
        assert (texts["messages"][message] if isinstance(message, str) else message) == \
            theirs["message"]
        for result, inline in zip(mine.get("results", []), theirs["results"], strict=True):
            assert [texts["clauses"][c] for c in result.get("citations", [])] == \
                inline["citations"]
            for part in ("unmet", "unknown"):
                assert [_node(texts, trace[n]) for n in result.get(part, [])] == \
                    [_inline_entry(e) for e in inline[part]], part
            assert result.get("met", []) == inline["met"]  # node ids in both forms
            assert all(n in texts["nodes"] for n in inline["met"])
            title = result.get("title", f"rule:{result['rule']}")
            assert (texts["messages"][title] if isinstance(title, str) else title) == \
                inline["title"]
    if profile is README and pack == "shanghai-2026":
        assert keyed >= 2  # eligible and ineligible levels name their messages by key


def test_the_texts_are_cached_by_their_digest(client: TestClient) -> None:
    """The ETag is the digest: asked again with it, 304 and no body; a jurisdiction gives
    the texts of its version in force; an unknown pack is the service's located problem."""
    first = client.get("/v1/packs/shanghai-2026/texts")
    tag = first.headers["etag"]
    assert tag == f'"{first.json()["pack_texts"]}"'
    again = client.get("/v1/packs/shanghai-2026/texts", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/v1/packs/shanghai/texts?as_of=2026-07-01").json() == first.json()
    other = client.get("/v1/packs/chongqing-2023/texts", headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag
    missing = client.get("/v1/packs/nowhere-2020/texts")
    assert missing.status_code == 404, missing.text
    assert missing.json()["problems"][0]["in"] == "path"
