"""`crowdlens query` on a bad --param: one line naming the database, the metric and the parameter.

Before: a bool parameter took any text ('maybe' ran the metric as false), and the error line named
the metric twice ("department_matrix: department_matrix: ...").
"""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from crowdlens.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "crowd.duckdb"
    assert main(["load", str(FIXTURES / "viva_engage" / "question"), "--db", str(path)]) == 0
    return path


def test_a_bool_parameter_refuses_other_words(db, capsys):
    capsys.readouterr()
    code = main(["query", "department_matrix", "--db", str(db), "--param", "include_reactions=maybe"])
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"crowdlens: error: {db}: department_matrix: $include_reactions expects a bool, not 'maybe'"
    ]


@pytest.mark.parametrize(("text", "value"), [("yes", True), ("ON", True), ("0", False), ("false", False)])
def test_a_bool_parameter_reads_yes_and_no_spellings(text, value):
    import queries

    metric = queries.get("department_matrix")
    assert queries.bind(metric, {"include_reactions": text})["include_reactions"] is value


def test_an_unknown_parameter_names_the_metric_once(db, capsys):
    capsys.readouterr()
    assert main(["query", "activity_by_month", "--db", str(db), "--param", "foo=1"]) == 2
    line = capsys.readouterr().err.strip()
    assert line == (f"crowdlens: error: {db}: activity_by_month has no parameter 'foo'; "
                    "it takes: start, end, department, site, space")
