"""baji over HTTP: ``baji serve`` (extra ``baji[server]``: FastAPI on uvicorn).

The edge of the pipeline for programs not written in Python: it parses requests and
renders answers, and has no logic of its own. Every answer comes from the library
(:func:`baji.engine.decide.evaluate`, :func:`baji.engine.answers.evaluate_answers`,
:func:`baji.engine.batch.evaluate_many`, :func:`baji.analysts.diff.diff_packs`), every
error is a coded :class:`~baji.errors.Problem` sent as RFC 9457 ``application/problem+json``.

- :mod:`baji.server.settings`: what the service is started with (limits, token, packs).
- :mod:`baji.server.shelf`: the packs it serves, loaded once at start.
- :mod:`baji.server.problems`: problem+json and the language of the reply.
- :mod:`baji.server.models`: the JSON shapes of its own answers.
- :mod:`baji.server.openapi`: the OpenAPI 3.1 document, built on the JSON Schemas of ``schemas/``.
- :mod:`baji.server.app`: the endpoints (:func:`~baji.server.app.create_app`).
- :mod:`baji.server.run`: starting uvicorn (:func:`~baji.server.run.serve`).

docs/service.md describes the endpoints and how to deploy the service.
"""
