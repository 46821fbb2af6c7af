"""Ties: do people reach colleagues in other departments and sites, and through whom."""

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, widgets

EI_MEANING = ("E-I index = (ties across − ties inside) ÷ all ties: −1 when every tie stays inside a "
              "department, +1 when every tie crosses to another.")
SNAPSHOT_KEY = "ties_month_end"
PEOPLE_KEY = "ties_people_of"


def snapshot_choices(month_ends: pd.Series, start, end) -> list:
    """The month-ends of the months the period touches (else every month-end there is)."""
    days = sorted({pd.Timestamp(m).date() for m in month_ends})
    inside = [m for m in days if m >= start and m.replace(day=1) < end]
    return inside or days


def pick_snapshot(choices: list, window: int):
    if st.session_state.get(SNAPSHOT_KEY) not in choices:
        st.session_state[SNAPSHOT_KEY] = choices[-1]
    return st.selectbox(
        "Network snapshot", choices, key=SNAPSHOT_KEY, format_func=lambda d: f"{d.day} {d:%B %Y}",
        help=f"E-I index, brokers and communities are computed over the {window} days up to this "
             "month-end. The matrices and the network picture follow the period in the sidebar.")


def year_before(series: pd.DataFrame, month_end) -> pd.Series | None:
    """The row 12 months before month_end, else the earliest row before it."""
    days = pd.to_datetime(series["month_end"]).dt.date
    target = (pd.Timestamp(month_end) - pd.DateOffset(months=12)).date()
    earlier = series[(days >= target) & (days < month_end)]
    return earlier.iloc[0] if len(earlier) else None


def headline(series: pd.DataFrame, month_end, scope: str) -> None:
    now = series[pd.to_datetime(series["month_end"]).dt.date == month_end]
    if now.empty:
        st.info(f"No ties inside the {scope} in the window ending {month_end:%d %B %Y}.")
        return
    now, before = now.iloc[0], year_before(series, month_end)
    if now["suppressed"]:
        st.metric(f"E-I index, {scope}", "suppressed", border=True)
        st.caption(f"Fewer than {data.min_group_size()} people have a tie in this window, so its E-I "
                   "index is not shown (privacy).")
        return
    since = f"{before['month_end']:%b %Y}" if before is not None and not before["suppressed"] else None
    across = now["external_ties"] / now["ties"]
    cards = st.columns(3)
    with cards[0]:
        card(f"E-I index, {scope}", f"{now['ei_index']:+.2f}", EI_MEANING,
             f"{now['ei_index'] - before['ei_index']:+.2f} since {since}" if since else None)
    with cards[1]:
        card("Expected at random", f"{now['expected_ei']:+.2f}",
             "The E-I index expected if department labels were shuffled among the same people, the ties kept.")
    with cards[2]:
        card("Ties across departments", f"{across:.0%}",
             f"{int(now['external_ties']):,} of {int(now['ties']):,} ties join two departments.",
             f"{(across - before['external_ties'] / before['ties']) * 100:+.0f} pts since {since}"
             if since else None)
    st.markdown(verdict(now, before if since else None))


def card(label: str, value: str, help_text: str, delta: str | None = None) -> None:
    flat = delta is not None and delta.lstrip("+-").startswith(("0.00 ", "0 pts"))
    st.metric(label, value, delta=delta, help=help_text, border=True,
              delta_color="off" if flat else "normal", delta_arrow="off" if flat else "auto")


def verdict(now: pd.Series, before: pd.Series | None) -> str:
    """One sentence: is the E-I index moving, and how far from random mixing is it."""
    gap = "below" if now["ei_index"] < now["expected_ei"] - 0.02 else (
        "above" if now["ei_index"] > now["expected_ei"] + 0.02 else "at")
    mixing = f"it is {gap} the {now['expected_ei']:+.2f} that random mixing would give"
    if before is None:
        return f"**E-I index {now['ei_index']:+.2f}**: {mixing} (no earlier month to compare with)."
    change = now["ei_index"] - before["ei_index"]
    trend = ("silos are breaking down" if change >= 0.05 else
             "silos are hardening" if change <= -0.05 else "little change")
    return (f"**{trend.capitalize()}**: the E-I index went from {before['ei_index']:+.2f} "
            f"({before['month_end']:%b %Y}) to {now['ei_index']:+.2f}; {mixing}.")


def weak_tie_answer(frame: pd.DataFrame) -> str:
    """One line: the weak-tie share across departments against inside, over the pairs shown."""
    totals = charts.weak_tie_sides(frame)
    if len(totals) < 2:
        return ("Weak ties = ties whose two people share under a tenth of their other contacts; "
                "there are not both ties inside and ties across departments to compare.")
    inside, across = totals["weak_ties"] / totals["ties"]
    answer = ("yes, the weak ties are more often the ones that cross" if across > inside else
              "no, ties across departments are not weaker than ties inside")
    return (f"Are the weak ties the ones that cross departments? {across:.0%} of ties across departments "
            f"are weak (their two people share under a tenth of their other contacts) against {inside:.0%} "
            f"inside one: {answer}.")


def not_applied(names: list[str], selected: dict) -> None:
    ignored = sorted({f for name in names for f in filters.ignored(name, selected)})
    if ignored:
        st.caption(f"The {' and '.join(ignored)} filter does not apply to this part.")


def departments_unknown(nodes: pd.DataFrame) -> bool:
    """People have ties in the selection, but none of them has a department (no HR directory):
    read from the network picture's nodes."""
    return set(nodes["department"]) == {charts.UNKNOWN_GROUP}


data.require_database()
selected = filters.sidebar()
st.title("Ties")
st.caption(filters.describe(selected, filters.space_labels()))
department, site = selected["department"], selected["site"]
scope = widgets.plain(department) if department else "whole network"
window = data.config().network_window_days
nodes = data.metric("department_network_nodes", **filters.for_metric("department_network_nodes", selected))

# --- the answer first: E-I now against a year ago, from the month-end snapshots ----------------
series = data.metric("network_ei_monthly", grouping="department", department=department)
month_end = None
if series.empty and departments_unknown(nodes):
    st.info("The E-I index, brokers and communities compare departments, and nobody with a tie in this "
            f"selection has a known department: {data.directory_advice()}.")
elif series.empty:
    st.info(f"No tie in any month-end snapshot ({scope}): no E-I index, brokers or communities to show.")
else:
    month_end = pick_snapshot(snapshot_choices(series["month_end"], selected["start"], selected["end"]), window)
    headline(series, month_end, scope)
    shown = series[pd.to_datetime(series["month_end"]).dt.date <= month_end]
    ei_ranks = data.metric("department_ei", month_end=month_end, department=department)
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.ei_over_time(shown, "department", marked=month_end),
                      f"{EI_MEANING} Each point covers the {window} days up to a month-end; the dashed line "
                      "is what random assignment of people to departments would give.", "ties-ei-time")
    with right:
        widgets.chart(charts.ei_by_group(ei_ranks, "department"),
                      "E-I index of each department's ties; a bar left of its diamond means the "
                      "department keeps more to itself than chance would.", "ties-ei-departments")
    not_applied(["network_ei_monthly", "department_ei"], selected)

# --- who interacts with whom, in the period --------------------------------------------------------
st.subheader("Who interacts with whom")
controls = st.columns([2, 3, 2])
with controls[0]:
    with_reactions = st.toggle("Count reactions too", key="ties_reactions",
                               help="Reactions are a weaker signal than replies and mentions.")
with controls[1]:
    shares = st.radio("Show", ["Counts", "Share of each row"], horizontal=True, key="ties_matrix_mode",
                      label_visibility="collapsed") != "Counts"
matrix = data.metric("department_matrix", include_reactions=with_reactions,
                     **filters.for_metric("department_matrix", selected))
counted = "replies and mentions" + (" and reactions" if with_reactions else "")
if matrix.empty:
    st.info("No interactions between people in this selection.")
else:
    widgets.chart(charts.tie_matrix(matrix, "department", shares),
                  f"{counted.capitalize()} from people of one department (row) to people of another (column) "
                  "in the period" + ("; each row adds up to 100%." if shares else "."), "ties-matrix")
with st.expander("The numbers behind the matrix"):
    widgets.table_with_download(matrix, "department_matrix.csv",
                                "Per pair of departments: interactions, the row's share, and the people at "
                                "the smaller end.", empty_message="No interactions in this selection.")

# --- the network picture -------------------------------------------------------------------------
st.subheader("Network picture")
edges = data.metric("department_network", **filters.for_metric("department_network", selected))
if nodes.empty:
    st.info("No ties in this selection.")
else:
    widgets.chart(charts.department_network(edges, nodes),
                  "Departments as circles sized by their people with a tie in the period; a line's thickness "
                  "is the number of ties (pairs of people who replied to or mentioned each other) between "
                  "two departments.", "ties-network")
    open_to = [d for d, hidden in zip(nodes["department"], charts.suppressed(nodes), strict=True)
               if not hidden and d != charts.UNKNOWN_GROUP]  # no department to filter the people by
    if st.session_state.get(PEOPLE_KEY) not in ["", *open_to]:
        st.session_state[PEOPLE_KEY] = ""
    focus = st.selectbox("Show the people of", ["", *charts.group_order(open_to)], key=PEOPLE_KEY,
                         format_func=lambda d: d or "(departments only)",
                         help="Departments with fewer people than the minimum group size cannot be opened.")
    if focus:
        people = data.people_metric("department_people_ties",
                                    **filters.for_metric("department_people_ties", {**selected, "department": focus}))
        widgets.chart(charts.people_network(people, focus, nodes["department"], data.config().show_names),
                      f"Each dot is a person with a tie to someone of {widgets.plain(focus)} (ringed dots are "
                      f"{widgets.plain(focus)}'s own "
                      "people), coloured by department; orange lines cross departments. The strongest "
                      "400 ties at most.", "ties-people")

# --- the snapshot-based views: brokers and communities ------------------------------------------------
if month_end is not None:
    st.subheader(f"Brokers and communities, {window} days to {month_end.day} {month_end:%B %Y}")
    brokers = data.people_metric("brokers", month_end=month_end, top=20,
                                 **filters.for_metric("brokers", selected))
    shown_columns = ["display_name", "department", "site", "departments_reached", "liaison_count",
                     "constraint", "local_bridges", "ties"]
    widgets.table_with_download(
        brokers[shown_columns], "brokers.csv",
        "People whose ties span departments: liaison = pairs of their contacts from two other, different "
        "departments who are not tied to each other; constraint low = a broker; local bridges = ties "
        "whose two people share no other contact. Top 20 by liaison.",
        empty_message="Nobody has a tie in this window.",
        column_config={"constraint": st.column_config.NumberColumn("Constraint", format="%.2f")})
    weak = data.metric("weak_ties", month_end=month_end, **filters.for_metric("weak_ties", selected))
    if weak.empty:
        st.info("No ties between people of known departments in this window.")
    else:
        widgets.chart(charts.weak_ties_inside_across(weak), weak_tie_answer(weak), "ties-weak")
    communities = data.metric("communities_vs_departments", month_end=month_end,
                              **filters.for_metric("communities_vs_departments", selected))
    if communities.empty:
        st.info("No communities in this window.")
    else:
        widgets.chart(charts.communities_sankey(communities),
                      "Communities found in the tie graph (Leiden) and the departments their members "
                      "belong to: a community spread over several departments is a bridge the org chart "
                      "does not show.", "ties-communities")
    not_applied(["brokers", "weak_ties", "communities_vs_departments"], selected)

# --- the same across sites ------------------------------------------------------------------------------
st.subheader("Across sites")
sites = data.metric("site_matrix", include_reactions=with_reactions, **filters.for_metric("site_matrix", selected))
if sites.empty:
    st.info("No interactions between people in this selection.")
else:
    widgets.chart(charts.tie_matrix(sites, "site", shares),
                  f"{counted.capitalize()} from people of one site (row) to people of another (column) in the "
                  "period.", "ties-site-matrix")
if month_end is not None:
    site_series = data.metric("network_ei_monthly", grouping="site", site=site)
    site_ranks = data.metric("site_ei", month_end=month_end, site=site)
    left, right = st.columns(2)
    with left:
        widgets.chart(charts.ei_over_time(
            site_series[pd.to_datetime(site_series["month_end"]).dt.date <= month_end], "site",
            marked=month_end), "The same E-I index with sites as the boundary: −1 all ties inside a site, "
            "+1 all across.", "ties-site-ei-time")
    with right:
        widgets.chart(charts.ei_by_group(site_ranks, "site"),
                      "E-I index of each site's ties against its random-assignment value (diamond).",
                      "ties-site-ei")
