"""Influencers: whom people rely on."""

import streamlit as st

from dashboard import charts, data, filters, widgets

data.require_database()
selected = filters.sidebar()
st.title("Influencers")
st.caption(filters.describe(selected, filters.space_labels()))
audience = data.metric("reply_audience", **filters.for_metric("reply_audience", selected))
if audience.empty:
    st.info("Nobody received a reply in this selection.")
else:
    widgets.chart(charts.reply_audience(audience),
                  "The people whose posts drew replies from the most distinct colleagues in the period.",
                  "influencers-audience")
widgets.table_with_download(
    audience.drop(columns=["person_id"]), "reply_audience.csv",
    "Distinct people who replied to each person, and the replies received.",
    empty_message="Nobody received a reply in this selection.",
)
widgets.later_note("PageRank over a trailing window, emergence and rising members, accepted answers, "
                   "departments reached, and roles (engager, catalyst, responder, broadcaster, observer).")
