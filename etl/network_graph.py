"""One month-end window's graph metrics: what the window worker process computes.

`window()` takes a window's reply and mention pairs and gives every metric that needs the graph:
per-person tie structure, brokerage, communities and PageRank, the E-I rows of departments and
sites, and the weak ties per pair of departments. Its inputs and outputs are plain numpy arrays
(no pandas), so that the worker process (etl/window_worker.py) imports only numpy, scipy and
igraph: a fifth of a CPU-second at its start instead of half of one, while the load merges.
"""

from __future__ import annotations

import numpy as np

from etl import network_influence, network_ties

SEED = 20240917  # fixed: the same load always gives the same communities
GROUPINGS = ("department", "site")
# A tie is weak when its ends share under a tenth of the contacts they could share (overlap < 0.1).
# Onnela et al. (2007) find overlap rising steadily with tie strength from near 0 on the weakest
# ties; a tenth is below one shared contact in most small circles, so only ties between largely
# separate circles count, and a fixed value keeps month-ends and loads comparable.
WEAK_OVERLAP = 0.1


def window(month_end, edges: dict, people) -> tuple[dict, list[dict], dict]:
    """Everything one window gives: per-person metrics with communities (columns of
    etl.network.GRAPH_SCHEMA), E-I rows, weak ties per pair of departments (WEAK_SCHEMA's).
    `people` maps department, site, department_code and site_code to arrays indexed by person."""
    nodes, src, dst = _window_index(edges["src"], edges["dst"], len(people["department_code"]))
    n = len(nodes)
    ties = network_ties.tie_matrix(n, src, dst, edges["weight"])
    departments = np.asarray(people["department_code"])[nodes]
    found = network_ties.triangles(ties)
    structure = network_ties.tie_structure(ties, found)
    u, v = found["u"], found["v"]
    graph = {
        "month_end": _repeated(month_end, n),
        "person": nodes,
        "ties": structure["ties"],
        "departments_reached": network_ties.groups_reached(ties, departments),
        "overlap_mean": structure["overlap_mean"],
        "local_bridges": structure["local_bridges"],
        "burt_constraint": structure["constraint"],
        "liaison_count": network_ties.liaison_counts(ties, departments, found),
        "community_id": network_ties.communities(n, u, v, found["w"], SEED),
        "pagerank": network_influence.pagerank(n, src, dst, edges["weight"]),
    }
    ei = []
    for grouping in GROUPINGS:
        ei.extend(_ei_rows(month_end, grouping, u, v, nodes, people))
    weak = _weak_tie_rows(month_end, u, v, structure, departments, people)
    return graph, ei, weak


def _repeated(month_end, n: int) -> np.ndarray:
    return np.full(n, np.datetime64(month_end, "D"))


def _window_index(src: np.ndarray, dst: np.ndarray, people: int) -> tuple[np.ndarray, ...]:
    """The window's people (sorted global indices) and its edges renumbered 0..n-1 among them,
    as np.unique(..., return_inverse=True) but in linear time."""
    present = np.zeros(people, dtype=bool)
    present[src] = True
    present[dst] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present), position[src], position[dst]


def _weak_tie_rows(month_end, u, v, structure: dict, codes: np.ndarray, people) -> dict:
    """Per pair of departments (a <= b): ties, weak ties, local bridges, people at either end.
    Ties with an end of unknown department are left out, as in the E-I index. u, v are window
    positions; codes the window's department codes."""
    known = (codes[u] != network_ties.UNKNOWN) & (codes[v] != network_ties.UNKNOWN)
    cu, cv = codes[u[known]], codes[v[known]]
    groups = int(codes.max()) + 1 if len(codes) else 0
    pair = np.minimum(cu, cv).astype(np.int64) * groups + np.maximum(cu, cv)
    slots = groups * groups
    ties = np.bincount(pair, minlength=slots)
    weak = np.bincount(pair, structure["tie_overlap"][known] < WEAK_OVERLAP, slots)
    bridges = np.bincount(pair, structure["tie_common"][known] == 0, slots)
    ends = network_ties.present_nodes(slots * len(codes), pair * len(codes) + u[known],
                                      pair * len(codes) + v[known])
    people_at = np.bincount(ends // max(len(codes), 1), minlength=slots)
    found = np.flatnonzero(ties)
    names = _group_names(people, "department")
    return {
        "month_end": _repeated(month_end, len(found)),
        "department_a": names[found // groups],
        "department_b": names[found % groups],
        "people": people_at[found], "ties": ties[found],
        "weak_ties": weak[found].astype(np.int64), "local_bridges": bridges[found].astype(np.int64),
    }


def _ei_rows(month_end, grouping: str, u, v, nodes, people) -> list[dict]:
    """One row for the whole network (group_value null) and one per group present."""
    codes = np.asarray(people[f"{grouping}_code"])[nodes]
    names = _group_names(people, grouping)
    ngroups = int(codes.max()) + 1 if len(codes) else 0
    if ngroups == 0:
        return []
    seen = network_ties.ei_observed(u, v, codes, ngroups)
    members = network_ties.group_members(u, v, codes, ngroups)
    expected = network_ties.ei_expected(members)
    base = {"month_end": month_end, "grouping": grouping}
    rows = [{**base, "group_value": None, "members": int(members.sum()),
             "internal_ties": seen["internal_all"], "external_ties": seen["external_all"],
             "expected_ei": expected["whole"]}]
    for code in np.flatnonzero(members):
        rows.append({**base, "group_value": names[code], "members": int(members[code]),
                     "internal_ties": int(seen["internal"][code]),
                     "external_ties": int(seen["external"][code]),
                     "expected_ei": float(expected["groups"][code])})
    for row in rows:
        row["ties"] = row["internal_ties"] + row["external_ties"]
        row["ei_index"] = float(network_ties.ei_index(row["external_ties"], row["internal_ties"]))
    return rows


def _group_names(people, grouping: str) -> np.ndarray:
    """The name of each group code of `grouping` ("department" or "site"), by code."""
    codes = np.asarray(people[f"{grouping}_code"])
    known = codes != network_ties.UNKNOWN
    names = np.empty(int(codes.max()) + 1 if known.any() else 0, dtype=object)
    names[codes[known]] = np.asarray(people[grouping], dtype=object)[known]
    return names
