"""network_weak_ties and the weak_ties metric on a hand-worked graph, and the Ties page section.

The graph (one reply per pair on 15 March 2024, so one window, ending 31 March):

    anna (Sales) - ben (Sales) - carl (Sales) - anna        a triangle inside Sales
    carl (Sales) - dora (IT)                                a pendant tie across

Degrees: anna 2, ben 2, carl 3, dora 1. Overlap of tie (i, j) = common / ((k_i - 1) + (k_j - 1) - common):
    anna-ben:  common 1 (carl), 1 / (1 + 1 - 1) = 1.0
    anna-carl: common 1 (ben),  1 / (1 + 2 - 1) = 0.5
    ben-carl:  common 1 (anna), 1 / (1 + 2 - 1) = 0.5
    carl-dora: common 0,        0 / (2 + 0 - 0) = 0.0  -> weak (< 0.1) and a local bridge
Rows: (IT, Sales): 1 tie, 1 weak, 1 local bridge, people carl and dora = 2, weak_share 1.0, crossing.
      (Sales, Sales): 3 ties, 0 weak, 0 local bridges, people anna, ben, carl = 3, weak_share 0.0.
"""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest
from conftest import run_metric
from network_helpers import network_db, ties

from dashboard import charts

DEPARTMENTS = {"anna": "Sales", "ben": "Sales", "carl": "Sales", "dora": "IT"}
COLUMNS = ["department_a", "department_b", "ties", "weak_ties", "local_bridges", "weak_share", "crossing"]


@pytest.fixture(scope="module")
def triangle_and_pendant(tmp_path_factory):
    return network_db(tmp_path_factory.mktemp("weak") / "weak.duckdb", DEPARTMENTS,
                      ties("anna-ben ben-carl carl-anna dora-carl"))


def test_stored_pairs(triangle_and_pendant):
    with duckdb.connect(str(triangle_and_pendant), read_only=True) as con:
        rows = con.execute("select month_end, department_a, department_b, people, ties, weak_ties, "
                           "local_bridges from network_weak_ties order by 2, 3").fetchall()
    assert rows == [(date(2024, 3, 31), "IT", "Sales", 2, 1, 1, 1),
                    (date(2024, 3, 31), "Sales", "Sales", 3, 3, 0, 0)]


def test_metric_rows(triangle_and_pendant):
    frame = run_metric(triangle_and_pendant, "weak_ties")
    assert frame[COLUMNS].values.tolist() == [["Sales", "Sales", 3, 0, 0, 0.0, False],
                                              ["IT", "Sales", 1, 1, 1, 1.0, True]]
    only_it = run_metric(triangle_and_pendant, "weak_ties", department="IT")
    assert only_it[["department_a", "department_b"]].values.tolist() == [["IT", "Sales"]]
    assert run_metric(triangle_and_pendant, "weak_ties", month_end=date(2024, 2, 29)).empty


def test_pairs_of_few_people_are_suppressed(triangle_and_pendant):
    """min_group_size 3: the crossing pair (2 people) is blanked, Sales-Sales (3 people) shown."""
    frame = run_metric(triangle_and_pendant, "weak_ties", min_group_size=3)
    assert frame["suppressed"].tolist() == [False, True]
    assert frame.loc[1, ["department_a", "department_b", "crossing"]].tolist() == ["IT", "Sales", True]
    assert frame.loc[1, ["ties", "weak_ties", "weak_share", "people"]].isna().all()
    bars = charts.weak_ties_inside_across(frame).data[0]  # only the inside side can be counted
    assert (list(bars.x), list(bars.y)) == (["Inside a department"], [0.0])


def test_ties_page_answers_whether_weak_ties_cross(open_page, tmp_path):
    """The six-person company of tests/test_ties_page.py at 31 March: ties Alice-Chloé, Bruno-David,
    Alice-David (Sales-IT), Emma-David (HR-IT), Chloé-David (IT-IT); Alice-Chloé-David a triangle.
    Overlaps: Alice-Chloé 1/(1+1-1) = 1, Alice-David and Chloé-David 1/(1+3-1) = 0.33, Bruno-David
    and Emma-David 0 (local bridges). Across: 4 ties, 2 weak (50%), 2 bridges; inside: 1, none (0%)."""
    from fixtures.dashboard.small_company import build_small_company

    at = open_page(build_small_company(tmp_path), "views/ties.py")
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    spec = next(s for s in specs if s["layout"]["title"]["text"] == "Weak ties inside and across departments")
    weak, bridges = spec["data"]
    assert weak["x"] == ["Inside a department", "Across departments"] and weak["y"] == [0.0, 0.5]
    assert bridges["y"] == [0.0, 0.5]
    captions = " ".join(c.value for c in at.caption)
    assert "50% of ties across departments are weak" in captions
    assert "against 0% inside one: yes, the weak ties are more often the ones that cross" in captions
