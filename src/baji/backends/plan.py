"""What the vectorized backends (polars, SQL) share: which nodes to compute once.

No optional dependency here: :mod:`baji.backends.columnar` and :mod:`baji.backends.sql`
both import it.
"""

from __future__ import annotations

from baji.pack.network import Network


def stages(network: Network, roots: list[int]) -> list[list[int]]:
    """Nodes worth computing once as columns (read by more than one parent, and the
    rules' roots, which the status, path and paths all read), grouped so that each
    group only reads columns of earlier groups."""
    nodes = network.nodes
    refs: dict[int, int] = {r: 2 for r in roots}
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        i = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        for c in nodes[i].children:
            c = target(network, c)  # a clause (rule node) read twice is its condition read twice
            refs[c] = refs.get(c, 0) + 1
            stack.append(c)
    shared = sorted(i for i, n in refs.items() if n > 1 and nodes[i].kind != "rule")
    depth: dict[int, int] = {}
    for i in shared:  # children have smaller indexes: their depth is known

        def below(j: int) -> int:
            return max((depth[t] + 1 if t in depth else below(t)
                        for t in (target(network, c) for c in nodes[j].children)), default=0)

        depth[i] = below(i)
    out: list[list[int]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for i in shared:
        out[depth[i]].append(i)
    return out


def target(network: Network, index: int) -> int:
    """``index`` seen through ``rule`` nodes (which have their child's value)."""
    node = network.nodes[index]
    while node.kind == "rule":
        node = network.nodes[node.children[0]]
    return node.index
