"""Page building blocks: tables with a safe CSV download, charts with their one-line caption,
headline figures, empty states. Text from exports is always rendered as text."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import aliases, charts

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:])")


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell a spreadsheet would run as a formula starts with a quote."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    return safe


def _defuse(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    return csv_safe(frame).to_csv(index=False).encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def table_with_download(frame: pd.DataFrame, filename: str, caption: str,
                        empty_message: str = "Nothing to show for this selection.",
                        column_config: dict | None = None) -> None:
    """A caption, the table (or an empty-state message), and its CSV download.

    A department, site or level column unknown on every row (a forum export loaded without an HR
    directory) is left out of the table, and the caption says so; the CSV keeps every column."""
    shown, unknown = unknown_groups_named(frame)
    st.caption(caption + (f" {' and '.join(unknown).capitalize()}: unknown for everyone listed."
                          if unknown and not frame.empty else ""))
    if frame.empty:
        st.info(empty_message)
        return
    config = {name: value for name, value in {**readable_columns(shown), **(column_config or {})}.items()
              if name in shown.columns}
    st.dataframe(shown, hide_index=True, column_config=config, width="stretch")
    st.download_button("Download CSV", csv_bytes(frame), file_name=filename, mime="text/csv",
                       key=f"download-{filename}", icon=":material/download:")


def unknown_groups_named(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The table as shown: a missing department, site or job level written "(unknown)" (as
    hierarchy_replies.sql and the charts do) rather than None, and such a column left out when it
    is unknown on every row; with the labels of the columns left out."""
    groups = [name for name in frame.columns if aliases.grouping_of(name)]
    texts = [name for name in groups
             if (frame[name].dtype == object or pd.api.types.is_string_dtype(frame[name]))
             and frame[name].isna().any()]
    empty = [name for name in texts if frame[name].isna().all()] if len(frame) else []
    shown = frame.drop(columns=empty).fillna(dict.fromkeys(set(texts) - set(empty), charts.UNKNOWN_GROUP))
    return shown, [str(name).replace("_", " ") for name in empty]


def readable_columns(frame: pd.DataFrame) -> dict:
    """Column labels in words and dates without a midnight time; the CSV keeps the raw names."""
    config = {}
    for name in frame.columns:
        label = str(name).replace("_", " ").capitalize()
        values = frame[name]
        if name == "suppressed":
            config[name] = st.column_config.CheckboxColumn(
                label, help="Fewer people than the minimum group size: values hidden (privacy).")
        elif pd.api.types.is_datetime64_any_dtype(values):
            config[name] = _date_column(label, values, month=name == "month")
        elif str(name).endswith(("_share", "_rate")):
            config[name] = st.column_config.NumberColumn(label, format="percent")
        elif pd.api.types.is_integer_dtype(values) and not pd.api.types.is_bool_dtype(values):
            # counts grouped in thousands as the page's cards write them (17,577, not 17577)
            config[name] = st.column_config.NumberColumn(label, format="localized")
        else:
            config[name] = st.column_config.Column(label)
    return config


def _date_column(label: str, values: pd.Series, month: bool):
    if month:
        return st.column_config.DateColumn(label, format="MMM YYYY")
    days = values.dropna()
    if getattr(values.dt, "tz", None) is None and (days == days.dt.normalize()).all():
        return st.column_config.DateColumn(label, format="YYYY-MM-DD")
    return st.column_config.DatetimeColumn(label, format="YYYY-MM-DD HH:mm")


def chart(figure: go.Figure, caption: str, key: str) -> None:
    """One line saying what the chart measures, then the chart."""
    st.caption(caption)
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})


def plain(text: str) -> str:
    """Text from a header or an export, escaped so that markdown shows it literally."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def headlines(frame: pd.DataFrame, figures: dict[str, tuple[str, str, str]], compare: bool = True) -> None:
    """st.metric cards from overview_headlines: value now, change from the previous period.

    `figures` maps a figure key to (label, kind, help) with kind "count" or "share"; without
    `compare` (a previous period with no data at all), no change is shown.
    """
    current = frame[frame["period"] == "current"].set_index("figure")
    previous = frame[frame["period"] == "previous"].set_index("figure")
    per_row = 3  # six cards in two rows keep their labels whole
    items = list(figures.items())
    columns = [c for start in range(0, len(items), per_row) for c in st.columns(per_row)][:len(items)]
    for column, (key, (label, kind, help_text)) in zip(columns, items, strict=True):
        now = _value(current, key)
        before = _value(previous, key) if compare else None
        with column:
            delta = _delta(now, before, kind)
            flat = delta in ("0", "0 pts")  # no change: no arrow, no colour
            st.metric(label, _format(now, kind, _hidden(current, key)), delta=delta, help=help_text,
                      border=True, delta_color="off" if flat else "normal",
                      delta_arrow="off" if flat else "auto")


def _value(frame: pd.DataFrame, key: str):
    if key not in frame.index:
        return None
    value = frame.loc[key, "value"]
    return None if pd.isna(value) else float(value)


def _hidden(frame: pd.DataFrame, key: str) -> bool:
    return key in frame.index and "suppressed" in frame.columns and bool(frame.loc[key, "suppressed"])


def _format(value, kind: str, hidden: bool) -> str:
    if hidden:
        return "suppressed"
    if value is None:
        return "–"
    return f"{value:.0%}" if kind == "share" else f"{value:,.0f}"


def _delta(now, before, kind: str) -> str | None:
    if now is None or before is None:
        return None
    if kind == "share":
        return f"{(now - before) * 100:+.0f} pts".replace("+0 ", "0 ").replace("-0 ", "0 ")
    change = f"{now - before:+,.0f}"
    return "0" if change in ("+0", "-0") else change


# --- Adoption ---

def figure_cards(cards: list[dict]) -> None:
    """A row of st.metric cards from figures already computed.

    Each card: label, value (a number or None), kind ("count" or "share"), help, and optionally
    hidden (suppressed: shown as such) and before (the value it is compared with, for the change).
    Kind "ratio" shows two decimals (a Gini coefficient) and no change.
    """
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        hidden, value, kind = card.get("hidden", False), card["value"], card["kind"]
        ratio = kind == "ratio" and value is not None and not hidden
        delta = None if hidden or kind == "ratio" else _delta(value, card.get("before"), kind)
        flat = delta in ("0", "0 pts")
        with column:
            st.metric(card["label"], f"{value:.2f}" if ratio else _format(value, kind, hidden), delta=delta,
                      help=card["help"], border=True, delta_color="off" if flat else "normal",
                      delta_arrow="off" if flat else "auto")
