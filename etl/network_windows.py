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

from etl.merge import script

# The modules whose code gives a window its values, and the libraries it computes with: a change
# to any of them (a new crowdlens, an upgraded igraph) recomputes every window.
CODE_FILES = ("network.py", "network_graph.py", "network_ties.py", "network_influence.py",
              "network_windows.py")
LIBRARIES = ("igraph", "numpy", "scipy")

# Needs net_months, net_people and net_pairs (etl/network.py's PREPARE_SQL). A pair's hash holds
# both people's ids (their order within the window is the order of their ids), its weight and
# both people's groups; xor makes the window's fingerprint independent of the rows' order.
KEEP_SQL = """
create or replace temp table net_fingerprints as
with pairs as (
    select w.month_end,
           bit_xor(hash(a.person_id, t.person_id, w.weight, a.department, a.site, t.department, t.site))
               as pairs
    from net_pairs w
    join net_people a on a.idx = w.actor
    join net_people t on t.idx = w.target
    where w.weight > 0
    group by w.month_end
)
select m.month_end, $code || ':' || coalesce(cast(p.pairs as varchar), 'none') as fingerprint
from net_months m
left join pairs p using (month_end);

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


def kept(con) -> set:
    """The month-ends whose stored rows still hold (their rows copied into net_kept_*)."""
    script(con, KEEP_SQL, {"code": code_digest()})
    return {row[0] for row in con.execute("select month_end from net_kept").fetchall()}


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
