"""`crowdlens load` on odd inputs: one line naming the file, the record and what was expected, a
non-zero exit, and the database of an earlier good load left byte for byte as it was.

The good database holds the question/ Viva Engage export (3 posts) and courses.csv (SEC-02, TCD-01).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES

from crowdlens.cli import main

ODD = FIXTURES / "odd_inputs"


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "crowd.duckdb"
    code = main(["load", str(FIXTURES / "viva_engage" / "question"), "--db", str(path),
                 "--courses", str(FIXTURES / "training" / "courses.csv")])
    assert code == 0
    return path


@pytest.fixture
def db(tmp_path, good_db) -> Path:
    return Path(shutil.copyfile(good_db, tmp_path / "crowd.duckdb"))


def refused(capsys, db: Path, *args: str) -> str:
    """The one stderr line of a load that must fail, after checking the exit code and the database."""
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    capsys.readouterr()
    code = main(["load", *args, "--db", str(db)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1, err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    return err[0]


def test_folder_with_no_recognised_export(capsys, db):
    folder = ODD / "no_recognised_export"
    line = refused(capsys, db, str(folder))
    assert f"{folder}: an export in one of these formats: viva-engage, slack" in line


def test_a_lone_csv_as_input_is_not_called_a_cut_zip(capsys, db):
    """Before: 'a folder or a .zip archive (the end of the archive is missing)', wrong for a .csv."""
    path = ODD / "lone_messages.csv"
    line = refused(capsys, db, str(path))
    assert f"{path}: an export folder or its .zip archive, not a lone file" in line
    assert "--directory" in line
    assert "end of the archive" not in line


def test_directory_with_only_a_header(capsys, db):
    """Before: loaded as a directory of nobody, exit 0."""
    path = ODD / "directory_header_only.csv"
    line = refused(capsys, db, "--directory", str(path))
    assert line == f"crowdlens: error: {path}: line 2: at least one employee after the header row"


def test_attendance_with_only_a_header(capsys, db, tmp_path):
    path = tmp_path / "attendance.csv"
    path.write_text("Course ID,Employee ID,Date\n", encoding="utf-8")
    line = refused(capsys, db, "--training", str(path))
    assert line == f"crowdlens: error: {path}: line 2: at least one attendance row after the header row"


def test_courses_csv_with_only_a_header(capsys, db, tmp_path):
    path = tmp_path / "courses.csv"
    path.write_text("course_id,title\n", encoding="utf-8")
    line = refused(capsys, db, "--courses", str(path))
    assert line == f"crowdlens: error: {path}: line 2: at least one course after the header row"


@pytest.mark.parametrize("case", ["empty", "courses_folder_without_md"])
def test_courses_folder_without_course_files(capsys, db, tmp_path, case):
    folder = tmp_path / "empty" if case == "empty" else ODD / case
    folder.mkdir(exist_ok=True)
    line = refused(capsys, db, "--courses", str(folder))
    assert line == f"crowdlens: error: {folder}: course material: .md or .txt files, one per course"


def test_attendance_naming_an_unknown_course(capsys, db):
    """The database knows SEC-02 and TCD-01; the file's one row names NOPE-99. Before: loaded, exit 0."""
    path = ODD / "attendance_unknown_course.csv"
    line = refused(capsys, db, "--training", str(path))
    assert line == (f"crowdlens: error: {path}: course 'NOPE-99': "
                    "a course id of the loaded courses (SEC-02, TCD-01)")


def test_a_folder_as_the_database(capsys, tmp_path):
    """Before: 'IsADirectoryError: [Errno 21] ...' from deep in the loader, exit 1."""
    code = main(["load", str(FIXTURES / "viva_engage" / "question"), "--db", str(tmp_path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert err == [f"crowdlens: error: {tmp_path}: a database file to create or update, not a folder"]


@pytest.mark.parametrize("last", [False, True])
def test_a_message_longer_than_the_line_limit(capsys, db, tmp_path, last):
    """A Messages.csv whose row 3 holds a 5 MB body (over the 4 MB a record may take), followed by
    a short message or last in the file: refused, naming the file, the row and the limit (DuckDB
    drops such a last row without a word when the read buffer's size is set: it is not)."""
    export = tmp_path / "long"
    export.mkdir()
    rows = ["id,replied_to_id,thread_id,sender_id,body,created_at",
            "1,,1,7,hello,2024-01-01 10:00:00 UTC",
            "2,1,1,7," + "x" * (5 * 1024 * 1024) + ",2024-01-01 11:00:00 UTC"]
    if not last:
        rows.append("3,1,1,7,bye,2024-01-01 12:00:00 UTC")
    (export / "Messages.csv").write_text("\n".join(rows), encoding="utf-8")
    line = refused(capsys, db, str(export))
    assert line.startswith(f"crowdlens: error: {export / 'Messages.csv'}: row 3: ")
    assert "Maximum line size of 4194304 bytes exceeded" in line
