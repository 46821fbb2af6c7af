"""`crowdlens demo`: the sample company's database, built once through `crowdlens load`, then reused.

The sample files come from the installed `sample_data` package, so the demo works from a wheel.
A stamp beside the database records the inputs' sha256 and the crowdlens version; the database
is rebuilt only when one of them changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from importlib import resources
from pathlib import Path

import crowdlens

DB_NAME = "crowdlens-demo.duckdb"
STAMP_NAME = "crowdlens-demo.stamp.json"
CONFIG_NAME = "crowdlens.toml"
INPUTS = ["viva-engage", "annuaire_rh.csv", "presences_formations.csv", "formations", CONFIG_NAME]


def sample_folder() -> Path:
    """Where the installed package keeps the sample files (a real folder: wheels install unzipped)."""
    folder = resources.files("sample_data")
    if not isinstance(folder, Path):
        raise RuntimeError(f"the sample data must be installed as files, not inside {folder}")
    missing = [name for name in INPUTS if not (folder / name).exists()]
    if missing:
        raise RuntimeError(f"the sample data in {folder} lacks {missing[0]}; reinstall crowdlens")
    return folder


def input_stamp(folder: Path) -> dict:
    """The crowdlens version and the sha256 of every sample input file, by relative path."""
    digests = {}
    for name in INPUTS:
        path = folder / name
        for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if item.is_file():
                digests[item.relative_to(folder).as_posix()] = hashlib.sha256(item.read_bytes()).hexdigest()
    return {"crowdlens": crowdlens.__version__, "inputs": digests}


def build_demo_database(data_dir: Path) -> tuple[Path, Path]:
    """The demo database and the crowdlens.toml it was loaded with; rebuilt only when inputs changed."""
    data_dir = Path(data_dir)
    db_path, config_path, stamp_path = data_dir / DB_NAME, data_dir / CONFIG_NAME, data_dir / STAMP_NAME
    folder = sample_folder()
    stamp = input_stamp(folder)
    if db_path.exists() and config_path.exists() and _read_stamp(stamp_path) == stamp:
        return db_path, config_path
    data_dir.mkdir(parents=True, exist_ok=True)
    stamp_path.unlink(missing_ok=True)
    shutil.copyfile(folder / CONFIG_NAME, config_path)
    _load_fresh(folder, db_path, config_path)
    stamp_path.write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")
    return db_path, config_path


def _load_fresh(folder: Path, db_path: Path, config_path: Path) -> None:
    """Load into a new file beside the database, then swap it in: a failed build keeps the old one."""
    from crowdlens.cli import main

    building = db_path.parent / ".demo-build" / db_path.name
    _remove(building)
    building.parent.mkdir(exist_ok=True)
    try:
        code = main([
            "load", str(folder / "viva-engage"), "--db", str(building), "--format", "viva-engage",
            "--directory", str(folder / "annuaire_rh.csv"),
            "--training", str(folder / "presences_formations.csv"),
            "--courses", str(folder / "formations"), "--config", str(config_path),
        ])
        if code != 0:
            raise RuntimeError("loading the sample company failed (the error is printed above)")
        os.replace(building, db_path)
    finally:
        _remove(building)
        with contextlib.suppress(OSError):
            building.parent.rmdir()


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def _read_stamp(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
