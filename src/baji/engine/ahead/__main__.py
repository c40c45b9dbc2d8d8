"""``python -m baji.engine.ahead src/baji [--check]``: write the bundled packs' programs
compiled ahead and the profile's Structs (:mod:`baji.engine.ahead.build`) under baji's
package folder; with ``--check``, write nothing and exit 1 if any is stale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from baji.engine.ahead.build import outputs, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m baji.engine.ahead",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("root", type=Path, help="baji's package folder (src/baji)")
    parser.add_argument("--check", action="store_true", help="only say what is stale")
    args = parser.parse_args(argv)
    root: Path = args.root
    if not (root / "engine" / "ahead" / "__init__.py").is_file():
        parser.error(f"{root} is not baji's package folder (no engine/ahead/__init__.py)")
    if args.check:
        stale = [rel for rel, text in outputs().items()
                 if not (root / rel).is_file() or (root / rel).read_text("utf-8") != text]
        for rel in stale:
            print(f"stale: {root / rel}")
        return 1 if stale else 0
    for path in write(root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
