"""Names or stable aliases: `show_names = false` in crowdlens.toml hides people's names.

An alias is "Member " and the first six hex digits of the sha256 of the person id: the same
person gets the same alias on every page and every day (the person id is stable across loads),
and the alias reveals nothing a reader could look up. A person without a name gets an alias too.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

PREFIX = "Member "


def alias(person_id: str) -> str:
    return PREFIX + hashlib.sha256(str(person_id).encode("utf-8")).hexdigest()[:6]


def named(frame: pd.DataFrame, show_names: bool, name: str = "display_name",
          person: str = "person_id") -> pd.DataFrame:
    """A copy whose `name` column holds display names, or aliases when names are hidden."""
    shown = frame.copy()
    if name not in shown.columns:
        return shown
    aliases = shown[person].map(alias)
    keep = shown[name].notna() & (shown[name].astype(str).str.strip() != "") if show_names \
        else pd.Series(False, index=shown.index)
    shown[name] = shown[name].astype("object").where(keep, aliases)
    return shown


SMALL_GROUP = "(small group)"
GROUP_COLUMN = re.compile(r"(?:[a-z]+_)?(department|site|level)(?:_[ab])?")  # asker_site, job_level, department_a


def grouping_of(column) -> str | None:
    """The grouping a column holds values of, "department", "site" or "job_level", whatever its
    prefix or end suffix (asker_department, department_a, to_level); None for any other column."""
    match = GROUP_COLUMN.fullmatch(str(column))
    if match is None:
        return None
    return "job_level" if match.group(1) == "level" else match.group(1)


def small_groups_hidden(frame: pd.DataFrame, small: dict[str, set]) -> pd.DataFrame:
    """A copy where each group name of `small` ({"department": {...}, "site": {...},
    "job_level": {...}}) reads SMALL_GROUP, in every column holding that grouping (see
    grouping_of); charts drawn from the copy show it too."""
    shown = frame.copy()
    for name in shown.columns:
        grouping = grouping_of(name)
        if small.get(grouping):
            column = shown[name]
            shown[name] = column.astype("object").where(~column.isin(small[grouping]), SMALL_GROUP)
    return shown
