"""``baji test``: run a pack's YAML test cases and report each failure with its clause,
as ``openfisca test`` does for its YAML tests.

Exit codes: 0 every case passed, 1 a case failed, 2 a case file or pack is invalid or
missing.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from baji.errors import BajiError
from baji.testing.cases import find_case_files, load_cases, run_case


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``baji test``."""
    cmd = sub.add_parser("test", help="run a pack's YAML test cases (docs/pack-format.md)")
    cmd.add_argument("targets", nargs="*", metavar="PACK_OR_CASES",
                     help="case files, folders of them, or packs whose cases lie in a cases/ "
                          "folder beside their folder (default: tests/cases and cases/ here)")
    cmd.add_argument("--pack", metavar="ID",
                     help="evaluate against this pack (id, jurisdiction or file) instead "
                          "of the one each case file names")
    cmd.add_argument("--lang", choices=("zh", "en"), default="en",
                     help="language of the report (default en)")
    cmd.add_argument("-v", "--verbose", action="store_true", help="list every case run")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run the cases; print failures, then one summary line."""
    files, problems = find_case_files(list(args.targets))
    for found in problems:
        print(found.render(args.lang), file=sys.stderr)
    total = failed = 0
    broken = bool(problems)
    for path in files:
        try:
            loaded = load_cases(path, pack=args.pack)
        except BajiError as exc:
            print(exc.render(lang=args.lang), file=sys.stderr)
            broken = True
            continue
        for index, case in enumerate(loaded.cases):
            total += 1
            failures = run_case(loaded, index)
            if failures:
                failed += 1
                for failure in failures:
                    print(failure.render(args.lang), file=out)
            elif args.verbose:
                print(f"ok {loaded.where(index)}: {case.name}", file=out)
    passed = total - failed
    if args.lang == "zh":
        print(f"{total} 个用例：{passed} 个通过，{failed} 个失败"
              + ("；有用例文件无法读取" if broken else ""), file=out)
    else:
        print(f"{total} cases: {passed} passed, {failed} failed"
              + ("; some case files could not be read" if broken else ""), file=out)
    return 2 if broken else 1 if failed else 0
