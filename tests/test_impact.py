"""Population impact (baji.analysts.impact): counts, deciding conditions, bad rows, CLI reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from baji import Profile, get_pack, parse_profile
from baji.analysts.impact import ImpactCounter, ImpactReport, count_rows, impact, outcome
from baji.cli.commands import main
from baji.engine.decide import decide as evaluate
from baji.profile.roster import iter_roster
from baji.testing.synth import roster, write_roster

DAY = dt.date(2026, 7, 1)
ATTESTED = ["law_abiding", "professional_ethics", "dedication", "widely_recognised",
            "physically_fit", "special_technician_competence", "teaching_contribution",
            "supports_party_line", "solves_technical_problems"]


def _candidate(**extra: Any) -> Profile:
    """A 特级 candidate meeting every Shanghai and Chongqing condition but the years."""
    data: dict[str, Any] = {
        "id": "E1", "grades": [{"level": "senior_technician",
                                "posts": [{"start": "2024-07-01"}]}],
        "still_in_occupation": True, "front_line": True, "in_post_employee": True,
        "in_related_work": True, "honours": [], "awards": [], "titles": [],
        "findings": [], "attestations": {a: True for a in ATTESTED},
        "employer": {"filed_institution": True, "filing": "municipal", "pilot": True,
                     "certification_started": True}}
    data.update(extra)
    return parse_profile(data)


@pytest.fixture(scope="module")
def synthetic() -> ImpactReport:
    """Shanghai 2026 against Chongqing 2023 over 300 synthetic profiles."""
    profiles = [parse_profile(p) for p in roster(300, seed=1)]
    return impact(get_pack("shanghai-2026"), get_pack("chongqing-2023"), profiles, DAY)


def test_two_years_at_senior_technician_lose_special_under_chongqing() -> None:
    """Two years as 高级技师 suffice in Shanghai (1 year) but not in Chongqing (5): the
    candidate loses 特级, and the deciding condition is Chongqing's 5 years, with its
    clause."""
    report = impact(get_pack("shanghai-2026"), get_pack("chongqing-2023"), [_candidate()],
                    DAY)
    [change] = [c for c in report.changes if c.level.value == "special_technician"]
    assert (change.change, change.status_a, change.status_b) == ("lost", "eligible",
                                                                 "ineligible")
    assert (change.path_a, change.rule) == ("regular", "sh.special.regular")
    [reason] = change.reasons
    assert (reason.side, reason.pack, reason.rule, reason.kind) == (
        "b", "chongqing-2023", "cq.special.regular", "tenure")
    assert reason.required.zh == "在高级技师岗位工作满5年"
    assert [c.ref for c in reason.citations] == ["附件2 一（高级技师途径）"]
    special = [c for c in report.counts if c.level.value == "special_technician"]
    assert [(c.path, c.eligible_a, c.eligible_b, c.lost) for c in special
            if c.path in ("any", "regular")] == [("any", 1, 0, 1), ("regular", 1, 0, 1)]


def test_a_full_senior_title_gains_special_under_chongqing() -> None:
    """An aligned 正高级职称 without any skill grade opens Chongqing's title route to 特级;
    under Shanghai the candidate holds no grade: gained, with Shanghai's unmet grade
    conditions as the difference."""
    profile = _candidate(grades=[], titles=[{"id": "senior_professional_title_full",
                                             "aligned": True}])
    report = impact(get_pack("shanghai-2026"), get_pack("chongqing-2023"), [profile], DAY)
    [change] = [c for c in report.changes if c.level.value == "special_technician"]
    assert (change.change, change.path_b, change.rule) == ("gained", "regular",
                                                           "cq.special.title")
    assert {r.side for r in change.reasons} == {"a"}
    assert {r.kind for r in change.reasons} == {"grade", "tenure"}
    assert {r.rule for r in change.reasons} == {"sh.special.regular"}


def test_counts_add_up(synthetic: ImpactReport) -> None:
    """Per level and path, B's count is A's plus gains minus losses; A's count is kept
    plus lost; every change is counted once under 'any'; statuses sum to the roster."""
    assert synthetic.rows == synthetic.evaluated == 300 and synthetic.bad == ()
    for c in synthetic.counts:
        assert c.eligible_b == (c.eligible_a + c.gained - c.lost + c.uncovered_in_a
                                - c.uncovered_in_b)
        assert c.eligible_a == c.stayed + c.lost + c.uncovered_in_b
    anys = [c for c in synthetic.counts if c.path == "any"]
    assert sum(c.gained + c.lost for c in anys) == synthetic.changed == len(
        synthetic.changes)
    assert sum(c.uncovered_in_a + c.uncovered_in_b for c in anys) == synthetic.not_comparable
    assert synthetic.candidates_changed == len({c.row for c in synthetic.changes})
    levels = {s.level for s in synthetic.statuses}
    for level in levels:
        assert sum(s.count for s in synthetic.statuses if s.level is level) == 300
    assert synthetic.changed > 5 and synthetic.not_comparable > 50
    assert all(change.reasons for change in synthetic.changes)


def test_rows_agree_with_the_full_decisions() -> None:
    """outcome() reads the answers alone and builds full decisions only for changed
    candidates: every status, path list and change equals what the full decisions of
    both packs say."""
    a, b = get_pack("shanghai-2026"), get_pack("chongqing-2023")
    levels = tuple(dict.fromkeys([i.level for i in a.levels] + [i.level for i in b.levels]))
    changed = 0
    for number, data in enumerate(roster(300, seed=3), start=1):
        p = parse_profile(data)
        got = outcome(a, b, DAY, levels, number, p)
        da = {d.level: d for d in evaluate(a, p, DAY).levels}
        db = {d.level: d for d in evaluate(b, p, DAY).levels}
        want = [(da[lv].status if lv in da else None, da[lv].paths if lv in da else (),
                 db[lv].status if lv in db else None, db[lv].paths if lv in db else ())
                for lv in levels]
        assert list(got.levels) == want
        flips = [lv for lv, (sa, _, sb, _) in zip(levels, want)
                 if (sa == "eligible") != (sb == "eligible")
                 and None not in (sa, sb) and "not_covered" not in (sa, sb)]
        assert [c.level for c in got.changes] == flips
        for c in got.changes:
            la, lb = da.get(c.level), db.get(c.level)
            winner = lb if c.change == "gained" else la
            assert winner is not None and c.rule == winner.rule
            assert (c.path_a, c.path_b) == (la.path if la else None, lb.path if lb else None)
            assert c.reasons
        changed += len(got.changes)
    assert changed > 5


def test_top_reasons_are_counted_from_the_changes(synthetic: ImpactReport) -> None:
    """Each listed reason's count equals the number of changes it appears in."""
    assert synthetic.reasons
    for r in synthetic.reasons:
        seen = sum(1 for c in synthetic.changes if c.level is r.level and c.change == r.change
                   for x in c.reasons if x.side == r.side and x.kind == r.kind
                   and x.required == r.required)
        assert seen == r.count
    # 高级工 is a level Chongqing does not rule on: not comparable, so no reason at all.
    assert [r for r in synthetic.reasons if r.level.value == "senior_worker"] == []


def test_a_pack_against_itself_changes_nobody() -> None:
    """The same pack on both sides: nobody gains or loses, and the status matrix is
    diagonal."""
    net = get_pack("fujian-2026")
    report = impact(net, net, [parse_profile(p) for p in roster(120, seed=5)], DAY)
    assert report.changed == 0 and report.changes == () and report.reasons == ()
    assert all(s.status_a == s.status_b for s in report.statuses)


def test_a_pack_not_in_force_loses_everyone_with_the_window_as_reason() -> None:
    """Tianjin's measures lapsed on 2026-03-31: on 2026-07-01 every candidate eligible
    under Chongqing loses eligibility, the reason being the window."""
    profiles = [parse_profile(p) for p in roster(400, seed=2)]
    report = impact(get_pack("chongqing-2023"), get_pack("tianjin-2024"), profiles, DAY)
    assert report.changes and all(c.change == "lost" for c in report.changes)
    assert {r.kind for c in report.changes for r in c.reasons} == {"window"}
    assert {s.status_b for s in report.statuses} == {"not_in_force"}


def _roster_with_bad_rows(tmp_path: Path, n: int = 60) -> Path:
    path = tmp_path / "roster.jsonl"
    write_roster(path, roster(n, seed=8))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "X1", "grades": [{"level": "高级技工"}]}\n')
        handle.write("{not json\n")
    return path


def test_bad_rows_are_listed_with_row_numbers_and_none_is_dropped(tmp_path: Path) -> None:
    """Rows read = evaluated + bad; each bad row keeps its number and its error."""
    path = _roster_with_bad_rows(tmp_path)
    report = impact(get_pack("shanghai-2026"), get_pack("fujian-2026"), iter_roster(path), DAY)
    assert (report.rows, report.evaluated, len(report.bad)) == (62, 60, 2)
    assert [b.row for b in report.bad] == [61, 62]
    assert "unknown level '高级技工'" in report.bad[0].error
    assert "invalid JSON" in report.bad[1].error


@pytest.mark.parametrize("check", [True, False])
def test_worker_processes_give_the_same_report(tmp_path: Path, check: bool) -> None:
    """Evaluating in two worker processes yields the same rows, changes (in order),
    counts and bad rows as in one process, whether the rows come validated or are
    parsed and validated in the workers (``iter_roster(..., check=False)``, as
    `baji impact --jobs N` reads them)."""
    path = _roster_with_bad_rows(tmp_path, 450)
    reports, errors = [], []
    for jobs, rows in ((1, iter_roster(path)), (2, iter_roster(path, check=check))):
        counter = ImpactCounter(get_pack("shanghai-2026"), get_pack("chongqing-2023"), DAY)
        pairs = list(count_rows(counter, rows, jobs))
        assert [row.number for row, _ in pairs] == list(range(1, 453))
        reports.append(counter.report([c for _, cs in pairs for c in cs]))
        errors.append([(row.number, row.line, row.error.problems) for row, _ in pairs
                       if row.error is not None])
    assert reports[0] == reports[1]
    assert reports[0].changed > 0
    assert errors[0] == errors[1] and [e[0] for e in errors[0]] == [451, 452]


# -- command line ---------------------------------------------------------------------------
def test_cli_summary_and_bad_rows_on_stderr(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`baji impact` prints the summary, lists bad rows on stderr with their row numbers,
    reports the time taken, and exits 1 because of the bad rows."""
    path = _roster_with_bad_rows(tmp_path)
    code = main(["impact", "shanghai-2026", "chongqing-2023", str(path), "--as-of",
                 "2026-07-01", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 1
    assert "读取行数 62 = 已评估 60 + 坏行 2" in captured.out
    assert f"{path}:61: row 61: $.grades[0].level: unknown level '高级技工'" in captured.err
    assert f"{path}:62:" in captured.err and "row 62: invalid JSON" in captured.err
    assert "62 rows (60 evaluated under 2 packs, 2 bad) in" in captured.err


def test_cli_bad_rows_in_the_language_asked(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """With --lang zh the bad rows on stderr are in Chinese, row number included."""
    path = _roster_with_bad_rows(tmp_path)
    code = main(["impact", "shanghai-2026", "chongqing-2023", str(path), "--as-of",
                 "2026-07-01", "--no-progress", "--lang", "zh"])
    assert code == 1
    err = capsys.readouterr().err
    assert f"{path}:61: 第 61 行：$.grades[0].level: 未知等级 '高级技工'" in err


def test_cli_json_holds_every_change(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """--format json writes one JSON document whose changes list is complete."""
    path = tmp_path / "r.csv"
    write_roster(path, roster(150, seed=6))
    out = tmp_path / "impact.json"
    code = main(["impact", "shanghai", "chongqing", str(path), "--as-of", "2026-07-01",
                 "--format", "json", "--out", str(out), "--lang", "en"])
    assert code == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert payload["rows"] == 150 and payload["bad"] == []
    assert len(payload["changes"]) == payload["changed"] > 0
    report = ImpactReport.model_validate(payload)
    assert report.changes[0].row <= report.changes[-1].row


def test_cli_html_report_has_inline_svg_charts(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """--format html writes one self-contained page with two SVG charts (counts per level
    and path under each pack; gains and losses per level) and no external asset."""
    path = _roster_with_bad_rows(tmp_path)
    out = tmp_path / "impact.html"
    main(["impact", "shanghai-2026", "chongqing-2023", str(path), "--as-of", "2026-07-01",
          "--format", "html", "--out", str(out), "--no-progress"])
    text = out.read_text(encoding="utf-8")
    assert text.count("<svg") == 2
    assert "特级技师 · 常规 · A shanghai-2026: " in text
    for forbidden in ("<script", "<link", "src=", "https://", "@import"):
        assert forbidden not in text
    assert "row 61: $.grades[0].level: unknown level" in text


def test_cli_progress_bar_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--progress draws the bar on stderr even when stderr is not a terminal."""
    path = tmp_path / "r.jsonl"
    write_roster(path, roster(30, seed=1))
    main(["impact", "shanghai-2026", "fujian-2026", str(path), "--as-of", "2026-07-01",
          "--progress"])
    err = capsys.readouterr().err
    assert "30/30 rows" in err and "\r[" in err


def test_cli_unreadable_roster_is_a_clear_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A roster that is neither .jsonl nor .csv exits 1 with a located message."""
    path = tmp_path / "roster.txt"
    path.write_text("x\n", encoding="utf-8")
    code = main(["impact", "shanghai-2026", "fujian-2026", str(path)])
    assert code == 1
    assert "cannot tell the roster format" in capsys.readouterr().err


def test_cli_rejects_zero_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 0 is bad usage (exit 2) with a message naming the value."""
    with pytest.raises(SystemExit) as exc:
        main(["impact", "a", "b", "r.jsonl", "--jobs", "0"])
    assert exc.value.code == 2
    assert "'0' is not a number of processes" in capsys.readouterr().err


def test_a_level_one_pack_does_not_cover_is_no_loss_issue12() -> None:
    """Issue 12 item 4: a candidate eligible for 高级工 by Shanghai 措施(六) has not lost
    it under Chongqing, which does not rule on 高级工: not comparable, counted apart,
    never a change; and a Shanghai 'not covered' level is no loss either."""
    a, b = get_pack("shanghai-2026"), get_pack("chongqing-2023")
    m6 = _candidate(grades=[], key_industry_occupation=True, front_line=True,
                    attestations={"superb_skill_outstanding_performance": True})
    covered = evaluate(a, m6, DAY).level("senior_worker")
    assert covered.status == "eligible"
    report = impact(a, b, [m6], DAY)
    assert [c.level.value for c in report.changes if c.level.value == "senior_worker"] == []
    [count] = [c for c in report.counts
               if c.level.value == "senior_worker" and c.path == "any"]
    assert (count.eligible_a, count.lost, count.uncovered_in_b) == (1, 0, 1)
    assert report.not_comparable >= 1
    back = impact(b, a, [m6], DAY)
    [count] = [c for c in back.counts if c.level.value == "senior_worker" and c.path == "any"]
    assert (count.gained, count.uncovered_in_a) == (0, 1)


def test_the_heading_counts_candidates_as_candidates_issue12() -> None:
    """Issue 12 item 4: the summary names candidates with a change, (candidate, level)
    changes and not comparable pairs, each under its own words."""
    from baji.render.impact import render_summary

    a, b = get_pack("shanghai-2026"), get_pack("chongqing-2023")
    two_levels = _candidate()  # loses 特级 under Chongqing, and not 首席
    report = impact(a, b, [two_levels, two_levels], DAY)
    text = render_summary(report, "en")
    assert (f"candidates whose eligibility changes {report.candidates_changed}; "
            f"eligibility changes (candidate x level) {report.changed}; "
            f"not comparable (a pack does not cover the level) {report.not_comparable}"
            ) in text
    assert report.candidates_changed == 2
