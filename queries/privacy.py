"""Small-group suppression: the one place where min_group_size is applied (DESIGN.md, Privacy)."""

from __future__ import annotations

import pandas as pd


def suppress(frame: pd.DataFrame, size_column: str, keys: list[str], min_group_size: int) -> pd.DataFrame:
    """Blank every value but the keys on rows that count fewer than min_group_size people.

    The row stays (so a chart can show the group as suppressed rather than absent), with
    `suppressed` set to True; the size itself is blanked too, since "3 people" is a number.
    An empty group (0 people) says nothing about anyone and stays visible as a zero.
    """
    frame = frame.copy()
    size = pd.to_numeric(frame[size_column], errors="coerce")
    small = size.notna() & (size > 0) & (size < min_group_size)
    hidden = [c for c in frame.columns if c not in keys]
    for column in hidden:
        if small.any():
            frame[column] = frame[column].astype("object")
            frame.loc[small, column] = None
    frame["suppressed"] = small
    return frame
