"""A load recomputes only the month-ends whose window changed since the last load (etl/network_windows.py).

The fixture network (tests/network_helpers.py): one reply per (actor, target, day), people in
departments A and B. Replies on 10 January, 10 February, 10 March and 10 April 2024 give four
month-ends; with the default 90-day window, the window ending on
    31 Jan covers 3 Nov - 31 Jan,  29 Feb covers 2 Dec - 29 Feb,
    31 Mar covers 2 Jan - 31 Mar,  30 Apr covers 1 Feb - 30 Apr.
Whatever a load keeps, its tables must equal those of a fresh database loaded with the same data.
"""

from __future__ import annotations

import datetime

import duckdb
import pytest
from network_helpers import network_db, ties

DEPARTMENTS = {"a": "A", "b": "A", "c": "B", "d": "B", "h": "B"}
REPLIES = (ties("a-b b-c", "2024-01-10") + ties("c-d", "2024-02-10") + ties("d-a a-c", "2024-03-10")
           + ties("h-a", "2024-04-10"))
TABLES = ("network_snapshots", "network_ei", "network_weak_ties")


@pytest.fixture
def computed(monkeypatch) -> list:
    """The month-ends whose window this process computes (small loads use no worker process)."""
    from etl import network

    months, real = [], network.window
    monkeypatch.setattr(network, "window", lambda month_end, *rest: months.append(month_end) or real(month_end, *rest))
    return months


def rows(db) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in TABLES}  # noqa: S608


def month_ends(*days: int) -> list:
    return [datetime.date(2024, month, day) for month, day in days]


def test_loading_the_same_export_again_computes_no_window(tmp_path, computed):
    """First load: the four month-ends. The same export again: none, and the same rows."""
    db = network_db(tmp_path / "again.duckdb", DEPARTMENTS, REPLIES)
    first = rows(db)
    assert sorted(computed) == month_ends((1, 31), (2, 29), (3, 31), (4, 30))
    computed.clear()
    network_db(db, DEPARTMENTS, REPLIES)
    assert computed == []
    assert rows(db) == first


def test_a_new_reply_recomputes_the_windows_holding_its_day(tmp_path, computed):
    """A later export adds z (a new person, department A) replying to a on 15 February: the
    windows ending 29 Feb, 31 Mar and 30 Apr hold that day and are computed again; 31 Jan's is
    kept. The tables equal a fresh load of everything."""
    departments = {**DEPARTMENTS, "z": "A"}
    later = REPLIES + ties("z-a", "2024-02-15")
    db = network_db(tmp_path / "later.duckdb", departments, REPLIES)
    computed.clear()
    network_db(db, departments, later)
    assert sorted(computed) == month_ends((2, 29), (3, 31), (4, 30))
    assert rows(db) == rows(network_db(tmp_path / "fresh.duckdb", departments, later))


def test_a_new_person_sorting_first_keeps_the_others_windows_right(tmp_path, computed):
    """A later export adds "0" (sorting before every other id, so each person's position among all
    people moves by one) replying to h on 10 April: only the window ending 30 April holds that day;
    the three others are kept, their rows moved to the new positions, and the tables equal a
    fresh load of everything."""
    departments = {**DEPARTMENTS, "0": "B"}
    later = REPLIES + ties("0-h", "2024-04-10")
    db = network_db(tmp_path / "first.duckdb", departments, REPLIES)
    computed.clear()
    network_db(db, departments, later)
    assert computed == month_ends((4, 30))
    assert rows(db) == rows(network_db(tmp_path / "fresh.duckdb", departments, later))


def test_a_person_changing_department_recomputes_the_windows_they_are_in(tmp_path, computed):
    """The directory moves h from B to A: h's one reply (10 April) is in the window ending 30 April
    only, which is computed again; the other three are kept. Same tables as a fresh load."""
    db = network_db(tmp_path / "moved.duckdb", DEPARTMENTS, REPLIES)
    computed.clear()
    moved = {**DEPARTMENTS, "h": "A"}
    network_db(db, moved, REPLIES)
    assert computed == month_ends((4, 30))
    assert rows(db) == rows(network_db(tmp_path / "fresh.duckdb", moved, REPLIES))


def test_another_window_length_recomputes_the_windows_whose_pairs_change(tmp_path, computed):
    """network_window_days 30 instead of 90: the window ending 31 Jan (2-31 Jan) holds the same
    pairs as before (only January's replies were in 3 Nov - 31 Jan) and is kept; those ending 29 Feb
    (31 Jan - 29 Feb: c-d alone), 31 Mar (2-31 Mar: d-a, a-c) and 30 Apr (1-30 Apr: h-a) lose pairs
    and are computed again. Same tables as a fresh load with 30 days."""
    from etl.config import Config

    thirty = Config(network_window_days=30)
    db = network_db(tmp_path / "window.duckdb", DEPARTMENTS, REPLIES)
    computed.clear()
    network_db(db, DEPARTMENTS, REPLIES, config=thirty)
    assert sorted(computed) == month_ends((2, 29), (3, 31), (4, 30))
    assert rows(db) == rows(network_db(tmp_path / "fresh.duckdb", DEPARTMENTS, REPLIES, config=thirty))


def test_new_code_recomputes_every_window(tmp_path, computed, monkeypatch):
    """Another crowdlens version (another digest of the network code) trusts no stored window."""
    from etl import network_windows

    db = network_db(tmp_path / "code.duckdb", DEPARTMENTS, REPLIES)
    computed.clear()
    monkeypatch.setattr(network_windows, "code_digest", lambda: "another version")
    network_db(db, DEPARTMENTS, REPLIES)
    assert sorted(computed) == month_ends((1, 31), (2, 29), (3, 31), (4, 30))



def test_an_upgraded_graph_library_recomputes_every_window(tmp_path, computed, monkeypatch):
    """The same crowdlens with another igraph (its communities may differ): all four month-ends
    are computed again, none mixed with those the old igraph stored."""
    from etl import network_windows

    db = network_db(tmp_path / "library.duckdb", DEPARTMENTS, REPLIES)
    computed.clear()
    real = network_windows.importlib.metadata.version
    monkeypatch.setattr(network_windows.importlib.metadata, "version",
                        lambda name: "99.0" if name == "igraph" else real(name))
    network_db(db, DEPARTMENTS, REPLIES)
    assert sorted(computed) == month_ends((1, 31), (2, 29), (3, 31), (4, 30))

def test_a_reload_keeping_every_month_end_starts_no_worker_process(tmp_path, monkeypatch):
    """With the worker threshold at 1 pair, the first load of the fixture (four month-ends to
    compute) starts one worker process; loading the same export again keeps all four, so it
    starts none (its start would cost more than the nothing left to compute)."""
    from etl import network

    started = []
    real_worker = network.WindowWorker
    monkeypatch.setattr(network, "_usable_cores", lambda: 2)
    monkeypatch.setattr(network, "WORKER_MIN_PAIRS", 1)
    monkeypatch.setattr(network, "WindowWorker", lambda *args: started.append(1) or real_worker(*args))
    db = network_db(tmp_path / "workers.duckdb", DEPARTMENTS, REPLIES)
    assert len(started) == 1
    network_db(db, DEPARTMENTS, REPLIES)
    assert len(started) == 1
