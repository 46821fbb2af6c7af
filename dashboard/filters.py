"""The global filters: period, department, site and space, in the sidebar of every page.

Their values live in st.session_state (so every page shares them) and in the URL query
(`?start=2024-03-01&end=2024-04-01&department=IT`, the period's end exclusive like every
metric's $end), so a view can be shared as a link. The values are kept under a key of their
own rather than only in the widgets' keys, because Streamlit forgets a widget's state when a
page without it runs.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

import queries
from dashboard import data, widgets

NAMES = ("start", "end", "department", "site", "space")
CHOICES = {"department": "Department", "site": "Site", "space": "Space"}
ALL = {"department": "All departments", "site": "All sites", "space": "All spaces"}
STORE = "crowdlens_filters"
NOTES = "crowdlens_filter_notes"
PERIOD_KEY = "flt_period"


def sidebar() -> dict:
    """Draw the filters; return {start, end, department, site, space} for the metrics."""
    options, coverage = _options()
    store = _store(options, coverage)
    with st.sidebar:
        st.header("Filters")
        _period_widget(store, coverage)
        for name, label in CHOICES.items():
            _choice_widget(store, name, label, options[name])
        for note in st.session_state.get(NOTES, []):
            st.caption(note)
    _write_url(store)
    return resolved(store, coverage)


def keep_in_url() -> None:
    """On pages without filters: keep the selection in the URL so the link still carries it."""
    if STORE in st.session_state:
        _write_url(st.session_state[STORE])


def resolved(store: dict, coverage: tuple[date, date]) -> dict:
    """The filter values with the period made concrete (no selection = the data's coverage)."""
    return {**store, "start": store["start"] or coverage[0], "end": store["end"] or coverage[1]}


def for_metric(name: str, selected: dict) -> dict:
    """The filters a metric takes, by the parameters its header declares."""
    declared = queries.get(name).params
    return {key: value for key, value in selected.items() if key in declared}


def ignored(name: str, selected: dict) -> list[str]:
    """Filters set to something other than "all" that this metric does not take."""
    declared = queries.get(name).params
    return [CHOICES[key].lower() for key in CHOICES if selected.get(key) and key not in declared]


def describe(selected: dict, labels: dict | None = None) -> str:
    """One line naming the selection, for captions: "1 Mar 2024 – 31 Mar 2024 · IT · all sites"."""
    labels = labels or {}
    parts = [period_text(selected["start"], selected["end"])]
    for key in CHOICES:
        value = selected.get(key)
        # names come from the exports and captions are markdown: "dev_ops_team" must not turn italic
        parts.append(widgets.plain(labels.get(value, value)) if value else ALL[key].lower())
    return " · ".join(parts)


def coverage() -> tuple[date, date]:
    """The days the data covers: the first post's day, and the day after the last post."""
    return _options()[1]


def space_labels() -> dict[str, str]:
    options, _ = _options()
    return dict(options["space"])


def period_text(start, end) -> str:
    """"1 Mar 2024 – 31 Mar 2024" for the days from start to end (exclusive)."""
    first, last = _as_date(start), _as_date(end) - timedelta(days=1)
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def _options() -> tuple[dict[str, list[tuple[str, str]]], tuple[date, date]]:
    """Choices per filter as (value, label), and the coverage [first post day, day after the last)."""
    frame = data.metric("filter_options")
    options = {name: [(v, lbl) for v, lbl in frame.loc[frame["filter"] == name, ["value", "label"]]
                      .itertuples(index=False)] for name in CHOICES}
    cover = data.metric("data_coverage").set_index("table_name").loc["posts"]
    if cover.isna()["first_day"]:
        today = date.today()
        return options, (today, today + timedelta(days=1))
    return options, (_as_date(cover["first_day"]), _as_date(cover["last_day"]) + timedelta(days=1))


def _as_date(value) -> date:
    return pd.Timestamp(value).date()


def _store(options: dict, coverage: tuple[date, date]) -> dict:
    """The session's selection; on a session's first run it comes from the URL."""
    if STORE not in st.session_state:
        store, notes = _from_url(options, coverage)
        st.session_state[STORE] = store
        st.session_state[NOTES] = notes
    return st.session_state[STORE]


def _from_url(options: dict, coverage: tuple[date, date]) -> tuple[dict, list[str]]:
    store = dict.fromkeys(NAMES)
    notes = []
    for key in ("start", "end"):
        raw = st.query_params.get(key)
        if raw:
            try:
                store[key] = date.fromisoformat(raw)
            except ValueError:
                notes.append(f"The link's {key} date {raw!r} is not a date (YYYY-MM-DD); ignored.")
    low, high = limits(coverage)
    start, end = store["start"] or coverage[0], store["end"] or coverage[1]
    if not (low <= start < end <= high + timedelta(days=1)):
        if store["start"] or store["end"]:
            notes.append("The link's period lies outside the data's coverage; showing all of it.")
        store["start"] = store["end"] = None
    for key in CHOICES:
        raw = st.query_params.get(key)
        if raw and raw in dict(options[key]):
            store[key] = raw
        elif raw:
            notes.append(f"The link's {CHOICES[key].lower()} {raw!r} is not in this database; ignored.")
    return store, notes


def limits(coverage: tuple[date, date]) -> tuple[date, date]:
    """The days a period may span: the coverage widened to whole months, so "March" can be picked
    even when the data ends on the 25th."""
    last = coverage[1] - timedelta(days=1)
    month_end = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return coverage[0].replace(day=1), month_end


def _period_widget(store: dict, coverage: tuple[date, date]) -> None:
    first, last = limits(coverage)
    shown = (store["start"] or coverage[0], (store["end"] or coverage[1]) - timedelta(days=1))
    current = st.session_state.get(PERIOD_KEY)
    valid = current and all(first <= day <= last for day in current)
    # Assigned on every run, even to itself: a widget first drawn on another page would
    # otherwise start from its default rather than from the selection.
    st.session_state[PERIOD_KEY] = current if valid else shown
    picked = st.date_input("Period", min_value=first, max_value=last, key=PERIOD_KEY,
                           format="YYYY-MM-DD",
                           help="First and last day counted. Empty means the whole period covered.")
    if not picked:
        start, end = coverage
    elif len(picked) == 1:  # the second date is not chosen yet: keep the end there was
        start = picked[0]
        end = max(store["end"] or coverage[1], start + timedelta(days=1))
    else:
        start, end = picked[0], picked[1] + timedelta(days=1)
    store["start"] = None if start == coverage[0] else start
    store["end"] = None if end == coverage[1] else end


def select_period(start: date, end: date) -> None:
    """A button's callback: select [start, end) in the period filter before the next run draws it."""
    st.session_state[PERIOD_KEY] = (start, end - timedelta(days=1))


def recent_period(coverage_end: date, data_start: date) -> tuple[date, date, str]:
    """The period to compare when the whole coverage is selected: the last three calendar months
    (the last one when the data spans less than six), so its previous period lies in the data."""
    months = 3 if (coverage_end - data_start).days >= 183 else 1
    start = (pd.Timestamp(coverage_end - timedelta(days=1)).to_period("M").to_timestamp()
             - pd.DateOffset(months=months - 1)).date()
    return start, coverage_end, "three months" if months == 3 else "month"


def _choice_widget(store: dict, name: str, label: str, choices: list[tuple[str, str]]) -> None:
    key = f"flt_{name}"
    values = ["", *(value for value, _ in choices)]
    names = dict(choices)
    current = st.session_state.get(key)
    st.session_state[key] = current if current in values else (store[name] or "")
    picked = st.selectbox(label, values, key=key,
                          format_func=lambda v: names.get(v, v) if v else ALL[name])
    store[name] = picked or None


def _write_url(store: dict) -> None:
    wanted = {key: str(value) for key, value in store.items() if value}
    for key in NAMES:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]
