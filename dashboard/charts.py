"""Plotly figures for the dashboard: pure functions, a metric's DataFrame in, a figure out.

Every chart has a title and named axes, and draws a row whose `suppressed` column is true
(fewer than min_group_size people behind it, queries/privacy.py) as "suppressed", never as a
number. Shared helpers come first; each view's charts follow, and later views append theirs at
the end of the file.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.aliases import alias

PRIMARY = "#2b6cb0"
SECONDARY = "#dd6b20"
MUTED = "#a0aec0"
SUPPRESSED_LABEL = "suppressed"
SUPPRESSED_HOVER = "suppressed: too few people to show (privacy)"


# --- shared helpers -------------------------------------------------------------------------

def styled(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    """The common look: a title, named axes, a legend above the plot, room for long labels."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        plot_bgcolor="white",
        hoverlabel={"namelength": -1},
    )
    fig.update_xaxes(title_text=x_title, automargin=True, showline=True, linecolor="#cbd5e0",
                     gridcolor="#edf2f7")
    fig.update_yaxes(title_text=y_title, automargin=True, showline=True, linecolor="#cbd5e0",
                     gridcolor="#edf2f7", rangemode="tozero")
    return fig


def suppressed(frame: pd.DataFrame) -> pd.Series:
    """Which rows are suppressed (all False when the metric has no group size)."""
    if "suppressed" not in frame.columns:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].fillna(False).astype(bool)


def empty(title: str, message: str = "No data for this selection") -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16, "color": "#4a5568"},
                       xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(title={"text": title, "x": 0}, height=240, plot_bgcolor="white")
    return fig


# Above this many crosses along a horizontal axis, their labels would overlap: the legend and
# the hover text say "suppressed" instead.
MAX_LABELLED_CROSSES = 6


def suppressed_markers(positions: list, horizontal: bool = False) -> go.Scatter:
    """Grey crosses on the zero line, labelled "suppressed", where a hidden value would be."""
    zeros = [0] * len(positions)
    x, y = (zeros, positions) if horizontal else (positions, zeros)
    labelled = horizontal or len(positions) <= MAX_LABELLED_CROSSES
    return go.Scatter(
        x=x, y=y, mode="markers+text" if labelled else "markers", name="suppressed (too few people)",
        marker={"symbol": "x-thin-open", "size": 12, "color": MUTED, "line": {"width": 2}},
        text=[SUPPRESSED_LABEL] * len(positions) if labelled else None,
        textposition="middle right" if horizontal else "top center",
        textfont={"color": "#718096"}, hovertemplate=SUPPRESSED_HOVER + "<extra></extra>",
        cliponaxis=False,
    )


# A month's bar is 24 days wide, set rather than left to Plotly: on a date axis Plotly sizes bars
# by the gap between their months, so a trace with one month left to show (the others
# suppressed, or a four-month export) was drawn as a hairline.
MONTH_BAR_MS = 24 * 86_400_000


def _month_axis(fig: go.Figure, months: pd.Series) -> None:
    """Month ticks written "Jan 2025", horizontal, one every 1, 2 or 3 months by the span; month
    bars of a set width (side by side within it when grouped)."""
    months = pd.to_datetime(months)
    span = (months.max().year - months.min().year) * 12 + months.max().month - months.min().month + 1
    fig.update_xaxes(tickformat="%b %Y", dtick=f"M{_month_step(span)}", tickangle=0)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    side_by_side = fig.layout.barmode in (None, "group") and len(bars) > 1  # Plotly's default: group
    for i, bar in enumerate(bars):
        if side_by_side:
            bar.width = MONTH_BAR_MS / len(bars)
            bar.offset = -MONTH_BAR_MS / 2 + i * bar.width
        else:
            bar.width = MONTH_BAR_MS


def _month_step(months: int) -> int:
    """One month tick in 1, 2 or 3, by how many months the axis spans."""
    return 1 if months <= 8 else 2 if months <= 16 else 3


def _count(values: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in values]


# --- overview and adoption ------------------------------------------------------------------

def activity_per_month(frame: pd.DataFrame, column: str = "engaged_people",
                       label: str = "Engaged people") -> go.Figure:
    """Bars per month of one column of activity_by_month; suppressed months marked."""
    title = f"{label} per month"
    # all suppressed: crosses on an empty 0-1 axis say less than one sentence
    if (placeholder := nothing_to_draw(frame, title)) is not None:
        return placeholder
    months = pd.to_datetime(frame["month"])
    hidden = suppressed(frame)
    fig = go.Figure(go.Bar(
        x=months[~hidden], y=_count(frame.loc[~hidden, column]), name=label,
        marker_color=PRIMARY, hovertemplate="%{x|%B %Y}: %{y:,.0f}<extra></extra>",
    ))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(months[hidden])))
    fig = styled(fig, title, "Month", label)
    _month_axis(fig, months)
    return fig


# --- data -----------------------------------------------------------------------------------

def table_rows(frame: pd.DataFrame) -> go.Figure:
    """Rows per table, on a log scale so that small tables stay visible beside posts."""
    title = "Rows per table"
    kept = frame[frame["row_count"] > 0]
    if kept.empty:
        return empty(title, "The database is empty")
    fig = go.Figure(go.Bar(
        x=_count(kept["row_count"]), y=list(kept["table_name"]), orientation="h",
        marker_color=PRIMARY, text=[f"{int(v):,}" for v in kept["row_count"]],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f} rows<extra></extra>",
    ))
    fig.update_xaxes(type="log")
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "Rows (log scale)", "", height=max(300, 26 * len(kept) + 120))
    fig.update_yaxes(rangemode="normal")
    return fig


# --- Adoption -------------------------------------------------------------------------------

WORK_COLOR = PRIMARY
AFFINITY_COLOR = SECONDARY
# Job levels have no order in the data; these words, when a level contains one, place it on the
# ladder (junior first), and any other level follows in alphabetical order.
LEVEL_LADDER = ("junior", "confirm", "intermediate", "senior", "expert", "lead", "manager", "direct",
                "executive")
HORIZON_LABELS = {24: "1 day", 48: "2 days", 72: "3 days", 168: "1 wk", 336: "2 wk", 720: "30 d"}


def _month_label(value) -> str:
    return f"{pd.Timestamp(value):%b %Y}"


def _percent(value) -> str:
    return "" if pd.isna(value) else f"{float(value):.0%}"


def _all_hidden(frame: pd.DataFrame) -> bool:
    return bool(suppressed(frame).all())


def suppressed_empty(title: str) -> go.Figure:
    return empty(title, "Suppressed: too few people in this selection (privacy)")


def nothing_to_draw(frame: pd.DataFrame, title: str) -> go.Figure | None:
    """The empty chart a frame without rows, or with every row suppressed, is drawn as; else None."""
    if frame.empty:
        return empty(title)
    if _all_hidden(frame):
        return suppressed_empty(title)
    return None


def level_order(levels) -> list[str]:
    """Job levels from junior to director where the names say so, others after them."""
    def rank(level: str) -> tuple[int, str]:
        low = str(level).lower()
        hits = [i for i, word in enumerate(LEVEL_LADDER) if word in low]
        return (hits[0] if hits else len(LEVEL_LADDER) + (low == "(unknown)"), low)
    return sorted({str(v) for v in levels}, key=rank)


def adoption_by_group(frame: pd.DataFrame, group_label: str) -> go.Figure:
    """Horizontal bars of adoption_rate per group (highest first), labelled with the headcount."""
    title = f"Adoption rate by {group_label.lower()}"
    if frame.empty:
        return empty(title)
    frame = frame.assign(hidden=suppressed(frame), label=frame["group_value"].fillna("(unknown)"))
    frame = frame.sort_values(["hidden", "adoption_rate"], ascending=[True, False], na_position="last")
    shown = frame[~frame["hidden"]]
    fig = go.Figure(go.Bar(
        x=_count(shown["adoption_rate"]), y=list(shown["label"]), orientation="h", marker_color=PRIMARY,
        name="Adoption rate", customdata=list(zip(_count(shown["engaged_people"]), _count(shown["headcount"]),
                                                  strict=True)),
        text=[f"{_percent(r)} of {int(h):,}" for r, h in zip(shown["adoption_rate"], shown["headcount"],
                                                              strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.0%} (%{customdata[0]:,.0f} engaged of %{customdata[1]:,.0f})<extra></extra>",
    ))
    if frame["hidden"].any():
        fig.add_trace(suppressed_markers(list(frame.loc[frame["hidden"], "label"]), horizontal=True))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(frame["label"]))
    fig = styled(fig, title, "Engaged people ÷ headcount", "", height=max(260, 34 * len(frame) + 120))
    fig.update_xaxes(tickformat=".0%", range=[0, 1.35], tickvals=[0, 0.25, 0.5, 0.75, 1])  # room for labels
    fig.update_yaxes(rangemode="normal", showgrid=False)
    fig.update_layout(showlegend=bool(frame["hidden"].any()))
    return fig


def adoption_heatmap(frame: pd.DataFrame, group_label: str) -> go.Figure:
    """Heatmap of adoption_rate by group (rows) and month (columns); suppressed cells labelled."""
    title = f"Adoption rate by {group_label.lower()} and month"
    if frame.empty:
        return empty(title)
    frame = frame.assign(label=frame["group_value"].fillna("(unknown)"), hidden=suppressed(frame))
    months = sorted(pd.to_datetime(frame["month"]).unique())
    # rows by mean monthly rate, highest first; ties stay in alphabetical order
    overall = frame.groupby("label")["adoption_rate"].mean().sort_values(ascending=False, kind="stable")
    rows = list(overall.index)
    z = pd.DataFrame(None, index=rows, columns=months, dtype="float64")
    text = pd.DataFrame("", index=rows, columns=months, dtype="object")
    for row in frame.itertuples(index=False):
        month = pd.Timestamp(row.month)
        if row.hidden:
            text.loc[row.label, month] = SUPPRESSED_LABEL
        else:
            z.loc[row.label, month] = float(row.adoption_rate)
            text.loc[row.label, month] = _percent(row.adoption_rate)
    fig = go.Figure(go.Heatmap(
        z=[[None if pd.isna(v) else v for v in r] for r in z.values.tolist()], x=months, y=rows,
        text=text.values.tolist(), texttemplate="%{text}" if len(months) <= 12 else "",
        zmin=0, zmax=1, colorscale="Blues", xgap=1, ygap=1, hoverongaps=False,
        colorbar={"title": {"text": "Adoption"}, "tickformat": ".0%"},
        hovertemplate="%{y}, %{x|%b %Y}: %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "Month", "", height=max(300, 30 * len(rows) + 140))
    _month_axis(fig, pd.Series(months))
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(showgrid=False, rangemode="normal")
    return fig


def contributors_per_month(frame: pd.DataFrame) -> go.Figure:
    """Stacked bars per month: new contributors (first post ever) and returning ones."""
    title = "New and returning contributors per month"
    if (placeholder := nothing_to_draw(frame, title)) is not None:
        return placeholder
    months = pd.to_datetime(frame["month"])
    hidden = suppressed(frame)
    fig = go.Figure()
    for column, name, color in (("returning_contributors", "Returning (posted in an earlier month)", PRIMARY),
                                ("new_contributors", "New (first post ever)", SECONDARY)):
        fig.add_trace(go.Bar(x=months[~hidden], y=_count(frame.loc[~hidden, column]), name=name,
                             marker_color=color, hovertemplate="%{x|%B %Y}: %{y:,.0f}<extra>" + name + "</extra>"))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(months[hidden])))
    fig.update_layout(barmode="stack")
    fig = styled(fig, title, "Month", "People who posted")
    _month_axis(fig, months)
    return fig


def cohort_triangle(frame: pd.DataFrame) -> go.Figure:
    """Triangle heatmap: cohorts by first-post month (rows), share posting again k months later."""
    title = "Cohort retention: share of new contributors who post again"
    if frame.empty:
        return empty(title)
    frame = frame.assign(hidden=suppressed(frame))
    cohorts = sorted(pd.to_datetime(frame["cohort_month"]).unique())
    first = frame[frame["months_after"] == 0]
    frame = frame[frame["months_after"] > 0]  # month 0 is the cohort itself, 100% by definition
    if frame.empty:
        return empty(title, "No cohort has a month after its first yet")
    size = pd.Series(list(first["cohort_size"]), index=pd.to_datetime(first["cohort_month"]))
    rows = [_month_label(c) + (f" ({int(size[c])} people)" if c in size.index and pd.notna(size[c])
                               else " (suppressed)") for c in cohorts]
    steps = list(range(1, int(frame["months_after"].max()) + 1))
    z = [[None] * len(steps) for _ in cohorts]
    text = [[""] * len(steps) for _ in cohorts]
    for row in frame.itertuples(index=False):
        i, k = cohorts.index(pd.Timestamp(row.cohort_month)), int(row.months_after) - 1
        if row.hidden:
            text[i][k] = SUPPRESSED_LABEL
        else:
            z[i][k] = float(row.retention_rate)
            text[i][k] = _percent(row.retention_rate)
    fig = go.Figure(go.Heatmap(
        z=z, x=[f"+{k}" for k in steps], y=rows, text=text, zmin=0, zmax=1,
        texttemplate="%{text}" if len(steps) <= 8 else "",
        colorscale="Blues", xgap=1, ygap=1, hoverongaps=False,
        colorbar={"title": {"text": "Retained"}, "tickformat": ".0%"},
        hovertemplate="%{y}, %{x} months: %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "Months after the first post", "Cohort (month of first post)",
                 height=max(300, 28 * len(rows) + 140))
    fig.update_xaxes(showgrid=False, type="category", tickangle=0)
    fig.update_yaxes(showgrid=False, rangemode="normal")
    return fig


def lorenz_curve(frame: pd.DataFrame, gini: float | None) -> go.Figure:
    """The Lorenz curve of posts per engaged person against the line of equal participation."""
    title = "Lorenz curve of posts" + ("" if gini is None or pd.isna(gini) else f" · Gini {gini:.2f}")
    if (placeholder := nothing_to_draw(frame, title)) is not None:
        return placeholder
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="Everyone posts as much",
                             line={"color": MUTED, "dash": "dash"}, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=_count(frame["people_share"]), y=_count(frame["posts_share"]), mode="lines", name="Actual",
        line={"color": PRIMARY, "width": 3}, fill="tonexty", fillcolor="rgba(43,108,176,0.12)",
        hovertemplate="the least active %{x:.0%} of people wrote %{y:.0%} of posts<extra></extra>",
    ))
    fig = styled(fig, title, "Engaged people, least active first", "Share of posts", height=400)
    fig.update_layout(legend={"traceorder": "reversed"})
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02])
    fig.update_yaxes(tickformat=".0%", range=[0, 1.02])
    return fig


def participation_split(row: pd.Series) -> go.Figure:
    """The 90-9-1 split of the directory: never posted, occasional, heavy, as one 100% bar."""
    title = "Directory split: never posted, occasional, heavy contributors"
    parts = (("never_posted_share", "Never posted", MUTED), ("occasional_share", "Occasional", PRIMARY),
             ("heavy_share", "Heavy", SECONDARY))
    if row is None or any(pd.isna(row.get(column)) for column, _, _ in parts):
        return empty(title, "Suppressed or no data for this selection")
    fig = go.Figure([go.Bar(x=[float(row[column])], y=["Directory"], orientation="h", name=name,
                            marker_color=color, text=[_percent(row[column])], textposition="inside",
                            insidetextanchor="middle", hovertemplate=name + ": %{x:.1%}<extra></extra>")
                     for column, name, color in parts])
    fig.update_layout(barmode="stack")
    fig = styled(fig, title, "Share of the people in the HR directory", "", height=210)
    fig.update_layout(legend={"traceorder": "normal"})
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig.update_yaxes(showticklabels=False, rangemode="normal")
    return fig


def contributor_status(frame: pd.DataFrame) -> go.Figure:
    """Bars of people by status (active, drifting, away) as of the period's end."""
    title = "Contributors by time since their last post"
    if frame.empty:
        return empty(title)
    hidden = suppressed(frame)
    colors = {"active": PRIMARY, "drifting": SECONDARY, "away": MUTED}
    shown = frame[~hidden]
    fig = go.Figure(go.Bar(
        x=list(shown["status"]), y=_count(shown["people"]), name="People",
        marker_color=[colors.get(s, PRIMARY) for s in shown["status"]],
        text=[f"{int(p):,}" for p in shown["people"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: %{y:,.0f} people<extra></extra>",
    ))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(frame.loc[hidden, "status"])))
    fig.update_xaxes(categoryorder="array", categoryarray=list(frame["status"]))
    fig.update_layout(showlegend=bool(hidden.any()))
    return styled(fig, title, "Status", "People", height=320)


def response_times(frame: pd.DataFrame) -> go.Figure:
    """Median and 90th percentile of hours to first response, per month questions were asked."""
    title = "Hours to first response: median and slowest 10%"
    answered = frame[frame["median_hours_to_first_response"].notna()] if not frame.empty else frame
    if frame.empty or (answered.empty and not suppressed(frame).any()):
        return empty(title, "No answered question in this selection")
    if _all_hidden(frame):
        return suppressed_empty(title)
    months = pd.to_datetime(frame["month"])
    hidden = suppressed(frame)
    fig = go.Figure()
    for column, name, color in (("p90_hours_to_first_response", "90th percentile", SECONDARY),
                                ("median_hours_to_first_response", "Median", PRIMARY)):
        fig.add_trace(go.Scatter(x=months[~hidden], y=_count(frame.loc[~hidden, column]), name=name,
                                 mode="lines+markers", line={"color": color}, connectgaps=False,
                                 hovertemplate="%{x|%B %Y}: %{y:,.1f} h<extra>" + name + "</extra>"))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(months[hidden])))
    fig = styled(fig, title, "Month the question was asked", "Hours to first response")
    _month_axis(fig, months)
    return fig


def unanswered_curve(frame: pd.DataFrame) -> go.Figure:
    """Share of questions still without a response t hours after being asked."""
    title = "Questions still unanswered after…"
    kept = frame[frame["questions"].fillna(0) > 0] if not frame.empty else frame
    if kept.empty:
        return empty(title, "No question in this selection")
    labels = [HORIZON_LABELS.get(int(h), f"{int(h)} h") for h in kept["hours"]]
    fig = go.Figure(go.Scatter(
        x=labels, y=_count(kept["still_unanswered_share"]), mode="lines+markers+text",
        text=[_percent(v) for v in kept["still_unanswered_share"]], textposition="top center",
        line={"color": PRIMARY}, name="Still unanswered", cliponaxis=False,
        customdata=list(zip(_count(kept["still_unanswered"]), _count(kept["questions"]), strict=True)),
        hovertemplate="after %{x}: %{customdata[0]:,.0f} of %{customdata[1]:,.0f} questions "
                      "(%{y:.0%})<extra></extra>",
    ))
    fig = styled(fig, title, "Time since the question was asked", "Share still unanswered", height=360)
    fig.update_xaxes(type="category", tickangle=0)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1])
    return fig


def hierarchy_heatmap(frame: pd.DataFrame) -> go.Figure:
    """Replies from one job level (rows) to another (columns); colour = share of the row's replies."""
    title = "Who answers whom across job levels"
    if frame.empty:
        return empty(title)
    frame = frame.assign(hidden=suppressed(frame))
    rows = level_order(frame["from_level"])
    cols = level_order(frame["to_level"])
    wrapped = [c.replace(" ", "<br>", 1) if len(c) > 12 else c for c in cols]
    z = pd.DataFrame(None, index=rows, columns=cols, dtype="float64")
    text = pd.DataFrame("", index=rows, columns=cols, dtype="object")
    for row in frame.itertuples(index=False):
        src, dst = str(row.from_level), str(row.to_level)
        if row.hidden:
            text.loc[src, dst] = SUPPRESSED_LABEL
        else:
            z.loc[src, dst] = float(row.share_of_from_level)
            text.loc[src, dst] = f"{int(row.replies):,} ({_percent(row.share_of_from_level)})"
    fig = go.Figure(go.Heatmap(
        z=[[None if pd.isna(v) else v for v in r] for r in z.values.tolist()], x=wrapped, y=rows,
        text=text.values.tolist(), texttemplate="%{text}", zmin=0, colorscale="Blues",
        xgap=2, ygap=2, hoverongaps=False, colorbar={"title": {"text": "Share of row"}, "tickformat": ".0%"},
        hovertemplate="%{y} → %{x}: %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "Level of the person answered", "Level of the person replying",
                 height=max(320, 50 * len(rows) + 140))
    fig.update_xaxes(showgrid=False, tickangle=0)
    fig.update_yaxes(showgrid=False, rangemode="normal")
    return fig


def space_participation(frame: pd.DataFrame) -> go.Figure:
    """Engaged people per space, work communities and affinity groups in their own colours."""
    title = "Engaged people per space: work communities and affinity groups"
    if frame.empty:
        return empty(title)
    frame = frame.assign(hidden=suppressed(frame), kind=frame["kind"].fillna("work"))
    frame = frame.sort_values(["hidden", "engaged_people"], ascending=[True, False], na_position="last")
    fig = go.Figure()
    for kind, name, color in (("work", "Work community", WORK_COLOR), ("affinity", "Affinity group", AFFINITY_COLOR)):
        part = frame[(frame["kind"] == kind) & ~frame["hidden"]]
        if part.empty:
            continue
        fig.add_trace(go.Bar(
            x=_count(part["engaged_people"]), y=list(part["space"]), orientation="h", name=name,
            marker_color=color, customdata=list(zip(_count(part["posts"]), _count(part["departments"]),
                                                    strict=True)),
            hovertemplate="%{y}: %{x:,.0f} people, %{customdata[0]:,.0f} posts, "
                          "%{customdata[1]:,.0f} departments<extra>" + name + "</extra>",
        ))
    if frame["hidden"].any():
        fig.add_trace(suppressed_markers(list(frame.loc[frame["hidden"], "space"]), horizontal=True))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(frame["space"]))
    fig = styled(fig, title, "Engaged people (posted or reacted there)", "",
                 height=max(280, 30 * len(frame) + 130))
    fig.update_yaxes(rangemode="normal", showgrid=False)
    return fig


def exploration(frame: pd.DataFrame, within_days: int = 90) -> go.Figure:
    """New contributors per month, split by whether they went on to post in a second space."""
    title = f"New contributors who posted in another space within {within_days} days"
    if (placeholder := nothing_to_draw(frame, title)) is not None:
        return placeholder
    months = pd.to_datetime(frame["month"])
    hidden = suppressed(frame)
    shown = frame[~hidden]
    stayed = pd.to_numeric(shown["new_contributors"]) - pd.to_numeric(shown["explored"])
    fig = go.Figure()
    fig.add_trace(go.Bar(x=months[~hidden], y=_count(shown["explored"]), name="Went on to another space",
                         marker_color=PRIMARY, customdata=_count(shown["explored_share"]),
                         hovertemplate="%{x|%B %Y}: %{y:,.0f} (%{customdata:.0%})<extra></extra>"))
    fig.add_trace(go.Bar(x=months[~hidden], y=_count(stayed), name="Stayed in one space",
                         marker_color=MUTED, hovertemplate="%{x|%B %Y}: %{y:,.0f}<extra></extra>"))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(months[hidden])))
    fig.update_layout(barmode="stack")
    fig = styled(fig, title, "Month of the first post", "New contributors")
    fig.update_layout(margin={"t": 90}, legend={"traceorder": "normal"})
    _month_axis(fig, months)
    return fig


# --- Ties -------------------------------------------------------------------------------------

UNKNOWN_GROUP = "(unknown)"
# Distinct hues for up to a dozen departments; "(unknown)" is always grey.
GROUP_PALETTE = ["#2b6cb0", "#dd6b20", "#2f855a", "#c53030", "#6b46c1", "#b7791f", "#d53f8c",
                 "#319795", "#4a5568", "#9c4221", "#68d391", "#90cdf4", "#fbb6ce", "#f6e05e"]
EI_AXIS = {"range": [-1.08, 1.08], "tickvals": [-1, -0.5, 0, 0.5, 1], "zeroline": True,
           "zerolinecolor": "#a0aec0", "zerolinewidth": 1}
PLURAL = {"department": "departments", "site": "sites"}


def group_order(names) -> list[str]:
    """Group names sorted, "(unknown)" last."""
    return sorted(set(names), key=lambda name: (name == UNKNOWN_GROUP, str(name)))


def group_colours(names) -> dict[str, str]:
    """A stable colour per group: the same department keeps its colour in every Ties chart."""
    known = [name for name in group_order(names) if name != UNKNOWN_GROUP]
    colours = {name: GROUP_PALETTE[i % len(GROUP_PALETTE)] for i, name in enumerate(known)}
    return {**colours, UNKNOWN_GROUP: MUTED}


def tie_matrix(frame: pd.DataFrame, unit: str = "department", shares: bool = False) -> go.Figure:
    """Heatmap of department_matrix or site_matrix: interactions from a row's group to a column's,
    as counts or as shares of the row; suppressed cells say so."""
    rows_key, cols_key = f"from_{unit}", f"to_{unit}"
    title = f"Interactions between {PLURAL[unit]}" + (" (share of each row)" if shares else "")
    if frame.empty:
        return empty(title)
    if suppressed(frame).all():  # a heatmap of nothing but gaps draws neither cells nor labels
        return empty(title, f"Every pair of {PLURAL[unit]} has too few people to show (privacy)")
    rows, cols = group_order(frame[rows_key]), group_order(frame[cols_key])
    z = {(r, c): None for r in rows for c in cols}
    text = dict.fromkeys(z, "")
    hover = {(r, c): f"{r} → {c}: none" for r, c in z}
    for row in frame.assign(hidden=suppressed(frame)).itertuples(index=False):
        cell = (getattr(row, rows_key), getattr(row, cols_key))
        if row.hidden:
            text[cell], hover[cell] = SUPPRESSED_LABEL, f"{cell[0]} → {cell[1]}: {SUPPRESSED_HOVER}"
            continue
        z[cell] = float(row.row_share if shares else row.interactions)
        text[cell] = f"{row.row_share:.0%}" if shares else f"{int(row.interactions):,}"
        hover[cell] = (f"{cell[0]} → {cell[1]}: {int(row.interactions):,} interactions, "
                       f"{row.row_share:.0%} of what {cell[0]} sent")
    fig = go.Figure(go.Heatmap(
        z=[[z[r, c] for c in cols] for r in rows], x=cols, y=rows,
        text=[[text[r, c] for c in cols] for r in rows], texttemplate="%{text}",
        hovertext=[[hover[r, c] for c in cols] for r in rows], hovertemplate="%{hovertext}<extra></extra>",
        # from zero, whatever the data: a lone cell (one department known) had a scale of a
        # single value, ticked 282, 282, 283
        colorscale="Blues", hoverongaps=False, xgap=2, ygap=2, zmin=0,
        zmax=1 if shares else max([value for value in z.values() if value is not None] + [1]),
        colorbar={"title": {"text": "Share of row" if shares else "Interactions"},
                  "tickformat": ".0%" if shares else ",d"},
    ))
    for name in set(rows) & set(cols):  # outline the cells that stay inside a group
        x, y = cols.index(name), rows.index(name)
        fig.add_shape(type="rect", x0=x - 0.5, x1=x + 0.5, y0=y - 0.5, y1=y + 0.5,
                      line={"color": "#1a202c", "width": 1.5})
    fig = styled(fig, title, f"To {unit} (received)", f"From {unit} (made)",
                 height=max(340, 34 * len(rows) + 200))
    fig.update_xaxes(showgrid=False, tickangle=-30, showline=False)
    fig.update_yaxes(showgrid=False, autorange="reversed", rangemode="normal", showline=False)
    return fig


def ei_over_time(frame: pd.DataFrame, unit: str = "department", marked=None) -> go.Figure:
    """network_ei_monthly as two lines: the observed E-I index and the random-assignment baseline;
    `marked` draws a vertical line at the chosen month-end."""
    title = f"E-I index over time ({PLURAL[unit]})"
    if (placeholder := nothing_to_draw(frame, title)) is not None:
        return placeholder
    hidden = suppressed(frame)
    shown = frame[~hidden]
    months = pd.to_datetime(shown["month_end"])
    detail = [f"{int(e):,} across, {int(i):,} inside" for e, i in
              zip(shown["external_ties"], shown["internal_ties"], strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=months, y=_count(shown["ei_index"]), mode="lines+markers", name="Observed E-I index",
        line={"color": PRIMARY, "width": 3}, customdata=detail,
        hovertemplate="%{x|%B %Y}: %{y:+.2f} (%{customdata} ties)<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=months, y=_count(shown["expected_ei"]), mode="lines", name=f"Expected if {PLURAL[unit]} were random",
        line={"color": SECONDARY, "width": 2, "dash": "dash"},
        hovertemplate="%{x|%B %Y}: %{y:+.2f} expected at random<extra></extra>"))
    if hidden.any():  # crosses without their text: side by side, months' labels would overlap
        fig.add_trace(suppressed_markers(list(pd.to_datetime(frame.loc[hidden, "month_end"]))))
        fig.data[-1].mode = "markers"
    if marked is not None:
        fig.add_shape(type="line", x0=pd.Timestamp(marked), x1=pd.Timestamp(marked), y0=0, y1=1,
                      yref="paper", line={"color": "#718096", "width": 1, "dash": "dot"})
    fig = _legend_under_title(styled(fig, title, "Month-end (trailing window)", "E-I index", height=420))
    fig.update_yaxes(**EI_AXIS, rangemode="normal")
    ticks = list(pd.to_datetime(frame["month_end"]))[::-1][::_month_step(len(frame))][::-1]  # the latest labelled
    fig.update_xaxes(tickvals=ticks, tickformat="%b %Y")
    return fig


def ei_by_group(frame: pd.DataFrame, unit: str = "department") -> go.Figure:
    """department_ei or site_ei: a bar per group at its E-I index, a diamond at the value random
    assignment would give; suppressed groups marked."""
    title = f"E-I index per {unit}"
    if frame.empty:
        return empty(title)
    hidden = suppressed(frame)
    frame = pd.concat([frame[~hidden], frame[hidden]])  # suppressed groups last
    hidden = suppressed(frame)
    shown = frame[~hidden]
    names = list(shown[unit])
    detail = [f"{int(m):,} people, {int(e):,} ties across, {int(i):,} inside" for m, e, i in
              zip(shown["members"], shown["external_ties"], shown["internal_ties"], strict=True)]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=_count(shown["ei_index"]), y=names, orientation="h", name="E-I index", marker_color=PRIMARY,
        text=[f"{v:+.2f}" for v in shown["ei_index"]], insidetextanchor="start", textangle=0,
        textposition=["inside" if abs(v) >= 0.25 else "outside" for v in shown["ei_index"]],
        insidetextfont={"color": "white"}, outsidetextfont={"color": "#2d3748"}, cliponaxis=False,
        customdata=detail, hovertemplate="%{y}: %{x:+.2f} (%{customdata})<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=_count(shown["expected_ei"]), y=names, mode="markers", name="Expected at random",
        marker={"symbol": "diamond", "size": 12, "color": SECONDARY, "line": {"color": "white", "width": 1}},
        hovertemplate="%{y}: %{x:+.2f} expected at random<extra></extra>"))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(frame.loc[hidden, unit]), horizontal=True))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(frame[unit]))
    fig = _legend_under_title(styled(fig, title, "E-I index (−1 all ties inside, +1 all across)", "",
                                     height=max(340, 34 * len(frame) + 180)))
    fig.update_xaxes(**EI_AXIS)
    fig.update_yaxes(rangemode="normal")
    return fig


def _legend_under_title(fig: go.Figure) -> go.Figure:
    """Title, then legend, then plot: in a half-width column a legend beside the title covers it."""
    fig.update_layout(margin={"t": 100}, title={"y": 0.98, "yanchor": "top", "yref": "container"},
                      legend={"x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"})
    return fig


def circle_positions(names: list[str]) -> dict[str, tuple[float, float]]:
    """Points evenly spaced on the unit circle, the first at the top, clockwise."""
    import math

    step = 2 * math.pi / max(len(names), 1)
    return {name: (math.sin(i * step), math.cos(i * step)) for i, name in enumerate(names)}


def department_network(edges: pd.DataFrame, nodes: pd.DataFrame, max_node_px: int = 70) -> go.Figure:
    """The department-level tie graph: a node per department (area = its members with a tie),
    a line per pair of departments, as thick as the ties between their people."""
    title = "Departments and the ties between them"
    if nodes.empty:
        return empty(title)
    names = group_order(nodes["department"])
    nodes = nodes.assign(place=nodes["department"].map(names.index)).sort_values("place")
    where = circle_positions(names)
    colours = group_colours(names)
    fig = go.Figure()
    _network_edges(fig, edges[edges["department_a"] != edges["department_b"]], where)
    hidden = suppressed(nodes).to_numpy()
    shown, small = nodes[~hidden], nodes[hidden]
    members = [float(m) for m in shown["members"]]
    fig.add_trace(go.Scatter(
        x=[where[d][0] for d in shown["department"]], y=[where[d][1] for d in shown["department"]],
        mode="markers+text", name="Departments", showlegend=False,
        text=[f"<b>{d}</b><br>{int(m):,} people" for d, m in zip(shown["department"], members, strict=True)],
        textposition=[_label_side(where[d]) for d in shown["department"]],
        marker={"size": members, "sizemode": "area", "sizemin": 6,
                "sizeref": 2 * max(members, default=1) / max_node_px ** 2,
                "color": [colours[d] for d in shown["department"]], "line": {"color": "white", "width": 2},
                "opacity": 1},  # a size array would default to translucent bubbles
        customdata=[f"{int(m):,} people with a tie; {int(i):,} ties inside, {int(o):,} with other departments"
                    for m, i, o in zip(members, shown["inside_ties"], shown["outside_ties"], strict=True)],
        hovertemplate="%{customdata}<extra></extra>", opacity=1))
    if len(small):
        fig.add_trace(go.Scatter(
            x=[where[d][0] for d in small["department"]], y=[where[d][1] for d in small["department"]],
            mode="markers+text", name="suppressed (too few people)",
            text=[f"{d}<br>{SUPPRESSED_LABEL}" for d in small["department"]],
            textposition=[_label_side(where[d]) for d in small["department"]],
            marker={"size": 10, "color": MUTED, "symbol": "x-thin-open", "line": {"width": 2, "color": MUTED}},
            hovertemplate=SUPPRESSED_HOVER + "<extra></extra>", cliponaxis=False))
    return _network_layout(fig, title, height=720)


def _network_edges(fig: go.Figure, edges: pd.DataFrame, where: dict) -> None:
    """One line per edge (a trace cannot vary its width), plus invisible midpoints to hover on."""
    # a boolean Series, not a list: an empty list would select no columns instead of no rows
    known = pd.Series([a in where and b in where for a, b in zip(edges["department_a"], edges["department_b"],
                                                                 strict=True)], index=edges.index, dtype=bool)
    edges = edges[known]
    hidden = suppressed(edges).to_numpy()
    heaviest = max([float(t) for t in edges.loc[~hidden, "ties"]], default=1.0)
    mids, labels = ([], []), []
    for row, small in zip(edges.itertuples(index=False), hidden, strict=True):
        (xa, ya), (xb, yb) = where[row.department_a], where[row.department_b]
        ratio = 0.0 if small else float(row.ties) / heaviest
        fig.add_trace(go.Scatter(
            x=[xa, xb], y=[ya, yb], mode="lines", showlegend=False, hoverinfo="skip",
            line={"width": 1 if small else 1 + 13 * ratio, "color": MUTED if small else PRIMARY,
                  "dash": "dot" if small else "solid"},
            opacity=0.5 if small else 0.2 + 0.6 * ratio))
        mids[0].append((xa + xb) / 2)
        mids[1].append((ya + yb) / 2)
        pair = f"{row.department_a} — {row.department_b}"
        labels.append(f"{pair}: {SUPPRESSED_HOVER}" if small else
                      f"{pair}: {int(row.ties):,} ties ({int(row.interactions):,} replies and mentions)")
    fig.add_trace(go.Scatter(x=mids[0], y=mids[1], mode="markers", showlegend=False, name="ties",
                             marker={"size": 14, "opacity": 0}, hovertext=labels,
                             hovertemplate="%{hovertext}<extra></extra>"))


def _label_side(point: tuple[float, float]) -> str:
    return "top center" if point[1] >= -0.01 else "bottom center"


def _network_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": title, "x": 0, "xanchor": "left"}, height=height, plot_bgcolor="white",
                      margin={"l": 10, "r": 10, "t": 60, "b": 10}, hoverlabel={"namelength": -1},
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1})
    fig.update_xaxes(visible=False, range=[-1.5, 1.5])
    fig.update_yaxes(visible=False, range=[-1.3, 1.3], scaleanchor="x", scaleratio=1)
    return fig


def people_network(ties: pd.DataFrame, department: str, departments=(), show_names: bool = True,
                   max_labels: int = 30) -> go.Figure:
    """department_people_ties drawn person by person around one department: its people on an
    inner circle (ringed), everyone they are tied to on an outer circle grouped by department into
    labelled arcs, people coloured by department, ties across departments in orange."""
    title = f"People of {department} and their ties"
    if ties.empty:
        return empty(title)
    people, degree = {}, {}
    for row in ties.itertuples(index=False):
        for person, name, dept in ((row.person_a, row.name_a, row.department_a),
                                   (row.person_b, row.name_b, row.department_b)):
            people[person] = (name if show_names and isinstance(name, str) else alias(person), dept)
            degree[person] = degree.get(person, 0) + 1
    where = focus_positions(people, degree, department)
    fig = go.Figure()
    for across, colour, label in ((False, "#a0aec0", "tie inside a department"),
                                  (True, SECONDARY, "tie across departments")):
        xs, ys = [], []
        # department_people_ties says which ties cross: two small departments may share one name here
        for a, b, crossing in zip(ties["person_a"], ties["person_b"], ties["crossing"], strict=True):
            if bool(crossing) == across:
                xs += [where[a][0], where[b][0], None]
                ys += [where[a][1], where[b][1], None]
        if xs:
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=label, hoverinfo="skip",
                                     line={"color": colour, "width": 1}, opacity=0.55))
    colours = group_colours([*departments, *(dept for _, dept in people.values())])
    labelled = show_names and len(people) <= max_labels
    for dept in group_order(dept for _, dept in people.values()):
        members = [p for p in people if people[p][1] == dept]
        names = [people[p][0] for p in members]
        fig.add_trace(go.Scatter(
            x=[where[p][0] for p in members], y=[where[p][1] for p in members], name=dept,
            mode="markers+text" if labelled else "markers", text=names, textposition="top center",
            textfont={"size": 11},
            customdata=[f"{n} ({dept}): {degree[p]} ties shown" for n, p in zip(names, members, strict=True)],
            hovertemplate="%{customdata}<extra></extra>",
            marker={"size": [7 + 2 * min(degree[p], 8) for p in members], "color": colours[dept], "opacity": 1,
                    "line": {"color": "#1a202c" if dept == department else "white",
                             "width": 2 if dept == department else 1}}))
    _arc_labels(fig, people, where, department, colours)
    fig = _network_layout(fig, title, height=720)
    fig.update_layout(legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 1, "yanchor": "top"})
    fig.update_xaxes(range=[-1.8, 1.8])
    return fig


def focus_positions(people: dict, degree: dict, department: str, inner: float = 0.45) -> dict:
    """The department's people on a circle of radius `inner` (most tied first), the others on the
    unit circle in department order, so that each department forms one arc."""
    own = sorted((p for p in people if people[p][1] == department), key=lambda p: (-degree[p], people[p][0]))
    order = group_order(dept for _, dept in people.values())
    others = sorted((p for p in people if people[p][1] != department),
                    key=lambda p: (order.index(people[p][1]), str(people[p][0]), p))
    ring = circle_positions(others)
    centre = {own[0]: (0.0, 0.0)} if len(own) == 1 else {
        p: (inner * x, inner * y) for p, (x, y) in circle_positions(own).items()}
    return {**ring, **centre}


def _arc_labels(fig: go.Figure, people: dict, where: dict, department: str, colours: dict) -> None:
    """Each outer department's name just outside the middle of its arc."""
    import math

    for dept in group_order(d for _, d in people.values()):
        if dept == department:
            continue
        points = [where[p] for p in people if people[p][1] == dept]
        x, y = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        angle = math.atan2(y, x) if (x, y) != (0, 0) else math.pi / 2
        x, y = 1.1 * math.cos(angle), 1.1 * math.sin(angle)
        side = "center" if abs(x) < 0.3 else "left" if x > 0 else "right"  # away from the circle
        fig.add_annotation(x=x, y=y, text=f"<b>{dept}</b>", showarrow=False, xanchor=side,
                           yanchor="bottom" if y > 0.3 else "top" if y < -0.3 else "middle",
                           font={"color": colours[dept], "size": 12})


def _translucent(colour: str, alpha: float = 0.4) -> str:
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def communities_sankey(frame: pd.DataFrame, max_communities: int = 10) -> go.Figure:
    """communities_vs_departments as a Sankey: informal communities (left) flowing into the formal
    departments (right), link width = members. Suppressed groups are left out and counted in the
    title; communities past the largest `max_communities` are pooled as "smaller communities"."""
    title = "Informal communities against departments"
    hidden = suppressed(frame)
    shown = frame[~hidden].copy()
    if shown.empty:
        return empty(title, "Every community–department group is too small to show (privacy)"
                     if hidden.any() else "No communities in this selection")
    shown["members"] = shown["members"].astype(float)
    sizes = shown.groupby("community_id")["members"].sum().sort_values(ascending=False, kind="stable")
    kept = list(sizes.index[:max_communities])
    shown["community"] = [f"Community {c}" if c in kept else "Smaller communities" for c in shown["community_id"]]
    links = shown.groupby(["community", "department"], sort=False)["members"].sum().reset_index()
    left = [f"Community {c}" for c in kept] + (["Smaller communities"] if len(sizes) > len(kept) else [])
    right = group_order(links["department"])
    colours = group_colours(right)
    totals = links.groupby("community")["members"].sum()
    fig = go.Figure(go.Sankey(
        arrangement="snap", textfont={"color": "#1a202c", "size": 12, "shadow": "none"},
        node={"label": [f"{c} ({int(totals[c]):,})" for c in left] + right, "pad": 12, "thickness": 16,
              "color": ["#a3bffa"] * len(left) + [colours[d] for d in right],
              "hovertemplate": "%{label}: %{value:,.0f} people<extra></extra>"},
        link={"source": [left.index(c) for c in links["community"]],
              "target": [len(left) + right.index(d) for d in links["department"]],
              "value": list(links["members"]),
              "color": [_translucent(colours[d]) for d in links["department"]],
              "hovertemplate": "%{source.label} → %{target.label}: %{value:,.0f} people<extra></extra>"},
    ))
    note = f" · {int(hidden.sum())} small groups not drawn (privacy)" if hidden.any() else ""
    fig.update_layout(title={"text": title + f"<br><sup>community (left) → department (right){note}</sup>",
                             "x": 0}, height=max(380, 34 * max(len(left), len(right)) + 120),
                      margin={"l": 10, "r": 10, "t": 70, "b": 10})
    return fig


# --- Influencers ----------------------------------------------------------------------------

# Ten hues far enough apart to tell ten lines of a bump chart apart (beyond ten they repeat,
# and the name at each line's end still tells them apart).
BUMP_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
               "#8c564b", "#e377c2", "#4a5568", "#a5a61a", "#17becf"]
ROLE_COLORS = {"engager": "#2b6cb0", "catalyst": "#dd6b20", "responder": "#38a169",
               "broadcaster": "#805ad5", "observer": "#a0aec0"}


def _person_labels(frame: pd.DataFrame) -> list[str]:
    return [f"{name} ({dept})" if isinstance(dept, str) else str(name)
            for name, dept in zip(frame["display_name"], frame["department"], strict=True)]


def bump_floor(worst_rank_now: int) -> int:
    """The lowest rank drawn: twice the worst current rank shown, at least ten ranks below it,
    rounded up to a multiple of 5. Lower ranks (and months unranked) go on a band under it, so
    the top stays readable whatever rank someone came from."""
    lowest = max(2 * worst_rank_now, worst_rank_now + 10)
    return -(-lowest // 5) * 5


def rank_bump(frame: pd.DataFrame) -> go.Figure:
    """Bump chart of rank_history: one line per person, rank 1 at the top, names at the right end."""
    title = "Rank month by month of today's top people"
    if frame.empty:
        return empty(title)
    frame = frame.sort_values(["rank_now", "month_end"], kind="stable")
    floor = bump_floor(int(frame["rank_now"].max()))
    fig = go.Figure()
    for i, (_, rows) in enumerate(frame.groupby("person_id", sort=False)):
        fig.add_trace(_bump_line(rows, floor, BUMP_COLORS[i % len(BUMP_COLORS)]))
    fig.add_hrect(y0=floor + 0.5, y1=floor + 1.5, fillcolor="#edf2f7", line_width=0, layer="below")
    longest = max(len(str(name)) for name in frame["display_name"])
    fig = styled(fig, title, "Month-end", "Rank (1 = most relied on)", height=max(440, 22 * floor + 170))
    fig.update_layout(showlegend=False, margin={"r": int(6.5 * longest) + 30})
    ticks = _bump_ticks(int(frame["rank_now"].max()), floor)
    fig.update_yaxes(range=[floor + 1.6, 0.4], rangemode="normal", tickvals=ticks,
                     ticktext=[str(t) if t <= floor else f"below {floor} or unranked" for t in ticks],
                     zeroline=False)
    _month_axis(fig, frame["month_end"])
    return fig


def _bump_ticks(worst: int, floor: int) -> list[int]:
    top = list(range(1, worst + 1)) if worst <= 12 else [1, *range(5, worst + 1, 5)]
    return sorted({*top, *range(5 * (top[-1] // 5 + 1), floor + 1, 5), floor + 1})


def _bump_line(rows: pd.DataFrame, floor: int, color: str) -> go.Scatter:
    """A person's line; below the floor only the points where it enters or leaves the band."""
    ranks = [None if pd.isna(r) else int(r) for r in rows["rank"]]
    low = [r is None or r > floor for r in ranks]
    y = []
    for i, rank in enumerate(ranks):
        next_to_shown = (i > 0 and not low[i - 1]) or (i + 1 < len(ranks) and not low[i + 1])
        y.append(rank if not low[i] else floor + 1 if next_to_shown else None)
    name = str(rows["display_name"].iloc[0])
    return go.Scatter(
        x=pd.to_datetime(rows["month_end"]), y=y, name=name, mode="lines+markers+text",
        text=[""] * (len(y) - 1) + [f" {name}"], textposition="middle right",
        textfont={"color": color, "size": 13}, line={"color": color, "width": 3},
        marker={"color": color, "size": 7}, cliponaxis=False, connectgaps=False,
        customdata=["not ranked" if r is None else f"rank {r}" for r in ranks],
        hovertemplate="%{fullData.name}<br>%{x|%b %Y}: %{customdata}<extra></extra>",
    )


def emergence_timeline(frame: pd.DataFrame, top_decile: int) -> go.Figure:
    """One dot per person at the month they entered the top decile, most recent on top; blue when
    they are still in the top decile now (rank_now <= top_decile), grey when they left it."""
    title = "When each person entered the top decile"
    if frame.empty:
        return empty(title)
    labels = _person_labels(frame)
    still = (frame["rank_now"].notna() & (frame["rank_now"] <= top_decile)).tolist()
    fig = go.Figure()
    for keep, name, color in ((True, f"still in the top {top_decile} now", PRIMARY),
                              (False, "no longer in the top decile", MUTED)):
        part = frame[[s == keep for s in still]]
        now = ["unranked" if pd.isna(r) else f"#{int(r)}" for r in part["rank_now"]]
        fig.add_trace(go.Scatter(
            x=pd.to_datetime(part["emerged_month"]), y=[lbl for lbl, s in zip(labels, still, strict=True)
                                                        if s == keep],
            mode="markers+text", name=name, marker={"color": color, "size": 12},
            text=[f"#{int(a)} → {b}" for a, b in zip(part["rank_at_emergence"], now, strict=True)],
            textposition="middle right", textfont={"color": "#4a5568"}, cliponaxis=False,
            hovertemplate="%{y}<br>entered %{x|%b %Y}: rank then → now %{text}<extra></extra>",
        ))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig = styled(fig, title, "Month of entry", "", height=max(260, 24 * len(frame) + 130))
    fig.update_layout(margin={"r": 90})  # room for the ranks written right of the latest dots
    fig.update_yaxes(rangemode="normal", showgrid=True)
    _month_axis(fig, frame["emerged_month"])
    return fig


def rising_bars(frame: pd.DataFrame) -> go.Figure:
    """Rank gained over three months, largest gain on top, each bar saying from where to where."""
    title = "Largest rank gains over the last three months"
    if frame.empty:
        return empty(title, "Nobody gained rank over these three months")
    labels = _person_labels(frame)
    moves = [f"{'unranked' if pd.isna(a) else '#' + str(int(a))} → #{int(b)}"
             for a, b in zip(frame["rank_3_months_ago"], frame["rank_now"], strict=True)]
    fig = go.Figure(go.Bar(
        x=_count(frame["rank_gain"]), y=labels, orientation="h", marker_color=PRIMARY, text=moves,
        textposition="outside", cliponaxis=False, name="Ranks gained",
        hovertemplate="%{y}: %{x:,.0f} ranks gained (%{text})<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig = styled(fig, title, "Ranks gained", "", height=max(300, 26 * len(frame) + 120))
    fig.update_yaxes(rangemode="normal")
    fig.update_layout(margin={"r": 110})
    return fig


ROLE_TICKS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]


def roles_scatter(frame: pd.DataFrame, min_activity: int = 5) -> go.Figure:
    """Given (x) against received (y), one colour per role, on log axes shifted by one so that
    zero fits; the role thresholds of queries/roles.sql drawn as lines."""
    title = "Give versus receive"
    if frame.empty:
        return empty(title)
    fig = go.Figure()
    for role, color in ROLE_COLORS.items():
        part = frame[frame["role"] == role]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=[v + 1 for v in part["given"]], y=[v + 1 for v in part["received"]], mode="markers",
            name=f"{role} ({len(part)})", marker={"color": color, "size": 8, "opacity": 0.7},
            text=list(part["display_name"]), customdata=part[["given", "received"]].values.tolist(),
            hovertemplate="%{text}: gave %{customdata[0]}, received %{customdata[1]}<extra>"
                          + role + "</extra>",
        ))
    top = float(max(frame["given"].max(), frame["received"].max(), 2 * min_activity))
    for trace in _role_thresholds(top, min_activity):
        fig.add_trace(trace)
    ticks = [t for t in ROLE_TICKS if t <= top * 1.5]
    fig = styled(fig, title, "Given: posts and replies written + reactions made (log scale)",
                 "Received: replies + reactions got (log scale)", height=560)
    axis = {"type": "log", "tickvals": [t + 1 for t in ticks], "ticktext": [str(t) for t in ticks],
            "rangemode": "normal"}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.14, "xanchor": "left", "x": 0},
                      height=620)
    return fig


def _role_thresholds(top: float, min_activity: int) -> list[go.Scatter]:
    """received = 2 x given, received = given / 2, and given + received = min_activity."""
    steps = [(top + 1) ** (i / 60) - 1 for i in range(61)]
    lines = [
        ("received = 2 × given: catalysts above", [(g, 2 * g) for g in steps if 2 * g <= top]),
        ("received = given ÷ 2: responders and broadcasters below", [(g, g / 2) for g in steps]),
        (f"given + received = {min_activity}: observers below",
         [(g, min_activity - g) for g in (min_activity * i / 20 for i in range(21))]),
    ]
    return [go.Scatter(x=[g + 1 for g, _ in points], y=[r + 1 for _, r in points], mode="lines",
                       name=label, line={"color": "#4a5568", "width": 1.5, "dash": dash},
                       hoverinfo="skip")
            for (label, points), dash in zip(lines, ("dash", "dot", "dashdot"), strict=True)]


def person_activity(frame: pd.DataFrame) -> go.Figure:
    """Per month: posts the person wrote, people they replied to, people who reached them."""
    title = "Activity month by month"
    if frame.empty:
        return empty(title, "No activity for this person in the selection")
    months = pd.to_datetime(frame["month"])
    fig = go.Figure()
    for column, label, color in (("posts", "Posts written", PRIMARY),
                                 ("people_helped", "People they replied to", "#38a169"),
                                 ("people_reaching", "People who reached them", SECONDARY)):
        fig.add_trace(go.Bar(x=months, y=_count(frame[column]), name=label, marker_color=color,
                             hovertemplate=label + " in %{x|%B %Y}: %{y:,.0f}<extra></extra>"))
    fig.update_layout(barmode="group")
    fig = styled(fig, title, "Month", "Count", height=380)
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.25, "xanchor": "left", "x": 0})
    _month_axis(fig, months)
    return fig


def person_rank(frame: pd.DataFrame) -> go.Figure:
    """The person's influence rank at each month-end, rank 1 at the top; gaps where unranked."""
    title = "Influence rank month by month"
    if frame.empty or frame["rank"].isna().all():
        return empty(title, "Never ranked in this selection")
    months = pd.to_datetime(frame["month"])
    fig = go.Figure(go.Scatter(
        x=months, y=_count(frame["rank"]), mode="lines+markers", name="Rank", connectgaps=False,
        line={"color": PRIMARY, "width": 3}, hovertemplate="%{x|%B %Y}: rank %{y}<extra></extra>",
    ))
    fig = styled(fig, title, "Month", "Rank (1 = most relied on)", height=380)
    worst = float(frame["rank"].max())
    steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000]
    step = next((s for s in steps if worst / s <= 6), steps[-1])
    fig.update_yaxes(range=[worst + max(1.0, worst * 0.05), 0.5], rangemode="normal",
                     tickvals=sorted({1, *range(step, int(worst) + 1, step)}))
    _month_axis(fig, months)
    return fig


def reached_by_departments(frame: pd.DataFrame) -> go.Figure:
    """Distinct people per department who replied to, mentioned or reacted to the person."""
    title = "Departments that reach this person"
    if frame.empty:
        return empty(title, "Nobody reached this person in the selection")
    labels = [d if isinstance(d, str) else "no department" for d in frame["department"]]
    hidden = suppressed(frame)
    shown = [lbl for lbl, h in zip(labels, hidden, strict=True) if not h]
    fig = go.Figure(go.Bar(
        x=_count(frame.loc[~hidden, "people"]), y=shown, orientation="h", marker_color=SECONDARY,
        name="People", hovertemplate="%{y}: %{x:,.0f} people<extra></extra>",
    ))
    if hidden.any():
        fig.add_trace(suppressed_markers([lbl for lbl, h in zip(labels, hidden, strict=True) if h],
                                         horizontal=True))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig = styled(fig, title, "Distinct people who reached them", "", height=max(260, 28 * len(frame) + 120))
    fig.update_yaxes(rangemode="normal")
    return fig


# --- Training reuse -------------------------------------------------------------------------
# Figures for the Training reuse page, and two pure helpers it needs: the lift's z-score (the
# page's yes/no) and the evidence text with the matched terms in bold.

import re  # noqa: E402 - this section is appended to a file others edit at the top

MAX_DAY_BINS = 12  # more bins than this and their "0–4" labels run into each other
# Every character CommonMark, GFM or Streamlit's markdown (emoji and icon codes, LaTeX) acts on,
# and "&" so that "&lt;" in a post stays "&lt;" rather than becoming "<".
REUSE_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|$~:&])")
Z_95 = 1.96


def lift_points(value) -> str:
    """A difference of two shares in percentage points: "+44 pts"."""
    return f"{float(value) * 100:+.0f} pts".replace("+0 ", "0 ").replace("-0 ", "0 ")


def reuse_share(value) -> str:
    """44%, or 0.2% where rounding a small share would print 0%."""
    value = float(value)
    return f"{value:.1%}".replace(".0%", "%") if 0 < value < 0.1 else f"{value:.0%}"


def lift_z(row: pd.Series) -> float | None:
    """The lift of a course_reuse row in standard errors: lift / sqrt(2 P (1 - P) / attendees),
    P the mean of the attendees' after and before shares (the two-proportion test's pooled share,
    under "no change"). The colleagues' shares come from whole departments and are taken as
    known. Treating the same people before and after as two samples overstates the noise, so
    |z| >= 1.96 is a change at 5% or better. None when the row is suppressed or has no lift."""
    if bool(row.get("suppressed", False)) or pd.isna(row.get("lift")) or not row.get("attendees"):
        return None
    pooled = (float(row["reshare_rate"]) + float(row["baseline_rate"])) / 2
    if pooled in (0.0, 1.0):
        return 0.0
    return float(row["lift"]) / (2 * pooled * (1 - pooled) / float(row["attendees"])) ** 0.5


def reuse_before_after(row: pd.Series, horizon_days: int) -> go.Figure:
    """One course_reuse row as grouped bars: before and after attending, for the attendees and for
    their colleagues who did not attend; the lift (difference of differences) in the title."""
    name = row.get("title") if isinstance(row.get("title"), str) else str(row["course_id"])
    if bool(row.get("suppressed", False)):
        return suppressed_empty(f"{name}: before and after the course")
    groups = ["Attendees", "Colleagues who did not attend"]
    before = [row["baseline_rate"], row["comparison_baseline_rate"]]
    after = [row["reshare_rate"], row["comparison_rate"]]
    if pd.isna(row["lift"]):
        title = f"{name}: no colleague to compare with, so no lift"
    else:
        title = f"{name}: lift {lift_points(row['lift'])}"
    fig = go.Figure()
    for label, values, colour in ((f"{horizon_days} days before", before, MUTED),
                                  (f"{horizon_days} days after", after, PRIMARY)):
        fig.add_trace(go.Bar(
            x=groups, y=_count(pd.Series(values)), name=label, marker_color=colour,
            text=[reuse_share(v) if pd.notna(v) else "none" for v in values], textposition="outside",
            cliponaxis=False, hovertemplate=f"%{{x}}, {label}: %{{y:.1%}}<extra></extra>",
        ))
    top = max([float(v) for v in before + after if pd.notna(v)] + [0.05])
    fig.update_layout(barmode="group")
    fig = styled(fig, title, "", "Share who posted the course's content", height=380)
    fig.update_yaxes(tickformat=".0%", range=[0, top * 1.25])
    return fig


def reuse_bin_days(horizon_days: int) -> int:
    """Days per bar of the first-reuse histogram: 5, or a multiple of 5 keeping MAX_DAY_BINS bars."""
    return 5 * max(1, -(-horizon_days // (5 * MAX_DAY_BINS)))


def reuse_first_days(frame: pd.DataFrame, horizon_days: int, median=None) -> go.Figure:
    """reuse_days_to_first for one course as a histogram: reusers by days from attending to their
    first reusing post, in bins of reuse_bin_days(horizon) days up to the horizon."""
    title = "Days from the course to the first reuse"
    if median is not None and pd.notna(median):
        title += f" (median {float(median):g} days)"
    if frame.empty:
        return empty(title, "Nobody reused the course within the horizon")
    if suppressed(frame).all():
        return suppressed_empty(title)
    days = frame["days_to_first_reuse"].astype(int)
    reusers = frame["reusers"].astype(int)
    width = reuse_bin_days(horizon_days)
    starts = list(range(0, horizon_days, width))
    counts = [int(reusers[(days >= lo) & (days < lo + width)].sum()) for lo in starts]
    labels = [f"{lo}–{min(lo + width, horizon_days) - 1}" for lo in starts]
    fig = go.Figure(go.Bar(
        x=labels, y=counts, marker_color=PRIMARY, name="Attendees", text=[str(c) if c else "" for c in counts],
        textposition="outside", cliponaxis=False,
        hovertemplate="days %{x}: %{y} attendees reused it for the first time<extra></extra>",
    ))
    fig = styled(fig, title, "Days after attending", "Attendees (first reuse)", height=340)
    fig.update_xaxes(type="category", tickangle=0)
    # whole people only: a step of at least 1, or small counts get ticks "0, 1, 1, 2"
    fig.update_yaxes(tickformat=",d", dtick=max(1, -(-max(counts) // 5)), range=[0, max(counts) * 1.25 + 0.5])
    return fig


def reuse_over_weeks(frame: pd.DataFrame) -> go.Figure:
    """reuse_over_time for one course: the share of attendees posting its content in each week after
    attending, so reuse fading or holding shows as the line's slope."""
    title = "Reuse week by week: fading or holding?"
    if frame.empty:
        return empty(title)
    if suppressed(frame).all():
        return suppressed_empty(title)
    weeks = frame["weeks_after_attending"].astype(int)
    fig = go.Figure(go.Scatter(
        x=list(weeks), y=_count(frame["share_of_attendees"]), mode="lines+markers", name="Share of attendees",
        line={"color": PRIMARY, "width": 3}, customdata=_count(frame["reusers"]),
        hovertemplate="week %{x}: %{y:.0%} of attendees (%{customdata:.0f})<extra></extra>",
    ))
    top = max(_count(frame["share_of_attendees"]) + [0.05])
    fig = styled(fig, title, "Weeks after attending (week 0 = days 0–6)", "Share of attendees", height=340)
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(tickformat=".0%", range=[0, top * 1.2])
    return fig


def reuse_helped_departments(frame: pd.DataFrame) -> go.Figure:
    """reuse_helped_departments for one course: distinct people helped per department (of the
    person helped); departments with too few people helped marked as suppressed."""
    title = "Whom attendees helped with the course's content"
    if frame.empty:
        return empty(title, "No attendee answered a colleague with the course's content")
    labels = [d if isinstance(d, str) else "(unknown)" for d in frame["department"]]
    hidden = suppressed(frame)
    shown = [lbl for lbl, h in zip(labels, hidden, strict=True) if not h]
    fig = go.Figure(go.Bar(
        x=_count(frame.loc[~hidden, "people_helped"]), y=shown, orientation="h", marker_color=SECONDARY,
        name="People helped", customdata=_count(frame.loc[~hidden, "helpers"]),
        hovertemplate="%{y}: %{x:.0f} people helped by %{customdata:.0f} attendees<extra></extra>",
    ))
    if hidden.any():
        fig.add_trace(suppressed_markers([lbl for lbl, h in zip(labels, hidden, strict=True) if h],
                                         horizontal=True))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    fig = styled(fig, title, "Distinct people helped", "", height=max(260, 30 * len(frame) + 120))
    most = max([v for v in _count(frame["people_helped"]) if v is not None] + [1])
    # from 0, so that the "suppressed" marks sit on the left even when no bar is drawn
    fig.update_xaxes(tickformat=",d", dtick=max(1, -(-int(most) // 5)), range=[0, most * 1.1])
    fig.update_yaxes(rangemode="normal")
    return fig


def highlighted(text: str, terms) -> str:
    """Markdown that shows `text` exactly as written, on one line, with every whole-word occurrence
    of the terms (any case) in bold. Everything else is escaped, so a post's <script>, **bold**
    or [link](javascript:...) shows as typed: the page never renders an export's markup."""
    text = " ".join(str(text).split())
    spans = []
    for term in sorted({t for t in terms if isinstance(t, str) and t.strip()}, key=len, reverse=True):
        words = r"\s+".join(re.escape(w) for w in term.split())
        spans += [m.span() for m in re.finditer(rf"(?<!\w){words}(?!\w)", text, flags=re.IGNORECASE)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:  # overlapping terms make one bold run
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [_escaped(text[at:start]), "**", _escaped(text[start:end]), "**"]
        at = end
    out.append(_escaped(text[at:]))
    return "".join(out)


def _escaped(text: str) -> str:
    return REUSE_MARKDOWN_SPECIAL.sub(r"\\\1", text)


# --- Ties page: weak ties inside and across departments (appended) ----------------------------------

WEAK_TIE_SIDES = {False: "Inside a department", True: "Across departments"}


def weak_tie_sides(frame: pd.DataFrame) -> pd.DataFrame:
    """weak_ties' ties, weak ties and local bridges summed inside departments and across them, over
    the pairs shown (suppressed pairs cannot be counted): one row per side present, inside first."""
    shown = frame[~suppressed(frame)]
    totals = shown.groupby(shown["crossing"].astype(bool))[["ties", "weak_ties", "local_bridges"]].sum()
    totals = totals.astype(float).rename(index=WEAK_TIE_SIDES)
    return totals.reindex([side for side in WEAK_TIE_SIDES.values() if side in totals.index])


def weak_ties_inside_across(frame: pd.DataFrame) -> go.Figure:
    """weak_ties: the share of weak ties and of local bridges among ties inside one department and
    among ties across two (weak_tie_sides)."""
    title = "Weak ties inside and across departments"
    if frame.empty:
        return empty(title)
    totals = weak_tie_sides(frame)
    if totals.empty:
        return suppressed_empty(title)
    fig = go.Figure()
    for column, name, colour in (("weak_ties", "Weak ties (overlap < 0.1)", PRIMARY),
                                 ("local_bridges", "Local bridges (no shared contact)", SECONDARY)):
        share = totals[column] / totals["ties"]
        fig.add_trace(go.Bar(
            x=list(totals.index), y=share.tolist(), name=name, marker_color=colour,
            text=[f"{s:.0%}" for s in share], textposition="outside", cliponaxis=False,
            customdata=[f"{int(c):,} of {int(t):,} ties" for c, t in zip(totals[column], totals["ties"],
                                                                          strict=True)],
            hovertemplate="%{x}: %{y:.0%} (%{customdata})<extra>" + name + "</extra>"))
    fig = styled(fig, title, "", "Share of the ties")
    fig.update_yaxes(tickformat=".0%", range=[0, 1.1])
    return fig
