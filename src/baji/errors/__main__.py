"""``python -m baji.errors docs/errors.md``: write the catalogue of error codes."""

from __future__ import annotations

from baji.errors.docs import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
