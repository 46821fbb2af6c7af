"""Planted signals of the sample company (sample_data/README.md) found by the network metrics.

- "Cross-department ties grow after the launch": the cross-department reply probability rises from
  0.10 in month 1 to 0.60 in month 18 (realised share 0.245 in months 1-3, 0.599 in months 16-18),
  so the whole-network E-I index must rise: every month of 16-18 above every month of 1-3.
- "Influencers emerge at stated months": four people, one a Junior, must appear in
  emerging_influencers within one month of their month (month 1 = January 2025).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_metric

from crowdlens.demo import build_demo_database

INFLUENCERS = {  # name: month of emergence (sample_data/README.md, planted block)
    "Inès Benali": 4,  # the Junior
    "Thibault Lefèvre": 7,
    "Aïssatou N'Diaye": 10,
    "François Lecœur": 13,
}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db, _config = build_demo_database(tmp_path_factory.mktemp("network-sample"))
    return db


def test_ei_index_rises_after_the_launch(sample_db):
    monthly = run_metric(sample_db, "network_ei_monthly")
    assert len(monthly) == 18
    first, last = monthly.ei_index[:3], monthly.ei_index[-3:]
    assert last.min() > first.max()
    assert last.mean() - first.mean() > 0.3  # measured: about -0.10 -> +0.34


def _month_number(day: date) -> int:
    return (day.year - 2025) * 12 + day.month


def test_planted_influencers_emerge_on_time(sample_db):
    emerging = run_metric(sample_db, "emerging_influencers").set_index("display_name")
    for name, month in INFLUENCERS.items():
        assert name in emerging.index, name
        found = _month_number(emerging.loc[name, "emerged_month"])
        assert abs(found - month) <= 1, (name, found, month)
