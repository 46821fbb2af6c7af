"""Plotly figures for the dashboard: pure functions, a metric's DataFrame in, a figure out.

Every chart has a title and named axes, and draws a row whose `suppressed` column is true
(fewer than min_group_size people behind it, queries/privacy.py) as "suppressed", never as a
number. Shared helpers come first; each view's charts follow, and later views append theirs at
the end of the file.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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


def suppressed_markers(positions: list, horizontal: bool = False) -> go.Scatter:
    """Grey crosses on the zero line, labelled "suppressed", where a hidden value would be."""
    zeros = [0] * len(positions)
    x, y = (zeros, positions) if horizontal else (positions, zeros)
    return go.Scatter(
        x=x, y=y, mode="markers+text", name="suppressed (too few people)",
        marker={"symbol": "x-thin-open", "size": 12, "color": MUTED, "line": {"width": 2}},
        text=[SUPPRESSED_LABEL] * len(positions),
        textposition="middle right" if horizontal else "top center",
        textfont={"color": "#718096"}, hovertemplate=SUPPRESSED_HOVER + "<extra></extra>",
        cliponaxis=False,
    )


def _count(values: pd.Series) -> list:
    return [None if pd.isna(v) else float(v) for v in values]


# --- overview and adoption ------------------------------------------------------------------

def activity_per_month(frame: pd.DataFrame, column: str = "engaged_people",
                       label: str = "Engaged people") -> go.Figure:
    """Bars per month of one column of activity_by_month; suppressed months marked."""
    title = f"{label} per month"
    if frame.empty:
        return empty(title)
    months = pd.to_datetime(frame["month"])
    hidden = suppressed(frame)
    fig = go.Figure(go.Bar(
        x=months[~hidden], y=_count(frame.loc[~hidden, column]), name=label,
        marker_color=PRIMARY, hovertemplate="%{x|%B %Y}: %{y:,.0f}<extra></extra>",
    ))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(months[hidden])))
    span = (months.max().year - months.min().year) * 12 + months.max().month - months.min().month + 1
    fig.update_xaxes(tickformat="%b %Y", dtick=f"M{1 if span <= 8 else 2 if span <= 16 else 3}",
                     ticklabelmode="period", tickangle=0)
    return styled(fig, title, "Month", label)


# --- ties -----------------------------------------------------------------------------------

def department_matrix(frame: pd.DataFrame) -> go.Figure:
    """Heatmap of interactions from one department (row) to another (column)."""
    title = "Interactions between departments"
    if frame.empty:
        return empty(title)
    rows = sorted(frame["from_department"].unique())
    cols = sorted(frame["to_department"].unique())
    z = pd.DataFrame(None, index=rows, columns=cols, dtype="float64")
    text = pd.DataFrame("", index=rows, columns=cols, dtype="object")
    for row in frame.assign(hidden=suppressed(frame)).itertuples(index=False):
        if row.hidden:
            text.loc[row.from_department, row.to_department] = SUPPRESSED_LABEL
        else:
            z.loc[row.from_department, row.to_department] = float(row.interactions)
            text.loc[row.from_department, row.to_department] = f"{int(row.interactions):,}"
    fig = go.Figure(go.Heatmap(
        z=[[None if pd.isna(v) else v for v in row] for row in z.values.tolist()], x=cols, y=rows, text=text.values.tolist(), texttemplate="%{text}",
        colorscale="Blues", colorbar={"title": {"text": "Interactions"}}, hoverongaps=False,
        hovertemplate="%{y} → %{x}: %{text}<extra></extra>", xgap=2, ygap=2,
    ))
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "To department (received)", "From department (made)",
                 height=max(320, 60 * len(rows) + 140))
    fig.update_xaxes(showgrid=False, side="bottom")
    fig.update_yaxes(showgrid=False, rangemode="normal")
    return fig


# --- influencers ----------------------------------------------------------------------------

def reply_audience(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars: distinct people who replied to each person, widest audience on top."""
    title = "People replied to by the most distinct colleagues"
    if frame.empty:
        return empty(title)
    names = [f"{name} ({dept})" if isinstance(dept, str) else str(name)
             for name, dept in zip(frame["display_name"], frame["department"], strict=True)]
    fig = go.Figure(go.Bar(
        x=_count(frame["repliers"]), y=names, orientation="h", marker_color=PRIMARY,
        customdata=_count(frame["replies"]), name="Distinct repliers",
        hovertemplate="%{y}: %{x:,.0f} people, %{customdata:,.0f} replies<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    fig = styled(fig, title, "Distinct people who replied", "", height=max(300, 28 * len(frame) + 120))
    fig.update_yaxes(rangemode="normal")
    return fig


# --- training reuse -------------------------------------------------------------------------

def course_attendance(frame: pd.DataFrame) -> go.Figure:
    """Attendees and completions per course; suppressed courses marked."""
    title = "Attendance per course"
    if frame.empty:
        return empty(title)
    hidden = suppressed(frame)
    shown = frame[~hidden]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=_count(shown["attendees"]), y=list(shown["title"]), orientation="h",
                         name="Attendees", marker_color=PRIMARY,
                         hovertemplate="%{y}: %{x:,.0f} attendees<extra></extra>"))
    fig.add_trace(go.Bar(x=_count(shown["completed"]), y=list(shown["title"]), orientation="h",
                         name="Completed", marker_color=SECONDARY,
                         hovertemplate="%{y}: %{x:,.0f} completed<extra></extra>"))
    if hidden.any():
        fig.add_trace(suppressed_markers(list(frame.loc[hidden, "title"]), horizontal=True))
    fig.update_layout(barmode="group")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(frame["title"]))
    fig = styled(fig, title, "People", "", height=max(300, 60 * len(frame) + 120))
    fig.update_yaxes(rangemode="normal")
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
