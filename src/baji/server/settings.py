"""What the service is started with: packs, token, limits.

A :class:`Settings` is made once, from the command line (:mod:`baji.cli.serve`) or by a
program calling :func:`baji.server.app.create_app`. With several worker processes each
worker builds its app from the environment (:func:`Settings.from_environment`), where
:meth:`Settings.to_environment` left them: the token itself never goes there, only the
file it is read from (or ``BAJI_TOKEN``, which the workers inherit).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from baji.errors import BajiError, problem
from baji.io.yaml_reader import MAX_BYTES

#: The environment variable holding the settings for worker processes.
SETTINGS_ENV = "BAJI_SERVE_SETTINGS"
#: The environment variable that may hold the bearer token.
TOKEN_ENV = "BAJI_TOKEN"

#: Default limits: a roster of 10,000 rows of about a kilobyte fits both.
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Settings:
    """How the service runs.

    Attributes:
        packs_dir: a folder of pack files (``*.yaml``) served beside the bundled packs,
            read once at start; ``None`` for the bundled packs alone.
        token_file: a file holding the bearer token (its first line); ``None`` to use
            ``BAJI_TOKEN``, or no authentication when that is unset too.
        max_body_bytes: the largest request body accepted (a profile alone is also held
            to the 2 MiB of a profile file).
        max_rows: the most rows a roster request may hold.
        token: the token itself (set by :meth:`resolved`; never written anywhere).
    """

    packs_dir: str | None = None
    token_file: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    token: str | None = None

    @property
    def max_profile_bytes(self) -> int:
        """The largest body holding one profile: the limit of a profile file, or less."""
        return min(self.max_body_bytes, MAX_BYTES)

    def resolved(self) -> Settings:
        """These settings with the token read from ``token_file`` or ``BAJI_TOKEN``.

        Raises:
            BajiError: the token file cannot be read or is empty (BAJI000): a service
                that was asked for a token never starts without one.
        """
        if self.token is not None:
            return self
        token: str | None
        if self.token_file is not None:
            try:
                text = Path(self.token_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise BajiError([problem("BAJI000", detail=(
                    f"cannot read the token file {self.token_file!r}: "
                    f"{exc.strerror or exc}"))]) from None
            token = text.strip().splitlines()[0].strip() if text.strip() else ""
            if not token:
                raise BajiError([problem("BAJI000", detail=(
                    f"the token file {self.token_file!r} is empty"))])
        else:
            token = os.environ.get(TOKEN_ENV, "").strip() or None
        return Settings(self.packs_dir, self.token_file, self.max_body_bytes,
                        self.max_rows, token)

    def to_environment(self) -> str:
        """The settings as JSON for :data:`SETTINGS_ENV`, without the token."""
        data = asdict(self)
        data.pop("token")
        return json.dumps(data)

    @classmethod
    def from_environment(cls) -> Settings:
        """The settings :meth:`to_environment` wrote (defaults when there are none)."""
        text = os.environ.get(SETTINGS_ENV)
        if not text:
            return cls()
        data = json.loads(text)
        return cls(packs_dir=data.get("packs_dir"), token_file=data.get("token_file"),
                   max_body_bytes=int(data["max_body_bytes"]),
                   max_rows=int(data["max_rows"]))
