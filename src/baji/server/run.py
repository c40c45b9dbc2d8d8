"""Starting the service: uvicorn, one process or several workers.

With one worker the application is built here and handed to uvicorn; with several, each
worker process builds its own from the settings left in the environment
(:func:`baji.server.app.create_app_from_environment`), after this process has checked
that they start (so a bad pack or token file stops ``baji serve`` at once, not in every
worker).
"""

from __future__ import annotations

import os

import uvicorn

from baji.server.app import create_app
from baji.server.settings import SETTINGS_ENV, Settings


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000,
          workers: int = 1, root_path: str = "", log_level: str = "info") -> None:
    """Run the service until it is stopped (Ctrl-C, SIGTERM).

    Args:
        settings: packs folder, token and limits.
        host: the address to listen on; loopback unless told otherwise.
        port: the TCP port.
        workers: worker processes (each loads the packs once).
        root_path: the path prefix a reverse proxy serves the service under.
        log_level: uvicorn's log level.

    Raises:
        BajiError: the token file or a pack of the packs folder is unusable.
    """
    app = create_app(settings)
    common: dict[str, object] = {"host": host, "port": port, "root_path": root_path,
                                 "log_level": log_level, "server_header": False}
    if workers <= 1:
        uvicorn.run(app, **common)  # type: ignore[arg-type]
        return
    os.environ[SETTINGS_ENV] = settings.to_environment()
    uvicorn.run("baji.server.app:create_app_from_environment", factory=True,
                workers=workers, **common)  # type: ignore[arg-type]
