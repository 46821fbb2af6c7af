"""Adoption: how many people take part, month by month."""

import streamlit as st

from dashboard import charts, data, filters, widgets

data.require_database()
selected = filters.sidebar()
st.title("Adoption")
st.caption(filters.describe(selected, filters.space_labels()))
monthly = data.metric("activity_by_month", **filters.for_metric("activity_by_month", selected))
if monthly.empty:
    st.info("No activity in this selection.")
else:
    widgets.chart(charts.activity_per_month(monthly, "engaged_people", "Engaged people"),
                  "Engaged people per month: wrote a post or reply, or reacted, at least once in the month "
                  "(exports rarely record reads, so “active” means engaged).", "adoption-engaged")
widgets.table_with_download(
    monthly, "engaged_people_per_month.csv",
    "Per month: engaged people, of whom posted or only reacted, and posts written.",
    empty_message="No activity in this selection.",
)
widgets.later_note("adoption rate by department, site and job level, new contributors and whether they "
                   "come back, participation inequality, and question health.")
