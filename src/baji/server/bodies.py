"""Reading a profile from a request body, and choosing the reply's form.

``POST /v1/evaluate`` takes the profile as JSON (``application/json``, the default) or as
YAML (``application/yaml``; also ``application/x-yaml``, ``text/yaml``), read by baji's
own loaders: strict JSON, and for YAML the safe reader of :mod:`baji.io.yaml_reader`
(plain data only, no tags, duplicate keys refused, every problem with its line and
column). It answers JSON, or the decision sheet as HTML when the request's ``Accept``
prefers ``text/html`` (:func:`wants_html`).
"""

from __future__ import annotations

from baji.errors import BajiError, Problem, problem
from baji.io.strict_json import load_json_text, loads_json
from baji.io.yaml_reader import decode
from baji.profile.fast import FastProfile, Refused
from baji.profile.fast import decode as decode_fast
from baji.profile.load import load_profiles_bytes
from baji.profile.model import Profile, parse_profile
from baji.server.problems import ServiceError

#: How a request body is named in its problems (no file is named: the line and column
#: are those of the body).
BODY_NAME = "<request>"
#: The media types read as YAML.
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})


def media_type(header: str | None) -> str:
    """The media type of a ``Content-Type`` header, lower case, without parameters."""
    return (header or "").split(";", 1)[0].strip().lower()


def wants_html(accept: str | None) -> bool:
    """Whether an ``Accept`` header asks for HTML before JSON: it names ``text/html``
    with a quality above 0 and no JSON type (``application/json``,
    ``application/problem+json``) with a higher one. ``*/*`` alone means JSON."""
    html = json = 0.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        kind = fields[0].lower()
        quality = 1.0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if kind == "text/html":
            html = max(html, quality)
        elif kind in ("application/json", "application/problem+json"):
            json = max(json, quality)
    return html > 0 and html >= json


def read_profile(body: bytes, content_type: str | None) -> Profile | FastProfile:
    """The one profile a request body holds, as JSON or YAML by ``content_type``.

    Raises:
        ServiceError: the body is not UTF-8, not strict JSON or not plain YAML (400), not
            a valid profile (422, each problem with its JSON path, line and column), or
            a YAML list of several profiles (422, BAJI508).
    """
    if media_type(content_type) in YAML_TYPES:
        return _yaml_profile(body)
    return _json_profile(body)


def _json_profile(body: bytes) -> Profile | FastProfile:
    """A JSON body validated as :func:`baji.parse_profile` does: by the fast path of
    :mod:`baji.profile.fast` first (its Struct, which the evaluators read as they read a
    :class:`Profile`), by the model when the fast path refuses it.

    A body that fails is read again as :func:`baji.load_profiles_bytes` reads a JSON
    file, so that each problem also has its line and column in the body (only then:
    locating costs a second reading).
    """
    try:
        return decode_fast(body)
    except Refused:
        pass
    text, problems = decode(body, BODY_NAME)
    try:
        if text is None:
            raise BajiError(problems)
        try:
            return parse_profile(loads_json(text))
        except BajiError as first:
            value, positions = load_json_text(text, BODY_NAME)
            parse_profile(value, source=BODY_NAME, positions=positions)
            raise first from None  # pragma: no cover - the second reading fails too
    except BajiError as exc:
        raise ServiceError([_unfiled(p) for p in exc.problems], where="body") from None


def _yaml_profile(body: bytes) -> Profile:
    """A YAML body read as a profile file is (one mapping; a list of one is accepted)."""
    try:
        found = load_profiles_bytes(body, display=BODY_NAME)
    except BajiError as exc:
        raise ServiceError([_unfiled(p) for p in exc.problems], where="body") from None
    if len(found) != 1:
        raise ServiceError([problem("BAJI508", count=len(found))], where="body")
    return found[0]


def _unfiled(found: Problem) -> Problem:
    """A problem of the request body: its line and column kept, no file named."""
    return Problem(found.message, None, found.line, found.column, found.hint,
                   found.pointer, found.code, found.params)
