"""The error codes of drawing (40x) and of the HTTP service (50x), in the catalogue
(:mod:`baji.errors.catalogue`) with the others."""

from __future__ import annotations

from baji.errors.entry import Entry

LATER_ENTRIES: tuple[Entry, ...] = (
    # -- 40x: drawing ----------------------------------------------------------------------------
    Entry("BAJI400", "cannot draw SVG: Graphviz's {program!r} program is not installed",
          "无法绘制 SVG：未安装 Graphviz 的 {program!r} 程序",
          "Drawing a network as SVG (`baji graph --format svg`) needs Graphviz.",
          "install Graphviz (apt-get install graphviz, brew install graphviz), or use "
          "--format dot and draw it elsewhere",
          "请安装 Graphviz（apt-get install graphviz、brew install graphviz），或使用 --format dot "
          "后另行绘制"),
    Entry("BAJI401", "cannot draw SVG: {detail}", "无法绘制 SVG：{detail}",
          "Graphviz failed to draw the network."),
    # -- 50x: the HTTP service (baji serve) ----------------------------------------------------
    Entry("BAJI500", "a bearer token is required", "需要 bearer 令牌",
          "The service was started with a token (--token-file or BAJI_TOKEN) and the request "
          "sent none (HTTP 401).",
          "send the header 'Authorization: Bearer <token>'",
          "请发送请求头 'Authorization: Bearer <令牌>'"),
    Entry("BAJI501", "the bearer token was not accepted", "bearer 令牌不正确",
          "The request's bearer token is not the one the service was started with (HTTP 401).",
          "send the token the service was started with (--token-file or BAJI_TOKEN)",
          "请发送服务启动时设定的令牌（--token-file 或 BAJI_TOKEN）"),
    Entry("BAJI502", "the request body is over the limit of {limit} bytes",
          "请求体超过 {limit} 字节的上限",
          "A request body is larger than the service accepts (HTTP 413): a profile is at most "
          "2 MiB, any body at most --max-body-bytes.",
          "split the roster into smaller requests, or start the service with a larger "
          "--max-body-bytes",
          "请把名册拆分为较小的请求，或以更大的 --max-body-bytes 启动服务"),
    Entry("BAJI503", "the roster has {rows} rows, over the limit of {limit}",
          "名册有 {rows} 行，超过 {limit} 行的上限",
          "A roster sent to the service has more rows than --max-rows allows (HTTP 413).",
          "send at most {limit} rows a request", "每次请求最多发送 {limit} 行"),
    Entry("BAJI504", "no endpoint at {address!r}", "{address!r} 处没有接口",
          "The service has nothing at that address (HTTP 404).",
          "the endpoints are listed at /docs and /openapi.json",
          "接口列表见 /docs 和 /openapi.json"),
    Entry("BAJI505", "method {method} is not allowed at {address!r}",
          "{address!r} 不接受 {method} 方法",
          "The address exists but does not take that HTTP method (HTTP 405)."),
    Entry("BAJI506", "internal error ({reference}); the service has logged it",
          "内部错误（{reference}），服务已记录",
          "A bug in baji: the service logged the traceback under the reference given (HTTP "
          "500). Please report it with the request."),
    Entry("BAJI507", "unknown schema {value!r}", "未知模式 {value!r}",
          "The service publishes no JSON Schema of that name (HTTP 404)."),
    Entry("BAJI508", "the body holds {count} profiles; this endpoint takes one",
          "请求体含 {count} 份档案，本接口只接受一份",
          "A YAML body sent to /v1/evaluate holds a list of profiles instead of one "
          "(HTTP 422).",
          "send one profile, or the roster as NDJSON to /v1/evaluate/roster",
          "请只发送一份档案，多份请以 NDJSON 发送到 /v1/evaluate/roster"),
    Entry("BAJI509", "answers_only gives no decision sheet", "仅答案模式（answers_only）不生成评价结论单",
          "A request asked for the decision sheet (Accept: text/html) and for the answers "
          "alone, which have no conditions or clauses to show (HTTP 422).",
          "ask for application/json, or leave answers_only out",
          "请改为请求 application/json，或去掉 answers_only"),
)
