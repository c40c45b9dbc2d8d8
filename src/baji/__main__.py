"""``python -m baji``: the command line."""

from __future__ import annotations

import sys

from baji.cli.commands import main

if __name__ == "__main__":
    sys.exit(main())
