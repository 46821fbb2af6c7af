"""Every metric file states what it computes, declares exactly the $params it uses, and runs.

The database is the six-person company of tests/fixtures/dashboard/small_company.py, which
fills every table (people, accounts, spaces, threads, posts, reactions, mentions, courses,
attendance, load_runs and the derived interactions), so a query naming a wrong column fails.
"""

from __future__ import annotations

import re

import pytest
from fixtures.dashboard.small_company import build_small_company

import queries
from etl.load import CANONICAL_TABLES
from queries import PARAM_RE

NAMES = queries.names()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_small_company(tmp_path_factory.mktemp("small_company"))


def header_lines(name: str) -> list[str]:
    sql = queries.get(name).sql
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def test_every_loaded_table_of_the_fixture_has_rows(db):
    """The fixture fills every canonical table, load_runs and interactions, so each query meets real
    rows of each (the other derived tables follow from them; on any table a wrong column fails)."""
    with queries.connect(db) as con:
        empty = [t for t in [*CANONICAL_TABLES, "interactions", "load_runs"]
                 if con.execute(f"select count(*) from {t}").fetchone()[0] == 0]
    assert empty == []


@pytest.mark.parametrize("name", NAMES)
def test_header_has_metric_definition_grain_params(name):
    lines = header_lines(name)
    keys = [m.group(1) for line in lines if (m := re.match(r"^--\s*(\w+):", line))]
    for key in ("metric", "definition", "grain", "params"):
        assert key in keys, f"{name}.sql: no `-- {key}:` header line"
    metric = queries.get(name)
    assert metric.title != name and metric.definition and metric.grain


@pytest.mark.parametrize("name", NAMES)
def test_param_lines_are_all_understood(name):
    """A param line the parser cannot read would silently drop that parameter."""
    lines = header_lines(name)
    start = next(i for i, line in enumerate(lines) if re.match(r"^--\s*params:", line))
    if lines[start].split(":", 1)[1].strip() == "none":
        assert queries.get(name).params == {}
        return
    for line in lines[start + 1:]:
        if re.match(r"^--\s*(group_size|group_keys):", line):
            break
        assert PARAM_RE.match(line), f"{name}.sql: unreadable param line {line!r}"


@pytest.mark.parametrize("name", NAMES)
def test_used_params_equal_declared(name):
    metric = queries.get(name)
    assert metric.used_params() == set(metric.params)


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_fixture_with_default_params(name, db):
    metric = queries.get(name)
    with queries.connect(db) as con:
        frame = queries.run(con, name, {}, min_group_size=1)
    if metric.group_size:
        assert metric.group_size in frame.columns
        assert set(metric.group_keys) <= set(frame.columns)
        assert "suppressed" in frame.columns
