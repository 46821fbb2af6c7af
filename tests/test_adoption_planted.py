"""Planted effect: adoption grows fast in some departments and slowly in others (sample_data/README.md)."""

from __future__ import annotations

import re

from conftest import ROOT, run_metric

README = (ROOT / "sample_data" / "README.md").read_text(encoding="utf-8")


def planted_adoption() -> dict[str, tuple[str, int, list[int]]]:
    """Per department, read from the README (not from our code): speed, headcount, and how many
    people had posted by months 3, 6, 12 and 18."""
    speeds = dict(re.findall(r"^target (.+?): (fast|medium|slow),", README, re.M))
    found = {}
    for name, people, by_month in re.findall(
        r"^adoption (.+?): (\d+) people; posted by month 3/6/12/18: ([\d/]+);", README, re.M
    ):
        found[name] = (speeds[name], int(people), [int(n) for n in by_month.split("/")])
    return found


def rates(db, **params) -> dict[str, tuple[int, int, float]]:
    frame = run_metric(db, "adoption_by_group", min_group_size=5, group="department", **params)
    return {r.group_value: (r.headcount, r.engaged_people, r.adoption_rate) for r in frame.itertuples()}


def test_adoption_over_the_whole_period_matches_the_plan(sample_db):
    """Viva Engage exports carry no reactions, so over the whole period the engaged people of a
    department are exactly those who ever posted: README's 'posted by month 18' over its headcount
    (e.g. Informatique 34/40 = 85%, Juridique 2/12 ≈ 17%)."""
    plan = planted_adoption()
    assert len(plan) == 10
    got = rates(sample_db)
    for department, (_speed, headcount, by_month) in plan.items():
        assert got[department][:2] == (headcount, by_month[3]), department
        assert abs(got[department][2] - by_month[3] / headcount) < 1e-9


def test_fast_departments_lead_and_slow_ones_trail(sample_db):
    """Every fast department's adoption rate is above every medium one's, which is above every
    slow one's — both after the first quarter (months 1–3, before 2025-04-01) and over 18 months."""
    plan = planted_adoption()
    order = {"fast": 0, "medium": 1, "slow": 2}
    for params, month_index in (({"end": "2025-04-01"}, 0), ({}, 3)):
        got = rates(sample_db, **params)
        for department, (_speed, _headcount, by_month) in plan.items():
            assert got[department][1] == by_month[month_index], (department, params)
        for a, (speed_a, _, _) in plan.items():
            for b, (speed_b, _, _) in plan.items():
                if order[speed_a] < order[speed_b]:
                    assert got[a][2] > got[b][2], (a, b, params)
