"""Re-share rates, lift, help-others and reach of a course, on a company worked out by hand.

People (directory, employee ids): attendees A1..A4 and colleagues C1..C4 in Finance; S1, S2 in
Sales. Course "xl" (Excel avancé, French): A1 and A2 attend on 2024-03-01 (A1 again on 04-01:
the first session counts), A3 and A4 on 2024-03-15. Horizon 30 days.

Posts that reuse the course (each says "tableau croisé dynamique" and "RECHERCHEV"; 9 such posts
among 113, so every one matches: rarity 1 - ln 10 / ln 114 = 0.514, score 4 × 0.514 / 3 = 0.685):

    a1-before  02-10 A1 own thread                     day -20 (A1 baseline)
    a2-before  02-15 A2 reply in S2's thread           day -15 (A2 baseline; help, but before)
    a2-own     03-01 A2 own thread                     day 0
    a1-help    03-05 A1 reply in S1's thread (space help)  day 4, helps S1 (Sales)
    a3-own     03-20 A3 reply in A3's own thread        day 5, not help
    a3-help    03-25 A3 reply in C1's thread (space help)  day 10, helps C1 (Finance)
    a4-late    04-20 A4 own thread                     day 36: outside 30 days
    c3-before  02-20 C3 (colleague, non-attendee)
    c2-after   03-10 C2 (colleague, non-attendee)

course_reuse, 30 days: attendees 4; reusers A1, A2, A3 → reshare_rate 0.75; baseline A1, A2 → 0.5.
Comparison pool: Finance non-attendees C1..C4 = 4. Cell 03-01 (2 attendees): after [03-01, 03-31)
has C2 → 1/4, before [01-31, 03-01) has C3 → 1/4. Cell 03-15 (2 attendees): after [03-15, 04-14)
none → 0, before [02-14, 03-15) has C2 and C3 → 2/4. comparison_rate = (2 × 0.25 + 2 × 0) / 4
= 0.125; comparison_baseline_rate = (2 × 0.25 + 2 × 0.5) / 4 = 0.375.
lift = (0.75 - 0.5) - (0.125 - 0.375) = 0.5. help_others_rate: A1, A3 → 0.5 (A2's help is before
attending); people_helped S1, C1 → 2 in 2 departments; days to first reuse 4, 0, 5 → median 4.
"""

from __future__ import annotations

import math

import duckdb
import pytest
from conftest import batch, build_db, run_metric

MATERIAL = (
    "Le tableau croisé dynamique résume un classeur en quelques clics. On construit un tableau "
    "croisé dynamique à partir d'une plage nommée, puis la fonction RECHERCHEV complète les lignes."
)
PHRASE = "un tableau croisé dynamique avec une RECHERCHEV"
PEOPLE = {
    "A1": ("Alice Martin", "Finance"), "A2": ("Bruno Petit", "Finance"),
    "A3": ("Chloé Durand", "Finance"), "A4": ("David Moreau", "Finance"),
    "C1": ("Emma Leroy", "Finance"), "C2": ("Farid Benali", "Finance"),
    "C3": ("Gina Roux", "Finance"), "C4": ("Hugo Blanc", "Finance"),
    "S1": ("Inès Faure", "Sales"), "S2": ("Jules Garnier", "Sales"),
}
# thread, space, starter; then its posts: post, author, day, parent, body
THREADS = {
    "t-a1-before": ("general", "A1", [("a1-before", "A1", "02-10", None, f"Astuce : {PHRASE}")]),
    "t-s2": ("general", "S2", [
        ("q-s2", "S2", "02-14", None, "Comment totaliser mes ventes par client ?"),
        ("a2-before", "A2", "02-15", "q-s2", f"Essaie {PHRASE}"),
    ]),
    "t-a2": ("general", "A2", [("a2-own", "A2", "03-01", None, f"Ce matin en formation : {PHRASE}")]),
    "t-s1": ("help", "S1", [
        ("q-s1", "S1", "03-04", None, "Comment résumer mes ventes par région ?"),
        ("a1-help", "A1", "03-05", "q-s1", f"Fais {PHRASE}"),
    ]),
    "t-a3": ("general", "A3", [
        ("q-a3", "A3", "03-19", None, "Mon fichier de suivi est trop lent"),
        ("a3-own", "A3", "03-20", "q-a3", f"Résolu avec {PHRASE}"),
    ]),
    "t-c1": ("help", "C1", [
        ("q-c1", "C1", "03-24", None, "Quelqu'un sait regrouper les dépenses par mois ?"),
        ("a3-help", "A3", "03-25", "q-c1", f"Oui : {PHRASE}"),
    ]),
    "t-a4": ("general", "A4", [("a4-late", "A4", "04-20", None, f"Enfin testé {PHRASE}")]),
    "t-c3": ("general", "C3", [("c3-before", "C3", "02-20", None, f"Vu sur internet : {PHRASE}")]),
    "t-c2": ("general", "C2", [("c2-after", "C2", "03-10", None, f"Je découvre {PHRASE}")]),
    "t-chat": ("general", "C4", [
        (f"chat-{i}", ("C4", "S2")[i % 2], f"01-{1 + i % 28:02d}", None, f"Déjeuner d'équipe numéro {i} demain midi")
        for i in range(100)
    ]),
}
ATTENDANCE = [("A1", "2024-03-01"), ("A1", "2024-04-01"), ("A2", "2024-03-01"),
              ("A3", "2024-03-15"), ("A4", "2024-03-15")]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    directory = batch("directory", accounts=[
        {"source_user_id": pid, "display_name": name, "department": dept, "site": "Paris"}
        for pid, (name, dept) in PEOPLE.items()
    ])
    training = batch(
        "training",
        courses=[{"course_id": "xl", "title": "Excel avancé", "language": "fr", "material_text": MATERIAL,
                  "key_terms": "tableau croisé dynamique; RECHERCHEV"}],
        attendance=[{"course_id": "xl", "person_id": p, "attended_on": d} for p, d in ATTENDANCE],
    )
    forum = batch(
        "canonical",
        spaces=[{"space_id": s, "name": s} for s in ("general", "help")],
        threads=[{"thread_id": t, "space_id": space, "author_id": starter,
                  "created_at": f"2024-{posts[0][2]}T09:00:00Z"}
                 for t, (space, starter, posts) in THREADS.items()],
        posts=[{"post_id": pid, "thread_id": t, "author_id": author, "created_at": f"2024-{day}T10:00:00Z",
                "parent_post_id": parent, "body_text": body}
               for t, (_, _, posts) in THREADS.items() for pid, author, day, parent, body in posts],
    )
    return build_db(tmp_path_factory.mktemp("reuse") / "reuse.duckdb", directory, training, forum)


def course_row(db, min_group_size=1, **params):
    frame = run_metric(db, "course_reuse", min_group_size, horizon_days=30, **params)
    assert list(frame["course_id"]) == ["xl"]
    return frame.iloc[0]


def test_every_reusing_post_and_no_other_matches(db):
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select post_id, course_id, score from reuse_matches").fetchall()
    assert sorted(r[0] for r in rows) == sorted(
        pid for _, _, posts in THREADS.values() for pid, *_, body in posts if PHRASE in body
    )
    assert {r[1] for r in rows} == {"xl"}
    assert all(r[2] == pytest.approx(4 * (1 - math.log(10) / math.log(114)) / 3, abs=1e-4) for r in rows)


def test_rates_and_lift_against_the_hand_count(db):
    row = course_row(db)
    assert (row["title"], row["attendees"], row["reusers"]) == ("Excel avancé", 4, 3)
    assert row["reshare_rate"] == pytest.approx(0.75)
    assert row["baseline_rate"] == pytest.approx(0.5)
    assert row["comparison_rate"] == pytest.approx(0.125)
    assert row["comparison_baseline_rate"] == pytest.approx(0.375)
    assert row["lift"] == pytest.approx(0.5)
    assert row["median_days_to_first_reuse"] == pytest.approx(4)


def test_help_others_people_helped_and_their_departments(db):
    """A reusing reply counts as help only in a thread someone else started, after attending:
    A1 → S1 (Sales) and A3 → C1 (Finance); A3's reply in A3's own thread and A2's reply before
    the course do not count."""
    row = course_row(db)
    assert row["help_others_rate"] == pytest.approx(0.5)
    assert (row["people_helped"], row["departments_helped"]) == (2, 2)
    helped = run_metric(db, "reuse_helped_departments", horizon_days=30)
    got = helped[["department", "people_helped", "helpers", "replies"]].sort_values("department")
    assert got.values.tolist() == [["Finance", 1, 1, 1], ["Sales", 1, 1, 1]]


def test_evidence_rows_with_days_after_and_the_help_flag(db):
    frame = run_metric(db, "reuse_evidence", horizon_days=30)
    got = sorted(zip(frame["post_id"], frame["display_name"], frame["days_after_attending"], frame["is_help"],
                     strict=True))
    assert got == [("a1-help", "Alice Martin", 4, True), ("a2-own", "Bruno Petit", 0, False),
                   ("a3-help", "Chloé Durand", 10, True), ("a3-own", "Chloé Durand", 5, False)]
    assert set(frame["matched_terms"]) == {"tableau croisé dynamique; RECHERCHEV"}
    assert frame.set_index("post_id").loc["a1-help", "excerpt"] == "Fais " + PHRASE


def test_longer_horizon_takes_the_late_post(db):
    """At 60 days A4's post (day 36) counts: reusers 4, first-reuse days 0, 4, 5, 36 → median 4.5."""
    row = run_metric(db, "course_reuse", horizon_days=60).iloc[0]
    assert row["reusers"] == 4
    assert row["median_days_to_first_reuse"] == pytest.approx(4.5)


def test_filters_on_session_dates_space_and_department(db):
    """From 2024-03-10: only A3, A4 (cell 03-15): reshare 1/2, baseline 0, comparison 0 after and
    2/4 before → lift (0.5 - 0) - (0 - 0.5) = 1.0; A3 helped C1 only.
    Space "help": only a1-help (day 4) and a3-help (day 10) count; no baseline or comparison
    post there → reshare 0.5, lift 0.5, median days 7."""
    late = course_row(db, start="2024-03-10")
    assert (late["attendees"], late["reshare_rate"], late["baseline_rate"]) == (2, 0.5, 0.0)
    assert late["comparison_baseline_rate"] == pytest.approx(0.5)
    assert late["lift"] == pytest.approx(1.0)
    assert (late["people_helped"], late["departments_helped"]) == (1, 1)
    help_space = course_row(db, space="help")
    assert (help_space["reshare_rate"], help_space["baseline_rate"], help_space["lift"]) == (0.5, 0.0, 0.5)
    assert help_space["median_days_to_first_reuse"] == pytest.approx(7)
    assert run_metric(db, "course_reuse", department="Sales").empty


def test_reuse_over_the_weeks_and_days_to_first(db):
    """Week 0 (days 0-6): A1 (4), A2 (0), A3 (5) → 3 of 4; week 1: A3 (10) → 1; weeks 2-4: none."""
    weeks = run_metric(db, "reuse_over_time", horizon_days=30)
    assert weeks["weeks_after_attending"].tolist() == [0, 1, 2, 3, 4]
    assert weeks["reusers"].tolist() == [3, 1, 0, 0, 0]
    assert weeks["share_of_attendees"].tolist() == [0.75, 0.25, 0.0, 0.0, 0.0]
    first = run_metric(db, "reuse_days_to_first", horizon_days=30)
    assert list(zip(first["days_to_first_reuse"], first["reusers"], strict=True)) == [(0, 1), (4, 1), (5, 1)]


def test_courses_with_few_attendees_are_suppressed(db):
    row = course_row(db, min_group_size=5)
    assert row["suppressed"] and row["title"] == "Excel avancé"
    assert row["reshare_rate"] is None and row["attendees"] is None
