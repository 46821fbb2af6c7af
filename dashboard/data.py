"""The dashboard's only way to the data: metrics from queries/, run by queries.run, cached.

The cache is keyed by the database file's identity (path, mtime_ns, size) as well as by the
metric and its parameters: a load replaces the file with os.replace, which changes that
identity, so the next page view reads the new database without a restart. Connections are
read-only, one per database identity, with a cursor per query (cursors are safe to use from
Streamlit's session threads, a shared connection is not).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import queries
from dashboard import aliases
from dashboard.serve import CONFIG_ENV, DB_ENV
from etl.config import Config, load_config

CATALOG = "crowdlens"


def database_path() -> Path | None:
    value = os.environ.get(DB_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def require_database() -> Path:
    """The database path, or an explanation on the page and a stop when there is none."""
    path = database_path()
    if path is None or not path.is_file():
        where = f"`{path}` does not exist" if path else f"`{DB_ENV}` is not set"
        st.error(
            f"No crowdlens database to show: {where}. Load one with `crowdlens load ... --db FILE`, "
            "then start the dashboard with `crowdlens dashboard --db FILE` (or try `crowdlens demo`)."
        )
        st.stop()
    return path


def identity(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def config() -> Config:
    """crowdlens.toml named by CROWDLENS_CONFIG, else the one beside the database, else defaults."""
    return load_config(os.environ.get(CONFIG_ENV) or None, database_path())


def min_group_size() -> int:
    return config().min_group_size


def metric(name: str, **params) -> pd.DataFrame:
    """One metric's rows for these parameters, with small-group suppression applied.

    A database a metric cannot run on (one built by an older crowdlens lacks newer tables and
    macros) stops the page with the metric's own explanation, not a traceback."""
    path = require_database()
    try:
        frame = _run(identity(path), name, tuple(sorted(params.items())), min_group_size(),
                     tuple(sorted(config().metric_defaults().items())))
    except queries.MetricError as exc:
        st.error(f"This page cannot be shown: {exc}.")
        st.stop()
    return frame.copy()  # callers may reshape it; the cached frame stays intact


# Where a page needs the HR directory and the database has none loaded.
LOAD_DIRECTORY = "load the HR directory with `crowdlens load ... --directory hr.csv`"
NOT_IN_DIRECTORY = "the accounts here are not in the HR directory (the Data page lists those it does not know)"


def load_mode() -> dict:
    """How the database was loaded: {"pseudonymised": bool, "with_directory": bool}."""
    return {key: bool(value) for key, value in metric("load_mode").iloc[0].items()}


def directory_advice() -> str:
    """What to do when nobody shown is in the HR directory: load one, or check its accounts."""
    return NOT_IN_DIRECTORY if load_mode()["with_directory"] else LOAD_DIRECTORY


def people_metric(name: str, **params) -> pd.DataFrame:
    """A per-person metric as the pages show it: aliases when the configuration hides names and,
    whenever people appear under an alias (names hidden, or a pseudonymised load), the groups
    under the minimum group size written "(small group)": beside an alias, a department of two
    would point at a person."""
    shown_names = config().show_names
    frame = aliases.named(metric(name, **params), shown_names)
    if not shown_names or load_mode()["pseudonymised"]:
        small = metric("group_headcount")
        small = small[small["suppressed"]]
        frame = aliases.small_groups_hidden(frame, small.groupby("grouping")["group_value"].agg(set).to_dict())
    return frame


@st.cache_data(show_spinner=False, max_entries=1024)
def _run(db: tuple[str, int, int], name: str, params: tuple, group_size: int,
         defaults: tuple = ()) -> pd.DataFrame:
    cursor = _connection(db).cursor()
    try:
        cursor.execute(f"use {CATALOG}")  # a cursor starts in the in-memory catalog
        return queries.run(cursor, name, dict(params), group_size, dict(defaults))
    finally:
        cursor.close()


def _close(connection) -> None:
    connection.close()


# Two entries: a session still reading the previous file finishes its query on it.
@st.cache_resource(show_spinner=False, max_entries=2, on_release=_close)
def _connection(db: tuple[str, int, int]):
    """The file attached read-only to an in-memory database of its own.

    duckdb.connect(path) would hand back the instance this process already holds for that path,
    which still reads the file a load has since replaced; an attachment opens the file anew.
    """
    connection = duckdb.connect(":memory:")
    connection.execute(f"attach $path as {CATALOG} (read_only)", {"path": db[0]})
    return connection
