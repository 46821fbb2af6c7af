"""Overview: the headline figures of the selected period, against the period just before it."""

import streamlit as st

from dashboard import charts, data, filters, widgets

FIGURES = {
    "engaged_people": ("Engaged people", "count",
                       "People who wrote a post or reply, or reacted to someone else's post "
                       "(exports rarely record reads)."),
    "posts": ("Posts", "count", "Posts and replies written, deleted ones excluded."),
    "new_contributors": ("New contributors", "count", "People whose first post ever falls in the period."),
    "questions": ("Questions asked", "count",
                  "Threads flagged as questions by their source, or whose first post asks one."),
    "answered_share": ("Questions answered", "share",
                       "Share of the period's questions whose first reply by someone other than the asker "
                       "(not a bot, not deleted) came before the period's end."),
    "cross_department_share": ("Cross-department", "share",
                               "Share of replies and mentions between people of different departments."),
}

data.require_database()
selected = filters.sidebar()
st.title("Overview")
headlines = data.metric("overview_headlines", **filters.for_metric("overview_headlines", selected))
previous = headlines[headlines["period"] == "previous"].iloc[0]
data_start = filters.coverage()[0]
before_data = previous["period_end"].date() <= data_start  # nothing to compare with
comparison = ("" if before_data else " Changes are from the previous period of equal length, "
              f"{filters.period_text(previous['period_start'], previous['period_end'])}.")
st.caption(f"{filters.describe(selected, filters.space_labels())}.{comparison}")
widgets.headlines(headlines, FIGURES, compare=not before_data)
hidden = set(headlines.loc[headlines["suppressed"], "period"])
if "current" in hidden:
    st.caption(f"“suppressed”: fewer than {data.min_group_size()} people were engaged in this period and "
               "selection, so its figures are not shown.")
if before_data:
    st.caption("No change shown: the previous period lies before the data begins.")
    start, end, span = filters.recent_period(filters.coverage()[1], data_start)
    st.button(f"Compare the last {span} ({filters.period_text(start, end)}) with the {span} before",
              on_click=filters.select_period, args=(start, end), icon=":material/compare_arrows:")
elif previous["period_start"].date() < data_start:
    st.caption("The previous period starts before the data does, so the changes overstate growth.")
elif "previous" in hidden:
    st.caption(f"No change shown: fewer than {data.min_group_size()} people were engaged in the previous "
               "period in this selection.")

monthly = data.metric("activity_by_month", **filters.for_metric("activity_by_month", selected))
if monthly.empty:
    st.info("No activity in this selection.")
else:
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.activity_per_month(monthly, "posts", "Posts"),
                      "Posts and replies written each month (deleted posts excluded).", "overview-posts")
    with right:
        widgets.chart(charts.activity_per_month(monthly, "engaged_people", "Engaged people"),
                      "People who posted or reacted at least once in the month.", "overview-engaged")
