"""Small groups beside aliases: the headcount metric, the load mode, and the masking helper.

Headcounts of the six-person company (tests/fixtures/dashboard/small_company.py), bots excluded:
Alice, Bruno (Sales); Chloé, David (IT); Emma, Farid (HR); Gina Externe has no department, site
or level (the directory does not know her). Sites: Paris = Alice, Chloé, Emma (3); Lyon = Bruno,
David, Farid (3). Levels: junior = Bruno, David, Farid (3); senior, expert, manager 1 each.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import batch, build_db, run_metric
from fixtures.dashboard.small_company import build_small_company

from dashboard import aliases


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    return build_small_company(tmp_path_factory.mktemp("small_groups"))


def test_group_headcount_flags_groups_under_the_minimum(company):
    """With min_group_size 3, every department (2 people) is suppressed, both sites (3) are not,
    and among levels only junior (3) is not."""
    rows = run_metric(company, "group_headcount", min_group_size=3)
    flagged = {(r.grouping, r.group_value): bool(r.suppressed) for r in rows.itertuples()}
    assert flagged == {
        ("department", "HR"): True, ("department", "IT"): True, ("department", "Sales"): True,
        ("job_level", "expert"): True, ("job_level", "junior"): False, ("job_level", "manager"): True,
        ("job_level", "senior"): True, ("site", "Lyon"): False, ("site", "Paris"): False,
    }
    counts = run_metric(company, "group_headcount", min_group_size=1)
    assert counts.set_index(["grouping", "group_value"])["people"].to_dict() == {
        ("department", "HR"): 2, ("department", "IT"): 2, ("department", "Sales"): 2,
        ("job_level", "expert"): 1, ("job_level", "junior"): 3, ("job_level", "manager"): 1,
        ("job_level", "senior"): 1, ("site", "Lyon"): 3, ("site", "Paris"): 3,
    }


def test_load_mode_tells_a_pseudonymised_load(company, tmp_path):
    """The company was loaded plainly, with its directory; a one-post canonical load with a salt is
    pseudonymised, and has no directory."""
    assert run_metric(company, "load_mode").values.tolist() == [[False, True]]
    salted = build_db(tmp_path / "salted.duckdb", batch(
        "canonical", posts=[{"post_id": "p1", "author_id": "a", "created_at": "2025-01-02T09:00:00Z"}]),
        salt="a secret")
    assert run_metric(salted, "load_mode").values.tolist() == [[True, False]]


def test_small_groups_hidden_replaces_only_small_names():
    """Sales is small, IT is not; site Lyon is small; the level column has no small value.
    asker_department and department_b follow the department rule; departments_reached is a
    count, left alone."""
    frame = pd.DataFrame({"department": ["Sales", "IT", None], "asker_department": ["IT", "Sales", "IT"],
                          "department_b": ["Sales", "Sales", "IT"],
                          "site": ["Lyon", "Paris", "Lyon"], "job_level": ["junior", "senior", None],
                          "departments_reached": [1, 2, 3]})
    shown = aliases.small_groups_hidden(frame, {"department": {"Sales"}, "site": {"Lyon"}})
    assert shown["department"].tolist()[:2] == ["(small group)", "IT"] and pd.isna(shown["department"][2])
    assert shown["asker_department"].tolist() == ["IT", "(small group)", "IT"]
    assert shown["department_b"].tolist() == ["(small group)", "(small group)", "IT"]
    assert shown["site"].tolist() == ["(small group)", "Paris", "(small group)"]
    assert shown["job_level"].tolist()[:2] == ["junior", "senior"] and pd.isna(shown["job_level"][2])
    assert shown["departments_reached"].tolist() == [1, 2, 3]
    assert frame["department"][0] == "Sales"  # the metric's own frame is left as it was

