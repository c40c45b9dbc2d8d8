"""``baji serve``: the HTTP service (extra ``baji[server]``; docs/service.md).

Registered by :mod:`baji.cli.commands`. The service's modules are imported only when
the command runs, so the rest of the command line works without the extra.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from baji.io.yaml_reader import MAX_BYTES


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``serve``."""
    from baji.server.settings import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ROWS

    sv = sub.add_parser("serve", help="the HTTP service (pip install 'baji[server]')",
                        description="Serve baji over HTTP: OpenAPI at /openapi.json, "
                                    "interactive docs at /docs (docs/service.md).")
    sv.add_argument("--host", default="127.0.0.1",
                    help="address to listen on (default 127.0.0.1: this machine only)")
    sv.add_argument("--port", type=_positive, default=8000, help="TCP port (default 8000)")
    sv.add_argument("--workers", type=_positive, default=1,
                    help="worker processes (default 1)")
    sv.add_argument("--packs", metavar="DIR",
                    help="also serve the pack files (*.yaml) of DIR, read once at start")
    sv.add_argument("--token-file", metavar="FILE",
                    help="require 'Authorization: Bearer TOKEN' on /v1, TOKEN being the "
                         "first line of FILE (default: the BAJI_TOKEN environment "
                         "variable; no token when neither is set)")
    sv.add_argument("--max-body-bytes", type=_positive, default=DEFAULT_MAX_BODY_BYTES,
                    metavar="N", help=f"largest request body (default {DEFAULT_MAX_BODY_BYTES}; "
                                      f"a profile alone is also held to {MAX_BYTES})")
    sv.add_argument("--max-rows", type=_positive, default=DEFAULT_MAX_ROWS, metavar="N",
                    help=f"most rows a roster request may hold (default {DEFAULT_MAX_ROWS})")
    sv.add_argument("--root-path", default="", metavar="PATH",
                    help="the path prefix a reverse proxy serves the service under")
    sv.add_argument("--log-level", default="info",
                    choices=("critical", "error", "warning", "info", "debug"))
    sv.set_defaults(run=run_serve)


def run_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Run the service until stopped; 2 when the server extra is not installed."""
    try:
        from baji.server.run import serve
        from baji.server.settings import TOKEN_ENV, Settings
    except ImportError as exc:
        print(f"baji serve: needs the server extra ({exc.name} is missing): "
              "pip install 'baji[server]'", file=sys.stderr)
        return 2
    settings = Settings(packs_dir=args.packs, token_file=args.token_file,
                        max_body_bytes=args.max_body_bytes, max_rows=args.max_rows)
    if args.token_file is None and not os.environ.get(TOKEN_ENV) and args.host not in (
            "127.0.0.1", "localhost", "::1"):
        print(f"baji serve: listening on {args.host} without a token: anyone who can "
              "reach it may use it (--token-file or BAJI_TOKEN)", file=sys.stderr)
    serve(settings, host=args.host, port=args.port, workers=args.workers,
          root_path=args.root_path, log_level=args.log_level)
    return 0
