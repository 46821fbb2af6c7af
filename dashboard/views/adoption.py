"""Adoption: who takes part and whether it grows, whether it is a few voices or many, whether
questions get answered and by whom, and where newcomers go next (issue 4), one tab per question."""

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, widgets

GROUPS = {"department": "Department", "site": "Site", "job_level": "Job level"}
TABS = ["Who takes part", "New and returning", "Concentration", "Questions", "Who helps whom", "Communities"]
ENGAGED = "engaged: wrote a post or reply, or reacted"
NO_ROW = pd.Series(dtype="object")


def metric(name: str, **extra) -> pd.DataFrame:
    return data.metric(name, **filters.for_metric(name, selected), **extra)


def number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def visible(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~charts.suppressed(frame)]


def plural(count, noun: str) -> str:
    return f"{int(count):,} {noun}{'' if int(count) == 1 else 's'}"


def suppression_note(*frames: pd.DataFrame) -> None:
    if any(charts.suppressed(frame).any() for frame in frames):
        st.caption(f"“suppressed”: fewer than {data.min_group_size()} people behind the figure, so it is "
                   "not shown (privacy).")


def point(text: str) -> None:
    """The section's finding in one sentence, above its charts."""
    st.markdown(f"**{widgets.plain(text)}**")


def within_24h(curve: pd.DataFrame) -> float | None:
    day = curve[curve["hours"] == 24]
    if day.empty or not day["questions"].iloc[0]:
        return None
    return 1 - float(day["still_unanswered_share"].iloc[0])


def card(label: str, value, kind: str, help_text: str, hidden: bool = False, before=None) -> dict:
    return {"label": label, "value": number(value), "kind": kind, "help": help_text, "hidden": hidden,
            "before": number(before)}


def headline_cards(monthly: pd.DataFrame, inequality: pd.Series, curve: pd.DataFrame,
                   with_directory: bool) -> list[dict]:
    last = monthly.iloc[-1] if not monthly.empty else NO_ROW
    before = monthly.iloc[-2] if len(monthly) > 1 and not monthly["suppressed"].iloc[-2] else NO_ROW
    month = f"{last['month']:%b %Y}" if "month" in last else "last month"
    small = bool(inequality.get("suppressed", False))
    if with_directory:
        adoption = card(f"Adoption, {month}", last.get("adoption_rate"), "share",
                        "Engaged people of the HR directory ÷ its headcount in the period's last month; the "
                        "change is from the month before.", bool(last.get("suppressed", False)),
                        before.get("adoption_rate"))
    else:  # no headcount: no rate, neither a number nor a privacy matter
        adoption = card(f"Adoption, {month}", None, "share",
                        f"Needs the HR directory's headcount, and none is loaded: {data.LOAD_DIRECTORY}.")
    return [
        adoption,
        card("Engaged people", inequality.get("engaged_people"), "count",
             f"People who took part in the period ({ENGAGED}), people outside the directory included.", small),
        card("Posts by the top 10%", inequality.get("top10pct_share"), "share",
             "Share of the period's posts written by the most active tenth of engaged people.", small),
        card("Answered within 24 h", within_24h(curve), "share",
             "Of the period's questions at least a day old, the share that got a first response from "
             "someone other than the asker within 24 hours."),
    ]


def who_takes_part() -> None:
    group = st.radio("Break down by", list(GROUPS), format_func=GROUPS.get, horizontal=True,
                     key="adoption_group")
    label = GROUPS[group].lower()
    now = metric("adoption_by_group", group=group)
    by_month = metric("adoption_by_group", group=group, by_month=True)
    if now.empty:
        st.info("Adoption rates are shares of the HR directory's headcount, and nobody in this selection "
                f"is in the directory: {data.directory_advice()}.")
        return
    ranked = visible(now).sort_values(["adoption_rate", "group_value"], ascending=[False, True])
    if len(ranked) > 1:
        top, low = ranked.iloc[0], ranked.iloc[-1]
        point(f"Highest adoption: {top['group_value']} ({top['adoption_rate']:.0%}); lowest: "
              f"{low['group_value']} ({low['adoption_rate']:.0%}).")
    left, right = st.columns([2, 3])
    with left:
        widgets.chart(charts.adoption_by_group(now, GROUPS[group]),
                      f"Share of each {label}'s people engaged in the period.",
                      "adoption-by-group")
    with right:
        widgets.chart(charts.adoption_heatmap(by_month, GROUPS[group]),
                      f"The same share month by month: is adoption growing in every {label}?",
                      "adoption-heatmap")
    suppression_note(now, by_month)
    columns = ["group_value", "headcount", "engaged_people", "adoption_rate", "suppressed"]
    with st.expander("Tables"):
        widgets.table_with_download(now[columns], f"adoption_by_{group}.csv", f"Adoption by {label}.")
        widgets.table_with_download(by_month[["month", *columns]], f"adoption_by_{group}_and_month.csv",
                                    f"Adoption by {label} and month.")


def new_and_returning(monthly: pd.DataFrame) -> None:
    cohorts = metric("cohort_retention")
    after_one = visible(cohorts[cohorts["months_after"] == 1])
    if not visible(monthly).empty:
        text = f"{int(visible(monthly)['new_contributors'].sum()):,} new contributors in the months shown"
        if after_one["cohort_size"].sum():
            share = after_one["retained"].sum() / after_one["cohort_size"].sum()
            text += f"; {share:.0%} of those with a month behind them posted again the month after their first"
        point(text + ".")
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.contributors_per_month(monthly),
                      "People who posted each month: for the first time ever, or again after an earlier month.",
                      "adoption-contributors")
    with right:
        widgets.chart(charts.cohort_triangle(cohorts),
                      "Of the people whose first post fell in a month (a row), the share who posted again "
                      "k months later (a column).", "adoption-cohorts")
    suppression_note(monthly, cohorts)
    with st.expander("Tables"):
        widgets.table_with_download(monthly, "monthly_participation.csv",
                                    f"Per month: engaged people ({ENGAGED}), posters, new and returning "
                                    "contributors, posts, replies, reactions and adoption rate.")
        widgets.table_with_download(cohorts, "cohort_retention.csv",
                                    "Cohort retention: one row per cohort and months after its first post.")


def concentration(inequality: pd.Series) -> None:
    lorenz = metric("lorenz_curve")
    status = metric("contributor_status")
    shown = not inequality.empty and not inequality["suppressed"]
    if shown and pd.notna(inequality["top10pct_share"]) and pd.notna(inequality["elephant_factor"]):
        point(f"The most active 10% of engaged people write {inequality['top10pct_share']:.0%} of the posts; "
              f"half of all posts come from {plural(inequality['elephant_factor'], 'department')}.")
    widgets.figure_cards([
        card("Gini of posts", inequality.get("gini"), "ratio",
             "0 = everyone writes as much; close to 1 = one person writes everything.", not shown),
        card("Posts by the top 1%", inequality.get("top1pct_share"), "share",
             "Share of posts written by the most active 1% of engaged people (at least one person).", not shown),
        card("Posts by the top 10%", inequality.get("top10pct_share"), "share",
             "Share of posts written by the most active 10% of engaged people.", not shown),
        card("Elephant factor", inequality.get("elephant_factor"), "count",
             "The fewest departments whose people wrote half of the posts.", not shown),
    ])
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.lorenz_curve(lorenz, inequality.get("gini")),
                      "How posts are spread over engaged people: the further the curve sags below the "
                      "diagonal, the more a few people write most posts.", "adoption-lorenz")
    with right:
        widgets.chart(charts.participation_split(inequality if shown else None),
                      "The 90-9-1 split of the HR directory: no post in the period, 1 to 9 posts, 10 or more.",
                      "adoption-split")
        widgets.chart(charts.contributor_status(status),
                      "People who posted in the period, by their last post at its end: within 3 months "
                      "(active), 3 to 6 months (drifting), longer (away).", "adoption-status")
    suppression_note(status, lorenz)
    with st.expander("Tables"):
        widgets.table_with_download(inequality.to_frame().T if not inequality.empty else pd.DataFrame(),
                                    "participation_inequality.csv", "Participation inequality over the period.")
        widgets.table_with_download(status, "contributor_status.csv", "Contributors by status.")


def questions() -> None:
    timing = metric("question_response")
    curve = metric("unanswered_curve")
    waiting = metric("unanswered_questions")
    answered = within_24h(curve)
    if answered is not None:
        point(f"{answered:.0%} of questions get a first response within 24 hours; "
              f"{plural(len(waiting), 'question')} still without any.")
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.response_times(timing),
                      "Hours from a question to its first response by someone else, by month asked: the "
                      "median and the slowest tenth (the mean alone would hide slow answers).",
                      "adoption-response")
    with right:
        widgets.chart(charts.unanswered_curve(curve),
                      "Share of questions with no response yet that long after being asked (questions "
                      "younger than that are left out).", "adoption-unanswered-curve")
    suppression_note(timing)
    widgets.table_with_download(
        waiting[["title", "space", "asked_at", "author_department", "age_days", "thread_id"]],
        "unanswered_questions.csv", "Questions nobody but the asker has answered, newest first.",
        empty_message="No unanswered question in this selection.")
    with st.expander("Tables"):
        widgets.table_with_download(timing, "question_response.csv", "Question response per month asked.")
        widgets.table_with_download(curve, "unanswered_curve.csv", "Questions still unanswered after t hours.")


def who_helps_whom() -> None:
    levels = metric("hierarchy_replies")
    threads = metric("codevelopment_threads")
    counted = visible(levels)
    if counted["replies"].sum():
        across = counted.loc[counted["from_level"] != counted["to_level"], "replies"].sum()
        point(f"{across / counted['replies'].sum():.0%} of replies go to someone of another job level; "
              f"{plural(len(threads), 'question')} drew helpers from several departments.")
    widgets.chart(charts.hierarchy_heatmap(levels),
                  "Replies from people of one job level (row) to people of another (column), with the share of "
                  "the row's replies: does everyone answer everyone, whatever their rank?", "adoption-levels")
    suppression_note(levels)
    first = ["title", "asked_at", "helpers", "departments", "helper_departments"]
    widgets.table_with_download(
        threads[[*first, *(c for c in threads.columns if c not in first)]], "codevelopment_threads.csv",
        f"Co-development: {len(threads):,} questions answered by at least 3 colleagues from at least 2 "
        "departments.", empty_message="No question drew 3 or more helpers from 2 or more departments here.")
    with st.expander("Tables"):
        widgets.table_with_download(levels, "hierarchy_replies.csv", "Replies across job levels.")


def communities() -> None:
    spaces = metric("space_participation")
    snowball = metric("exploration")
    complete = visible(snowball)
    complete = complete[complete["window_complete"].astype(bool)]
    if not complete.empty and complete["new_contributors"].sum():
        share = complete["explored"].sum() / complete["new_contributors"].sum()
        point(f"{share:.0%} of new contributors went on to post in a second space within 90 days "
              "(months whose 90 days are over).")
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.space_participation(spaces),
                      "People engaged in each space, work communities and affinity (hobby) groups side by "
                      "side: affinity groups can be a way in.", "adoption-spaces")
    with right:
        widgets.chart(charts.exploration(snowball),
                      "The snowball: new contributors of each month who posted in a second space within 90 "
                      "days of their first post.", "adoption-snowball")
    if not snowball.empty and not snowball["window_complete"].astype(bool).all():
        st.caption("The latest months have not had 90 days yet: their share can still grow.")
    suppression_note(spaces, snowball)
    with st.expander("Tables"):
        widgets.table_with_download(spaces, "space_participation.csv", "Participation by space.")
        widgets.table_with_download(snowball, "exploration.csv", "Exploration after a first post, per month.")


data.require_database()
selected = filters.sidebar()
st.title("Adoption")
st.caption(f"{filters.describe(selected, filters.space_labels())}. Engaged means wrote a post or reply, or "
           "reacted: exports rarely record reads.")
monthly = metric("monthly_participation")
inequality_rows = metric("participation_inequality")
inequality = inequality_rows.iloc[0] if not inequality_rows.empty else NO_ROW
widgets.figure_cards(headline_cards(monthly, inequality, metric("unanswered_curve"),
                                    data.load_mode()["with_directory"]))
tabs = st.tabs(TABS)
with tabs[0]:
    who_takes_part()
with tabs[1]:
    new_and_returning(monthly)
with tabs[2]:
    concentration(inequality)
with tabs[3]:
    questions()
with tabs[4]:
    who_helps_whom()
with tabs[5]:
    communities()
