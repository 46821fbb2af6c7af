"""Ties: who interacts with whom across the org chart."""

import streamlit as st

from dashboard import charts, data, filters, widgets

data.require_database()
selected = filters.sidebar()
st.title("Ties")
st.caption(filters.describe(selected, filters.space_labels()))
with_reactions = st.toggle("Count reactions too", help="Reactions are a weaker signal than replies and mentions.")
matrix = data.metric("department_interactions", include_reactions=with_reactions,
                     **filters.for_metric("department_interactions", selected))
if matrix.empty:
    st.info("No interactions between people of known departments in this selection.")
else:
    widgets.chart(charts.department_matrix(matrix),
                  "Replies and mentions" + (" and reactions" if with_reactions else "")
                  + " from people of one department (row) to people of another (column).", "ties-matrix")
widgets.table_with_download(
    matrix, "interactions_between_departments.csv",
    "Per pair of departments: interactions, and the distinct people who made and received them.",
    empty_message="No interactions between people of known departments in this selection.",
)
widgets.later_note("the E-I index per department and month, weak ties and local bridges, brokers, "
                   "and informal communities set against the formal departments.")
