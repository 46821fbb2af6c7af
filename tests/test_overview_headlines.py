"""overview_headlines on a source without departments (a forum loaded with no HR directory)."""

from __future__ import annotations

from conftest import batch, build_db, run_metric


def test_cross_department_share_is_blank_when_no_tie_has_known_departments(tmp_path):
    """Ann asks, Bob answers, Ann thanks him: two replies, but nobody has a department, so no tie
    can be said to cross or not. The share is blank (not 0%); the other figures still count:
    2 engaged people, 3 posts, 1 question, answered (Bob's reply), share 1.0."""
    rows = batch(
        "canonical",
        threads=[{"thread_id": "t1", "author_id": "ann", "created_at": "2025-01-02T09:00:00Z",
                  "title": "How?", "is_question": True}],
        posts=[{"post_id": "p1", "thread_id": "t1", "author_id": "ann", "created_at": "2025-01-02T09:00:00Z"},
               {"post_id": "p2", "thread_id": "t1", "author_id": "bob", "created_at": "2025-01-02T10:00:00Z",
                "parent_post_id": "p1"},
               {"post_id": "p3", "thread_id": "t1", "author_id": "ann", "created_at": "2025-01-02T11:00:00Z",
                "parent_post_id": "p2"}],
    )
    db = build_db(tmp_path / "t.duckdb", rows)
    frame = run_metric(db, "overview_headlines", start="2025-01-01", end="2025-02-01")
    current = frame[frame["period"] == "current"].set_index("figure")["value"]
    assert current[["engaged_people", "posts", "questions", "answered_share"]].tolist() == [2, 3, 1, 1.0]
    assert current.isna()["cross_department_share"]
