"""What an importer returns: rows for the canonical tables, with people still named by their source ids.

Importers are pure: they read their input and return a Batch. Resolving those ids to people,
merging into the database and the safety rules are the loader's job (etl/load.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

if TYPE_CHECKING:
    import pandas as pd

# Columns of each batch table. People are referenced by `source_user_id` values
# (author_id, person_id columns) except in `accounts.person_id`, which an importer
# may preset (the canonical format names its people directly).
COLUMNS = {
    "accounts": [
        "source_user_id", "person_id", "email", "display_name", "department", "site",
        "job_level", "manager_ref", "hired_on", "is_bot", "in_directory",
    ],
    "spaces": ["space_id", "name", "kind"],
    "threads": [
        "thread_id", "space_id", "title", "author_id", "created_at", "is_question",
        "accepted_post_id",
    ],
    "posts": [
        "post_id", "thread_id", "author_id", "created_at", "parent_post_id", "body_text",
        "edited_at", "deleted_at",
    ],
    "reactions": ["post_id", "person_id", "kind", "created_at"],
    "mentions": ["post_id", "person_id"],
    "courses": ["course_id", "title", "language", "material_text", "key_terms"],
    "attendance": ["course_id", "person_id", "attended_on", "completed"],
}

# A mention inside body_text, written by importers as @<<source_user_id>> and replaced by
# the person's display name (or alias, in a pseudonymised load) once identities are known.
MENTION_MARKER = "@<<{}>>"


@dataclass
class Batch:
    """Rows from one input, for one source (`viva-engage`, `slack`, `directory`, ...)."""

    source: str
    tables: dict[str, pa.Table | pd.DataFrame] = field(default_factory=dict)
    warnings: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    inputs: list[str] = field(default_factory=list)
    # tables whose key (etl.merge.KEYS) the importer found unique itself, with a clearer error
    # than the loader's: not checked again (a million post ids took 0.1 s more)
    unique_keys: set[str] = field(default_factory=set)

    def warn(self, code: str, example: str, count: int = 1) -> None:
        """Count a recoverable oddity; keep the first example so the data page can show one."""
        if count <= 0:
            return
        self.warnings[code] += count
        self.examples.setdefault(code, example)

    def rows(self, name: str) -> int:
        data = self.tables.get(name)
        return 0 if data is None else len(data)

    def table(self, name: str) -> pa.Table:
        """The named table as Arrow, with every expected column (missing ones as nulls)."""
        data = self.tables.get(name)
        if data is None:
            return pa.table({col: pa.nulls(0) for col in COLUMNS[name]})
        if not isinstance(data, pa.Table):
            for col in COLUMNS[name]:
                if col not in data.columns:
                    data[col] = None
            return pa.Table.from_pandas(data[COLUMNS[name]], preserve_index=False)
        missing = [c for c in COLUMNS[name] if c not in data.column_names]
        for col in missing:
            data = data.append_column(col, pa.nulls(data.num_rows))
        return data.select(COLUMNS[name])
