"""Influencers: whom people rely on, who is emerging, and one person's view.

Rankings are read at one month-end: the last month-end of the selected period (the latest
snapshot when the period runs to the end of the data). Names are shown, since finding people is
this page's purpose, unless `show_names = false`: then every table and chart shows aliases.
"""

import math
from datetime import date, timedelta

import pandas as pd
import streamlit as st

import queries
from dashboard import charts, data, filters, widgets

EMERGING_CAPS = {"everyone": None, "the 10 strongest": 10, "the 20 strongest": 20}
EMERGED_COLUMNS = ["display_name", "department", "emerged_month", "rank_at_emergence", "rank_now"]
SIGNALS = {"reactions_from_distinct_people": "reactions from distinct people",
           "accepted_answers": "accepted answers to others' questions"}
MONTH_COLUMN = {"emerged_month": st.column_config.DateColumn("Emerged in", format="MMM YYYY")}


def month_label(day) -> str:
    return f"{pd.Timestamp(day):%B %Y}"


def shown(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[[c for c in columns if c in frame.columns]]


def as_of(selected: dict) -> date | None:
    """The day rankings are read at: null (the latest snapshot) when the period reaches the end."""
    end = selected["end"]
    return None if end >= filters.coverage()[1] else end - timedelta(days=1)


data.require_database()
selected = filters.sidebar()
st.title("Influencers")
st.caption(filters.describe(selected, filters.space_labels()))
by_group = {key: selected[key] for key in ("department", "site")}
everyone = data.metric("influence_ranking", month_end=as_of(selected))
if everyone.empty:
    st.info("No influence ranking yet: nobody replied to or mentioned anyone in this data.")
    st.stop()
now = pd.Timestamp(everyone["month_end"].iloc[0]).date()
top_decile = math.ceil(len(everyone) / 10)
st.caption(f"Rankings as of {now.day} {now:%B %Y}: PageRank over the trailing {data.config().network_window_days} "
           f"days of replies and mentions; {len(everyone)} people ranked, the top decile is the top "
           f"{top_decile}. Names are {'shown' if data.config().show_names else 'replaced by aliases'}.")
if selected["space"]:
    st.caption("The space filter applies to roles and the person view only: rankings span all spaces.")

# --- the answer first: who is emerging this quarter -----------------------------------------------
quarter_start = (pd.Timestamp(now).replace(day=1) - pd.DateOffset(months=2)).date()
st.subheader("Who is emerging this quarter")
recent = data.people_metric("emerging_influencers", month_end=now, start=quarter_start, **by_group)
if recent.empty:
    st.info(f"Nobody entered the top decile between {month_label(quarter_start)} and {month_label(now)} "
            "after two months or more outside it.")
else:
    staying = recent[recent["rank_now"].notna() & (recent["rank_now"] <= top_decile)]
    names = ", ".join(f"**{widgets.plain(n)}**" for n in staying["display_name"])
    st.markdown(f"{len(recent)} {'person' if len(recent) == 1 else 'people'} entered the top decile "
                f"between {month_label(quarter_start)} and {month_label(now)} after at least two months "
                f"outside it; {len(staying)} of them {'is' if len(staying) == 1 else 'are'} still there"
                + (f": {names}." if len(staying) else "."))
    widgets.table_with_download(
        shown(recent, EMERGED_COLUMNS), "emerging_this_quarter.csv",
        f"Entered the top decile in the three months to {month_label(now)}: the rank then, and now.",
        column_config=MONTH_COLUMN)

# --- the current ranking ------------------------------------------------------------------------------
st.subheader("Current ranking")
ranking = data.people_metric("influence_ranking", month_end=now, **by_group)
# A column nobody in the whole ranking scores on is a signal the export lacks (Viva Engage exports
# carry no likes, only Q&A sites accept answers): a column of zeros would read as a finding.
absent = [column for column in SIGNALS if not everyone[column].fillna(0).any()]
widgets.table_with_download(
    shown(ranking, ["rank", "display_name", "department", "job_level", "pagerank", "audience",
                    *(column for column in SIGNALS if column not in absent), "departments_reached"]),
    "influence_ranking.csv",
    "Everyone ranked at the month-end, best first: PageRank (how much attention flows to them through "
    "replies and mentions), audience (distinct people who replied or reacted to them), "
    + "".join(f"{text}, " for column, text in SIGNALS.items() if column not in absent)
    + "and other departments they have ties with."
    + (f" Not shown: {' and '.join(SIGNALS[c] for c in absent)}, as nobody ranked has any in this "
       "window (the export may not record them)." if absent else ""),
    empty_message="Nobody of this selection is ranked.",
    column_config={"pagerank": st.column_config.NumberColumn("PageRank", format="%.4f")},
)

# --- rank month by month ------------------------------------------------------------------------------
st.subheader("Rank month by month")
top_n = st.segmented_control("People shown", [5, 10, 15, 20], default=10, key="infl_bump_top") or 10
history = data.people_metric("rank_history", start=selected["start"], month_end=now, top=top_n, **by_group)
widgets.chart(charts.rank_bump(history),
              f"The rank at each month-end of the {top_n} people ranked best in {month_label(now)}; "
              f"lower ranks and months unranked sit on the grey band.", "influencers-bump")

# --- the emergence timeline ---------------------------------------------------------------------------
st.subheader("Emergence timeline")
# month_end already ends the history at `now`; the period's end, a day, would cut that month off
emerged = data.people_metric("emerging_influencers", month_end=now, start=selected["start"], **by_group)
left, right = st.columns(2)
only_staying = left.toggle(f"Only people still in the top decile now (top {top_decile})", value=True,
                           key="infl_emerged_staying")
cap_label = right.selectbox("Show", list(EMERGING_CAPS), index=1, key="infl_emerged_cap",
                            help="The strongest are those ranked best now.")
kept = emerged[emerged["rank_now"].notna() & (emerged["rank_now"] <= top_decile)] if only_staying else emerged
if EMERGING_CAPS[cap_label] is not None:
    best = kept.sort_values(["rank_now", "emerged_month"], ascending=[True, False], na_position="last")
    kept = kept.loc[kept.index.isin(best.index[:EMERGING_CAPS[cap_label]])]
limits = [text for text, on in ((f"those still in the top {top_decile} now", only_staying),
                                 (f"{cap_label[4:]} by rank now", EMERGING_CAPS[cap_label] is not None)) if on]
widgets.chart(charts.emergence_timeline(kept, top_decile),
              f"Showing {len(kept)} of the {len(emerged)} people who entered the top decile in the period "
              f"after two months or more outside it{': ' + ', '.join(limits) if limits else ''}; most "
              "recent first, with their rank then and now.", "influencers-emergence")
widgets.table_with_download(shown(kept, EMERGED_COLUMNS), "emerging_influencers.csv",
                            "The people on the timeline.", column_config=MONTH_COLUMN)

# --- rising people ------------------------------------------------------------------------------------
st.subheader("Rising people")
rising = data.people_metric("rising_people", month_end=now, top=10, **by_group)
widgets.chart(charts.rising_bars(rising),
              f"The 10 largest rank gains between {month_label(pd.Timestamp(now) - pd.DateOffset(months=3))} "
              f"and {month_label(now)}; someone unranked then counts as ranked just after the last.",
              "influencers-rising")

# --- roles --------------------------------------------------------------------------------------------
st.subheader("Roles: give versus receive")
roles = data.people_metric("roles", **filters.for_metric("roles", selected))
min_activity = queries.get("roles").params["min_activity"].default
st.markdown("**How roles are assigned** (queries/roles.sql): "
            + widgets.plain(queries.get("roles").definition.split("Thresholds: ", 1)[-1]))
widgets.chart(charts.roles_scatter(roles, min_activity),
              "Each person's giving (posts, reactions made) against receiving (replies, reactions got) in "
              "the period; the lines are the role thresholds (responders and broadcasters share the lower "
              "region: they differ by how much of their giving answers others).", "influencers-roles")
widgets.table_with_download(
    shown(roles[roles["role"] != "observer"],
          ["display_name", "department", "role", "given", "received", "posts", "replies",
           "reactions_made", "replies_received", "reactions_received"]),
    "roles.csv", "Everyone but the observers, most active first.")

# --- one person ---------------------------------------------------------------------------------------
st.subheader("Person view")
active = roles[(roles["given"] + roles["received"]) > 0]
order = ranking[["person_id", "display_name", "rank"]]
choices = pd.concat([order, active.loc[~active["person_id"].isin(order["person_id"]),
                                       ["person_id", "display_name"]]], ignore_index=True)
if choices.empty:
    st.info("Nobody to show in this selection.")
    st.stop()
labels = {row.person_id: row.display_name + ("" if pd.isna(row.rank) else f" (rank {int(row.rank)})")
          for row in choices.itertuples()}
person = st.selectbox("Person", list(labels), format_func=labels.get, key="infl_person",
                      help="Ranked people first, best first; then everyone else active in the period.")
window = {k: selected[k] for k in ("start", "end", "space")}
activity = data.metric("person_activity", person_id=person, **window)
left, right = st.columns(2)
with left:
    widgets.chart(charts.person_activity(activity),
                  "Posts written, distinct people replied to, and distinct people who replied to, "
                  "mentioned or reacted to them, per month.", "influencers-person-activity")
with right:
    widgets.chart(charts.person_rank(activity), "Their influence rank at each month-end (all spaces).",
                  "influencers-person-rank")
left, right = st.columns(2)
with left:
    helped = data.people_metric("person_helped", person_id=person, **window)
    widgets.table_with_download(
        shown(helped, ["display_name", "department", "job_level", "replies", "last_reply_on"]),
        "person_helped.csv", "Whom they help: the people they replied to in the period.",
        empty_message="They replied to nobody in this selection.")
with right:
    reached = data.metric("person_reached_by", person_id=person, **window)
    widgets.chart(charts.reached_by_departments(reached),
                  "Which departments reach them: distinct people per department who replied to, "
                  "mentioned or reacted to them.", "influencers-person-departments")
