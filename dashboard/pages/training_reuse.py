"""Training reuse: which courses were attended (the reuse of their content comes later)."""

import streamlit as st

from dashboard import charts, data, filters, widgets

data.require_database()
selected = filters.sidebar()
st.title("Training reuse")
st.caption(filters.describe(selected, filters.space_labels()))
if skipped := filters.ignored("course_attendance", selected):
    st.caption(f"The {' and '.join(skipped)} filter does not apply to attendance.")
courses = data.metric("course_attendance", **filters.for_metric("course_attendance", selected))
if courses.empty:
    st.info("No course attendance in this selection.")
else:
    widgets.chart(charts.course_attendance(courses),
                  "People who attended each course in the period, and how many completed it.",
                  "training-attendance")
widgets.table_with_download(
    courses, "course_attendance.csv", "Per course: sessions held, attendees and completions in the period.",
    empty_message="No course attendance in this selection.",
)
widgets.later_note("whether attendees reuse a course's vocabulary in their posts after it, compared with "
                   "before and with colleagues who did not attend, whom they help, and the posts themselves.")
