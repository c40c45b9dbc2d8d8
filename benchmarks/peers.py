"""The same decision on other engines, and a hand-written polars expression.

- zen-engine (GoRules): the level's rules compiled into one ZEN expression over the
  leaf values (``n<i>``: 0 unmet, 1 unknown, 2 met; Kleene's and/or as min/max), status
  and path computed by the expression. The leaves themselves (years in post, list
  look-ups) are computed by baji's Python leaf functions, as for durable-rules: neither
  engine has the calendar arithmetic. Leaf time is included in the measurement.
- durable-rules: through :mod:`baji.backends.rete` (its documented Python API, under its lock).
- polars: the 特级技师 decision written by hand as one expression over the roster frame
  of :func:`baji.backends.columnar.to_frame`, to compare with the compiled one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import baji
from baji.engine.program import leaf_values_function, program_for
from baji.pack.network import Node
from baji.profile.model import Profile


def zen_decision(network: baji.Network, level: baji.Level
                 ) -> Callable[[Profile, dt.date], tuple[str, str | None]] | None:
    """(status, path) of ``level`` through a compiled ZEN expression; ``None`` when
    zen-engine is not installed."""
    try:
        import zen
    except ImportError:
        return None
    lp = program_for(network).by_level[level]
    nodes = network.nodes

    def expr(i: int) -> str:
        node: Node = nodes[i]
        if not node.children:
            return f"n{i}"
        kids = [expr(c) for c in node.children]
        if node.kind == "not":
            return f"(2 - {kids[0]})"
        if node.kind == "rule" or len(kids) == 1:
            return kids[0]
        return f"{'min' if node.kind == 'all' else 'max'}([{', '.join(kids)}])"

    rules = [expr(r.root) for r in lp.rules]
    text = f"max([{', '.join(rules)}]) == 2 ? 'eligible' : " \
           f"(max([{', '.join(rules)}]) == 1 ? 'undetermined' : 'ineligible')"
    status = zen.compile_expression(text)
    path_text = " : ".join(f"{r} == 2 ? '{rule.path}'" for r, rule in zip(rules, lp.rules))
    path = zen.compile_expression(f"{path_text} : null")
    leaves = leaf_values_function(nodes, [r.root for r in lp.rules])

    def decide(profile: Profile, as_of: dt.date) -> tuple[str, str | None]:
        facts = leaves(profile, as_of, False)
        found: str = status.evaluate(facts)
        return found, (path.evaluate(facts) if found == "eligible" else None)

    return decide


def durable_decision(network: baji.Network, level: baji.Level
                     ) -> Callable[[Profile, dt.date], tuple[str, str | None]] | None:
    """(status, path) of ``level`` through :mod:`baji.backends.rete`; ``None`` without durable-rules."""
    try:
        from baji.backends import rete
    except ImportError:
        return None

    def decide(profile: Profile, as_of: dt.date) -> tuple[str, str | None]:
        answer = rete.evaluate_answers(network, profile, as_of, levels=level)[0]
        return answer.status, answer.path

    return decide


def polars_by_hand(frame: Any, as_of: dt.date) -> Any:
    """The Shanghai 2026 特级技师 status and path, written by hand in polars."""
    import polars as pl
    from baseline import HONOURS, SCIENCE, SKILLS  # the pack's id sets (data)

    el = pl.element()

    def dated_ok(field: Any) -> Any:
        return field.is_null() | (field <= as_of)

    def grade(level: str) -> Any:
        return pl.col(f"grades.{level}.certified").list.eval(dated_ok(el)).list.any()

    def tenure(level: str, years: int) -> Any:
        posts = pl.col(f"grades.{level}.posts")
        start, end = el.struct.field("start"), el.struct.field("end")
        upto = pl.when(end.is_null() | (end > as_of)).then(pl.lit(as_of)).otherwise(end)
        days = posts.list.eval(pl.when(upto > start).then((upto - start).dt.total_days())
                               .otherwise(0)).list.sum()
        last = posts.list.eval(pl.when(upto > start).then(upto)).list.max()
        met = pl.when(last.is_null()).then(False).otherwise(
            (last - pl.duration(days=days)).dt.offset_by(f"{years}y") <= last)
        return pl.when(posts.is_null()).then(None).otherwise(met)

    def attested(name: str) -> Any:
        return pl.col(f"attestations.{name}")

    restriction = pl.col("findings").list.eval(
        pl.when((el.struct.field("kind") != "evaluation_violation")
                | (el.struct.field("subject") != "candidate")
                | (el.struct.field("date") > as_of)).then(2)
        .when(el.struct.field("restricted_until").is_null()).then(1)
        .when(el.struct.field("restricted_until") >= as_of).then(0).otherwise(2)
    ).list.min().fill_null(2)
    not_restricted = pl.when(pl.col("findings").is_null()).then(None).when(
        restriction == 2).then(True).when(restriction == 0).then(False).otherwise(None)
    levels = pl.col("employer.pilot_levels")
    pilot = (pl.when(levels.is_not_null()).then(levels.list.contains(pl.lit("special_technician")))
             .otherwise(pl.col("employer.pilot")))
    conduct = (attested("law_abiding") & attested("professional_ethics")
               & attested("physically_fit"))  # what a direct path keeps (reading 5)
    population = (pl.col("in_post_employee") | pl.col("consented_population")
                  | pl.col("chain_member_staff"))
    gate = (pl.col("employer.filed_institution")
            & pl.col("employer.filing").is_in(["municipal", "district", "central_enterprise"])
            & pilot & population & not_restricted & conduct)
    science_code = pl.col("awards").list.eval(
        pl.when(~el.struct.field("id").is_in(sorted(SCIENCE))).then(0)
        .when(el.struct.field("rank").is_null()).then(1)
        .when(el.struct.field("rank").is_in(["special", "first", "second"])
              & dated_ok(el.struct.field("date"))).then(2).otherwise(0)).list.max().fill_null(0)
    science = pl.when(pl.col("awards").is_null()).then(None).when(science_code == 2).then(
        True).when(science_code == 0).then(False).otherwise(None)
    skills = pl.col("awards").list.eval(el.struct.field("id").is_in(sorted(SKILLS))
                                        & dated_ok(el.struct.field("date"))).list.any()
    basic = (attested("law_abiding") & attested("professional_ethics") & attested("dedication")
             & attested("widely_recognised") & attested("physically_fit")
             & attested("special_technician_competence") & attested("teaching_contribution"))
    still = pl.col("still_in_occupation")
    honours = pl.col("honours").list.eval(
        el.struct.field("id").is_in(sorted(HONOURS)) & dated_ok(el.struct.field("date"))
    ).list.any()
    def occupation(level: str) -> Any:
        # 相关职业: a certificate in the occupation applied for (unstated: the same), or
        # attested as related.
        spaces = "[ \t\n\r\u00a0\u3000]"  # dropped wherever they stand, as case is
        wanted = pl.col("occupation").str.replace_all(spaces, "").str.to_lowercase()
        named = pl.col(f"grades.{level}.occupations")
        normal = named.list.eval(el.str.replace_all(spaces, "").str.to_lowercase())
        unstated = named.list.eval(el.is_null()).list.any()
        same = (pl.when(named.is_null()).then(None).when(wanted.is_null()).then(True)
                .when(named.list.len() == 0).then(True)
                .otherwise(unstated | normal.list.contains(wanted)))
        return same | attested("related_occupation")

    direct_science = gate & science
    direct_skills = gate & skills
    senior, technician = occupation("senior_technician"), occupation("technician")
    regular = gate & basic & still & (
        (grade("senior_technician") & tenure("senior_technician", 1) & senior)
        | (grade("technician") & tenure("technician", 3) & technician))
    exceptional = gate & basic & still & ((grade("senior_technician") & senior)
                                          | (grade("technician") & technician)) & honours
    rules = [direct_science, direct_skills, regular, exceptional]
    met = [r.fill_null(False) for r in rules]
    status = (pl.when(met[0] | met[1] | met[2] | met[3]).then(pl.lit("eligible"))
              .when(rules[0].is_null() | rules[1].is_null() | rules[2].is_null()
                    | rules[3].is_null()).then(pl.lit("undetermined"))
              .otherwise(pl.lit("ineligible")))
    path = (pl.when(met[0] | met[1]).then(pl.lit("direct")).when(met[2]).then(pl.lit("regular"))
            .when(met[3]).then(pl.lit("exceptional")).otherwise(pl.lit(None, dtype=pl.String)))
    return frame.lazy().select(status.alias("status"), path.alias("path")).collect()
