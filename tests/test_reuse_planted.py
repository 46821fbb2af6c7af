"""Planted effect: `course_reuse` on the sample company (crowdlens.demo) finds the re-use that
crowdlens/sample_plan.py planted and sample_data/README.md documents (section 5).

What was planted: for excel-avance and cybersecurite, round(45% and 35% × attendees) attendees each
write one post with two or more of the course's key terms 3 to 58 days after their session, half of
them answering a colleague; the three other courses get the 3% base rate; 3% of posting
non-attendees use each course's terms once, at a random time; no other post holds two key terms of
one course. The README's planted block gives the shares and the realised counts.

Recovered (horizon 60 days, the planted window): each course's re-share rate within 10 percentage
points of its documented share, and of its realised count ÷ attendees; the help-others rate within
10 points of the attendees documented as answering a colleague.

"Not significant", for the three courses without planted re-use: the lift is under 10 points and
its z-score (dashboard.charts.lift_z, the yes/no the page shows a trainer) stays under 1.96, i.e. a
two-sided test at 5% does not reject "no change". z = lift / sqrt(2 P (1 - P) / attendees), P the
mean of the attendees' after and before shares: the pooled two-proportion standard error of their
before/after difference. For gdpr-essentials (one re-user of 24, none before) P = 1/48,
SE = sqrt(2 × 0.0208 × 0.979 / 24) = 0.041 and z = 0.045 / 0.041 = 1.1.
Two approximations, each checked: (1) the colleagues' shares are taken as known; their binomial
variance (pools of 10 to 88 colleagues per department, under 1% reusing) would add about 1e-4 to a
variance of 0.0017 and only lower z. (2) The same people before and after are treated as two samples;
the paired view (McNemar / sign test) must agree: nobody reused before, so the discordant pairs are
the re-users and the paired z is sqrt(re-users), 1.0 for one. The same test must find the planted
courses (z above 4), or it would prove nothing.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from conftest import run_metric

from crowdlens import sample_plan as plan
from crowdlens.demo import build_demo_database
from dashboard import charts

README = Path(__file__).resolve().parent.parent / "sample_data" / "README.md"
TOLERANCE = 0.10
SHARE_LINE = re.compile(r"^course share (\S+): (\d+)% of attendees$", re.M)
COUNT_LINE = re.compile(r"^course (\S+): (\d+) attendees in \d+ sessions; (\d+) re-use it within (\d+) days, "
                        r"(\d+) of them answering a colleague", re.M)


@pytest.fixture(scope="module")
def reuse(tmp_path_factory):
    """course_reuse at 60 days on the freshly built demo database, by course_id."""
    db, _ = build_demo_database(tmp_path_factory.mktemp("demo"))
    frame = run_metric(Path(db), "course_reuse", 5, horizon_days=plan.REUSE_DAYS)
    return frame.set_index("course_id")


@pytest.fixture(scope="module")
def documented():
    """The README's numbers per course: share, attendees, re-users, answering (and the window)."""
    text = README.read_text(encoding="utf-8")
    shares = {course: int(pct) / 100 for course, pct in SHARE_LINE.findall(text)}
    counts = {m[0]: tuple(int(v) for v in m[1:]) for m in COUNT_LINE.findall(text)}
    assert set(shares) == set(counts) == set(plan.COURSES)
    return {course: (shares[course], *counts[course]) for course in plan.COURSES}


def test_the_readme_and_the_plan_agree(documented):
    for course, (share, _, _, window, _) in documented.items():
        assert share == plan.COURSES[course][0], course
        assert window == plan.REUSE_DAYS


def test_every_course_and_its_attendees_are_found(reuse, documented):
    assert sorted(reuse.index) == sorted(plan.COURSES)
    assert not reuse["suppressed"].any()
    for course, (_, attendees, *_rest) in documented.items():
        assert reuse.loc[course, "attendees"] == attendees, course


def test_documented_reshare_shares_are_recovered(reuse, documented):
    for course, (share, attendees, reusers, _, _) in documented.items():
        found = float(reuse.loc[course, "reshare_rate"])
        assert abs(found - share) <= TOLERANCE, (course, found, share)
        assert abs(found - reusers / attendees) <= TOLERANCE, (course, found, reusers)


def test_help_others_rate_is_recovered(reuse, documented):
    for course, (_, attendees, _, _, answering) in documented.items():
        found = float(reuse.loc[course, "help_others_rate"])
        assert abs(found - answering / attendees) <= TOLERANCE, (course, found, answering)


def test_planted_courses_show_a_significant_lift(reuse):
    for course in plan.PLANTED_COURSES:
        row = reuse.loc[course]
        assert abs(row["lift"] - plan.COURSES[course][0]) <= TOLERANCE, course
        assert charts.lift_z(row) > 4, course


def test_courses_without_planted_reuse_show_no_significant_lift(reuse):
    others = [course for course in plan.COURSES if course not in plan.PLANTED_COURSES]
    assert len(others) == 3
    for course in others:
        row = reuse.loc[course]
        assert abs(row["lift"]) < TOLERANCE, course
        assert abs(charts.lift_z(row)) < charts.Z_95, course
        assert row["baseline_rate"] == 0 and math.sqrt(row["reusers"]) < charts.Z_95, course
