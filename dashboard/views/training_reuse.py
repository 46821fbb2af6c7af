"""Training reuse: did a course's attendees re-share its content on the forum, more than before
the course and more than colleagues who did not attend; whom did they help; and the posts.

Every number comes from queries/course_reuse.sql and its four companions (reuse_evidence,
reuse_over_time, reuse_days_to_first, reuse_helped_departments); the period filter selects the
sessions (each attendee counted from their first session in it).
"""

import pandas as pd
import streamlit as st

import queries
from dashboard import charts, data, filters, widgets

HORIZONS = [30, 60, 90]
EVIDENCE_SHOWN = 8
COURSE_COLUMNS = ["title", "attendees", "reusers", "reshare_rate", "baseline_rate", "comparison_rate", "lift_pts",
                  "help_others_rate", "people_helped", "median_days_to_first_reuse", "suppressed"]
COURSE_LABELS = {
    "title": st.column_config.TextColumn("Course", width="large"),
    "reshare_rate": st.column_config.NumberColumn(
        "Re-share", format="percent",
        help="Re-share rate: attendees with a post reusing the course within the horizon from attending."),
    "baseline_rate": st.column_config.NumberColumn(
        "Before", format="percent", help="Baseline: the same attendees, in as many days before attending."),
    "comparison_rate": st.column_config.NumberColumn(
        "Colleagues", format="percent",
        help="Comparison: colleagues of the attendees' departments who did not attend, over the same dates."),
    "lift_pts": st.column_config.NumberColumn(
        "Lift", format="%+.0f pts",
        help="In percentage points: attendees' (after − before) minus colleagues' (after − before)."),
    "help_others_rate": st.column_config.NumberColumn(
        "Helped others", format="percent",
        help="Help-others rate: attendees who answered someone else's thread with the course's content."),
    "people_helped": st.column_config.NumberColumn(
        "People helped", help="Distinct people whose thread they answered."),
    "median_days_to_first_reuse": st.column_config.NumberColumn(
        "Median days", format="%g", help="Median days from attending to the first reusing post."),
}
EVIDENCE_COLUMNS = ["display_name", "created_at", "days_after_attending", "is_help", "excerpt", "post_terms",
                    "matched_terms", "score", "post_id"]


def shown_first(evidence: pd.DataFrame) -> pd.DataFrame:
    """The posts in the order the page shows them: one post per distinct set of course terms before
    any repeat, so the first cards show the breadth of what was reused; among those, answers to
    colleagues before posts of their own; then strongest match first, as the metric sorts them."""
    repeat = evidence.groupby(["is_help", "matched_terms"], dropna=False).cumcount()
    order = pd.DataFrame({"repeat": repeat, "own": ~evidence["is_help"].astype(bool)})
    return evidence.loc[order.sort_values(["repeat", "own"], kind="stable").index]


def answer(row: pd.Series, horizon: int, group_size: int) -> str:
    """The trainer's answer in two sentences, from one course_reuse row."""
    if row["suppressed"]:
        return (f"**Suppressed.** Fewer than {group_size} attendees of this course in the selection: its "
                "figures stay hidden to protect their privacy. Widen the period or drop a filter.")
    reusers, attendees = int(row["reusers"]), int(row["attendees"])
    if reusers == 0:
        return (f"**No.** None of the {attendees} attendees posted the course's content within {horizon} days "
                "of attending.")
    pct = charts.reuse_share
    said = (f"{reusers} of {attendees} attendees ({pct(row['reshare_rate'])}) posted the course's content "
            f"within {horizon} days of attending, against {pct(row['baseline_rate'])} of them in the "
            f"{horizon} days before")
    if pd.isna(row["lift"]):
        return f"**Some.** {said}; no colleague of their departments stayed away from it, so no lift."
    said += (f" and {pct(row['comparison_rate'])} of their colleagues who did not attend, over the same "
             f"dates: a lift of **{charts.lift_points(row['lift'])}**")
    z = charts.lift_z(row)
    if z is not None and z >= charts.Z_95:
        return f"**Yes.** {said}, well beyond chance for {attendees} attendees (z = {z:.1f})."
    return f"**Not clearly.** {said}, which chance alone could give with {attendees} attendees."


def help_sentence(row: pd.Series, horizon: int) -> str:
    helpers = round(float(row["help_others_rate"]) * int(row["attendees"]))
    if helpers == 0:
        return f"No attendee used it to answer a colleague's thread within {horizon} days."
    people, departments = int(row["people_helped"]), int(row["departments_helped"])
    return (f"{helpers} {'attendee' if helpers == 1 else 'attendees'} "
            f"({charts.reuse_share(row['help_others_rate'])}) used it to answer a colleague's thread, helping "
            f"{people} {'person' if people == 1 else 'people'} in "
            f"{departments} {'department' if departments == 1 else 'departments'}.")


def evidence_card(post: pd.Series) -> None:
    """One reusing post: who and when, the excerpt with the matched words in bold, the course's terms.
    Every piece of export text goes through charts.highlighted / widgets.plain (rendered as text)."""
    kind = "answering a colleague's thread" if post["is_help"] else "a post of their own"
    days = int(post["days_after_attending"])
    with st.container(border=True):
        st.markdown(f"**{widgets.plain(post['display_name'])}** · {pd.Timestamp(post['created_at']):%d %b %Y}"
                    f" · {days} {'day' if days == 1 else 'days'} after the course · {kind}")
        st.markdown(charts.highlighted(post["excerpt"], str(post["post_terms"] or "").split("; ")))
        st.caption(f"Course terms that fired: {widgets.plain(post['matched_terms'])} · match score "
                   f"{float(post['score']):.2f}")


data.require_database()
selected = filters.sidebar()
st.title("Training reuse")
st.caption(filters.describe(selected, filters.space_labels())
           + " · the period selects training sessions; the space filter, the posts counted")
params = filters.for_metric("course_reuse", selected)
threshold = data.config().reuse_threshold
group_size = data.min_group_size()

st.subheader("Did my course get re-shared?")
left, middle, right = st.columns([3, 2, 2])
horizon = middle.radio("Horizon", HORIZONS, index=1, horizontal=True, key="reuse_horizon",
                       format_func=lambda d: f"{d} days",
                       help="Days after attending in which a post counts (and as many days before, for the "
                            "baseline).")
strengths = [threshold] + [s for s in (0.6, 0.8, 1.0) if s > threshold]
min_score = threshold if len(strengths) == 1 else right.select_slider(
    "Match strength at least", strengths, value=threshold, key="reuse_min_score",
    format_func=lambda s: f"{s:g}", help=f"{threshold:g} counts every match; 1.0 only the strongest.")
params.update(horizon_days=horizon, min_score=None if min_score == threshold else min_score)
courses = data.metric("course_reuse", **params)
if courses.empty:
    st.info("No course attendance in this selection: load training records with `crowdlens load ... "
            "--training ATTENDANCE.csv --courses DIR`, or widen the period.")
    st.stop()
titles = dict(zip(courses["course_id"], courses["title"].fillna(courses["course_id"]), strict=True))
course = left.selectbox("Course", list(titles), key="reuse_course", format_func=titles.get)
row = courses.set_index("course_id").loc[course].copy()
row["course_id"] = course
st.markdown(answer(row, horizon, group_size))
if not row["suppressed"]:
    st.markdown(help_sentence(row, horizon))
st.caption(f"A post reuses a course when it uses the course's distinctive vocabulary — terms frequent in its "
           f"material and rare on the forum — with a match score of at least {threshold:g}"
           + (f" (here {min_score:g})" if min_score != threshold else "")
           + "; the method is at the bottom of the page.")
widgets.chart(charts.reuse_before_after(row, horizon),
              f"Share of attendees who posted the course's content in the {horizon} days after attending and "
              f"in the {horizon} days before, and the same for their department colleagues who did not attend; "
              "lift = attendees' change minus colleagues' change.", "reuse-before-after")

if not row["suppressed"]:
    st.subheader("The posts")
    evidence = data.people_metric("reuse_evidence", course=course, **params)
    if evidence.empty:
        st.info(f"No attendee post reuses this course within {horizon} days.")
    else:
        count = len(evidence)
        which = (f"{EVIDENCE_SHOWN} of the {count} posts" if count > EVIDENCE_SHOWN
                 else "The one post" if count == 1 else f"The {count} posts")
        st.caption(f"{which} by attendees that reuse the course: one per set of course terms before repeats, "
                   "answers to colleagues first. The words that matched are in bold.")
        for _, post in shown_first(evidence).head(EVIDENCE_SHOWN).iterrows():
            evidence_card(post)
        with st.expander("The post as a table" if count == 1 else f"All {count} posts as a table"):
            widgets.table_with_download(
                evidence[[c for c in EVIDENCE_COLUMNS if c in evidence.columns]],
                f"reuse_evidence_{course}.csv",
                "Every reusing post, strongest match first; post terms are the words as the post writes them.")

    st.subheader("When, and for how long")
    first, weeks = st.columns(2)
    with first:
        days = data.metric("reuse_days_to_first", **params)
        widgets.chart(charts.reuse_first_days(days[days["course_id"] == course], horizon,
                                              row["median_days_to_first_reuse"]),
                      "Attendees by days from attending to their first reusing post "
                      f"({charts.reuse_bin_days(horizon)}-day bins).", "reuse-first-days")
    with weeks:
        over = data.metric("reuse_over_time", **params)
        widgets.chart(charts.reuse_over_weeks(over[over["course_id"] == course]),
                      "Share of attendees reusing it each week"
                      + (f" (the last week has {horizon % 7} days)." if horizon % 7 else "."),
                      "reuse-over-weeks")

    st.subheader("Whom it helped")
    helped = data.metric("reuse_helped_departments", **params)
    widgets.chart(charts.reuse_helped_departments(helped[helped["course_id"] == course]),
                  "People whose thread an attendee answered with the course's content, by their department; "
                  f"departments with fewer than {group_size} people helped are suppressed.", "reuse-helped")

st.subheader("All courses compared")
# a difference of two shares: shown (and downloaded) in points, as the page's sentences say it
compared = courses.assign(lift_pts=courses["lift"] * 100)
widgets.table_with_download(
    compared[[c for c in COURSE_COLUMNS if c in compared.columns]], f"course_reuse_{horizon}d.csv",
    f"Every course at {horizon} days: attendees, re-share rate after attending, the same people before, "
    "colleagues who did not attend, the lift, and help given. Suppressed courses have too few attendees "
    "to show.",
    column_config=COURSE_LABELS)

with st.expander("How reuse is detected (queries/course_reuse.sql)"):
    st.markdown(widgets.plain(queries.get("course_reuse").definition))
    st.markdown(f"Threshold in use: **{threshold:g}** (`reuse_threshold` in crowdlens.toml; the matches are "
                "computed when the data is loaded).")
