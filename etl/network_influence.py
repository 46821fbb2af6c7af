"""PageRank on the directed, weighted graph of who addresses whom (replies and mentions).

An edge u -> v carries the number of replies and mentions u addressed to v in the window, so
attention flows towards the people others turn to. Nodes are the people with at least one such
edge. Power iteration on a scipy sparse matrix: linear in the edges, well under a second for
20,000 people.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

ALPHA = 0.85


def pagerank(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray,
             alpha: float = ALPHA, tol: float = 1e-12, max_iter: int = 1000) -> np.ndarray:
    """PageRank of nodes 0..n-1, summing to 1.

    Each node passes alpha of its score along its out-edges in proportion to their weights;
    a node without out-edges (dangling) spreads it evenly over all nodes, and every node gets
    (1 - alpha) / n: the same conventions as networkx.pagerank with no personalisation.
    Stops when the L1 change of an iteration is below n * tol.
    """
    if n == 0:
        return np.zeros(0)
    out_weight = np.bincount(src, weights=weight, minlength=n).astype(float)
    transition = sp.csr_array((weight / out_weight[src], (dst, src)), shape=(n, n))
    dangling = out_weight == 0
    score = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = alpha * score[dangling].sum() / n + (1 - alpha) / n
        updated = alpha * (transition @ score) + spread
        change = np.abs(updated - score).sum()
        score = updated
        if change < n * tol:
            break
    return score / score.sum()
