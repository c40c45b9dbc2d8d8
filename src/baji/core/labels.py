"""The names baji's conditions and decisions use, and their Chinese and English labels:
each defined once.

Profile facts, employer facts, filings, award ranks and award scopes appear in the pack
syntax (:mod:`baji.pack.model`), in the requirement texts the operators write
(:mod:`baji.operators`), in diffs and pack docs, in the roster frame and in the
Hypothesis strategies. Paths and statuses are named by decisions, tables, diffs, impact
reports and graphs. Levels carry their own names (:attr:`baji.core.levels.Level.zh`,
``.en``, ``.name_in(lang)``). All of them read these tables, so the two languages cannot
drift apart between outputs::

    >>> PATH_LABEL["exceptional"].in_("zh")
    '破格'
    >>> STATUS_LABEL["not_in_force"].in_("en")
    'not in force'

tests/test_labels.py checks that no other module spells a label out.
"""

from __future__ import annotations

from typing import Literal, get_args

from baji.core.decision import Message
from baji.core.ranks import SCOPE_RANK as SCOPE_RANK  # its home; still imported from here

Fact = Literal["still_in_occupation", "in_related_work", "front_line", "in_post_employee",
               "chain_member_staff", "consented_population", "key_industry_occupation"]
EmployerFact = Literal["filed_institution", "pilot", "skill_workforce_majority", "above_scale",
                       "certification_started", "senior_technician_certified",
                       "talent_mechanism", "mohrss_filed", "senior_technicians_in_occupation"]
Filing = Literal["municipal", "district", "ministry", "central_enterprise"]
#: The scopes a pack may ask for (``award: {scope_at_least: ...}``).
ScopeAtLeast = Literal["national", "ministerial", "provincial", "municipal"]
RankName = Literal["special", "first", "second", "third"]

FACTS: tuple[Fact, ...] = get_args(Fact)
EMPLOYER_FACTS: tuple[EmployerFact, ...] = get_args(EmployerFact)
FILINGS: tuple[Filing, ...] = get_args(Filing)
SCOPES_AT_LEAST: tuple[ScopeAtLeast, ...] = get_args(ScopeAtLeast)
#: Prize ranks from the lowest up.
RANKS: tuple[RankName, ...] = ("third", "second", "first", "special")

#: Each profile fact as a requirement, (Chinese, English).
FACT_LABELS: dict[str, tuple[str, str]] = {
    "still_in_occupation": ("仍从事本职业（工种）工作", "still working in the occupation"),
    "in_related_work": ("从事相关工作", "working in a related field"),
    "front_line": ("在生产科研一线在岗", "on the front line of production or research"),
    "in_post_employee": ("本单位在岗职工（含劳务派遣、劳务外包）",
                         "in-post employee of the unit (dispatched and outsourced included)"),
    "chain_member_staff": ("链主企业集中评聘所覆盖的链上企业职工",
                           "staff of a chain-member enterprise covered by the chain leader's "
                           "joint 评聘"),
    "consented_population": ("经市职鉴中心同意扩大并备案的评价对象",
                             "in an assessed population widened with the 市职鉴中心's consent "
                             "and filed"),
    "key_industry_occupation": ("重点产业和急需紧缺职业（工种）",
                                "occupation in a key industry or in short supply"),
}
#: Each employer fact as a requirement, (Chinese, English).
EMPLOYER_LABELS: dict[str, tuple[str, str]] = {
    "filed_institution": ("用人单位为经备案的评价机构", "employer is a filed evaluation institution"),
    "pilot": ("用人单位特级技师、首席技师评聘已备案", "employer's 评聘 of special/chief "
              "technicians is filed"),
    "skill_workforce_majority": ("以技能人员为主体", "workforce mainly skilled workers"),
    "above_scale": ("规模以上企业", "enterprise above designated size"),
    "certification_started": ("已开展职业技能等级认定", "employer already runs skill-level "
                              "certification"),
    "senior_technician_certified": ("已完成高级技师认定", "employer has certified senior "
                                    "technicians"),
    "talent_mechanism": ("已建立技能人才培养与使用相结合、与待遇相匹配的工作机制",
                         "employer has a mechanism linking training, use and pay"),
    "mohrss_filed": ("经人社部备案", "filed with the Ministry of Human Resources and Social "
                     "Security"),
    "senior_technicians_in_occupation": ("用人单位在该职业（工种）领域具有高级技师",
                                         "employer has senior technicians in the occupation"),
}
#: Who filed the evaluation institution, (Chinese, English).
FILING_LABELS: dict[str, tuple[str, str]] = {
    "municipal": ("市级", "municipal"), "district": ("区级", "district"),
    "ministry": ("人社部", "ministry"), "central_enterprise": ("中央企业", "central enterprise")}
#: Scopes a pack may ask for, in Chinese (English: the scope's id).
SCOPE_ZH: dict[str, str] = {"national": "国家级", "ministerial": "省部级", "provincial": "省级",
                            "municipal": "市级"}

# Keyed by plain ids, not the Path and Status literals: a compiled rule's path is a str
# (which also admits "part", a rule other rules build on, that is no path).

#: A path, short, as tables, diffs, graphs and pack docs name it.
PATH_LABEL: dict[str, Message] = {
    "direct": Message(zh="直接", en="direct"),
    "regular": Message(zh="常规", en="regular"),
    "exceptional": Message(zh="破格", en="exceptional"),
}

#: A path in full, as a decision's message names it:
#: 可申报特级技师（常规路径，依据规则 ...）, "may apply ... by the regular path".
PATH_IN_FULL: dict[str, Message] = {
    "direct": Message(zh="直接申报/直接认定", en="direct"),
    "regular": Message(zh="常规路径", en="regular"),
    "exceptional": Message(zh="破格申报", en="exceptional"),
}

#: Any of the paths, where counts are given per path and for all of them (impact).
ANY_PATH = Message(zh="任一途径", en="any path")

#: The status of a level's decision.
STATUS_LABEL: dict[str, Message] = {
    "eligible": Message(zh="符合", en="eligible"),
    "ineligible": Message(zh="不符合", en="ineligible"),
    "undetermined": Message(zh="待定", en="undetermined"),
    "not_covered": Message(zh="未覆盖", en="not covered"),
    "not_in_force": Message(zh="未施行", en="not in force"),
}

#: The pack is in force on the day of the evaluation (its opposite is the status
#: ``not_in_force``).
IN_FORCE = Message(zh="施行中", en="in force")

#: No status: the pack does not rule on the level (impact's status transitions).
NOT_RULED = Message(zh="不涉及", en="not ruled")

#: Eligible under one pack at a level the other does not cover (impact): neither
#: gained nor lost.
NOT_COMPARABLE = Message(zh="不可比（一方未覆盖）", en="not comparable (not covered)")

#: A priority (优先考虑) item: reported when met, never deciding.
PRIORITY = Message(zh="优先考虑", en="priority")

#: The rank of an award (``rank`` in profiles and packs), by its id.
RANK_LABEL: dict[str, Message] = {
    "special": Message(zh="特等奖", en="special prize"),
    "first": Message(zh="一等奖", en="first prize"),
    "second": Message(zh="二等奖", en="second prize"),
    "third": Message(zh="三等奖", en="third prize"),
}

#: Prize ranks in Chinese, as requirement texts write them.
RANK_ZH: dict[str, str] = {rank: label.zh for rank, label in RANK_LABEL.items()}

#: Profile fields that decisions name as missing, besides the facts, the employer's facts
#: and the attestations (labelled from their own tables and the vocabulary), in Chinese.
FIELD_ZH: dict[str, str] = {
    "grades": "职业资格或职业技能等级", "honours": "荣誉", "awards": "获奖情况",
    "titles": "专业技术职称", "contributions": "贡献", "findings": "违纪违规或弄虚作假记录",
    "recommendations": "单位推荐", "employer.filing": "评价机构的备案机关",
    "employer.self_assessment_since": "用人单位开展自主评价的起始日期",
}

#: The same fields in English (a decision sheet names them, never their paths).
FIELD_EN: dict[str, str] = {
    "grades": "qualification or skill level", "honours": "honours", "awards": "awards",
    "titles": "professional titles", "contributions": "contributions",
    "findings": "record of violations or fraud", "recommendations": "unit recommendation",
    "employer.filing": "who filed the evaluation institution",
    "employer.self_assessment_since": "date the employer began self-assessment",
}


def field_name(field: str, lang: str) -> str:
    """A missing profile field as a reader names it, in either language, never as its
    path (the decision sheet; :func:`field_label` keeps paths in English).

    >>> field_name("grades[senior_technician].posts", "en")
    'posts held as senior technician'
    >>> field_name("attestations.physically_fit", "zh")
    '具有适应工作岗位需要的身体条件'
    """
    zh = lang == "zh"
    if field in FACT_LABELS:
        return FACT_LABELS[field][0 if zh else 1]
    table = FIELD_ZH if zh else FIELD_EN
    if field in table:
        return table[field]
    head, _, name = field.partition(".")
    if head == "employer" and name in EMPLOYER_LABELS:
        return EMPLOYER_LABELS[name][0 if zh else 1]
    if head == "attestations":
        from baji.core.vocabulary import default_vocab  # the vocabulary loads a file: late

        items = default_vocab().items["attestation"]
        if name in items:
            return items[name].zh if zh else items[name].en
        return name if zh else name.replace("_", " ")
    if field.startswith("grades[") and field.endswith("].posts"):
        from baji.core.levels import parse_level

        level = parse_level(field[len("grades["):-len("].posts")])
        if level is not None:
            return f"{level.zh}岗位任职经历" if zh else f"posts held as {level.en}"
    return field


def field_label(field: str, lang: str) -> str:
    """A missing profile field (``Decision.missing``) as a reader names it: its Chinese
    label in ``zh``, the field path itself in ``en`` (and in JSON, which keeps paths).

    >>> field_label("grades[senior_technician].posts", "zh")
    '高级技师岗位任职经历'
    >>> field_label("employer.pilot", "en")
    'employer.pilot'
    """
    return field_name(field, "zh") if lang == "zh" else field


#: The profile's other fields as a form names them (the playground of ``baji serve``),
#: by path with ``[]`` for a list's items, (Chinese, English); the facts, the employer's
#: facts, the attestations and the fields above are labelled from their own tables.
FORM_LABELS: dict[str, tuple[str, str]] = {
    "id": ("编号", "id"), "name": ("姓名", "name"), "occupation": ("职业（工种）", "occupation"),
    "attestations": ("资格审查认定事项", "attestations"), "employer": ("用人单位", "employer"),
    "grades[].level": ("等级", "level"), "grades[].kind": ("证书类别", "kind"),
    "grades[].occupation": ("职业（工种）", "occupation"),
    "grades[].certificate": ("证书编号", "certificate number"),
    "grades[].certified_on": ("取证日期", "certified on"),
    "grades[].posts": ("岗位任职经历", "posts held"),
    "grades[].posts[].start": ("起始日期", "start"),
    "grades[].posts[].end": ("结束日期（在岗则留空）", "end (empty while in the post)"),
    "honours[].id": ("荣誉", "honour"), "honours[].date": ("获得日期", "date"),
    "awards[].id": ("奖项", "award"), "awards[].rank": ("等次", "rank"),
    "awards[].date": ("获奖日期", "date"), "titles[].id": ("职称", "title"),
    "titles[].aligned": ("与申报职业贯通", "aligned with the occupation"),
    "titles[].date": ("取得日期", "date"), "findings[].kind": ("情形", "kind"),
    "findings[].date": ("认定日期", "date"),
    "findings[].restricted_until": ("限制截止日期", "restricted until"),
    "findings[].subject": ("对象", "subject"), "recommendations[].level": ("推荐等级", "level"),
    "recommendations[].date": ("推荐日期", "date"),
    "employer.pilot_levels": ("已备案评聘的等级", "levels filed for 评聘"),
    "grades[]": ("证书", "certificate"), "grades[].posts[]": ("任职时段", "period in the post"),
    "honours[]": ("荣誉", "honour"), "awards[]": ("奖项", "award"), "titles[]": ("职称", "title"),
    "contributions[]": ("贡献", "contribution"), "findings[]": ("记录", "finding"),
    "recommendations[]": ("推荐", "recommendation"),
    "employer.pilot_levels[]": ("等级", "level"),
}

#: Values of the profile's enumerations other than levels, filings and ranks, as a form
#: shows them, (Chinese, English).
VALUE_LABELS: dict[str, tuple[str, str]] = {
    "skill_level": ("职业技能等级", "skill level"), "qualification": ("职业资格", "qualification"),
    "fraud": ("弄虚作假", "fraud"), "evaluation_violation": ("违纪违规", "violation"),
    "candidate": ("申报人", "candidate"), "employer": ("用人单位", "employer"),
}

#: Further Chinese headers of a roster's columns, besides the labels above (which name
#: every column: :data:`baji.profile.csv_layout.ALIASES`), as HR spreadsheets write them.
ROSTER_HEADER_ZH: dict[str, str] = {"工号": "id", "员工编号": "id", "职工编号": "id"}
