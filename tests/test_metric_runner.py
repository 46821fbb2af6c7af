"""The metric runner: header parsing, parameter binding, suppression of small groups."""

from __future__ import annotations

import pandas as pd
import pytest

import queries
from queries.privacy import suppress

HEADER = """-- metric: Example
-- definition: people per department,
--   over two lines
-- grain: one row per department
-- params:
--   $start date = null: first day counted
--   $group text = department: department or site
--   $horizon_days int = 60: days after attending
-- group_size: people
-- group_keys: department
select 1
"""


def test_header_is_parsed():
    metric = queries.parse("example", HEADER)
    assert metric.title == "Example"
    assert metric.definition == "people per department, over two lines"
    assert metric.grain == "one row per department"
    assert [(p.name, p.type, p.default) for p in metric.params.values()] == [
        ("start", "date", None), ("group", "text", "department"), ("horizon_days", "int", 60)]
    assert (metric.group_size, metric.group_keys) == ("people", ["department"])


def test_binding_converts_strings_and_fills_defaults():
    metric = queries.parse("example", HEADER)
    bound = queries.bind(metric, {"start": "2025-02-01", "horizon_days": "30"})
    assert bound == {"start": pd.Timestamp("2025-02-01").date(), "group": "department",
                     "horizon_days": 30}
    assert queries.bind(metric, {"start": "null"})["start"] is None


def test_binding_rejects_unknown_and_badly_typed_values():
    metric = queries.parse("example", HEADER)
    with pytest.raises(queries.MetricError, match="no parameter 'stat'"):
        queries.bind(metric, {"stat": "2025-01-01"})
    with pytest.raises(queries.MetricError, match=r"\$horizon_days expects a int"):
        queries.bind(metric, {"horizon_days": "sixty"})


def test_unknown_metric_name():
    with pytest.raises(queries.MetricError, match="no metric named 'nope'"):
        queries.get("nope")
    with pytest.raises(queries.MetricError):
        queries.get("../etl/schema")


def test_suppress_blanks_small_groups_but_keeps_their_keys():
    """Finance has 3 people (< 5): its values, size included, are blanked; RH (5) stays;
    Legal, with nobody, stays visible as a zero (an empty group reveals no one)."""
    frame = pd.DataFrame({"department": ["Finance", "RH", "Legal"], "people": [3, 5, 0],
                          "rate": [0.5, 0.2, 0.0]})
    out = suppress(frame, "people", ["department"], 5)
    assert out["department"].tolist() == ["Finance", "RH", "Legal"]
    assert out["suppressed"].tolist() == [True, False, False]
    assert out.loc[0, "people"] is None and out.loc[0, "rate"] is None
    assert (out.loc[1, "people"], out.loc[1, "rate"]) == (5, 0.2)
