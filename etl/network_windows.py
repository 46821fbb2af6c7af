"""The month-end windows a load keeps from the database it updates instead of computing them again.

A window's graph metrics depend only on its pairs (who replied to or mentioned whom, how often),
the departments and sites of the people in them, and the code that computes them. Every load
stores a fingerprint of those per month-end (`network_windows`); the next load recomputes the
month-ends whose fingerprint changed and copies the rows of the others. Loading next week's export
then recomputes the few month-ends whose window it touches, not three years of them; a fresh
database, or a new crowdlens version, recomputes them all.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

import pyarrow as pa

from etl import network_pairs
from etl.merge import registered, script

# The modules whose code gives a window its values, and the libraries it computes with: a change
# to any of them (a new crowdlens, an upgraded igraph) recomputes every window.
CODE_FILES = ("network.py", "network_pairs.py", "network_graph.py", "network_ties.py",
              "network_influence.py", "network_windows.py")
LIBRARIES = ("igraph", "numpy", "scipy")

# Needs net_people (etl/network.py's PREPARE_SQL) and net_fingerprint_values (registered by kept()).
KEEP_SQL = """
create or replace temp table net_fingerprints as
select month_end, $code || ':' || fingerprint as fingerprint from net_fingerprint_values;

create or replace temp table net_kept as
select month_end from net_fingerprints join network_windows using (month_end, fingerprint);

create or replace temp table net_kept_graph as
select s.month_end, p.idx as person, s.ties, s.departments_reached, s.overlap_mean,
       s.local_bridges, s.burt_constraint, coalesce(s.liaison_count, -1) as liaison_count,
       s.community_id, s.pagerank
from network_snapshots s
join net_people p using (person_id)
where s.pagerank is not null
  and s.month_end in (select month_end from net_kept);

create or replace temp table net_kept_ei as
select * from network_ei where month_end in (select month_end from net_kept);

create or replace temp table net_kept_weak as
select * from network_weak_ties where month_end in (select month_end from net_kept);
"""

# The rows STORE_SQL writes: those computed by this load (registered as net_new_*) and those kept.
COMBINE_SQL = """
create or replace temp view net_graph as
select * from net_new_graph union all by name select * from net_kept_graph;

create or replace temp view net_ei_rows as
select * from net_new_ei union all by name select * from net_kept_ei;

create or replace temp view net_weak_rows as
select * from net_new_weak union all by name select * from net_kept_weak;
"""

RECORD_SQL = """
delete from network_windows;
insert into network_windows select month_end, fingerprint from net_fingerprints;
"""


def kept(con, windows: list) -> set:
    """The month-ends of `windows` (etl.network_pairs.Window) whose stored rows still hold (their
    rows copied into net_kept_*)."""
    hashes = con.execute(PERSON_HASHES_SQL).fetchnumpy()["person_hash"]
    values = pa.table({
        "month_end": pa.array([w.month_end for w in windows], pa.date32()),
        "fingerprint": pa.array([network_pairs.fingerprint(w, hashes) for w in windows], pa.string()),
    })
    with registered(con, {"net_fingerprint_values": values}):
        script(con, KEEP_SQL, {"code": code_digest()})
    return {row[0] for row in con.execute("select month_end from net_kept").fetchall()}


# A person's window rows depend on their id, department and site (the E-I index, weak ties and
# brokerage read the groups).
PERSON_HASHES_SQL = "select hash(person_id, department, site) as person_hash from net_people order by idx"


def code_digest() -> str:
    """The network code's files and the versions of the libraries it computes with: after an
    upgrade of igraph, numpy or scipy, stored windows are not mixed with new ones."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in CODE_FILES:
        digest.update((here / name).read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library} {importlib.metadata.version(library)}".encode())
    return digest.hexdigest()[:16]
