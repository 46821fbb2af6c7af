"""`crowdlens dashboard`: serve the Streamlit app on one database, on localhost unless told otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from etl.errors import InputError

# How the server tells the app (dashboard/data.py) what to read. Kept here, not imported from
# dashboard.data, so that the CLI does not import Streamlit's caching outside a running app.
DB_ENV = "CROWDLENS_DB"
CONFIG_ENV = "CROWDLENS_CONFIG"


def app_path() -> Path:
    """dashboard/app.py, wherever the package is installed (a checkout or a wheel)."""
    return Path(str(resources.files("dashboard").joinpath("app.py")))


def command(port: int = 8501, host: str = "127.0.0.1") -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path()),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",  # no "Deploy" button: this is a local, read-only view
    ]


def environment(db: Path, config: str | None = None) -> dict[str, str]:
    env = {**os.environ, DB_ENV: str(Path(db).resolve())}
    if config:
        env[CONFIG_ENV] = str(Path(config).resolve())
    else:
        env.pop(CONFIG_ENV, None)
    return env


def serve(db: Path, port: int = 8501, host: str = "127.0.0.1", config: str | None = None) -> int:
    """Run the dashboard until interrupted; returns Streamlit's exit code."""
    db = Path(db)
    if not db.is_file():
        raise InputError(db, None, "a crowdlens database; run `crowdlens load` first")
    if config and not Path(config).is_file():
        raise InputError(config, None, "a configuration file, but it does not exist")
    print(f"crowdlens dashboard on http://{host}:{port} (database {db})", file=sys.stderr)
    return subprocess.run(command(port, host), env=environment(db, config), check=False).returncode
