"""Packaging: the wheel alone, installed in a new virtualenv outside the checkout, runs the demo build."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import venv
import zipfile

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True, timeout=300)
    return next(out.glob("crowdlens-*.whl"))


def test_wheel_carries_queries_schema_app_and_sample_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sql_files = {f"queries/{p.name}" for p in (ROOT / "queries").glob("*.sql")}
    assert sql_files <= names
    assert {"etl/schema.sql", "dashboard/app.py", "sample_data/annuaire_rh.csv",
            "sample_data/viva-engage/Messages.csv"} <= names


def test_demo_runs_from_the_installed_wheel(wheel, tmp_path):
    """`crowdlens demo --no-serve` from a fresh virtualenv, in a folder that is not the checkout."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = env_dir / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", str(wheel)], check=True, timeout=900)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    built = subprocess.run([str(env_dir / "bin" / "crowdlens"), "demo", "--no-serve", "--data-dir", "demo"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    db = built.stdout.strip().splitlines()[-1]
    out = subprocess.run([str(env_dir / "bin" / "crowdlens"), "query", "table_counts", "--db", db,
                          "--format", "json"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    counts = {r["table_name"]: r["row_count"] for r in json.loads(out.stdout)}
    assert counts["people"] == expected_people()
    assert counts["courses"] == len(list((ROOT / "sample_data" / "formations").glob("*.md")))


def expected_people() -> int:
    """People are identified by e-mail, case-insensitive: the union of the directory's and the
    Viva Engage users' addresses, plus any Viva Engage user without one (counted from the files)."""
    with open(ROOT / "sample_data" / "viva-engage" / "Users.csv", encoding="utf-8-sig") as fh:
        users = list(csv.DictReader(fh))
    with open(ROOT / "sample_data" / "annuaire_rh.csv", encoding="cp1252") as fh:
        directory = list(csv.DictReader(fh, delimiter=";"))
    emails = {u["email"].lower() for u in users if u["email"]} | {r["Courriel"].lower() for r in directory}
    return len(emails) + sum(1 for u in users if not u["email"])
