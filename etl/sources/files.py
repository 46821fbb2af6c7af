"""Reading inputs as they arrive: a folder or a .zip of it, CSV files in whatever encoding Excel chose."""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa

from etl.errors import InputError


@contextlib.contextmanager
def unpacked(path: Path):
    """Yield a folder holding the input: the folder itself, or a .zip extracted aside."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not path.exists():
        raise InputError(path, None, "an existing file or folder")
    if not zipfile.is_zipfile(path):
        raise InputError(path, None, _not_an_archive(path))
    with tempfile.TemporaryDirectory(prefix="crowdlens-") as tmp:
        try:
            with zipfile.ZipFile(path) as archive:
                bad = archive.testzip()
                if bad:
                    raise InputError(path, f"member {bad}", "a complete zip archive (CRC mismatch)")
                archive.extractall(tmp)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise InputError(path, None, f"a complete zip archive ({exc})") from None
        yield Path(tmp)


def _not_an_archive(path: Path) -> str:
    if path.suffix.lower() == ".zip":
        return "a folder or a .zip archive (the end of the archive is missing)"
    return ("an export folder or its .zip archive, not a lone file (the HR directory, attendance and "
            "courses go with --directory, --training and --courses)")


def not_an_export(path: Path, expected: str) -> InputError:
    """The error for an input that is not the export expected. A folder that holds the export's
    .zip rather than its files (a download folder) is told to give that .zip."""
    path = Path(path)
    zips = sorted(p.name for p in path.glob("*.zip")) if path.is_dir() else []
    hint = f"; this folder holds {', '.join(zips[:3])}: give the .zip itself as INPUT" if zips else ""
    return InputError(path, None, expected + hint)


def find_file(folder: Path, name: str) -> Path | None:
    """The file called `name` (case-insensitive) in the folder or one level below it."""
    for candidate in [*folder.iterdir(), *folder.glob("*/*")]:
        if candidate.is_file() and candidate.name.lower() == name.lower():
            return candidate
    return None


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sniff_encoding(path: Path) -> str:
    """utf-8 (with or without BOM) when the start of the file decodes as such, else cp1252."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut by the 1 MB window
            return "cp1252"
    return "utf-8"


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header line into the most fields."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


# A record (a message with its body, a course with its material) may take up to 4 MB, far above
# the longest message forums allow (Slack's is 40,000 characters). DuckDB reads a CSV in buffers
# of 16 records' worth: with the 32 MB limit crowdlens once had, one 512 MB buffer, in which one
# thread read a whole export before any parsing began and parsed its last part alone (0.1 s of
# the 1.1 s a million messages took). Setting the buffer's size instead would keep the higher
# limit, but DuckDB then drops a final record longer than the buffer without a word
# (duckdb/duckdb#25825), where a longer record is otherwise an error naming its line.
MAX_LINE_BYTES = 4 * 1024 * 1024


def read_csv(path: Path, *, delimiter: str | None = None) -> pa.Table:
    """Every column as text, whatever the encoding and delimiter; header names stripped.

    UTF-8 files are read by DuckDB in place (fast, for exports of millions of rows); other
    encodings are transcoded to a temporary UTF-8 copy first (HR and LMS extracts are small).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, None, "a CSV file, but there is no such file")
    if path.stat().st_size == 0:
        raise InputError(path, None, "a CSV file with a header row, but the file is empty")
    encoding = sniff_encoding(path)
    with contextlib.ExitStack() as stack:
        source = path
        if encoding == "cp1252":
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="crowdlens-"))
            source = Path(tmp) / "utf8.csv"
            source.write_text(path.read_text(encoding="cp1252"), encoding="utf-8")
        with open(source, encoding="utf-8-sig", errors="replace") as fh:
            header = fh.readline()
        if not header.strip():
            raise InputError(path, "line 1", "a header row naming the columns")
        delim = delimiter or sniff_delimiter(header)
        table = _duckdb_read(path, source, delim)
    names = [re.sub(r"\s+", " ", n.replace("\ufeff", "")).strip() for n in table.column_names]
    return table.rename_columns(names)


def _duckdb_read(original: Path, source: Path, delim: str) -> pa.Table:
    con = duckdb.connect()
    try:
        return con.sql(
            """
            select * from read_csv($path, delim = $delim, header = true, all_varchar = true,
                                   quote = '"', escape = '"', strict_mode = true,
                                   null_padding = false, max_line_size = $max_line_size,
                                   parallel = true)
            """,
            params={"path": str(source), "delim": delim, "max_line_size": MAX_LINE_BYTES},
        ).to_arrow_table()
    except duckdb.Error as exc:
        raise InputError(original, _line_of(str(exc)), f"well-formed CSV ({_first_line(exc)})") from None
    finally:
        con.close()


def _line_of(message: str) -> str | None:
    match = re.search(r"[Ll]ine:?\s*(\d+)", message)
    return f"line {match.group(1)}" if match else None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200]


def require_columns(path: Path, table: pa.Table, required: list[str], what: str) -> None:
    """Fail with the missing column's name and what the file does have."""
    missing = [c for c in required if c not in table.column_names]
    if missing:
        have = ", ".join(table.column_names[:12])
        raise InputError(
            path, "header", f"{what} needs column {missing[0]!r} (found: {have})"
        )
