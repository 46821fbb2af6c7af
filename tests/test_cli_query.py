"""`crowdlens query` and `crowdlens metrics`, run as the real command."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, batch, build_db, crowdlens_cli


@pytest.fixture
def two_post_db(tmp_path):
    """One thread: Ann asks, Bob answers. Tables: people 2, accounts 2, spaces 1, threads 1,
    posts 2, interactions 1 (Bob replied to Ann), load_runs 1; network snapshots: one month-end
    (January 2025) with both people in the tie graph, so 2 rows; no course, so no reuse match."""
    rows = batch(
        "canonical",
        spaces=[{"space_id": "s1", "name": "Excel"}],
        threads=[{"thread_id": "t1", "space_id": "s1", "title": "=SUM?", "author_id": "ann",
                  "created_at": "2025-01-02T09:00:00Z", "is_question": True}],
        posts=[{"post_id": "p1", "thread_id": "t1", "author_id": "ann", "created_at": "2025-01-02T09:00:00Z"},
               {"post_id": "p2", "thread_id": "t1", "author_id": "bob", "created_at": "2025-01-02T10:00:00Z",
                "parent_post_id": "p1"}],
        accounts=[{"source_user_id": "ann", "person_id": "ann", "display_name": "Ann"},
                  {"source_user_id": "bob", "person_id": "bob", "display_name": "Bob"}],
    )
    return build_db(tmp_path / "t.duckdb", rows)


def test_query_json_gives_the_counts(two_post_db):
    out = crowdlens_cli("query", "table_counts", "--db", str(two_post_db), "--format", "json")
    assert out.returncode == 0, out.stderr
    counts = {r["table_name"]: r["row_count"] for r in json.loads(out.stdout)}
    assert counts == {"people": 2, "accounts": 2, "spaces": 1, "threads": 1, "posts": 2,
                      "reactions": 0, "mentions": 0, "courses": 0, "attendance": 0,
                      "interactions": 1, "network_snapshots": 2, "reuse_matches": 0, "load_runs": 1}


def test_query_table_prints_nulls_as_blanks(two_post_db):
    """The default table format, on data_coverage: reactions has no dated row, so its first and
    last day are null and print as blanks (not NaT), as in the CSV; Ann and Bob have no
    department, and influence_ranking's department column prints blank (not None)."""
    out = crowdlens_cli("query", "data_coverage", "--db", str(two_post_db))
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line.split() for line in out.stdout.strip().splitlines()[1:]}
    assert rows["reactions"] == ["reactions", "0"]
    assert rows["posts"] == ["posts", "2025-01-02", "2025-01-02", "2"]
    ranked = crowdlens_cli("query", "influence_ranking", "--db", str(two_post_db)).stdout
    assert "None" not in ranked and "NaN" not in ranked and "<NA>" not in ranked
    assert ranked.splitlines()[0].split()[:4] == ["month_end", "person_id", "display_name", "department"]


def test_query_csv_has_a_header_and_one_line_per_table(two_post_db):
    out = crowdlens_cli("query", "table_counts", "--db", str(two_post_db), "--format", "csv")
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "table_name,row_count"
    assert "posts,2" in lines and len(lines) == 14


def test_unknown_metric_and_parameter_are_one_line_errors(two_post_db):
    out = crowdlens_cli("query", "no_such_metric", "--db", str(two_post_db))
    assert out.returncode == 2 and "no metric named 'no_such_metric'" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    out = crowdlens_cli("query", "table_counts", "--db", str(two_post_db), "--param", "start=2025-01-01")
    assert out.returncode == 2 and "has no parameter 'start'" in out.stderr


def test_missing_database_is_an_error(tmp_path):
    out = crowdlens_cli("query", "table_counts", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode == 2
    assert "none.duckdb: a crowdlens database; run `crowdlens load` first" in out.stderr


def test_metrics_lists_every_sql_file():
    import queries

    out = crowdlens_cli("metrics")
    assert out.returncode == 0
    listed = [line.split(":")[0] for line in out.stdout.splitlines() if not line.startswith(" ")]
    assert listed == queries.names()


def test_a_reader_that_stops_early_ends_the_command_quietly():
    """`crowdlens metrics | head -1`: the reader closes the pipe after the first line. The
    command stops with 141 (128 + SIGPIPE, as other tools) and writes nothing to stderr; it
    used to print "crowdlens: error: BrokenPipeError" and exit 1. The pipe holds one page (4 KB)
    and the list of metrics is about 34 KB, so the command is still writing when the pipe closes."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    command = subprocess.Popen([sys.executable, "-m", "crowdlens", "metrics"], cwd=ROOT,
                               stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()  # then closed, as head does once it has its line
    errors = command.stderr.read()
    assert (command.wait(timeout=60), errors) == (141, b"")
    assert first.startswith(b"activity_by_month: ")
