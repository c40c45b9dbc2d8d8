"""Award ranks and scopes in order: plain data shared by the profile's fields, the
labels, and the leaf functions of compiled programs (no models: an answer read from a
program compiled ahead needs no pydantic, :mod:`baji.engine.ahead`)."""

from __future__ import annotations

#: Award ranks, higher is better.
RANK_ORDER: dict[str, int] = {"third": 1, "second": 2, "first": 3, "special": 4}
#: ``scope_at_least`` ranks of every vocabulary scope: 省部级以上 accepts national,
#: ministerial and provincial (and central-enterprise) awards.
SCOPE_RANK: dict[str, int] = {"national": 3, "ministerial": 2, "provincial": 2,
                              "central_enterprise": 2, "municipal": 1, "enterprise": 0}
