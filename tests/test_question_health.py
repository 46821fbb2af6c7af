"""Question health: time to first response, unanswered questions, the "still unanswered after t hours"
curve and co-development threads, on a help forum worked out by hand.

People: q1 R&D Paris junior, q2 R&D Lyon senior, q3 Sales Paris senior, q4 HR Lyon expert,
q5 Sales Lyon junior, q6 R&D Paris senior, and a bot. Spaces s1 "Help desk", s2 "Tools". 2024, UTC:

    T7  s1 q2 Feb 28 10:00 "Any tips for the audit?"  q3 11:30 (1.5 h), q4 12:00, q5 Feb 29
    T1  s1 q1 Mar 4 09:00 "How do I export...?"        q1 09:30 (own follow-up), bot 09:45,
                                                       q2 12:00 (3 h), q3 12:30, q4 13:00
    T2  s1 q3 Mar 5 10:00 "Where is the VPN guide?"   q5 Mar 6 10:00 (exactly 24 h)
    T3  s2 q2 Mar 10 08:00 "...wifi password?"        q1 Mar 11 09:00 (25 h)
    T4  s2 q4 Mar 12 10:00 no '?', marked a question  q4 15:00 (own) -> never answered
    T5  s1 q5 Mar 13 "Team lunch on Friday."          not a question
    T6  s1 q1 Mar 20 09:00 "Who owns the budget file?" (no title)  q2's answer deleted -> unanswered
    T8  s1 q3 Mar 15, marked a question, opening post deleted -> left out
    T9  s1 bot Mar 16 "Did you fill the survey?"     asked by a bot -> left out
    T11 s1 q3 Mar 25 10:00 "Anyone used the new CRM?" q1 11:00 (1 h), q2 11:30, q6 12:00
    T10 s2 q5 Apr 2 09:00 "Is the new tool out?"      after $end = Apr 1
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_metric
from test_adoption_metrics import forum_db

END = {"end": "2024-04-01"}
DIRECTORY = [
    ("q1", "R&D", "Paris", "junior"), ("q2", "R&D", "Lyon", "senior"), ("q3", "Sales", "Paris", "senior"),
    ("q4", "HR", "Lyon", "expert"), ("q5", "Sales", "Lyon", "junior"), ("q6", "R&D", "Paris", "senior"),
]
SPACES = [("s1", "Help desk", "work"), ("s2", "Tools", "work")]
# post_id, thread_id, author, created_at (UTC), parent, deleted, body
POSTS = [
    ("g1", "T7", "q2", "2024-02-28 10:00", None, False, "Any tips for the audit?"),
    ("g2", "T7", "q3", "2024-02-28 11:30", "g1", False, "Start early."),
    ("g3", "T7", "q4", "2024-02-28 12:00", "g1", False, "Keep receipts."),
    ("g4", "T7", "q5", "2024-02-29 09:00", "g1", False, "Ask finance."),
    ("a1", "T1", "q1", "2024-03-04 09:00", None, False, "How do I export the report?"),
    ("a2", "T1", "q1", "2024-03-04 09:30", "a1", False, "Still stuck, anyone?"),
    ("a3", "T1", "helpbot", "2024-03-04 09:45", "a1", False, "Here is a link."),
    ("a4", "T1", "q2", "2024-03-04 12:00", "a1", False, "Use the export button."),
    ("a5", "T1", "q3", "2024-03-04 12:30", "a1", False, "It also works from the menu."),
    ("a6", "T1", "q4", "2024-03-04 13:00", "a1", False, "HR has a guide too."),
    ("b1", "T2", "q3", "2024-03-05 10:00", None, False, "Where is the VPN guide?"),
    ("b2", "T2", "q5", "2024-03-06 10:00", "b1", False, "On the intranet."),
    ("c1", "T3", "q2", "2024-03-10 08:00", None, False, "Does anyone know the wifi password?"),
    ("c2", "T3", "q1", "2024-03-11 09:00", "c1", False, "Ask IT."),
    ("d1", "T4", "q4", "2024-03-12 10:00", None, False, "The printer on floor 2 is broken."),
    ("d2", "T4", "q4", "2024-03-12 15:00", "d1", False, "Still broken."),
    ("e1", "T5", "q5", "2024-03-13 10:00", None, False, "Team lunch on Friday."),
    ("e2", "T5", "q1", "2024-03-13 11:00", "e1", False, "Count me in."),
    ("h1", "T8", "q3", "2024-03-15 10:00", None, True, ""),
    ("h2", "T8", "q1", "2024-03-15 11:00", "h1", False, "What was the question?"),
    ("i1", "T9", "helpbot", "2024-03-16 10:00", None, False, "Did you fill the survey?"),
    ("i2", "T9", "q1", "2024-03-16 11:00", "i1", False, "Yes."),
    ("f1", "T6", "q1", "2024-03-20 09:00", None, False, "Who owns the budget file?"),
    ("f2", "T6", "q2", "2024-03-20 10:00", "f1", True, ""),
    ("k1", "T11", "q3", "2024-03-25 10:00", None, False, "Anyone used the new CRM?"),
    ("k2", "T11", "q1", "2024-03-25 11:00", "k1", False, "Yes, it is fine."),
    ("k3", "T11", "q2", "2024-03-25 11:30", "k1", False, "Works for me."),
    ("k4", "T11", "q6", "2024-03-25 12:00", "k1", False, "Same here."),
    ("j1", "T10", "q5", "2024-04-02 09:00", None, False, "Is the new tool out?"),
]
THREADS = {
    "T7": {"space_id": "s1", "title": "Audit tips"},
    "T1": {"space_id": "s1", "title": "Exporting the report"},
    "T2": {"space_id": "s1", "title": "VPN guide"},
    "T3": {"space_id": "s2", "title": "Wifi"},
    "T4": {"space_id": "s2", "title": "Printer broken", "is_question": True},
    "T5": {"space_id": "s1", "title": "Team lunch"},
    "T6": {"space_id": "s1"},
    "T8": {"space_id": "s1", "title": "Deleted question", "is_question": True},
    "T9": {"space_id": "s1", "title": "Survey"},
    "T10": {"space_id": "s2", "title": "New tool"},
    "T11": {"space_id": "s1", "title": "New CRM"},
}


@pytest.fixture(scope="module")
def forum(tmp_path_factory) -> Path:
    return forum_db(tmp_path_factory.mktemp("questions") / "forum.duckdb", DIRECTORY, SPACES, POSTS,
                    THREADS, bots=["helpbot"])


def by_month(frame, *columns):
    return {str(r.month)[:7]: tuple(getattr(r, c) for c in columns) for r in frame.itertuples()}


def test_time_to_first_response_by_month(forum):
    """Feb: T7 answered after 1.5 h. Mar: T1 3 h (the asker's own follow-up and the bot's reply do not
    count), T2 24 h (within 24 h: the boundary is included), T3 25 h (not within), T11 1 h; T4 and T6
    unanswered (T6's only answer was deleted); T5 is no question, T8's opening post was deleted, T9
    was asked by a bot. Mar: 6 questions, 4 answered, 3 within 24 h (share 0.5), hours 1 3 24 25:
    median (3 + 24)/2 = 13.5, p90 at rank 0.9 * 3 = 2.7 -> 24 + 0.7 * (25 - 24) = 24.7; askers q1 q2
    q3 q4."""
    result = run_metric(forum, "question_response", **END)
    assert by_month(result, "questions", "answered", "unanswered", "answered_within_24h", "askers") == {
        "2024-02": (1, 1, 0, 1, 1), "2024-03": (6, 4, 2, 3, 4)}
    march = result.iloc[1]
    assert march["share_within_24h"] == pytest.approx(0.5)
    assert march["median_hours_to_first_response"] == pytest.approx(13.5)
    assert march["p90_hours_to_first_response"] == pytest.approx(24.7)
    assert result.iloc[0]["median_hours_to_first_response"] == pytest.approx(1.5)


def test_question_response_without_end_counts_april(forum):
    """With no $end, T10 (Apr 2) is a question of April, unanswered: no median for that month."""
    result = run_metric(forum, "question_response")
    april = result[result["month"].astype(str).str.startswith("2024-04")].iloc[0]
    assert (april["questions"], april["answered"]) == (1, 0)
    assert april["median_hours_to_first_response"] != april["median_hours_to_first_response"]  # NaN


def test_question_response_filters(forum):
    """$department = R&D (the asker's): Feb T7; Mar T1 (3 h), T3 (25 h), T6 (unanswered): median 14,
    p90 = 3 + 0.9 * 22 = 22.8. $space = s2: Mar T3 (25 h) and T4. $site = Lyon (q2, q4, q5): Feb T7,
    Mar T3 and T4."""
    rnd = run_metric(forum, "question_response", department="R&D", **END)
    assert by_month(rnd, "questions", "answered", "answered_within_24h") == {
        "2024-02": (1, 1, 1), "2024-03": (3, 2, 1)}
    assert rnd.iloc[1]["median_hours_to_first_response"] == pytest.approx(14)
    assert rnd.iloc[1]["p90_hours_to_first_response"] == pytest.approx(22.8)
    s2 = run_metric(forum, "question_response", space="s2", **END)
    assert by_month(s2, "questions", "answered", "answered_within_24h", "median_hours_to_first_response") \
        == {"2024-03": (2, 1, 0, 25.0)}
    lyon = run_metric(forum, "question_response", site="Lyon", **END)
    assert by_month(lyon, "questions", "answered") == {"2024-02": (1, 1), "2024-03": (2, 1)}


def test_question_response_month_of_one_asker_is_suppressed(forum):
    """February's only question comes from one asker: hidden under min_group_size 2; March (4
    askers) shows."""
    result = run_metric(forum, "question_response", min_group_size=2, **END)
    assert result["suppressed"].tolist() == [True, False]
    assert result.iloc[0]["median_hours_to_first_response"] is None


def test_unanswered_questions(forum):
    """At $end = Apr 1: T6 (Mar 20 09:00, 11 days 15 h -> 11, no title so its opening post stands in)
    and T4 (Mar 12 10:00, 19 days 14 h -> 19), newest first."""
    result = run_metric(forum, "unanswered_questions", **END)
    assert result[["thread_id", "title", "space", "author_department", "age_days"]].values.tolist() == [
        ["T6", "Who owns the budget file?", "Help desk", "R&D", 11],
        ["T4", "Printer broken", "Tools", "HR", 19],
    ]


def test_unanswered_questions_without_end_and_filters(forum):
    """No $end: ages at the latest post (Apr 2 09:00): T10 0, T6 13, T4 20 days 23 h -> 20.
    $department = HR keeps T4; $space = s1 keeps T6."""
    result = run_metric(forum, "unanswered_questions")
    assert list(zip(result["thread_id"], result["age_days"], strict=True)) == [("T10", 0), ("T6", 13), ("T4", 20)]
    assert run_metric(forum, "unanswered_questions", department="HR", **END)["thread_id"].tolist() == ["T4"]
    assert run_metric(forum, "unanswered_questions", space="s1", **END)["thread_id"].tolist() == ["T6"]


def test_still_unanswered_curve(forum):
    """Seven questions at $end = Apr 1 00:00, first response in hours: T7 1.5, T1 3, T2 24, T3 25, T11 1,
    T4 and T6 none; ages in hours: T7 782 (2024 has a Feb 29), T1 663, T2 638, T3 520, T4 470, T6 279,
    T11 158. t=1: all but T11 still waiting, 6/7; t=2: 5/7; t=24: T3 T4 T6, 3/7 (T2 answered at
    exactly 24 h); t=48: 2/7; t=168: T11 too young, T4 T6 of 6; t=336: T6 too young too, T4 of 5;
    t=720: only T7 is that old, 0/1."""
    result = run_metric(forum, "unanswered_curve", **END)
    got = {r.hours: (r.still_unanswered, r.questions) for r in result.itertuples()}
    assert got[1] == (6, 7) and got[2] == (5, 7) and got[24] == (3, 7) and got[48] == (2, 7)
    assert got[168] == (2, 6) and got[336] == (1, 5) and got[720] == (0, 1)
    assert result.set_index("hours").loc[24, "still_unanswered_share"] == pytest.approx(3 / 7)


def test_codevelopment_threads(forum):
    """T1: helpers q2 (R&D), q3 (Sales), q4 (HR) - the bot and the asker's follow-up do not count -> 3
    helpers, 3 departments. T7: q3 (Sales), q4 (HR), q5 (Sales) -> 3 helpers, 2 departments. T11 has
    3 helpers, all R&D: not co-development; T2 and T3 have one helper."""
    result = run_metric(forum, "codevelopment_threads", **END)
    assert result[["thread_id", "helpers", "departments", "replies", "helper_departments"]].values.tolist() == [
        ["T1", 3, 3, 3, "HR, R&D, Sales"],
        ["T7", 3, 2, 3, "HR, Sales"],
    ]


def test_codevelopment_filters(forum):
    """$site = Paris (the asker's: q1, q3, q6) keeps T1 (q1), not T7 (q2, Lyon). $start = Mar 1 keeps
    T1. $space = s2 has none."""
    assert run_metric(forum, "codevelopment_threads", site="Paris", **END)["thread_id"].tolist() == ["T1"]
    assert run_metric(forum, "codevelopment_threads", start="2024-03-01", **END)["thread_id"].tolist() == ["T1"]
    assert run_metric(forum, "codevelopment_threads", space="s2", **END).empty
