"""The Chinese and English labels of paths, statuses and award ranks, each defined once.

Levels carry their own names (:attr:`baji.core.levels.Level.zh`, ``.en``,
``.name_in(lang)``). Everything else a decision, a table, a diff, an impact report or a
graph names in words comes from here, so the two languages cannot drift apart between
outputs::

    >>> PATH_LABEL["exceptional"].in_("zh")
    '破格'
    >>> STATUS_LABEL["not_in_force"].in_("en")
    'not in force'

Still to move here (the modules are being rewritten with the rule operators):
``baji.analysts.facets.PATH_LABEL``, its ``_RANK_ZH`` and the priority facet's label,
``baji.pack.compile.RANK_ZH``.
tests/test_labels.py lists them as the only modules allowed to spell a label out.
"""

from __future__ import annotations

# Keyed by plain ids, not the Path and Status literals: a compiled rule's path is a str
# (which also admits "part", a rule other rules build on, that is no path).
from baji.core.decision import Message

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
    "not_in_force": Message(zh="未施行", en="not in force"),
}

#: The pack is in force on the day of the evaluation (its opposite is the status
#: ``not_in_force``).
IN_FORCE = Message(zh="施行中", en="in force")

#: No status: the pack does not rule on the level (impact's status transitions).
NOT_RULED = Message(zh="不涉及", en="not ruled")

#: A priority (优先考虑) item: reported when met, never deciding.
PRIORITY = Message(zh="优先考虑", en="priority")

#: The rank of an award (``rank`` in profiles and packs), by its id.
RANK_LABEL: dict[str, Message] = {
    "special": Message(zh="特等奖", en="special prize"),
    "first": Message(zh="一等奖", en="first prize"),
    "second": Message(zh="二等奖", en="second prize"),
    "third": Message(zh="三等奖", en="third prize"),
}
