"""The descriptions of the service's own schemas in its OpenAPI document, in English
(``description``) and Chinese (``x-description-zh``), as :mod:`baji.render.schema_texts`
gives those of ``schemas/``: written for readers of JSON, not the models' docstrings."""

from __future__ import annotations

from baji.render.schema_texts import Text

_NULL = ("null when there is none.", "没有时为 null。")

#: Each of the service's models (and the pack diff's), by its component name.
MODELS: dict[str, Text] = {
    "Answers": ("The answer alone (answers_only=true): per level the status, path, open "
                "paths and earliest date.", "仅判定结果（answers_only=true）：每个等级的结论、途径、"
                                            "可行途径和最早日期。"),
    "LevelAnswer": ("The answer for one level, without trace or citations.",
                    "一个等级的判定结果，不含评估过程和引用。"),
    "PackList": ("The packs served, and the version of each jurisdiction in force on as_of.",
                 "所提供的规则包，以及各地在 as_of 当日施行的版本。"),
    "PackSummary": ("One version of a jurisdiction's policy.", "一地政策的一个版本。"),
    "PackDetail": ("One pack: its metadata, the clauses it quotes, its readings, its rules "
                   "and the picture of its network.",
                   "一个规则包：基本信息、所引条款、解读、规则及规则网络图。"),
    "Coverage": ("How the pack covers a level (full or partial), with the clauses it cites.",
                 "规则包对一个等级的覆盖（full 完整或 partial 部分）及所引条款。"),
    "Priority": ("A priority item (优先考虑): reported when met, never deciding.",
                 "优先考虑条件：满足时列出，不决定判定结果。"),
    "NetworkPicture": ("The compiled network: its size, and its picture as Mermaid text.",
                       "编译后的规则网络：规模及 Mermaid 格式的图。"),
    "Health": ("The service is up: its version and the number of packs it serves.",
               "服务运行中：版本及所提供的规则包数量。"),
    "SchemaNames": ("The names of the JSON Schemas served at /v1/schemas/{name}.",
                    "在 /v1/schemas/{name} 提供的 JSON Schema 名称。"),
    "ProblemDocument": ("An RFC 9457 problem document carrying baji's coded problems.",
                        "RFC 9457 问题文档，载有 baji 的带编码问题。"),
    "ProblemItem": ("One coded problem of a problem document.", "问题文档中的一个带编码问题。"),
    "PackDiff": ("The semantic diff of pack a against pack b.", "规则包 a 与 b 的语义差异。"),
    "PackRef": ("Which pack a side of the diff is.", "差异一方所指的规则包。"),
    "Item": ("One aligned point of comparison of two packs.", "两个规则包对齐后的一个比较项。"),
    "Side": ("One pack's side of an aligned item.", "比较项中一个规则包的一方。"),
    "PackTexts": ("The texts a decision written by reference to the pack names by id: its "
                  "clauses, its conditions (nodes) and its titles, notes and messages (by "
                  "key), with the digest a decision's pack_texts must equal.",
                  "按引用写出的评价结论以 id 指向的规则包文本：条款、条件（节点）以及标题、"
                  "说明和结论文字（按键），附评价结论中 pack_texts 须与之相同的摘要。"),
    "NodeText": ("What a condition of the pack says, named in a decision by its node id "
                 "(n12).", "规则包中一个条件的文字，评价结论以节点 id（如 n12）指向它。"),
    "Member": ("An item of a set (honour, award, title, contribution), by vocabulary id.",
               "集合中的一项（荣誉、奖项、职称、贡献），以词表 id 表示。"),
}

#: The fields the models' docstrings describe, as ``Model.field``.
PROPERTIES: dict[str, Text] = {
    "PackSummary.id": ("The pack id (shanghai-2026).", "规则包 id（如 shanghai-2026）。"),
    "PackSummary.jurisdiction": ("Its jurisdiction (shanghai).", "所属地区（如 shanghai）。"),
    "PackSummary.title": ("Its title in Chinese and English.", "中英文标题。"),
    "PackSummary.document": ("The document number of the policy.", "政策文件的文号。"),
    "PackSummary.window": ("Its window in force (cut short by a later version that repeals "
                           "it).", "施行期间（被后续版本废止时截止）。"),
    "PackSummary.in_force": ("Whether it is in force on the date asked about.",
                             "在所查询日期是否施行。"),
    "PackSummary.levels": ("The levels it rules on.", "所涉及的等级。"),
    "ProblemDocument.type": ("https://baji.invalid/errors/<code> of the first problem.",
                             "第一个问题的 https://baji.invalid/errors/<code>。"),
    "ProblemDocument.title": ("A short summary of the HTTP status, in the reply's language.",
                              "HTTP 状态的简述，使用答复的语言。"),
    "ProblemDocument.status": ("The HTTP status.", "HTTP 状态码。"),
    "ProblemDocument.detail": ("Every problem rendered, one line each.", "全部问题，每行一个。"),
    "ProblemDocument.instance": ("The path of the request.", "请求的路径。"),
    "ProblemDocument.code": ("The first problem's code.", "第一个问题的编码。"),
    "ProblemDocument.problems": ("Every problem, in the order found.", "全部问题，按发现顺序。"),
    "ProblemItem.code": ("The stable code (docs/errors.md).", "稳定的问题编码（docs/errors.md）。"),
    "ProblemItem.message": ("The message in the reply's language.", "使用答复语言的说明。"),
    "ProblemItem.hint": (f"What to do about it; {_NULL[0]}", f"处理建议；{_NULL[1]}"),
    "ProblemItem.pointer": ("The JSON path of the field in the request body "
                            f"($.grades[0].level); {_NULL[0]}",
                            f"请求体中字段的 JSON 路径（如 $.grades[0].level）；{_NULL[1]}"),
    "ProblemItem.in": ("Where in the request the problem lies: body, query, path or header; "
                       + _NULL[0], "问题在请求中的位置：body、query、path 或 header；" + _NULL[1]),
    "ProblemItem.parameter": (f"The query or path parameter at fault; {_NULL[0]}",
                              f"出错的查询或路径参数；{_NULL[1]}"),
    "ProblemItem.line": (f"The line of the request body; {_NULL[0]}", f"请求体中的行号；{_NULL[1]}"),
    "ProblemItem.column": (f"The column (characters) of the request body; {_NULL[0]}",
                           f"请求体中的列号（按字符计）；{_NULL[1]}"),
    "PackTexts.pack": ("The pack id.", "规则包 id。"),
    "PackTexts.pack_texts": ("sha256: and the digest of these texts: a decision by reference "
                             "reads with them only when its pack_texts is the same.",
                             "sha256: 加上这些文本的摘要：评价结论的 pack_texts 与之相同时方可用其读取。"),
    "PackTexts.clauses": ("The clauses, by clause id (a decision's citations).",
                          "条款，按条款 id（评价结论的 citations）。"),
    "PackTexts.nodes": ("The conditions, by node id (a trace entry's node; a path's unmet, "
                        "unknown and met).", "条件，按节点 id（评估过程条目的 node；途径的 "
                        "unmet、unknown、met）。"),
    "PackTexts.messages": ("Titles, notes and messages by key (rule:ID, priority:ID, "
                           "level:LEVEL, told:RULE, node:ID, eligible:LEVEL:RULE, "
                           "ineligible:LEVEL).", "标题、说明和结论文字，按键（rule:ID、priority:ID、"
                           "level:LEVEL、told:RULE、node:ID、eligible:LEVEL:RULE、ineligible:LEVEL）。"),
    "NodeText.kind": ("The operator (tenure, honour, all ...).", "运算（tenure、honour、all 等）。"),
    "NodeText.required": ("What it requires, in Chinese and English.", "所要求的内容（中英文）。"),
    "NodeText.strength": ("required, or default (原则上: a default the law allows departing "
                          "from).", "required（必备），或 default（原则上，可有例外）。"),
    "NodeText.cite": ("The clause ids it rests on.", "所依据的条款 id。"),
    "NodeText.facts": ("The profile facts it reads.", "所读取的档案事实。"),
    "NodeText.note": (f"The pack's note on it; {_NULL[0]}", f"规则包对它的说明；{_NULL[1]}"),
    "PackDiff.a": ("The first pack.", "第一个规则包。"),
    "PackDiff.b": ("The second pack.", "第二个规则包。"),
    "PackDiff.items": ("The differences, in display order (facet, level, path, key).",
                       "差异，按显示顺序（比较面、等级、途径、键）。"),
    "PackDiff.same": ("The aligned items on which the packs agree, in the same order.",
                      "两个规则包一致的比较项，顺序同上。"),
    "Item.facet": ("What is compared.", "比较的方面。"),
    "Item.level": (f"The level; {_NULL[0]}", f"等级；{_NULL[1]}"),
    "Item.path": (f"The path; {_NULL[0]}", f"途径；{_NULL[1]}"),
    "Item.key": ("What within the facet (a grade, an employer fact, a route, a reading).",
                 "比较面中的具体项（等级、用人单位条件、路线、解读）。"),
    "Item.label": ("The facet and key for people.", "供阅读的比较面与键。"),
    "Item.change": ("added (only in b), removed (only in a), changed or same.",
                    "added（仅 b 有）、removed（仅 a 有）、changed（不同）或 same（相同）。"),
    "Item.a": (f"Pack a's side; {_NULL[0]}", f"规则包 a 的一方；{_NULL[1]}"),
    "Item.b": (f"Pack b's side; {_NULL[0]}", f"规则包 b 的一方；{_NULL[1]}"),
    "Item.added": ("For a set: the members only in b.", "集合中仅 b 有的成员。"),
    "Item.removed": ("For a set: the members only in a.", "集合中仅 a 有的成员。"),
    "Item.common": ("For a set: the members in both.", "集合中两者共有的成员。"),
    "Side.value": ("The compared value (5y, required, 2026-03-31 ...); for a set, the member "
                   "ids joined by |.", "比较的值（如 5y、required、2026-03-31）；集合为以 | 连接的成员 id。"),
    "Side.text": ("The value for people.", "供阅读的值。"),
    "Side.citations": ("The clauses it rests on.", "所依据的条款。"),
}
