"""The catalogue of baji's error codes: one template a code, in English and Chinese.

Every :class:`~baji.errors.Problem` baji reports carries a stable ``code`` (``BAJI126``)
and the parameters its message was built from. This module holds, for each code, the
message template in English and in Chinese, the hint that goes with it, and one sentence
saying what the code means. :func:`baji.errors.problem` builds problems from it, and
:meth:`baji.errors.Problem.render` renders them in either language.

docs/errors.md is generated from this catalogue (by :mod:`baji.errors.docs`)::

    python -m baji.errors docs/errors.md

and a test checks the committed file is current, and that every ``BAJI...`` code written
in the source of baji has an entry here.

Templates use :meth:`str.format` fields. A parameter that is a tuple is joined (``, `` in
English, ``、`` in Chinese) before formatting. A parameter ``x`` may come with ``x_zh``,
its Chinese form (``kind='honour'``, ``kind_zh='荣誉'``); Chinese templates use that.
"""

from __future__ import annotations

from baji.errors.entry import Entry
from baji.errors.later_codes import LATER_ENTRIES

#: Hints shared by several codes, chosen by the ``hint`` parameter of a problem.
HINTS: dict[str, tuple[str, str]] = {
    "did_you_mean": ("did you mean {suggestion!r}?", "是否应为 {suggestion!r}？"),
    "known": ("known: {known}", "可用的有：{known}"),
    "other_kind": ("{value!r} is a known {held} name: give it under '{field}'",
                   "「{value}」是{held_zh}，请填写在 {field} 中"),
    "allowed": ("allowed: {known}", "允许的有：{known}"),
    "spelling": ("remove it or check its spelling", "请删除或检查拼写"),
    "quote_text": ("quote the text: a comma inside a {{zh: ..., en: ...}} flow mapping "
                   "starts a new key",
                   "请给文字加引号：{{zh: ..., en: ...}} 流式映射中的逗号会开始一个新键"),
    "id_chars": ("use letters, digits, '_', '.' or '-', starting with a letter or digit",
                 "只能使用字母、数字、'_'、'.' 或 '-'，并以字母或数字开头"),
    "pack_id_chars": ("use lower-case letters, digits and '-', starting with a letter or "
                      "digit", "只能使用小写字母、数字和 '-'，并以字母或数字开头"),
    "control": ("remove the control character", "请删除该控制字符"),
    "truncated": ("the last line looks truncated", "最后一行似乎不完整"),
}

_ENTRIES: tuple[Entry, ...] = (
    Entry("BAJI000", "{detail}", "{detail}",
          "A problem raised with a plain message and no code of its own."),
    # -- 0xx: the shape of any input (packs, vocabulary, profiles) -------------------------
    Entry("BAJI010", "unknown field {field!r}", "未知字段 {field!r}",
          "A mapping holds a key its model does not define (often a typo)."),
    Entry("BAJI011", "missing required field {field!r}", "缺少必填字段 {field!r}",
          "A field the model requires is absent."),
    Entry("BAJI012", "expected {expected}, got {got}", "应为{expected_zh}，实际为 {got_zh}",
          "A value has the wrong type (a text where a list is expected, 'yes' for a "
          "boolean...); nothing is converted silently."),
    Entry("BAJI013", "must be at least {limit}, got {value!r}",
          "不得小于 {limit}，实际为 {value!r}",
          "A number is below its lower bound (a negative number of years)."),
    Entry("BAJI014", "{value!r} is not one of {allowed}", "{value!r} 不是可选值之一：{allowed}",
          "A value is not one of the fixed choices of its field."),
    Entry("BAJI015", "{value!r} is not a valid id", "{value!r} 不是有效的标识",
          "An id has characters ids may not have."),
    Entry("BAJI016", "must not be empty", "不得为空",
          "A list or text that needs at least one item is empty."),
    Entry("BAJI017", "{value!r} is longer than {limit} characters",
          "{value!r} 超过 {limit} 个字符", "A text is over its length limit."),
    Entry("BAJI018", "must be at most {limit}, got {value!r}", "不得大于 {limit}，实际为 {value!r}",
          "A number is above its upper bound (an absurd number of years)."),
    Entry("BAJI019", "{detail}", "{detail}",
          "Any other invalid value; the message is the validator's own (English)."),
    Entry("BAJI020", "expected a date as YYYY-MM-DD, got {value!r}",
          "日期应写作 YYYY-MM-DD，实际为 {value!r}", "A date is not written as YYYY-MM-DD.",
          "write dates as YYYY-MM-DD, e.g. 2025-02-28", "日期请写作 YYYY-MM-DD，例如 2025-02-28"),
    Entry("BAJI021", "{value!r} is not a day of the calendar", "{value!r} 不是日历上存在的日期",
          "A date is written correctly but does not exist (2025-02-30).",
          "dates are YYYY-MM-DD and must exist on the calendar",
          "日期应写作 YYYY-MM-DD 且须真实存在"),
    Entry("BAJI022", "a time of day is not allowed in {value!r}", "{value!r} 不应包含时刻",
          "A date carries a time of day; baji works in whole days.",
          "write a date as YYYY-MM-DD", "日期请写作 YYYY-MM-DD"),
    Entry("BAJI023", "date {value} is out of range", "日期 {value} 超出范围",
          "A date lies outside the years baji accepts (an absurd year such as 0001 or "
          "9999).", "dates must fall between {low} and {high}",
          "日期须在 {low} 至 {high} 之间"),
    Entry("BAJI024", "unknown level {value!r}", "未知等级 {value!r}",
          "A level is neither a level id (senior_technician) nor a Chinese level name "
          "(高级技师)."),
    Entry("BAJI025", "unknown {kind} {value!r}", "未知{kind_zh} {value!r}",
          "A profile names an honour, award, title, attestation or contribution that is "
          "not in the vocabulary (by id, Chinese name or alias)."),
    # -- 10x-11x: reading a YAML or JSON file -----------------------------------------------
    Entry("BAJI101", "invalid YAML: {detail}", "YAML 语法错误：{detail}",
          "The file is not valid YAML (the YAML parser's explanation follows).",
          "check the indentation and quoting around this point", "请检查此处附近的缩进和引号"),
    Entry("BAJI102", "YAML tag {tag!r} is not allowed", "不允许使用 YAML 标签 {tag!r}",
          "A YAML tag (!!python/object, !!binary, !custom...) was used; baji never "
          "constructs tagged objects.",
          "packs and profiles use plain YAML values only", "规则包和档案只能使用普通 YAML 值"),
    Entry("BAJI103", "duplicate key {name!r}, first given on line {first}",
          "重复的键 {name!r}，首次出现在第 {first} 行",
          "A mapping has the same key twice; YAML would silently keep only one.",
          "each key may appear once in a mapping", "同一映射中每个键只能出现一次"),
    Entry("BAJI104", "cannot write output: {reason}", "无法写入输出：{reason}",
          "An output file (--out) cannot be written; this is found before any work is "
          "done.", "give a path in an existing folder", "请给出现有文件夹中的路径"),
    Entry("BAJI105", "file is {size} bytes, over the limit of {limit}",
          "文件有 {size} 字节，超过上限 {limit}", "The file is larger than baji reads.",
          "split it or check it is the right file", "请拆分文件或确认文件是否正确"),
    Entry("BAJI106", "byte {byte} is not valid UTF-8", "字节 {byte} 不是有效的 UTF-8",
          "The file is not UTF-8 (often GBK from a spreadsheet export).",
          "save the file as UTF-8", "请将文件另存为 UTF-8 编码"),
    Entry("BAJI107", "the file is empty", "文件为空",
          "The file holds no YAML document (nothing, or only comments).",
          "expected a YAML mapping", "应为 YAML 映射"),
    Entry("BAJI108", "the document expands to more than {limit} values",
          "文档展开后超过 {limit} 个值",
          "Anchors and aliases multiply the document past the limit (a 'billion laughs' "
          "file); it is refused before anything is expanded.",
          "anchors and aliases may not be used to multiply content", "不得利用锚点和别名成倍扩充内容"),
    Entry("BAJI142", "the document expands to more than {limit} characters",
          "文档展开后超过 {limit} 个字符",
          "Anchors and aliases repeat long texts past the limit (a few aliases of a long "
          "text expand to gigabytes); it is refused before anything is expanded.",
          "anchors and aliases may not be used to multiply content", "不得利用锚点和别名成倍扩充内容"),
    Entry("BAJI109", "cannot read file: {reason}", "无法读取文件：{reason}",
          "The file cannot be opened (missing, no permission), or it is not a regular file "
          "(a named pipe, a device, a folder), which baji refuses rather than wait on."),
    Entry("BAJI110", "a tab character is not allowed here", "此处不允许使用制表符",
          "YAML indentation uses a tab.", "indent with spaces, not tabs", "请用空格缩进，不要用制表符"),
    Entry("BAJI111", "a pack must be a mapping at the top level, got {got}",
          "规则包顶层应为映射，实际为{got_zh}", "The pack file is a list or a scalar.",
          "start the file with `pack: <id>`", "文件应以 `pack: <id>` 开头"),
    Entry("BAJI112", "{value!r} is not a valid {what}", "{value!r} 不是有效的{what_zh}",
          "A scalar tagged or read as a number or boolean cannot be read (0x_, !!int '').",
          "write numbers in decimal digits and booleans as true or false",
          "数字请用十进制书写，布尔值写 true 或 false"),
    Entry("BAJI113", "an alias refers to the node that contains it", "别名引用了包含它自身的节点",
          "A recursive alias: the document would be infinite.",
          "an anchor may not contain an alias to itself", "锚点内不得引用自身"),
    Entry("BAJI114", "the document nests deeper than {limit} levels",
          "文档嵌套超过 {limit} 层", "Lists or mappings are nested absurdly deep.",
          "flatten the structure", "请减少嵌套层数"),
    Entry("BAJI115", "a mapping key must be a plain name, got {got}",
          "映射的键应为普通名称，实际为{got_zh}", "A mapping key is a list or a mapping.",
          "write the key as a name", "请把键写成名称"),
    Entry("BAJI116", "merge keys ('<<') are not supported", "不支持合并键（'<<'）",
          "A YAML merge key was used; packs spell every key out so that nothing is "
          "inherited invisibly.", "write the keys out", "请逐一写出各个键"),
    Entry("BAJI117", "text {value!r} holds the character {char!r}, which is not text",
          "文字 {value!r} 含有非文字字符 {char!r}",
          "A text holds a lone surrogate (a JSON or YAML escape such as \\ud800), which "
          "cannot be written out as UTF-8.", "remove the escape", "请删除该转义"),
    Entry("BAJI118", "duplicate key {name!r}", "重复的键 {name!r}",
          "A JSON object has the same key twice (where the YAML reading of the file "
          "cannot place it; otherwise BAJI103 is reported).",
          "each key may appear once in an object", "同一对象中每个键只能出现一次"),
    Entry("BAJI119", "the document is too large: more than {limit} values or {tokens} YAML "
          "tokens", "文档过大：超过 {limit} 个值或 {tokens} 个 YAML 记号",
          "A document without anchors or aliases holds more than baji reads with the "
          "position of every value (a file of some thousands of profiles).",
          "split it; many candidates belong in a JSONL or CSV roster (baji eval --roster)",
          "请拆分文件；大量候选人请使用 JSONL 或 CSV 名册（baji eval --roster）"),
    # -- 12x-13x: compiling a pack ------------------------------------------------------------
    Entry("BAJI120", "conditions nest more than {limit} deep, counting the rules they "
          "build on", "条件嵌套（含所依托的规则）超过 {limit} 层",
          "Rules build on each other in a chain too long to be meant (or conditions nest "
          "absurdly deep).", "flatten the chain of `rule:` references",
          "请缩短 `rule:` 引用链"),
    Entry("BAJI121", "unknown document {document!r}", "未知文件 {document!r}",
          "A clause names a document the pack does not list under `documents`."),
    Entry("BAJI122", "rule {rule!r} decides level {level!r}, which the pack does not list "
          "under `levels`", "规则 {rule!r} 判定的等级 {level!r} 未列在 `levels` 中",
          "A rule decides a level the pack does not declare.",
          "add the level to `levels` or fix the rule", "请在 `levels` 中加入该等级或修改规则"),
    Entry("BAJI123", "duplicate id {id!r} in `{section}`", "`{section}` 中的标识 {id!r} 重复",
          "Two items of one section share an id.",
          "ids must be unique within their section", "同一部分中的标识不得重复"),
    Entry("BAJI124", "source file {source!r} of document {document!r} not found",
          "找不到文件 {document!r} 的原文 {source!r}",
          "A document's source text is missing, so its quotes cannot be checked.",
          "put the text in sources/ next to rules/", "请把原文放在 rules/ 旁的 sources/ 中"),
    Entry("BAJI125", "quoted text {quote!r} is not verbatim in {source!r}",
          "引文 {quote!r} 与原文 {source!r} 不一致",
          "A clause's quoted text does not occur in its source (whitespace aside).",
          "copy the clause exactly; only whitespace may differ", "请逐字照录条文，只有空白可以不同"),
    Entry("BAJI126", "unknown clause {clause!r}", "未知条款 {clause!r}",
          "A `cite` names a clause the pack does not define."),
    Entry("BAJI127", "unknown {kind} {value!r}", "未知{kind_zh} {value!r}",
          "A pack names a vocabulary id (honour, award, title, attestation, contribution) "
          "or set that does not exist."),
    Entry("BAJI128", "READINGS point {point} is stated twice", "READINGS 第 {point} 点被重复说明",
          "Two `readings` entries state the same point.", "state each point once",
          "每一点只说明一次"),
    Entry("BAJI129", "unknown rule {rule!r}", "未知规则 {rule!r}",
          "A `rule:` condition or a reading names a rule the pack does not define."),
    Entry("BAJI130", "rules build on each other in a cycle: {cycle}",
          "规则相互引用形成循环：{cycle}", "Rules depend on each other in a loop.",
          "a rule may not depend on itself", "规则不得依赖自身"),
    Entry("BAJI131", "set {set!r} holds {held} items, not {kind} items",
          "集合 {set!r} 的条目是{held_zh}，不是{kind_zh}",
          "A condition uses a named set of the wrong kind."),
    Entry("BAJI132", "this condition can never be met: {first!r} and {second!r} exclude "
          "each other", "该条件永远无法满足：{first_zh}与{second_zh}相互排斥",
          "Within one `all`, two conditions contradict each other, so the rule could never "
          "be met (see docs/pack-format.md, 'Contradictions').",
          "remove one of them or move one under `any`", "请删除其中之一，或将其移入 `any`"),
    Entry("BAJI133", "priority item {item!r} is for level {level!r}, which the pack does "
          "not list", "优先项 {item!r} 针对的等级 {level!r} 未列在 `levels` 中",
          "A priority item names a level the pack does not declare."),
    Entry("BAJI134", "window ends ({until}) before it starts ({start})",
          "施行期结束（{until}）早于开始（{start}）",
          "A window in force has its dates out of order.",
          "`from` is the first day in force and `until` the last", "`from` 为施行首日，`until` 为最后一日"),
    Entry("BAJI135", "a condition needs exactly one operator, got {given}",
          "条件须恰好有一个运算符，实际为 {given}",
          "A condition mapping has no operator or several.",
          "operators: {operators}", "可用运算符：{operators}"),
    Entry("BAJI136", "an award condition needs `in` or `scope_at_least`",
          "奖项条件需要 `in` 或 `scope_at_least`", "An award condition names no award."),
    Entry("BAJI137", "give `level` or `levels`, not both", "`level` 与 `levels` 只能给出其一",
          "A rule gives both `level` and `levels`."),
    Entry("BAJI138", "a {kind} rule needs `level` or `levels`", "{kind} 规则需要 `level` 或 `levels`",
          "A rule that is not a `part` decides no level."),
    Entry("BAJI139", "source file {source!r} cannot be read: {reason}",
          "无法读取原文 {source!r}：{reason}",
          "A document's source text exists but cannot be read as UTF-8 text.",
          "save the source text as UTF-8", "请将原文另存为 UTF-8 编码"),
    # -- 15x: compiling a pack (continued) ----------------------------------------------------
    Entry("BAJI150", "source file {source!r} of document {document!r} leads out of its "
          "sources folder", "文件 {document!r} 的原文 {source!r} 链接到原文目录之外",
          "A document's source is a link to a file outside the sources folder: a pack "
          "could otherwise check its quotes against any file on the machine.",
          "copy the policy text itself into the sources folder",
          "请把政策原文本身复制到原文目录中"),
    Entry("BAJI151", "source file {source!r} of document {document!r} is a pack or data "
          "file, not a policy text", "文件 {document!r} 的原文 {source!r} 是规则包或数据文件，"
          "不是政策原文",
          "A document's source is a YAML or JSON file (a pack, possibly the pack itself), "
          "so its quotes would prove nothing.",
          "name the text file of the policy the clauses quote", "请填写条款所引政策原文的文本文件"),
    Entry("BAJI152", "clause {clause!r} quotes nothing", "条款 {clause!r} 没有引文",
          "A clause's quoted text is empty or only whitespace, which any source contains.",
          "quote the clause's words from the source", "请从原文中摘录该条款的文字"),
    Entry("BAJI153", "level {level!r} is listed twice under `levels` (as {first!r} and "
          "{second!r})", "等级 {level!r} 在 `levels` 中列了两次（{first!r} 与 {second!r}）",
          "Two keys of `levels` name the same level (one in English, one in Chinese, say); "
          "one of them would be dropped.",
          "list each level once", "每个等级只列一次"),
    Entry("BAJI154", "source file {source!r} is larger than {limit} bytes",
          "原文 {source!r} 超过 {limit} 字节",
          "A document's source text is over the size baji reads (policy texts are tens of "
          "kilobytes); it is not read past the limit.",
          "keep only the policy text in the source file", "原文文件中只保留政策文本"),
    # -- 16x: a pack's test cases (baji test) -------------------------------------------------
    Entry("BAJI160", "no case file for {target!r}", "找不到 {target!r} 的测试用例文件",
          "The target given to `baji test` is neither a case file, nor a folder of "
          "them, nor a pack whose cases lie in a `cases/` folder beside its folder.",
          "name the case files, or put `<pack>.yaml` in cases/ beside rules/",
          "请给出用例文件，或把 `<规则包>.yaml` 放在 rules/ 旁的 cases/ 中"),
    # -- 14x: registries of packs ----------------------------------------------------------------
    Entry("BAJI140", "two packs have the id {id!r}", "两个规则包的标识都是 {id!r}",
          "A registry was given two packs with one id."),
    Entry("BAJI141", "packs {first!r} and {second!r} of jurisdiction {jurisdiction!r} are "
          "both in force from {day}", "地区 {jurisdiction!r} 的规则包 {first!r} 与 {second!r} "
          "自 {day} 起同时施行",
          "Two versions of one jurisdiction overlap in time and neither repeals the other.",
          "let {second!r} list a document of {first!r} under `repeals`, or end one window "
          "before the other starts",
          "请在 {second!r} 的 `repeals` 中列出 {first!r} 的文件，或让两者施行期不重叠"),
    # -- 20x: profiles ---------------------------------------------------------------------------
    Entry("BAJI200", "a profile must be a mapping, got {got}", "档案应为映射，实际为{got_zh}",
          "A profile (or an item of a list of profiles) is not a mapping."),
    Entry("BAJI203", "invalid JSON: {detail}", "JSON 语法错误：{detail}",
          "A .json profile file is not valid JSON."),
    Entry("BAJI204", "a JSON value is not a number: {value!r}", "JSON 数值无效：{value!r}",
          "A .json file uses NaN or Infinity, which JSON does not have.",
          "write a number or null", "请写数字或 null"),
    Entry("BAJI205", "a JSON integer has {digits} digits, more than {limit}",
          "JSON 整数有 {digits} 位，超过 {limit} 位",
          "A JSON file or roster line holds an integer longer than baji (and Python) "
          "reads; no fact of a profile is a number that long.",
          "check the value is the right one", "请检查该数值是否正确"),
    # -- 21x-22x: rosters --------------------------------------------------------------------------
    Entry("BAJI210", "cannot tell the roster format of {file!r}", "无法判断名册 {file!r} 的格式",
          "A roster file is neither .jsonl/.ndjson, .csv nor .xlsx.",
          "name it .jsonl, .csv or .xlsx", "请将文件命名为 .jsonl、.csv 或 .xlsx"),
    Entry("BAJI211", "cannot read roster: {reason}", "无法读取名册：{reason}",
          "The roster file cannot be opened."),
    Entry("BAJI213", "byte {byte} is not valid {encoding}", "字节 {byte} 不是有效的 {encoding}",
          "A roster row holds a byte its encoding does not allow (UTF-8, or GB18030 for a "
          "CSV detected as GBK); the location gives the column of the first bad byte when "
          "it is on the row's first line.",
          "save the roster as UTF-8", "请将名册另存为 UTF-8 编码"),
    Entry("BAJI214", "invalid JSON: {detail}", "JSON 语法错误：{detail}",
          "A JSONL roster line is not valid JSON (or is truncated); the location gives the "
          "column where reading stopped.",
          "each line must be one JSON object", "每行须为一个 JSON 对象"),
    Entry("BAJI215", "expected a JSON object, got {got}", "应为 JSON 对象，实际为{got_zh}",
          "A JSONL roster line is valid JSON but not an object."),
    Entry("BAJI216", "unreadable CSV header: {detail}", "无法读取 CSV 表头：{detail}",
          "The CSV header cannot be parsed, so no row can be read."),
    Entry("BAJI217", "bad CSV quoting: {detail}", "CSV 引号有误：{detail}",
          "A CSV row's quotes do not balance.",
          "quote fields containing commas, quotes or newlines with \"",
          "含逗号、引号或换行的字段须用 \" 括起"),
    Entry("BAJI218", "{fields} fields where the header has {columns}", "有 {fields} 个字段，而表头有 {columns} 个",
          "A CSV row has more or fewer fields than the header."),
    Entry("BAJI219", "column {column_name!r}: {value!r} is not {expected}",
          "列 {column_name!r}：{value!r} 不是{expected_zh}",
          "A CSV or .xlsx cell cannot be read (a bad boolean, date, period, finding...); "
          "located at the row and the cell's column (a CSV's character column, a sheet's "
          "column number), named by the header as written."),
    Entry("BAJI220", "unknown column {column_name!r}", "未知列 {column_name!r}",
          "A CSV header names a column the roster layout does not have.",
          "see docs/roster.md for the CSV layout", "CSV 各列见 docs/roster.md"),
    Entry("BAJI221", "column {column_name!r} appears twice in the header",
          "表头中列 {column_name!r} 出现了两次",
          "A CSV header names a column twice (a grade's column may be named by its id "
          "and by its Chinese name).", "keep one of them", "请只保留其中一列"),
    Entry("BAJI222", "line is {size} bytes long, over the limit of {limit} bytes a row",
          "该行有 {size} 字节，超过每行 {limit} 字节的上限",
          "A roster line is longer than baji reads (`baji.profile.roster.MAX_ROW_BYTES`, the limit "
          "of a profile file); it is skipped unread and reading goes on with the next line.",
          "one line holds one candidate: check the file is a roster, or split the data",
          "每行只含一名人员：请确认文件确为名册，或拆分数据"),
    Entry("BAJI223", "a field holds more than {limit} characters",
          "有字段超过 {limit} 个字符",
          "A CSV field is longer than Python's csv module reads (often an unclosed quote "
          "running on over many lines).",
          "close the quote, or give long values in a JSONL roster",
          "请补全引号；过长的内容请改用 JSONL 名册"),
    Entry("BAJI224", "columns {first!r} and {second!r} both give {field!r}",
          "列 {first!r} 和 {second!r} 给出的是同一项 {field!r}",
          "Two CSV columns name one fact of a grade, once by the level's id and once by its "
          "Chinese name (senior_technician_posts and 高级技师_posts); one would silently "
          "overwrite the other.", "keep one of them", "请只保留其中一列"),
    # -- 26x: rosters in the warehouse layout (docs/warehouse.md) ---------------------------------
    Entry("BAJI260", "table {table!r} has column {column_name!r}, which the warehouse layout "
          "does not have", "表 {table!r} 有仓库布局中没有的列 {column_name!r}",
          "A table of a roster in the warehouse layout (Parquet, CSV or DuckDB, read by "
          "`baji eval --engine duckdb|columnar|spark`) has a column the layout does not "
          "name; it would otherwise be ignored and the fact it meant read as unknown.",
          "see docs/warehouse.md for the layout", "布局见 docs/warehouse.md"),
    Entry("BAJI261", "no candidate table (candidates.parquet, candidates.csv or a table "
          "'candidates')", "没有人员表（candidates.parquet、candidates.csv 或表 candidates）",
          "A roster in the warehouse layout has no candidate table: a directory without "
          "candidates.parquet or candidates.csv, or a DuckDB database without a table "
          "candidates, or a file that does not exist.",
          "give the candidate table's file, or a directory or database holding 'candidates'",
          "请给出人员表文件，或包含 candidates 的目录或数据库"),
    Entry("BAJI262", "cannot read the roster: {reason}", "无法读取名册：{reason}",
          "A roster in the warehouse layout could not be read or evaluated by its engine: "
          "a cell the layout's type cannot hold (a date that is not YYYY-MM-DD, a yes/no "
          "that is not true/false), or a file that is not Parquet or CSV; the engine's own "
          "message, which names the file, line and column where it can, follows.",
          "see docs/warehouse.md for the layout and its types",
          "布局及各列类型见 docs/warehouse.md"),
    Entry("BAJI263", "the roster {file!r} is not UTF-8 or GB18030 text ({encoding})",
          "名册 {file!r} 不是 UTF-8 或 GB18030 文本（{encoding}）",
          "A CSV roster's encoding is neither UTF-8 (with or without a BOM) nor GB18030/GBK, "
          "the encodings it is told apart in (from its first 64 KiB); it is refused rather "
          "than read into garbled column names.",
          "re-save it as UTF-8: in Excel, Save As > CSV UTF-8 (Comma delimited); or save "
          "it as .xlsx",
          "请另存为 UTF-8：在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”，或另存为 .xlsx"),
    Entry("BAJI264", "reading or writing .xlsx needs python-calamine and xlsxwriter",
          "读写 .xlsx 需要 python-calamine 和 xlsxwriter",
          "An .xlsx roster or output was asked for without the xlsx extra installed.",
          "pip install 'baji[xlsx]', or use CSV", "请安装 pip install 'baji[xlsx]'，或改用 CSV"),
    Entry("BAJI265", "cannot read the workbook: {reason}", "无法读取工作簿：{reason}",
          "An .xlsx roster is not a workbook python-calamine reads (damaged, encrypted...).",
          "open it in Excel and save it again as .xlsx",
          "请在 Excel 中打开并重新另存为 .xlsx"),
    Entry("BAJI266", "{rows} rows do not fit in one .xlsx sheet (at most {limit})",
          "{rows} 行超出 .xlsx 工作表的行数上限（{limit} 行）",
          "An .xlsx output would have more rows than a sheet holds; nothing is written "
          "rather than rows being dropped.",
          "write .csv instead", "请改为输出 .csv"),
    Entry("BAJI267", "table {table!r}, column {column_name!r}: {invariant}: {count} {counted}, "
          "candidate ids {ids}; the first value: {value}",
          "表 {table!r} 列 {column_name!r}：{invariant_zh}：共 {count} {counted_zh}，人员 id {ids}；"
          "首个值：{value}",
          "A roster in the warehouse layout breaks an invariant a profile enforces (a post "
          "ending before it starts, posts overlapping, a duplicated or missing candidate id, "
          "a list row without its candidate, a name not in the vocabulary, a date out of "
          "range ...), checked before the answer query (docs/warehouse.md lists the rules); "
          "it would otherwise get an answer that is a guess. One problem per table, column "
          "and rule, naming the first candidate ids (`…` after them when there are more) and "
          "how many rows break the rule in all (for a duplicated candidate id: how many ids "
          "are repeated).",
          "{advice}", "{advice_zh}"),
    # -- 23x: profile facts ----------------------------------------------------------------------
    Entry("BAJI230", "period ends ({end}) on or before it starts ({start})",
          "任职期结束（{end}）不晚于开始（{start}）",
          "A post period's end is not after its start (`end` is the first day no longer in "
          "post).", "`end` is the first day no longer in the post",
          "`end` 为不再任职的第一天"),
    Entry("BAJI231", "posts at grade {level} ({level_zh}) overlap: {first} and {second}",
          "{level_zh}岗位任职期重叠：{first} 与 {second}",
          "Two post periods at one grade overlap, which would count the same days twice.",
          "merge them into one period", "请合并为一个任职期"),
    Entry("BAJI232", "certificate number {value!r} has {length} characters, not 22",
          "证书编号 {value!r} 有 {length} 位，应为 22 位",
          "A certificate number has the wrong length."),
    Entry("BAJI233", "certificate number {value!r} does not follow the layout letter + 14 "
          "digits + level character + 6 digits",
          "证书编号 {value!r} 不符合“字母 + 14 位数字 + 等级代码 + 6 位数字”的格式",
          "A certificate number has the right length but the wrong characters."),
    Entry("BAJI234", "certificate number {value!r} has level character {char!r} at "
          "position 16, but the grade is {level} ({level_zh}, {level_code!r})",
          "证书编号 {value!r} 第 16 位等级代码为 {char!r}，而等级是{level_zh}（{level_code!r}）",
          "A certificate number's level character contradicts the grade it is given for."),
    # -- 30x: evaluation -------------------------------------------------------------------------
    Entry("BAJI300", "unknown pack {value!r}", "未知规则包 {value!r}",
          "No bundled pack has that id or jurisdiction, and no such pack file exists."),
    Entry("BAJI301", "unknown jurisdiction {value!r}", "未知地区 {value!r}",
          "A registry has no versions for that jurisdiction."),
    Entry("BAJI302", "as_of {value} is not a date", "评估日期 as_of {value} 不是日期",
          "The evaluation date given to the API (`as_of`) is neither a date, a datetime nor "
          "a text YYYY-MM-DD naming a day of the calendar.",
          "give a datetime.date, a datetime or a text YYYY-MM-DD",
          "请给出 datetime.date、datetime 或 YYYY-MM-DD 格式的日期文字"),
    Entry("BAJI303", "pack {pack!r} does not rule on level {level!r}",
          "规则包 {pack!r} 不涉及等级 {level!r}",
          "Evaluation was asked to decide a level the pack does not rule on."),
    Entry("BAJI304", "a worker process ended unexpectedly (--jobs {jobs})",
          "工作进程意外终止（--jobs {jobs}）",
          "A worker process evaluating a roster with --jobs was killed (by the system, "
          "out of memory, say); its rows are lost, so the run stops instead of waiting.",
          "run again, with fewer --jobs if memory is short", "请重新运行；内存不足时减少 --jobs"),
    Entry("BAJI305", "the decision refers to the texts of pack {pack!r} ({digest}); it cannot "
          "be read without that pack",
          "该评价结论按引用记载规则包 {pack!r} 的文本（{digest}），缺少该规则包无法读取",
          "A decision written by reference (the default JSON of `baji eval`, the service and "
          "`baji.dump_decision`) keeps clause ids and condition ids instead of their texts; "
          "reading it needs the pack it was written with.",
          "give the pack (baji.load_decision(text, pack), --pack), or write the decision "
          "with its texts inline (--inline-texts, inline=True)",
          "请提供该规则包（baji.load_decision(text, pack)、--pack），或以内联文本写出评价结论"
          "（--inline-texts、inline=True）"),
    Entry("BAJI306", "the decision refers to pack {pack!r} with texts {digest}, but the pack "
          "given is {given!r} with texts {given_digest}",
          "该评价结论引用规则包 {pack!r} 的文本 {digest}，而所给规则包为 {given!r}，文本为 "
          "{given_digest}",
          "A decision written by reference is read only with the pack whose texts it was "
          "written with: another pack, or another version of its texts, would give it "
          "wrong clauses or conditions.",
          "give the pack the decision was written with, or write it with its texts inline",
          "请提供写出该评价结论时所用的规则包，或以内联文本写出"),
    Entry("BAJI307", "the decision names {value} as a {what}, which the pack does not have",
          "该评价结论所引用的{what_zh} {value} 在规则包中不存在",
          "A decision written by reference names a clause, condition or text its pack does "
          "not have (the JSON was edited, or is not a decision)."),
)

#: Every code, by code.
CATALOGUE: dict[str, Entry] = {e.code: e for e in (*_ENTRIES, *LATER_ENTRIES)}

#: Chinese words for parameters that name a kind of thing.
KIND_ZH: dict[str, str] = {
    "honour": "荣誉", "award": "奖项", "title": "职称", "attestation": "认定事项",
    "contribution": "贡献", "set": "集合",
}
