"""The one error a bad input raises: it names the file, the record and what was expected."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: the CLI prints it on one line and exits non-zero, the old database untouched."""

    def __init__(self, path, record: str | None, expected: str):
        self.path = str(path)
        self.record = record
        self.expected = expected
        where = f"{self.path}: {record}" if record else self.path
        super().__init__(f"{where}: {expected}")
