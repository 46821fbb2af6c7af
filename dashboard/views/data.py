"""Data: what was loaded, when, how much, and what did not fit."""

import json

import streamlit as st

from dashboard import charts, data, filters, widgets

data.require_database()
filters.keep_in_url()
st.title("Data")
st.caption(f"Database: `{data.database_path()}` · minimum group size: {data.min_group_size()}")

st.subheader("Period covered")
coverage = data.metric("data_coverage")
posts = coverage.set_index("table_name").loc["posts"]
if coverage["dated_rows"].sum() == 0:
    st.info("No dated rows yet.")
else:
    first, last, months = st.columns(3)
    first.metric("First post", "–" if posts.isna()["first_day"] else f"{posts['first_day']:%Y-%m-%d}")
    last.metric("Last post", "–" if posts.isna()["last_day"] else f"{posts['last_day']:%Y-%m-%d}")
    months.metric("Posts dated", f"{int(posts['dated_rows']):,}")
undated = coverage.loc[coverage["dated_rows"] == 0, "table_name"].tolist()
widgets.table_with_download(coverage[coverage["dated_rows"] > 0], "period_covered.csv",
                            "First and last day (UTC) of each table's dated rows."
                            + (f" No dated rows in: {', '.join(undated)}." if undated else ""))

st.subheader("Rows per table")
counts = data.metric("table_counts")
widgets.chart(charts.table_rows(counts), "How many rows each table holds after the last load.", "data-rows")
if empty := counts.loc[counts["row_count"] == 0, "table_name"].tolist():
    st.caption(f"Empty, so not drawn: {', '.join(empty)}.")

st.subheader("Unmatched accounts")
domains = data.config().internal_domains
unmatched = data.metric("unmatched_accounts")  # its internal_domains from crowdlens.toml
widgets.table_with_download(
    unmatched if domains else unmatched.drop(columns="guests"), "unmatched_accounts.csv",
    "Accounts whose person the HR directory does not know, per source: their activity counts, but they "
    "have no department, site or level. "
    + (f"Guests: those with an e-mail outside {', '.join(domains)} (partners, guests of external groups), "
       "expected outside the directory; the other unmatched people, bots aside, are likely employees it misses."
       if domains else "Set `internal_domains` in crowdlens.toml to tell guests from employees the "
       "directory misses."),
    empty_message="No accounts besides the directory's.",
)

st.subheader("Warnings of the last load")
widgets.table_with_download(data.metric("load_warnings"), "load_warnings.csv",
                            "Recoverable oddities the last load counted, with a first example.",
                            empty_message="The last load counted no warnings.")

st.subheader("Loads")
runs = data.metric("load_history")
runs["inputs"] = runs["inputs"].map(lambda raw: ", ".join(i["path"] for i in json.loads(raw or "[]")))
widgets.table_with_download(runs.drop(columns=["counts", "warnings"]), "load_history.csv",
                            "Every load into this database, newest first.",
                            empty_message="No load recorded.")
