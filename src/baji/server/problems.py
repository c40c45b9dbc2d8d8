"""Errors as RFC 9457 ``application/problem+json``, in the client's language.

Every error the service answers carries baji's coded problems (docs/errors.md): the
library's own (a profile's, with the JSON path of each field) and the service's
(BAJI500-BAJI507: token, limits, addresses). The reply is one problem document::

    {"type": "https://baji.invalid/errors/BAJI011", "title": "Invalid request",
     "status": 422, "detail": "$.grades[0]: missing required field 'level'",
     "instance": "/v1/evaluate", "code": "BAJI011",
     "problems": [{"code": "BAJI011", "message": "missing required field 'level'",
                   "hint": null, "pointer": "$.grades[0]", "in": "body", ...}]}

``type`` names the first problem's code (the catalogue is docs/errors.md); ``detail``
renders every problem, one line each. The language is English, or Chinese when the
request's ``Accept-Language`` prefers ``zh`` (:func:`language`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from baji.errors import Problem

Lang = Literal["en", "zh"]
Where = Literal["body", "query", "path", "header"]

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://baji.invalid/errors/"

_TITLES: dict[int, tuple[str, str]] = {
    400: ("Unreadable request body", "请求体无法读取"),
    401: ("Unauthorized", "未授权"),
    404: ("Not found", "未找到"),
    405: ("Method not allowed", "方法不允许"),
    413: ("Request too large", "请求过大"),
    422: ("Invalid request", "请求无效"),
    500: ("Internal error", "内部错误"),
}
_STATUS: dict[str, int] = {
    "BAJI500": 401, "BAJI501": 401, "BAJI502": 413, "BAJI503": 413, "BAJI504": 404,
    "BAJI505": 405, "BAJI506": 500, "BAJI507": 404,
    # a body that is not strict JSON (so are BAJI101-BAJI119: the reader's codes)
    "BAJI105": 413, "BAJI203": 400, "BAJI204": 400,
}


class ProblemItem(BaseModel):
    """One coded problem of a problem document.

    Attributes:
        code: the stable code (docs/errors.md).
        message: the message in the reply's language.
        hint: what to do about it, or ``null``.
        pointer: the JSON path of the field in the request body (``$.grades[0].level``),
            or ``null``.
        in_: where in the request the problem lies: ``body``, ``query``, ``path`` or
            ``header``, or ``null``.
        parameter: the query or path parameter at fault, or ``null``.
        line: the line of the request body, or ``null``.
        column: the column (characters) of the request body, or ``null``.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    code: str
    message: str
    hint: str | None = None
    pointer: str | None = None
    in_: Where | None = Field(default=None, alias="in")
    parameter: str | None = None
    line: int | None = None
    column: int | None = None


class ProblemDocument(BaseModel):
    """An RFC 9457 problem document carrying baji's coded problems.

    Attributes:
        type: ``https://baji.invalid/errors/<code>`` of the first problem.
        title: a short summary of the HTTP status, in the reply's language.
        status: the HTTP status.
        detail: every problem rendered, one line each.
        instance: the path of the request.
        code: the first problem's code.
        problems: every problem, in the order found.
    """

    model_config = ConfigDict(frozen=True)

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    code: str
    problems: tuple[ProblemItem, ...]


class Located(NamedTuple):
    """A problem and where in the request it lies: ``body``, ``query``, ``path`` or
    ``header`` (``None``: nowhere in particular), and the parameter at fault."""

    problem: Problem
    where: Where | None = None
    parameter: str | None = None


class ServiceError(Exception):
    """A request the service answers with a problem document.

    Args:
        problems: the coded problems (at least one), each a :class:`Problem` (placed by
            ``where`` and ``parameter``) or a :class:`Located` one.
        where: where in the request the plain problems lie.
        parameter: the query or path parameter at fault.
        status: the HTTP status; by default from the first problem's code and place
            (:func:`status_of`).
        headers: extra response headers (``WWW-Authenticate``, ``Allow``).
    """

    def __init__(self, problems: Sequence[Problem | Located], *, where: Where | None = None,
                 parameter: str | None = None, status: int | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        self.items = tuple(p if isinstance(p, Located) else Located(p, where, parameter)
                           for p in problems)
        super().__init__("\n".join(item.problem.render() for item in self.items))
        first = self.items[0]
        self.status = status or status_of(first.problem.code, first.where)
        self.headers = dict(headers or {})


def status_of(code: str, where: Where | None = None) -> int:
    """The HTTP status of a problem: 404 for an unknown pack named in the path, 400 for
    a body that cannot be read (not UTF-8, not strict JSON), the service's own codes as
    documented (docs/errors.md), else 422."""
    if code in ("BAJI300", "BAJI301") and where == "path":
        return 404
    if code in _STATUS:
        return _STATUS[code]
    return 400 if "BAJI101" <= code <= "BAJI119" else 422


def language(accept_language: str | None) -> Lang:
    """``zh`` when ``Accept-Language`` prefers Chinese to English, else ``en``.

    Tags are weighed by their ``q`` (1 by default); the first of equal weight wins;
    ``*`` counts as English.

    Example:
        >>> language("zh-CN,zh;q=0.9,en;q=0.8")
        'zh'
        >>> language("en-GB, zh;q=0.5")
        'en'
    """
    best: tuple[float, Lang] | None = None
    for part in (accept_language or "").split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        lang: Lang | None = ("zh" if tag == "zh" or tag.startswith("zh-") else
                             "en" if tag in ("en", "*") or tag.startswith("en-") else None)
        if lang is not None and weight > 0 and (best is None or weight > best[0]):
            best = (weight, lang)
    return best[1] if best is not None else "en"


def document(error: ServiceError, lang: Lang, instance: str | None) -> ProblemDocument:
    """The problem document of ``error`` in ``lang``."""
    items = []
    for found, where, parameter in error.items:
        message, hint = _texts(found, lang)
        items.append(ProblemItem(code=found.code, message=message, hint=hint,
                                 pointer=found.pointer, in_=where, parameter=parameter,
                                 line=found.line, column=found.column))
    first = error.items[0].problem
    title = _TITLES.get(error.status, ("Error", "错误"))[lang == "zh"]
    lines = [(f"{parameter}: " if parameter and found.pointer is None else "")
             + found.render(lang) for found, _, parameter in error.items]
    return ProblemDocument(type=TYPE_BASE + first.code, title=title, status=error.status,
                           detail="\n".join(lines), instance=instance, code=first.code,
                           problems=tuple(items))


def response(error: ServiceError, lang: Lang, instance: str | None) -> Response:
    """``error`` as an ``application/problem+json`` response, ``Content-Language`` set."""
    body = document(error, lang, instance).model_dump_json(by_alias=True)
    headers = {"Content-Language": "zh-CN" if lang == "zh" else "en",
               # set here too: a 500 is sent from outside the app's middleware
               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
               **error.headers}
    return Response(body, status_code=error.status, media_type=MEDIA_TYPE, headers=headers)


def _texts(found: Problem, lang: Lang) -> tuple[str, str | None]:
    """The message and hint of ``found`` alone, in ``lang``."""
    data = found.to_json()
    message = data["message"]
    hint = data["hint"]
    assert isinstance(message, dict)
    text = message[lang]
    return (text if isinstance(text, str) else found.message,
            hint[lang] if isinstance(hint, dict) and isinstance(hint.get(lang), str) else None)
