"""Shared helpers: build a small database from hand-made rows, run a metric on it."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from etl.batch import Batch
from etl.config import Config
from etl.load import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_DATA = ROOT.parent / "shared" / "real-data"


def batch(source: str, **tables) -> Batch:
    """A Batch from lists of dicts (or DataFrames), one keyword per table."""
    frames = {name: rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
              for name, rows in tables.items()}
    return Batch(source=source, tables=frames, inputs=[f"<{source} fixture>"])


def build_db(path: Path, *batches: Batch, config: Config | None = None, salt: str = "") -> Path:
    load(list(batches), path, config or Config(), salt)
    return path


def run_metric(db: Path, name: str, min_group_size: int = 1, **params) -> pd.DataFrame:
    """Run a metric the way the CLI does; suppression off unless asked (fixtures are tiny)."""
    with queries.connect(db) as con:
        return queries.run(con, name, params, min_group_size)


def real_data(folder: str) -> Path:
    """A folder of ../shared/real-data, or a skip naming what is missing."""
    path = REAL_DATA / folder
    if not path.exists():
        pytest.skip(f"real export {path} is absent (see ../shared/real-data/README.md)")
    return path


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The sample company's database, built once per test session through `crowdlens demo`'s path."""
    from crowdlens.demo import build_demo_database

    db, _config = build_demo_database(tmp_path_factory.mktemp("sample-company"))
    return db


@pytest.fixture
def open_page(monkeypatch):
    """The dashboard under Streamlit's AppTest: start(db, page, query) runs app.py on `db` (no
    crowdlens.toml named, so the one beside the database applies) with `query` in the URL, then
    switches to `page` (e.g. "views/ties.py"); any exception fails the test."""
    from streamlit.testing.v1 import AppTest

    def start(db: Path, page: str | None = None, query: dict | None = None) -> AppTest:
        monkeypatch.setenv("CROWDLENS_DB", str(db))
        monkeypatch.delenv("CROWDLENS_CONFIG", raising=False)
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
        at.query_params.update(query or {})
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, at.exception
        return at
    return start


def crowdlens_cli(*args) -> subprocess.CompletedProcess:
    """The real `crowdlens` command, as a user runs it, from the project's root."""
    return subprocess.run([sys.executable, "-m", "crowdlens", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def query_rows(db: Path, sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of one SQL statement on a database, read-only."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or {}).fetchall()


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)
