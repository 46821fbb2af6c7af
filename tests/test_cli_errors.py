"""`crowdlens load` on bad Viva Engage exports: one line on stderr, a non-zero exit, the old database kept.

Each bad export is made from the question/ fixture (threads 100 and 102; messages 100, 101,
102) by breaking one thing. Before each bad load, the database holds a good load of bom/.
"""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, ROOT, crowdlens_cli

CASES = FIXTURES / "viva_engage"



@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "crowd.duckdb"
    done = crowdlens_cli("load", str(CASES / "bom"), "--db", str(path), "--format", "viva-engage")
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def db(tmp_path, good_db) -> Path:
    """A copy of a good load of bom/ (2 posts), for one test to try to spoil."""
    return Path(shutil.copyfile(good_db, tmp_path / "crowd.duckdb"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def export_with(tmp_path: Path, edit) -> Path:
    """A copy of question/ whose Messages.csv text went through `edit`."""
    folder = tmp_path / "export"
    shutil.copytree(CASES / "question", folder)
    messages = folder / "Messages.csv"
    messages.write_text(edit(messages.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def assert_refused(db: Path, export: Path, *expected: str, fmt: str = "viva-engage") -> str:
    """Exit code non-zero, exactly one stderr line holding every `expected` text, db untouched."""
    before = digest(db)
    done = crowdlens_cli("load", str(export), "--db", str(db), "--format", fmt)
    lines = done.stderr.strip().splitlines()
    assert done.returncode != 0
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    assert digest(db) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from posts").fetchall() == [(2,)]  # bom/ has 2 messages
    return lines[0]


def test_truncated_zip(tmp_path, db):
    """The question/ export zipped, then cut at half its size (an interrupted download)."""
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in (CASES / "question").iterdir():
            zf.write(file, file.name)
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    assert_refused(db, archive, str(archive), "zip archive")
    assert_refused(db, archive, str(archive), "zip archive", fmt="auto")


def test_empty_messages_csv(tmp_path, db):
    """Messages.csv of 0 bytes."""
    export = export_with(tmp_path, lambda text: "")
    assert_refused(db, export, str(export / "Messages.csv"), "the file is empty")


def test_header_only_messages_csv(tmp_path, db):
    """Messages.csv with its header and no message."""
    export = export_with(tmp_path, lambda text: text.splitlines(keepends=True)[0])
    assert_refused(db, export, str(export / "Messages.csv"), "at least one message")


def test_missing_required_column(tmp_path, db):
    """The header names 'sent_at' where 'created_at' was expected."""
    export = export_with(tmp_path, lambda text: text.replace("created_at", "sent_at", 1))
    line = assert_refused(db, export, str(export / "Messages.csv"), "'created_at'")
    assert "sent_at" in line  # says what the file has instead


def test_unparseable_timestamp(tmp_path, db):
    """Message 101's created_at written as '01/03/2020 10h00'."""
    export = export_with(tmp_path, lambda text: text.replace("2020-03-01 10:00:00 UTC", "01/03/2020 10h00"))
    assert_refused(db, export, str(export / "Messages.csv"), "message 101", "'01/03/2020 10h00'",
                   "ISO 8601", "2013/02/26 17:55:53 +0000")


def test_duplicate_message_id(tmp_path, db):
    """Message 102 written with id 101 (101 then appears twice)."""
    export = export_with(tmp_path, lambda text: text.replace("\n102,,102,", "\n101,,102,"))
    assert_refused(db, export, str(export / "Messages.csv"), "message 101", "unique message ids")


def test_malformed_csv(tmp_path, db):
    """A quoted body that never closes, in message 101: the third row as a spreadsheet counts
    them (header, message 100 whose body spans two lines, then 101)."""
    export = export_with(tmp_path, lambda text: text.replace("Use a join.", '"Use a join.'))
    assert_refused(db, export, str(export / "Messages.csv"), "row 3", "well-formed UTF-8 CSV",
                   "unterminated quote")


INTERRUPTED_LOAD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
from crowdlens.cli import main
from etl import activity

def endless(con):
    print("activity started", flush=True)
    con.execute("select count(*) from range(1000000000000)").fetchall()

activity.rebuild = endless
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_during_a_load_leaves_the_database_as_it_was(tmp_path, db):
    """SIGINT while DuckDB runs the activity build (made endless here): DuckDB stops the query
    with its own error, which the command reports as an interruption (exit 130, one line), and
    the database keeps its 2 posts and its bytes."""
    before = digest(db)
    load = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_LOAD, "load", str(CASES / "question"), "--db", str(db),
         "--format", "viva-engage"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert load.stdout.readline().strip() == "activity started"
    load.send_signal(signal.SIGINT)
    _, stderr = load.communicate(timeout=60)
    assert load.returncode == 130
    assert stderr.strip().splitlines() == ["crowdlens: interrupted; the database was left as it was"]
    assert digest(db) == before
    assert not list(tmp_path.glob(".crowd.duckdb.loading-*"))
