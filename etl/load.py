"""`crowdlens load`: all or nothing. The new database is built aside and swapped in with os.replace.

A load that fails, or is killed, leaves the previous database file untouched and readable.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb

import queries
from etl import activity, derived, network, reuse
from etl.batch import Batch
from etl.config import Config
from etl.errors import InputError
from etl.merge import merge_content, merge_identities
from etl.sources import files

CANONICAL_TABLES = [
    "people", "accounts", "spaces", "threads", "posts", "reactions", "mentions",
    "courses", "attendance",
]
DERIVED_TABLES = ["interactions", "network_snapshots", "reuse_matches"]


@dataclass
class LoadResult:
    run_id: int
    counts: dict[str, int]
    warnings: list[dict] = field(default_factory=list)


def schema_sql() -> str:
    return resources.files("etl").joinpath("schema.sql").read_text(encoding="utf-8")


def load(batches: list[Batch], db_path: str | Path, config: Config | None = None,
         salt: str = "", after_merge=None) -> LoadResult:
    """Merge the batches into a copy of the database, rebuild what derives, then swap it in."""
    config = config or Config()
    db_path = Path(db_path)
    if db_path.is_dir():
        raise InputError(db_path, None, "a database file to create or update, not a folder")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(db_path)
    new_database = not db_path.exists()
    aside = db_path.with_name(f".{db_path.name}.loading-{os.getpid()}")
    started = datetime.now(UTC)
    try:
        if db_path.exists():
            shutil.copyfile(db_path, aside)
        con = duckdb.connect(str(aside))
        try:
            with network.worker_process(new_database and _large_network(batches)) as worker:
                result = _build(con, batches, config, salt, started, after_merge, worker)
            con.execute("checkpoint")
        finally:
            con.close()
        with open(aside, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(aside, db_path)
        return result
    finally:
        for leftover in (aside, aside.with_name(aside.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _large_network(batches: list[Batch]) -> bool:
    """Whether the batches of a load into a new database may give the network a worker process,
    started before the merge: at most one interaction per post (its reply), mention and reaction.
    A re-load keeps the month-ends that did not change, unknown before the merge: network.rebuild
    starts a worker itself when the windows left to compute are many."""
    expected = sum(batch.rows(name) for batch in batches for name in ("posts", "mentions", "reactions"))
    return expected >= network.WORKER_MIN_INTERACTIONS


def _build(con, batches, config, salt, started, after_merge, worker=None) -> LoadResult:
    con.execute(schema_sql())
    _check_mode(con, salt, batches)
    for batch in batches:
        merge_identities(con, batch, salt)
    derived.rebuild_people(con)
    for batch in batches:
        merge_content(con, batch)
    _check_attended_courses(con, batches)
    if after_merge:  # tests use this to fail or kill a load midway
        after_merge()
    derived.apply_space_kinds(con, config.affinity_spaces, config.work_spaces)
    derived.rebuild_interactions(con)
    orphans = _rebuild_analytics(con, config, worker)
    con.execute(resources.files("etl").joinpath("macros.sql").read_text(encoding="utf-8"))  # queries/ use them
    warnings = _warnings(batches, orphans)
    return _record_run(con, batches, started, warnings)


def _rebuild_analytics(con, config: Config, worker=None) -> tuple[int, str | None]:
    """Network snapshots (from interactions) side by side with the tables that read post texts;
    returns the replies to a missing message (derived.count_orphans), counted on the DuckDB side
    too, as that side finishes first and the count would otherwise wait for the network.

    The network's windows are Python (numpy, igraph) and the rest DuckDB SQL, which runs on its
    own threads without the GIL: built side by side on a two-core machine they take little more
    than the longer of the two. DuckDB runs on one thread while the network's worker process
    computes windows on the other core; once the SQL is done, the network's thread here computes
    windows too (three busy threads on two cores made the whole 0.3-0.4 s slower). The network
    works through a cursor of its own (its temporary tables are its own) and writes only its own
    tables.
    """
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    con.execute("set threads = 1")  # while the network's worker process takes the other core
    done_here = threading.Event()  # then this process's thread helps the worker with the windows
    failed_here = threading.Event()  # then the network stops at once: the load is lost anyway
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="crowdlens-network") as pool:
            graph = pool.submit(_network_then_threads, con.cursor(), config, threads, done_here, failed_here,
                                worker)
            try:
                activity.rebuild(con)
                reuse.rebuild(con, config)
                orphans = derived.count_orphans(con)
                # whatever SQL of the network's is still to run (its counts on a small load,
                # storing its rows) gets DuckDB's threads back
                con.execute("set threads = $n", {"n": threads})
            except BaseException:
                failed_here.set()
                raise
            finally:
                done_here.set()
            graph.result()
    finally:
        con.execute("set threads = $n", {"n": threads})
    return orphans


def _network_then_threads(cursor, config: Config, threads: int, help_from: threading.Event,
                          stop: threading.Event, worker) -> None:
    try:
        network.rebuild(cursor, config, help_from, stop, worker)
    finally:  # the SQL still running gets DuckDB's threads back (a global setting)
        cursor.execute("set threads = $n", {"n": threads})


def _check_mode(con, salt: str, batches: list[Batch]) -> None:
    """Refuse to mix pseudonymised and plain loads, or two different salts, in one database."""
    check = hmac.new(salt.encode(), b"crowdlens-salt-check", hashlib.sha256).hexdigest() if salt else ""
    rows = con.execute("select value from crowdlens_meta where key = 'salt_check'").fetchall()
    row = rows[0] if rows else None
    if row is None:
        con.execute("insert into crowdlens_meta values ('salt_check', $v)", {"v": check})
        return
    if row[0] != check:
        where = batches[0].inputs[0] if batches and batches[0].inputs else "database"
        if not row[0]:
            expected = "a plain load: this database was not pseudonymised"
        elif not salt:
            expected = "--pseudonymize with the salt this database was loaded with"
        else:
            expected = "the salt this database was pseudonymised with (CROWDLENS_SALT differs)"
        raise InputError(where, None, expected)


def _check_attended_courses(con, batches: list[Batch]) -> None:
    """Once courses are known, attendance naming another course is a typo, not a new course.

    Attendance loaded before any course material is accepted: the courses may come in a later load.
    """
    known = {row[0] for row in con.execute("select course_id from courses").fetchall()}
    if not known:
        return
    for batch in batches:
        if "attendance" not in batch.tables:
            continue
        named = batch.table("attendance").column("course_id").to_pylist()
        unknown = [str(c) for c in named if c is not None and str(c) not in known]
        if unknown:
            where = batch.inputs[0] if batch.inputs else "attendance"
            raise InputError(where, f"course {unknown[0]!r}",
                             "a course id of the loaded courses (" + ", ".join(sorted(known)[:12]) + ")")


def _warnings(batches: list[Batch], orphans: tuple[int, str | None]) -> list[dict]:
    found: dict[str, dict] = {}
    for batch in batches:
        for code, count in batch.warnings.items():
            entry = found.setdefault(code, {"code": code, "count": 0, "example": batch.examples[code]})
            entry["count"] += count
    orphans, example = orphans
    if orphans:
        found["reply to a missing message"] = {
            "code": "reply to a missing message", "count": orphans, "example": f"post {example}",
        }
    return list(found.values())


def _record_run(con, batches, started, warnings) -> LoadResult:
    # the same counts `crowdlens query table_counts` gives, from the same file
    counts = {
        row.table_name: int(row.row_count)
        for row in queries.run(con, "table_counts").itertuples()
        if row.table_name != "load_runs"
    }
    inputs = [
        {"path": str(Path(p).resolve()), "sha256": files.sha256(Path(p)) if Path(p).is_file() else None,
         "format": b.source}
        for b in batches for p in b.inputs
    ]
    run_id = con.execute("select coalesce(max(run_id), 0) + 1 from load_runs").fetchall()[0][0]
    con.execute(
        "insert into load_runs values ($run_id, $started, $finished, $inputs, $counts, $warnings, 'ok')",
        {
            "run_id": run_id, "started": started, "finished": datetime.now(UTC),
            "inputs": json.dumps(inputs), "counts": json.dumps(counts),
            "warnings": json.dumps(warnings, ensure_ascii=False),
        },
    )
    return LoadResult(run_id, counts, warnings)


def _remove_stale_builds(db_path: Path) -> None:
    """Builds left by a killed load (their process is gone) are only litter."""
    for stale in db_path.parent.glob(f".{db_path.name}.loading-*"):
        pid = stale.name.rsplit("-", 1)[-1].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
