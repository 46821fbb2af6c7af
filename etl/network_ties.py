"""Graph metrics of the undirected tie graph, vectorised with scipy.sparse.

A tie is an unordered pair of people with at least one reply or mention between them in the
window; its weight is the number of such interactions, both directions added. Nodes are
numbered 0..n-1 and every node has at least one tie.

networkx computes the same quantities (tests compare with it), but its constraint, overlap and
local-bridge functions loop in Python over each node's neighbours' neighbours: minutes on a
network of 20,000 people. Here every sum over common neighbours comes from one vectorised
enumeration of the graph's triangles (numpy), shared by overlap, local bridges, constraint and
liaison.
"""

from __future__ import annotations

import gc
import random

import numpy as np
import scipy.sparse as sp

UNKNOWN = -1  # group code of a person whose department (or site) is not known


def present_nodes(n: int, *ends: np.ndarray) -> np.ndarray:
    """Sorted distinct values of the index arrays `ends` (each in 0..n-1): np.unique of their
    concatenation, in linear time."""
    present = np.zeros(n, dtype=bool)
    for end in ends:
        present[end] = True
    return np.flatnonzero(present)


def tie_matrix(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray) -> sp.csr_array:
    """Symmetric weighted adjacency: w_ij = interactions from i to j plus from j to i."""
    directed = sp.coo_array((weight.astype(float), (src, dst)), shape=(n, n))
    both = (directed + directed.T).tocsr()
    both.sum_duplicates()
    both.sort_indices()
    return both


def pattern(weights: sp.csr_array) -> sp.csr_array:
    return sp.csr_array((np.ones(weights.nnz), weights.indices, weights.indptr), shape=weights.shape)


def triangles(weights: sp.csr_array) -> dict[str, np.ndarray]:
    """Every triangle of the tie graph, once, with the positions of its three ties.

    Ties are oriented from the lower to the higher (degree, id) end; then a triangle is found
    exactly once as a wedge a -> b -> c closed by a -> c, and every node has at most
    sqrt(2 m) higher neighbours, so the wedges checked number O(m^1.5) even around hubs (the
    forward algorithm of Schank & Wagner), against sum(degree^2) for A @ A.
    Returns the tie list (u < v in that order, with weights) and triangles as tie indices.
    """
    n = weights.shape[0]
    degree = np.diff(weights.indptr)
    order = np.empty(n, dtype=np.int64)
    order[np.lexsort((np.arange(n), degree))] = np.arange(n)
    coo = weights.tocoo()
    forward = order[coo.row] < order[coo.col]
    u, v, w = coo.row[forward].astype(np.int64), coo.col[forward].astype(np.int64), coo.data[forward]
    sort = np.argsort(u * n + v, kind="stable")  # as lexsort((v, u)): keys are unique, and faster
    u, v, w = u[sort], v[sort], w[sort]
    starts = np.searchsorted(u, np.arange(n + 1))
    out = np.diff(starts)

    # wedge (tie ab, tie bc): for each tie a -> b, every tie b -> c; the wedges of tie ab are
    # numbered first[ab], first[ab] + 1, ... and their ties bc are starts[b], starts[b] + 1, ...
    # The wedges (millions) are numbered in 32 bits when every pair a * n + c fits: half the
    # memory traffic of 64 (a fifth of the function's time).
    wide = np.int32 if n * n < 2**31 else np.int64
    wedges = out[v]
    first = np.cumsum(wedges) - wedges
    bc = np.arange(int(wedges.sum()), dtype=wide) + np.repeat((starts[v] - first).astype(wide), wedges)
    keys = u * n + v
    # the pair (a, c), as a * n + c
    want = np.repeat((keys - v).astype(wide), wedges) + v.astype(wide)[bc]
    closed = np.flatnonzero(_present(keys, want, n))
    # only for the wedges that close (a few of them): their tie ab, and the position of tie ac
    ab = np.searchsorted(first + wedges, closed, side="right")
    ac = np.searchsorted(keys, want[closed].astype(np.int64))
    return {"u": u, "v": v, "w": w, "ab": ab, "bc": bc[closed].astype(np.int64), "ac": ac}


BITSET_BYTES = 1 << 25  # the most triangles() spends on a bitset of pairs: 32 MB, 16,384 people


def _present(keys: np.ndarray, want: np.ndarray, n: int) -> np.ndarray:
    """Which of `want` are among `keys` (sorted, unique), all values in 0..n*n-1: a lookup in a
    bitset of the n x n pairs, several times faster than a binary search for every value, when
    that bitset fits in BITSET_BYTES; else the binary search."""
    if n * n > BITSET_BYTES * 8:
        at = np.searchsorted(keys, want)
        found = at < len(keys)
        found[found] = keys[at[found]] == want[found]
        return found
    bits = np.zeros((n * n + 7) // 8, dtype=np.uint8)
    byte, first = np.unique(keys >> 3, return_index=True)  # keys sorted: a byte's bits adjoin
    bits[byte] = np.bitwise_or.reduceat(np.left_shift(1, keys & 7).astype(np.uint8), first)
    return ((bits[want >> 3] >> (want & 7).astype(np.uint8)) & 1).astype(bool)


def tie_structure(weights: sp.csr_array, found: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Per node: ties, mean neighbourhood overlap of its ties, local bridges, Burt's constraint.

    - Overlap of tie (i, j) (Onnela et al. 2007) = n_ij / ((k_i - 1) + (k_j - 1) - n_ij), with
      n_ij common neighbours and k degrees; 0 when the denominator is 0 (an isolated pair).
    - A local bridge is a tie whose ends share no neighbour (n_ij = 0), as networkx.local_bridges.
    - Constraint (Burt 1992) c_i = sum_j (p_ij + sum_q p_iq p_qj)^2 over i's ties, with
      p_ij = w_ij / sum_k w_ik; the inner sum runs over the common neighbours q, i.e. over the
      triangles on tie (i, j). Same values as networkx.constraint with the tie weights.
    """
    n = weights.shape[0]
    u, v, w = found["u"], found["v"], found["w"]
    ab, bc, ac = found["ab"], found["bc"], found["ac"]
    ties = len(u)
    degree = np.diff(weights.indptr).astype(float)
    strength = weights.sum(axis=1)

    common = (np.bincount(ab, minlength=ties) + np.bincount(bc, minlength=ties)
              + np.bincount(ac, minlength=ties)).astype(float)
    denominator = degree[u] - 1 + degree[v] - 1 - common
    overlap = np.divide(common, denominator, out=np.zeros_like(common), where=denominator > 0)

    # Triangle a-b-c (a = u[ab], b = v[ab] = u[bc], c = v[bc]): each tie gets, for each
    # direction, the two-step share through the third person.
    a, b, c = u[ab], v[ab], v[bc]
    p = lambda x, tie: w[tie] / strength[x]  # noqa: E731 - share of x's ties held by `tie`
    indirect_fwd = (np.bincount(ab, p(a, ac) * p(c, bc), ties)   # a -> b via c
                    + np.bincount(bc, p(b, ab) * p(a, ac), ties)  # b -> c via a
                    + np.bincount(ac, p(a, ab) * p(b, bc), ties))  # a -> c via b
    indirect_back = (np.bincount(ab, p(b, bc) * p(c, ac), ties)  # b -> a via c
                     + np.bincount(bc, p(c, ac) * p(a, ab), ties)  # c -> b via a
                     + np.bincount(ac, p(c, bc) * p(b, ab), ties))  # c -> a via b
    burt = (np.bincount(u, (w / strength[u] + indirect_fwd) ** 2, n)
            + np.bincount(v, (w / strength[v] + indirect_back) ** 2, n))

    both = np.concatenate([u, v])
    return {
        "ties": degree.astype(int),
        "overlap_mean": np.bincount(both, np.tile(overlap, 2), n) / np.maximum(degree, 1),
        "local_bridges": np.bincount(both, np.tile(common == 0, 2).astype(float), n).astype(int),
        "constraint": burt,
        "tie_overlap": overlap,  # per tie (u[i], v[i]): etl/network.py's network_weak_ties
        "tie_common": common,
    }


def liaison_counts(weights: sp.csr_array, group: np.ndarray, found: dict[str, np.ndarray]) -> np.ndarray:
    """Gould–Fernandez liaison brokerage of each node on the undirected tie graph.

    For broker b: unordered pairs {a, c} of b's ties, a and c not tied to each other, with
    group(a), group(b), group(c) all different. Counted as the pairs of b's neighbours in two
    different groups other than b's own, minus the closed ones: each triangle whose three ends
    are in three different groups closes one such pair for each of its three corners. A node
    of unknown group brokers nothing (-1 returned) and a neighbour of unknown group is not
    counted. (The original measure is on directed triads a -> b -> c; ties have no direction.)
    """
    n = weights.shape[0]
    known = group != UNKNOWN
    codes = np.where(known, group, 0)
    ngroups = int(codes.max()) + 1 if n else 1
    onehot = sp.csr_array((known.astype(float), (np.arange(n), codes)), shape=(n, ngroups))
    by_group = (pattern(weights) @ onehot).toarray()
    by_group[np.arange(n), codes] = 0  # neighbours in the broker's own group never count
    total = by_group.sum(axis=1)
    open_and_closed = (total**2 - (by_group**2).sum(axis=1)) / 2

    u, v = found["u"], found["v"]
    a, b, c = u[found["ab"]], v[found["ab"]], v[found["bc"]]
    ga, gb, gc = group[a], group[b], group[c]
    distinct = (ga != UNKNOWN) & (gb != UNKNOWN) & (gc != UNKNOWN) & (ga != gb) & (gb != gc) & (ga != gc)
    corners = np.concatenate([a[distinct], b[distinct], c[distinct]])
    closed = np.bincount(corners, minlength=n)
    return np.where(known, np.rint(open_and_closed - closed), UNKNOWN).astype(np.int64)


def groups_reached(weights: sp.csr_array, group: np.ndarray) -> np.ndarray:
    """Per node: distinct known groups among its tie partners, its own group left out.

    As SQL's count(distinct partner.group) filter (where partner.group is distinct from own):
    partners of unknown group are not counted, and a node of unknown group counts every known one.
    """
    n = weights.shape[0]
    known = group != UNKNOWN
    codes = np.where(known, group, 0)
    ngroups = int(codes.max()) + 1 if n else 1
    onehot = sp.csr_array((known.astype(float), (np.arange(n), codes)), shape=(n, ngroups))
    present = (pattern(weights) @ onehot).toarray() > 0
    own = known & present[np.arange(n), codes]
    return present.sum(axis=1) - own


def communities(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray, seed: int) -> np.ndarray:
    """Community id of each node: Leiden maximising weighted modularity, with a fixed seed.

    Leiden (Traag, Waltman & van Eck 2019) is Louvain with a refinement step: every community it
    returns is connected, which Louvain does not guarantee. igraph's C implementation, two passes
    (n_iterations=2): on a benchmark window of 5,000 people and 70,000 ties it takes a third of
    the time of igraph's Louvain (community_multilevel) and reaches a higher modularity; more
    passes raise it by under 0.01 at several times the cost. Resolution 1 (plain modularity).
    Ids are numbered 1, 2, ... by decreasing size (then smallest node): stable for a given graph.
    """
    import igraph  # imported on first use: only loads with interactions need it

    graph = _graph(igraph, n, u, v)
    # igraph draws from Python's `random` module unless given a generator: give it a seeded
    # one for this call only, so the result is reproducible and the global state untouched.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = np.asarray(graph.community_leiden(
            objective_function="modularity", weights=np.asarray(w, dtype=float), n_iterations=2,
        ).membership)
    finally:
        igraph.set_random_number_generator(random)
    return _numbered_by_size(membership)


def warm_up() -> None:
    """Import igraph ahead of the first window (the worker process calls it on starting)."""
    import igraph  # noqa: F401


def _numbered_by_size(membership: np.ndarray) -> np.ndarray:
    """Relabel communities 1, 2, ... by decreasing size, ties broken by their smallest node."""
    if len(membership) == 0:
        return membership.astype(np.int64)
    sizes = np.bincount(membership)
    present, smallest = np.unique(membership, return_index=True)  # a community's first node
    order = present[np.lexsort((smallest, -sizes[present]))]
    number = np.zeros(len(sizes), dtype=np.int64)
    number[order] = np.arange(1, len(order) + 1)
    return number[membership]


def _graph(igraph, n: int, u: np.ndarray, v: np.ndarray):
    """The igraph graph of edges (u[i], v[i]), built from a list [[u0, v0], [u1, v1], ...] (its
    fastest input) with the cyclic garbage collector paused until that list is freed again: each of
    its ~10^5 lists counts towards a collection, which would traverse them all (ten times the cost
    of the listing in a loading process; these lists hold no cycles)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        pairs = np.column_stack([u, v]).tolist()
        graph = igraph.Graph(n=n, edges=pairs)
        del pairs
        return graph
    finally:
        if was_enabled:
            gc.enable()


def ei_index(external, internal):
    """Krackhardt's E-I index (E - I) / (E + I); NaN where there are no ties."""
    external = np.asarray(external, dtype=float)
    internal = np.asarray(internal, dtype=float)
    total = external + internal
    return np.divide(external - internal, total, out=np.full_like(total, np.nan), where=total > 0)


def ei_observed(u: np.ndarray, v: np.ndarray, group: np.ndarray, ngroups: int) -> dict[str, np.ndarray]:
    """Ties inside and across groups, for the whole network (each tie once) and per group.

    A group's ties are its members' ties: internal when both ends are members, external when
    only one is. Ties with an end of unknown group are left out (which side of the boundary they
    fall on is unknown). u, v hold each tie once.
    """
    keep = (group[u] != UNKNOWN) & (group[v] != UNKNOWN)
    gu, gv = group[u[keep]], group[v[keep]]
    same = gu == gv
    internal = np.bincount(gu[same], minlength=ngroups)
    external = np.bincount(gu[~same], minlength=ngroups) + np.bincount(gv[~same], minlength=ngroups)
    return {
        "internal": internal, "external": external,
        "internal_all": int(same.sum()), "external_all": int((~same).sum()),
    }


def group_members(u: np.ndarray, v: np.ndarray, group: np.ndarray, ngroups: int) -> np.ndarray:
    """People of each group with at least one tie counted by the E-I index: ties with an end of
    unknown group are left out first (as in ei_observed)."""
    keep = (group[u] != UNKNOWN) & (group[v] != UNKNOWN)
    return np.bincount(group[present_nodes(len(group), u[keep], v[keep])], minlength=ngroups)


def ei_expected(members: np.ndarray) -> dict:
    """E-I index of the tie counts expected if the group labels were shuffled among the same
    people, the ties kept (the random-mixing baseline), from group_members' counts.

    Among the N people counted, n_g of group g, m ties, a random relabelling gives a tie both ends
    in g with probability n_g (n_g - 1) / (N (N - 1)), and each person the label g with
    probability n_g / N:

    - whole network: E[I] = m * sum_g n_g (n_g - 1) / (N (N - 1)), and E-I = (m - 2 E[I]) / m,
      which is also the exact mean of the shuffled E-I (it is linear in I);
    - group g: with q = (n_g - 1) / (N - 1), E[I_g] = m (n_g / N) q and E[degree sum] =
      2 m n_g / N; E - I = degree sum - 3 I and E + I = degree sum - I, so the expected counts
      give (2 - 3 q) / (2 - q).

    Both depend on the group sizes only (m cancels out). Exact, and the same on every load: no
    permutation is drawn.
    """
    sizes = np.asarray(members, dtype=float)
    n = sizes.sum()
    groups = np.full(len(sizes), np.nan)
    if n < 2:
        return {"whole": float("nan"), "groups": groups}
    same = (sizes * (sizes - 1)).sum() / (n * (n - 1))
    q = (sizes - 1) / (n - 1)
    present = sizes > 0
    groups[present] = (2 - 3 * q[present]) / (2 - q[present])
    return {"whole": float(1 - 2 * same), "groups": groups}
