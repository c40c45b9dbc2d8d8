"""The descriptions of the published JSON Schemas, in English and Chinese.

A schema's ``description`` is English and its ``x-description-zh`` the same in Chinese
(docs/profile.md says why). They are written here for readers of JSON, not taken from
the models' docstrings, which are written for Python readers. The profile's facts and
the employer's facts are described from their labels (:mod:`baji.core.labels`), so a
fact added there is described here with no line of its own.
"""

from __future__ import annotations

from baji.core.labels import EMPLOYER_LABELS, FACT_LABELS
from baji.core.levels import Level

Text = tuple[str, str]  # (English, Chinese)

_LEVELS_EN = ", ".join(f"{level.value} ({level.zh})" for level in Level)
_UNKNOWN: Text = ("null or left out: unknown.", "null 或不填：未知。")


def _fact(label: Text) -> Text:
    zh, en = label
    return (f"{en[0].upper()}{en[1:]}: true or false; {_UNKNOWN[0]}",
            f"{zh}：true 或 false；{_UNKNOWN[1]}")


#: What no JSON Schema can say (it compares two values, or looks inside the text), and
#: baji checks: the schema accepts these profiles, baji refuses them.
NOT_IN_SCHEMA: tuple[Text, ...] = (
    ("a period's end comes after its start (BAJI230)", "任职期间的结束日期晚于开始日期（BAJI230）"),
    ("the post periods at one level do not overlap (BAJI231)",
     "同一等级的任职期间互不重叠（BAJI231）"),
    ("no text holds a lone surrogate, such as the escape \\ud800 (BAJI117)",
     "文本中没有孤立的代理码元，如转义 \\ud800（BAJI117）"),
)

#: Each model, by its name in the schemas.
MODELS: dict[str, Text] = {
    # the profile
    "Profile": (
        "A candidate profile: what baji knows about one candidate. Unknown fields are "
        "errors; a fact that is null or left out is unknown, and a decision that needs it "
        "is undetermined. Besides this schema, baji checks: "
        + "; ".join(en for en, _ in NOT_IN_SCHEMA) + ". See docs/profile.md.",
        "候选人档案：baji 所知的一名候选人的情况。不认识的字段是错误；为 null 或不填的事实为未知，"
        "需要它的判定为待定。除本 Schema 外，baji 还检查："
        + "；".join(zh for _, zh in NOT_IN_SCHEMA) + "。详见 docs/profile.md。"),
    "Grade": ("A certificate held (a vocational qualification or a skill-level certificate) "
              "and the periods in a post at that grade.",
              "持有的证书（职业资格或职业技能等级）及该等级的岗位任职期间。"),
    "Period": ("A period in a post, half-open: from start, until the day before end.",
               "一段岗位任职期间（左闭右开）：自 start 起，至 end 的前一天止。"),
    "Honour": ("An honour held, by vocabulary id, Chinese name or alias.",
               "获得的荣誉，以词表 id、中文名称或别名表示。"),
    "Award": ("An award held, by vocabulary id, Chinese name or alias, with its rank when the "
              "award is ranked.", "获得的奖项，以词表 id、中文名称或别名表示；分等级的奖项注明等级。"),
    "Title": ("A professional title held (职称), by vocabulary id, Chinese name or alias.",
              "取得的专业技术职称，以词表 id、中文名称或别名表示。"),
    "Finding": ("A finding of misconduct: fraud (弄虚作假) or a violation of evaluation rules "
                "(违纪违规).", "一项违规认定：弄虚作假或违纪违规。"),
    "Recommendation": ("The employer's recommendation of the candidate for a level.",
                       "用人单位推荐候选人申报某一等级。"),
    "Employer": ("Facts about the employer running the 评聘 or 认定.",
                 "开展评聘或认定的用人单位的情况。"),
    # the decision
    "Decision": ("The answer of one rule pack for one candidate on one date.",
                 "一个规则包对一名候选人在某一日期的判定。"),
    "LevelDecision": ("The answer for one level.", "对一个等级的判定。"),
    "PathResult": ("One path to a level, evaluated.", "一条申报途径的评估结果。"),
    "Trace": ("One condition as evaluated: what was required, what was found, whether it is "
              "met, and the clauses it rests on.",
              "一个条件的评估：要求什么、档案中是什么、是否满足，以及所依据的条款。"),
    "PriorityFlag": ("A priority item (优先考虑) and whether the candidate meets it; it never "
                     "changes the status.", "一项优先考虑条件及候选人是否满足；它不改变判定结果。"),
    "Citation": ("A clause of the law: the document's number (or title), the clause's "
                 "reference and its quoted text.", "法规条款：文号（或标题）、条款位置及原文。"),
    "Message": ("A text in Chinese and English.", "中英文文本。"),
    # the decision by reference to its pack
    "DecisionByReference": (
        "A decision with its rule pack's texts by reference (baji.dump_decision, the "
        "default JSON of baji eval and of the service): clause ids, condition ids and keys "
        "of the pack's texts instead of the texts, and the digest of the pack's texts "
        "(pack_texts); read it back with the pack (baji.load_decision). See docs/decisions.md.",
        "按引用记载规则包文本的判定（baji.dump_decision，baji eval 与服务的默认 JSON）：以条款 id、"
        "条件 id 和规则包文本的键代替文本，并记载规则包文本的摘要（pack_texts）；须连同规则包读回"
        "（baji.load_decision）。详见 docs/decisions.md。"),
    "LevelDecisionRef": ("The answer for one level, the pack's texts by reference.",
                         "对一个等级的判定，规则包文本按引用记载。"),
    "PathResultRef": ("One path to a level, evaluated, the pack's texts by reference; a "
                      "condition is the node id of its entry in the trace.",
                      "一条申报途径的评估结果，规则包文本按引用记载；条件以其在评估轨迹中的节点 id 表示。"),
    "PriorityFlagRef": ("A priority item (优先考虑) and whether the candidate meets it, the "
                        "pack's texts by reference.", "一项优先考虑条件及候选人是否满足，规则包文本按引用记载。"),
    "TraceRef": ("One condition as evaluated, by its node id: what was found, whether it is "
                 "met, from when, and the facts that would settle it when they are not the "
                 "condition's own; what it requires and its clauses are the pack's.",
                 "以节点 id 表示的一个条件的评估：档案中是什么、是否满足、自何日起满足，以及（与条件本身"
                 "不同时）可确定该条件的事实；条件要求及所依据条款见规则包。"),
    "Level": (f"A skill level by id: {_LEVELS_EN}.", "技能等级（以 id 表示）。"),
    # the pack file
    "PackFile": ("A rule pack: one jurisdiction's policy as rules that cite its clauses. "
                 "See docs/pack-format.md.", "规则包：一地政策写成的规则，每条规则引用其条款。详见 "
                 "docs/pack-format.md。"),
    "Document": ("A source document the pack cites.", "规则包所引用的政策文件。"),
    "Window": ("The period a pack is in force: from and until, both days included; until "
               "null is open.", "规则包的施行期间：from 与 until 均含当日；until 为 null 表示未定终止日期。"),
    "Clause": ("A clause: its reference and its verbatim text.", "条款：条款位置及原文。"),
    "Text": ("A text in Chinese and English.", "中英文文本。"),
    "NodeNote": ("A note a decision carries at a level when the condition it is written on "
                 "is met there (on: met) or unmet (on: unmet): a reading of the text made "
                 "visible to the candidate.",
                 "条件满足（on: met）或未满足（on: unmet）时判定在该等级附带的说明：让申请人看到对条文的理解。"),
    "SetSpec": ("A named set of vocabulary items.", "命名的词表条目集合。"),
    "LevelSpec": ("How the pack covers a level.", "规则包对一个等级的覆盖情况。"),
    "Rule": ("A rule: a path to a level, or a part other rules build on.",
             "规则：通往某一等级的途径，或供其他规则引用的部分。"),
    "Condition": ("One node of a condition tree: exactly one operator, with optional "
                  "citations, strength and note.", "条件树的一个节点：恰好一个运算，可附引用、强度和说明。"),
    "Tenure": ("Years in a post at a grade, as in tenure: {grade: senior_technician, years: 5}.",
               "某等级岗位任职年限，如 tenure: {grade: senior_technician, years: 5}。"),
    "AwardCond": ("An award held: from a list, of a least rank, or of a least scope.",
                  "获得奖项：属于所列奖项、达到最低等级或最低级别。"),
    "TitleCond": ("A professional title held, from a list, aligned with the occupation or not.",
                  "取得所列专业技术职称，可要求与所申报职业贯通。"),
    "NoBan": ("No finding of a kind within some years, for the candidate or the employer.",
              "若干年内候选人或用人单位无某类违规认定。"),
    "EmployerYears": ("Years since an employer's date, as in employer_years: "
                      "{since: self_assessment_since, years: 3}.",
                      "自用人单位某一日期起的年限，如 employer_years: {since: "
                      "self_assessment_since, years: 3}。"),
    "PriorityItem": ("A priority item (优先考虑): reported when met, never deciding.",
                     "优先考虑条件：满足时列出，不决定判定结果。"),
    "Reading": ("The pack's reading of one point of the policy the text leaves open.",
                "规则包对政策原文未明之处的一项解读。"),
}

_DATE: Text = ("A day, YYYY-MM-DD, from 1900-01-01 to 2199-12-31.",
               "日期，格式 YYYY-MM-DD，1900-01-01 至 2199-12-31。")
_DAY_OPTIONAL: Text = (f"{_DATE[0]} {_UNKNOWN[0]}", f"{_DATE[1]}{_UNKNOWN[1]}")
_NAMED = ("by vocabulary id, Chinese name or alias (rules/vocab.yaml)",
          "词表 id、中文名称或别名（rules/vocab.yaml）")
_LIST: Text = ("null or left out: unknown; an empty list: none.", "null 或不填：未知；空列表：没有。")

#: Each property of the profile's models, as ``Model.field``.
PROPERTIES: dict[str, Text] = {
    "Profile.id": ("Your key for the candidate, echoed in the decision.",
                   "候选人的编号（由使用方给出），在判定中原样返回。"),
    "Profile.name": ("The candidate's name.", "候选人姓名。"),
    "Profile.occupation": ("The occupation (工种) applied for.", "申报的职业（工种）。"),
    "Profile.grades": (f"Certificates held. {_LIST[0]}", f"持有的证书。{_LIST[1]}"),
    "Profile.honours": (f"Honours held, each an object or a bare name {_NAMED[0]}. {_LIST[0]}",
                        f"获得的荣誉，每项为对象或名称（{_NAMED[1]}）。{_LIST[1]}"),
    "Profile.awards": (f"Awards held, each an object or a bare name {_NAMED[0]}. {_LIST[0]}",
                       f"获得的奖项，每项为对象或名称（{_NAMED[1]}）。{_LIST[1]}"),
    "Profile.titles": (f"Professional titles held, each an object or a bare name {_NAMED[0]}. "
                       f"{_LIST[0]}", f"取得的专业技术职称，每项为对象或名称（{_NAMED[1]}）。{_LIST[1]}"),
    "Profile.contributions": (f"Contributions made, {_NAMED[0]}. {_LIST[0]}",
                              f"作出的贡献（{_NAMED[1]}）。{_LIST[1]}"),
    "Profile.attestations": ("Qualitative conditions attested, true or false, each keyed "
                             f"{_NAMED[0]}; a condition left out is unknown.",
                             f"经证明的定性条件，true 或 false，键为{_NAMED[1]}；未列出的为未知。"),
    "Profile.findings": (f"Findings of misconduct. {_LIST[0]}", f"违规认定记录。{_LIST[1]}"),
    "Profile.recommendations": (f"The employer's recommendations. {_LIST[0]}",
                                f"用人单位的推荐。{_LIST[1]}"),
    "Profile.employer": ("Facts about the employer.", "用人单位的情况。"),
    "Grade.level": (f"The level, by id or Chinese name: {_LEVELS_EN}.",
                    "等级，以 id 或中文名称表示：" + "、".join(lv.zh for lv in Level) + "。"),
    "Grade.kind": ("skill_level: a skill-level certificate (职业技能等级); qualification: a "
                   "vocational qualification (职业资格).",
                   "skill_level：职业技能等级证书；qualification：职业资格证书。"),
    "Grade.occupation": ("The occupation (工种) of the certificate.", "证书的职业（工种）。"),
    "Grade.certificate": ("The certificate number: a letter, 14 digits, the level's character "
                          "(X 5 4 3 2 1 T S from 学徒工 to 首席技师), 6 digits.",
                          "证书编号：1 位字母、14 位数字、等级字符（学徒工至首席技师依次为 X 5 4 3 2 1 T "
                          "S）、6 位数字。"),
    "Grade.certified_on": (f"The day the certificate was issued. {_DAY_OPTIONAL[0]}",
                           f"发证日期。{_DAY_OPTIONAL[1]}"),
    "Grade.posts": (f"The periods in a post at this grade. {_LIST[0]}",
                    f"该等级的岗位任职期间。{_LIST[1]}"),
    "Period.start": (f"The first day in the post. {_DATE[0]}", f"任职起始日。{_DATE[1]}"),
    "Period.end": ("The first day no longer in the post; null or left out: still in it. "
                   + _DATE[0], "不再任职的第一天；null 或不填：仍在任。" + _DATE[1]),
    "Honour.id": (f"The honour, {_NAMED[0]}.", f"荣誉（{_NAMED[1]}）。"),
    "Honour.date": (f"The day it was conferred. {_DAY_OPTIONAL[0]}", f"授予日期。{_DAY_OPTIONAL[1]}"),
    "Award.id": (f"The award, {_NAMED[0]}.", f"奖项（{_NAMED[1]}）。"),
    "Award.rank": ("The rank of a ranked award: special, first, second or third (or 特等奖, "
                   f"一等奖, 二等奖, 三等奖). {_UNKNOWN[0]}",
                   f"分等级奖项的等级：special、first、second、third（或特等奖、一等奖、二等奖、三等奖）。"
                   f"{_UNKNOWN[1]}"),
    "Award.date": (f"The day it was awarded. {_DAY_OPTIONAL[0]}", f"获奖日期。{_DAY_OPTIONAL[1]}"),
    "Title.id": (f"The title, {_NAMED[0]}.", f"职称（{_NAMED[1]}）。"),
    "Title.aligned": ("Whether the title is aligned (贯通) with the occupation applied for. "
                      + _UNKNOWN[0], "职称是否与申报职业贯通。" + _UNKNOWN[1]),
    "Title.date": (f"The day it was obtained. {_DAY_OPTIONAL[0]}", f"取得日期。{_DAY_OPTIONAL[1]}"),
    "Finding.kind": ("fraud (弄虚作假) or evaluation_violation (违纪违规).",
                     "fraud：弄虚作假；evaluation_violation：违纪违规。"),
    "Finding.subject": ("Whom it concerns: the candidate or the employer.",
                        "认定对象：candidate 候选人或 employer 用人单位。"),
    "Finding.date": (f"The day of the finding. {_DATE[0]}", f"认定日期。{_DATE[1]}"),
    "Finding.restricted_until": (f"The last day of the restriction. {_DAY_OPTIONAL[0]}",
                                 f"限制期的最后一天。{_DAY_OPTIONAL[1]}"),
    "Recommendation.level": ("The level recommended for, by id or Chinese name.",
                             "推荐申报的等级，以 id 或中文名称表示。"),
    "Recommendation.date": (f"The day of the recommendation. {_DAY_OPTIONAL[0]}",
                            f"推荐日期。{_DAY_OPTIONAL[1]}"),
    "Employer.filing": ("Who filed the employer as an evaluation institution: municipal, "
                        f"district, ministry or central_enterprise. {_UNKNOWN[0]}",
                        "评价机构的备案机关：municipal 市级、district 区级、ministry 人社部、"
                        f"central_enterprise 中央企业。{_UNKNOWN[1]}"),
    "Employer.pilot_levels": ("The levels the employer's filed 评聘 project covers; when given, "
                              "it decides over pilot. " + _UNKNOWN[0],
                              "用人单位已备案的评聘项目覆盖的等级；给出时以它为准，而非 pilot。"
                              + _UNKNOWN[1]),
    "Employer.self_assessment_since": (f"The day the employer began its own evaluation. "
                                       f"{_DAY_OPTIONAL[0]}",
                                       f"用人单位开展自主评价的起始日期。{_DAY_OPTIONAL[1]}"),
    **{f"Profile.{fact}": _fact(label) for fact, label in FACT_LABELS.items()},
    **{f"Employer.{fact}": _fact(label) for fact, label in EMPLOYER_LABELS.items()},
}
