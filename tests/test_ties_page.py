"""The Ties page (dashboard/views/ties.py) on the six-person company of
tests/fixtures/dashboard/small_company.py, and its chart functions as pure functions.

Replies and mentions of the fixture (who -> whom, department, site):
    m2  01-10 Chloé (IT, Paris)  -> Alice (Sales, Paris)
    m4  02-13 David (IT, Lyon)   -> Bruno (Sales, Lyon)
    m5  02-29 Alice              -> David (reply) and -> Chloé (mention)
    m10 03-12 Emma (HR, Paris)   -> David
    m11 03-13 David              -> Emma
    m14 03-25 Chloé              -> David
Reactions (with the toggle): Bruno -> Chloé (01-11), Chloé -> Emma (02-16), Alice -> David (03-14).

Ties (pairs with a reply or mention, weight = interactions): Alice-Chloé 2, Bruno-David 1,
Alice-David 1, Emma-David 2, Chloé-David 1 (the only one inside a department).

Snapshots (90 days up to each month-end):
    31 Jan: Alice-Chloé: 1 tie, across: E-I +1.00, 2 people.
    29 Feb: + Bruno-David, Alice-David: 3 ties, all across: E-I +1.00. Random labels (2 IT, 2 Sales
            among 4 people): 2 of the 6 pairs share a label, E[I] = 3 x 1/3 = 1, E-I = (2 - 1)/3 = +0.33.
    31 Mar: all 5 ties, 1 inside: E-I (4 - 1)/5 = +0.60. Random (2 IT, 2 Sales, 1 HR among 5): 2 of
            10 pairs share a label, E[I] = 1, expected (4 - 1)/5 = +0.60. 5 people with a tie.
So the headline at 31 Mar compares with the earliest snapshot (no 12 months of history): +0.60,
-0.40 since Jan 2024; ties across 4/5 = 80% against 1/1 = 100%: -20 pts.
Per department at 31 Mar: HR (Emma) 1 tie across: +1.00; Sales (Alice, Bruno) 3 ties, all across:
+1.00; IT (Chloé, David) 5 ties, 1 inside: +0.60.
Per site at 31 Mar: Lyon (Bruno, David) ties Bruno-David inside, Alice-, Emma-, Chloé-David across:
(3 - 1)/4 = +0.50; Paris (Alice, Chloé, Emma) Alice-Chloé inside, 3 across: +0.50.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import batch, build_db
from fixtures.dashboard.small_company import DIRECTORY, build_small_company, directory_batch

import queries
from dashboard import aliases, charts


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    return build_small_company(tmp_path_factory.mktemp("ties-company"))


@pytest.fixture(scope="module")
def company_private(tmp_path_factory) -> Path:
    return build_small_company(tmp_path_factory.mktemp("ties-company5"), min_group_size=None)


@pytest.fixture
def ties_page(open_page):
    return lambda db, query=None: open_page(db, "views/ties.py", query)


def cards(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def figure(at, title: str) -> dict:
    """The plotly spec of the chart whose title starts with `title`."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    found = [s for s in specs if s["layout"].get("title", {}).get("text", "").startswith(title)]
    assert len(found) == 1, [s["layout"].get("title", {}).get("text") for s in specs]
    return found[0]


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


# --- the page on the fixture ------------------------------------------------------------------

def test_headline_compares_the_latest_snapshot_with_the_earliest(ties_page, company):
    at = ties_page(company)
    assert at.selectbox(key="ties_month_end").value == date(2024, 3, 31)
    assert cards(at) == {
        "E-I index, whole network": ("+0.60", "-0.40 since Jan 2024"),
        "Expected at random": ("+0.60", ""),
        "Ties across departments": ("80%", "-20 pts since Jan 2024"),
    }
    said = " ".join(m.value for m in at.markdown)
    assert "Silos are hardening" in said and "+1.00 (Jan 2024) to +0.60" in said
    over_time = figure(at, "E-I index over time (departments)")
    assert trace(over_time, "Observed E-I index")["y"] == [1.0, 1.0, 0.6]
    assert [round(v, 2) for v in trace(over_time, "Expected if departments were random")["y"]] == [1.0, 0.33, 0.6]
    per_department = trace(figure(at, "E-I index per department"), "E-I index")
    assert (per_department["y"], per_department["x"]) == (["HR", "Sales", "IT"], [1.0, 1.0, 0.6])
    assert "−1 when every tie stays inside a department, +1 when every tie crosses" in " ".join(
        c.value for c in at.caption)


def test_snapshot_selector_moves_headline_bars_and_brokers(ties_page, company):
    """29 Feb: +1.00 against +1.00 in January (flat), expected +0.33, 3/3 ties across. IT and Sales
    only (Emma has no tie yet). Brokers: liaison 0 for everyone (David's contacts Alice and Bruno are
    both Sales, Alice's Chloé and David both IT); constraint of David, two unconnected contacts of
    one interaction each: 0.5^2 + 0.5^2 = 0.5; Alice, Chloé 2 interactions and David 1:
    (2/3)^2 + (1/3)^2 = 0.556; Bruno and Chloé, a single contact: 1."""
    at = ties_page(company)
    at.selectbox(key="ties_month_end").set_value(date(2024, 2, 29)).run()
    assert cards(at) == {
        "E-I index, whole network": ("+1.00", "+0.00 since Jan 2024"),
        "Expected at random": ("+0.33", ""),
        "Ties across departments": ("100%", "+0 pts since Jan 2024"),
    }
    assert "Little change" in " ".join(m.value for m in at.markdown)
    bars = trace(figure(at, "E-I index per department"), "E-I index")
    assert sorted(bars["y"]) == ["IT", "Sales"] and bars["x"] == [1.0, 1.0]
    brokers = at.dataframe[1].value
    assert brokers["display_name"].tolist() == ["David Moreau", "Alice Martin", "Chloé Durand", "Bruno Petit"]
    assert brokers["liaison_count"].tolist() == [0, 0, 0, 0]
    assert brokers["constraint"].round(3).tolist() == [0.5, 0.556, 1.0, 1.0]
    assert "29 February 2024" in " ".join(h.value for h in at.subheader)


def test_brokers_at_the_latest_snapshot(ties_page, company):
    """31 Mar: David's contacts Alice, Bruno (Sales), Chloé (IT), Emma (HR). Liaison = pairs of
    contacts not tied to each other, from two departments both other than IT: Alice-Emma and
    Bruno-Emma = 2; departments reached Sales, HR = 2; local bridges David-Bruno and David-Emma
    (no shared contact; Alice and Chloé share each other) = 2."""
    at = ties_page(company)
    brokers = at.dataframe[1].value
    first = brokers.iloc[0]
    assert (first["display_name"], first["departments_reached"], first["liaison_count"],
            first["local_bridges"]) == ("David Moreau", 2, 2, 2)
    assert "person_id" not in brokers.columns and len(brokers) == 5


def test_matrix_toggles_counts_shares_and_reactions(ties_page, company):
    """Counts: IT sends 1 to HR, 1 to IT, 2 to Sales (of 4: 25%, 25%, 50%). With reactions IT -> HR
    gains Chloé's like (2 of 5: 40%, 20%, 40%) and Sales -> IT Bruno's and Alice's likes (4). Sites
    with reactions: Bruno (Lyon) -> Chloé (Paris), Chloé -> Emma (Paris -> Paris), Alice -> David
    (Paris -> Lyon): Lyon -> Lyon 1, Lyon -> Paris 2, Paris -> Lyon 4, Paris -> Paris 3."""
    at = ties_page(company)
    heat = figure(at, "Interactions between departments")["data"][0]
    assert heat["y"] == ["HR", "IT", "Sales"] and heat["z"][1] == [1.0, 1.0, 2.0]
    assert heat["text"][2] == ["", "2", ""]
    at.radio(key="ties_matrix_mode").set_value("Share of each row").run()
    heat = figure(at, "Interactions between departments (share of each row)")["data"][0]
    assert heat["text"][1] == ["25%", "25%", "50%"] and heat["z"][0] == [None, 1.0, None]
    at.toggle(key="ties_reactions").set_value(True).run()
    heat = figure(at, "Interactions between departments (share of each row)")["data"][0]
    assert heat["text"][1] == ["40%", "20%", "40%"]
    at.radio(key="ties_matrix_mode").set_value("Counts").run()
    assert figure(at, "Interactions between departments")["data"][0]["z"][2] == [None, 4.0, None]
    assert figure(at, "Interactions between sites")["data"][0]["z"] == [[1.0, 2.0], [4.0, 3.0]]
    assert any("Replies and mentions and reactions" in c.value for c in at.caption)


def test_network_picture_and_the_people_of_one_department(ties_page, company):
    """Nodes: HR 1 person with a tie (Emma), IT 2, Sales 2. Edges across: IT-Sales 3 ties
    (Alice-Chloé, Alice-David, Bruno-David), HR-IT 1 (Emma-David). Every tie touches IT, so IT's
    people view holds all five people and the five ties, four of them across departments."""
    at = ties_page(company)
    network = figure(at, "Departments and the ties between them")
    nodes = trace(network, "Departments")
    assert nodes["marker"]["size"] == [1.0, 2.0, 2.0]
    assert [t.split("<br>")[0] for t in nodes["text"]] == ["<b>HR</b>", "<b>IT</b>", "<b>Sales</b>"]
    assert sorted(trace(network, "ties")["hovertext"]) == [
        "HR — IT: 1 ties (2 replies and mentions)", "IT — Sales: 3 ties (4 replies and mentions)"]
    assert at.selectbox(key="ties_people_of").options == ["(departments only)", "HR", "IT", "Sales"]
    assert not [t for t in at.get("plotly_chart")
                if json.loads(t.proto.spec)["layout"]["title"]["text"].startswith("People of")]
    at.selectbox(key="ties_people_of").set_value("IT").run()
    people = figure(at, "People of IT and their ties")
    shown = {t["name"]: sorted(t["text"]) for t in people["data"] if t.get("mode", "").startswith("markers")}
    assert shown == {"HR": ["Emma Leroy"], "IT": ["Chloé Durand", "David Moreau"],
                     "Sales": ["Alice Martin", "Bruno Petit"]}
    assert trace(people, "tie across departments")["x"].count(None) == 4
    assert trace(people, "tie inside a department")["x"].count(None) == 1


def test_communities_sankey_counts_everyone_with_a_tie_once(ties_page, company):
    """At 31 Mar the five people with a tie each belong to one community: the links add up to 5,
    and the departments on the right are HR, IT and Sales."""
    at = ties_page(company)
    sankey = figure(at, "Informal communities against departments")["data"][0]
    assert sum(sankey["link"]["value"]) == 5
    assert sankey["node"]["label"][-3:] == ["HR", "IT", "Sales"]


def test_department_filter_narrows_every_part(ties_page, company):
    """Sales: its ties are Alice-Chloé, Alice-David, Bruno-David, all across, so Sales's E-I is +1.00
    in every snapshot (flat since January); the matrix keeps IT -> Sales 2 (m2, m4) and Sales -> IT 2
    (m5); brokers are Alice and Bruno; the site filter would not apply to the E-I parts."""
    at = ties_page(company, {"department": "Sales"})
    assert cards(at)["E-I index, Sales"] == ("+1.00", "+0.00 since Jan 2024")
    heat = figure(at, "Interactions between departments")["data"][0]
    assert (heat["y"], heat["z"]) == (["IT", "Sales"], [[None, 2.0], [2.0, None]])
    assert at.dataframe[1].value["display_name"].tolist() == ["Alice Martin", "Bruno Petit"]
    assert trace(figure(at, "E-I index per department"), "E-I index")["y"] == ["Sales"]


def test_period_filter_limits_the_snapshots_to_its_months(ties_page, company):
    """February only: the single month-end offered is 29 Feb, and the matrix counts m4 and m5."""
    at = ties_page(company, {"start": "2024-02-01", "end": "2024-03-01"})
    assert at.selectbox(key="ties_month_end").options == ["29 February 2024"]
    assert cards(at)["E-I index, whole network"][0] == "+1.00"
    heat = figure(at, "Interactions between departments")["data"][0]
    assert (heat["y"], heat["z"]) == (["IT", "Sales"], [[None, 1.0], [2.0, None]])


def test_filters_the_snapshots_ignore_are_named(ties_page, company):
    at = ties_page(company, {"space": "ve:g2"})
    notes = [c.value for c in at.caption]
    assert "The space filter does not apply to this part." in notes


def test_small_groups_are_suppressed_with_the_default_group_size(ties_page, company_private):
    """min_group_size 5: the whole network has 5 people with a tie at 31 Mar, so the headline shows,
    but January (2 people) is suppressed: no change is given. Every department and site has at most
    3 people with a tie: bars, nodes and cells are drawn as suppressed, and no department's people
    can be opened."""
    at = ties_page(company_private)
    assert cards(at)["E-I index, whole network"] == ("+0.60", "")
    per_department = figure(at, "E-I index per department")
    assert trace(per_department, "suppressed (too few people)")["text"] == ["suppressed"] * 3
    assert not [t for t in per_department["data"] if t.get("name") == "E-I index"][0]["x"]
    network = figure(at, "Departments and the ties between them")
    assert trace(network, "suppressed (too few people)")["text"] == [
        "HR<br>suppressed", "IT<br>suppressed", "Sales<br>suppressed"]
    assert at.selectbox(key="ties_people_of").options == ["(departments only)"]
    heat = figure(at, "Interactions between departments")
    assert not heat["data"] and "too few people to show" in heat["layout"]["annotations"][0]["text"]
    assert not at.exception and not at.error


# --- chart functions --------------------------------------------------------------------------

NODES = pd.DataFrame({"department": ["Sales", "IT", "Legal", "(unknown)"], "members": [40, 10, None, 5],
                      "inside_ties": [30, 8, None, 1], "outside_ties": [12, 9, None, 2],
                      "suppressed": [False, False, True, False]})
EDGES = pd.DataFrame({"department_a": ["IT", "IT", "Legal", "Sales"], "department_b": ["Sales", "IT", "Sales", "(unknown)"],
                      "ties": [12, 8, None, 3], "interactions": [20, 9, None, 4], "people": [10, 8, None, 5],
                      "suppressed": [False, False, True, False]})


def test_department_network_has_one_node_per_department_sized_by_members():
    fig = charts.department_network(EDGES, NODES)
    nodes = next(t for t in fig.data if t.name == "Departments")
    assert [t.split("<br>")[0] for t in nodes.text] == ["<b>IT</b>", "<b>Sales</b>", "<b>(unknown)</b>"]
    assert list(nodes.marker.size) == [10.0, 40.0, 5.0] and nodes.marker.sizemode == "area"
    hidden = next(t for t in fig.data if t.name == "suppressed (too few people)")
    assert list(hidden.text) == ["Legal<br>suppressed"]
    # the nodes sit on the unit circle, one per department, none twice
    points = list(zip(nodes.x, nodes.y, strict=True)) + list(zip(hidden.x, hidden.y, strict=True))
    assert len(set(points)) == 4 and all(abs(x * x + y * y - 1) < 1e-9 for x, y in points)


def test_department_network_edges_scale_with_ties_and_hide_suppressed_ones():
    """Across: IT-Sales 12 ties (the heaviest: width 14), Sales-(unknown) 3 (1 + 13 x 3/12 = 4.25),
    Legal-Sales suppressed (thin, dotted, grey). IT-IT is inside a department: no line."""
    fig = charts.department_network(EDGES, NODES)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert [(t.line.width, t.line.dash) for t in lines] == [(14, "solid"), (1, "dot"), (4.25, "solid")]
    hover = next(t for t in fig.data if t.name == "ties").hovertext
    assert hover[1] == "Legal — Sales: " + charts.SUPPRESSED_HOVER
    assert hover[0] == "IT — Sales: 12 ties (20 replies and mentions)"


def test_department_network_without_departments_draws_one_node_and_no_line():
    """A source with no HR directory (a Stack Exchange dump): every tie is inside "(unknown)",
    43 people with a tie. One node of 43 people, no line between departments, no error."""
    edges = pd.DataFrame({"department_a": ["(unknown)"], "department_b": ["(unknown)"], "ties": [170],
                          "interactions": [282], "people": [43], "suppressed": [False]})
    nodes = pd.DataFrame({"department": ["(unknown)"], "members": [43], "inside_ties": [170],
                          "outside_ties": [0], "suppressed": [False]})
    fig = charts.department_network(edges, nodes)
    assert [t for t in fig.data if t.mode == "lines"] == []
    node = next(t for t in fig.data if t.name == "Departments")
    assert list(node.text) == ["<b>(unknown)</b><br>43 people"]


def test_sankey_links_sum_to_the_members_shown():
    """Community 1: Sales 12 + IT 6; 2: IT 7 (+ a suppressed group); 3: Sales 5. With at most two
    communities drawn, community 3 (5) is pooled as "smaller communities". Links add up to
    12 + 6 + 7 + 5 = 30, the members of every group not suppressed."""
    frame = pd.DataFrame({"community_id": [1, 1, 2, 2, 3], "department": ["Sales", "IT", "IT", "HR", "Sales"],
                          "members": [12, 6, 7, None, 5], "suppressed": [False, False, False, True, False]})
    fig = charts.communities_sankey(frame, max_communities=2)
    sankey = fig.data[0]
    assert sum(sankey.link.value) == 30
    assert list(sankey.node.label) == ["Community 1 (18)", "Community 2 (7)", "Smaller communities (5)",
                                       "IT", "Sales"]
    assert sorted(zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)) == [
        (0, 3, 6), (0, 4, 12), (1, 3, 7), (2, 4, 5)]
    assert "1 small groups not drawn" in fig.layout.title.text


def test_sankey_of_suppressed_groups_only_says_so():
    frame = pd.DataFrame({"community_id": [1], "department": ["IT"], "members": [None], "suppressed": [True]})
    fig = charts.communities_sankey(frame)
    assert "too small to show" in fig.layout.annotations[0].text and not fig.data


def test_tie_matrix_shows_shares_and_suppressed_cells():
    frame = pd.DataFrame({"from_site": ["Lyon", "Lyon", "Paris"], "to_site": ["Lyon", "Paris", "Lyon"],
                          "interactions": [3, 1, None], "row_share": [0.75, 0.25, None], "people": [5, 5, None],
                          "suppressed": [False, False, True]})
    heat = charts.tie_matrix(frame, "site", shares=True).data[0]
    assert [list(r) for r in heat.z] == [[0.75, 0.25], [None, None]]
    assert [list(r) for r in heat.text] == [["75%", "25%"], ["suppressed", ""]]
    counts = charts.tie_matrix(frame, "site")
    assert [list(r) for r in counts.data[0].text] == [["3", "1"], ["suppressed", ""]]
    assert counts.layout.xaxis.title.text == "To site (received)"
    # the two cells that stay inside a site are outlined
    assert [(s.x0, s.y0) for s in counts.layout.shapes] in ([(-0.5, -0.5), (0.5, 0.5)], [(0.5, 0.5), (-0.5, -0.5)])


def test_tie_matrix_colour_scale_starts_at_zero():
    """Counts are coloured from 0 to the largest shown count (3 here, the suppressed cell left
    out), shares from 0 to 1; a lone cell of 282 (one department known, as on a Stack Exchange
    export without directory) is coloured from 0 to 282, not over a range of one value."""
    frame = pd.DataFrame({"from_site": ["Lyon", "Lyon", "Paris"], "to_site": ["Lyon", "Paris", "Lyon"],
                          "interactions": [3, 1, 40], "row_share": [0.75, 0.25, 1.0], "people": [5, 5, 2],
                          "suppressed": [False, False, True]})
    counts = charts.tie_matrix(frame, "site").data[0]
    assert (counts.zmin, counts.zmax) == (0, 3.0)
    shares = charts.tie_matrix(frame, "site", shares=True).data[0]
    assert (shares.zmin, shares.zmax) == (0, 1)
    lone = pd.DataFrame({"from_department": ["(unknown)"], "to_department": ["(unknown)"],
                         "interactions": [282], "row_share": [1.0], "people": [31], "suppressed": [False]})
    assert (charts.tie_matrix(lone).data[0].zmin, charts.tie_matrix(lone).data[0].zmax) == (0, 282.0)


def test_ei_by_group_marks_the_expected_value_and_suppressed_groups():
    frame = pd.DataFrame({"department": ["Sales", "IT", "Legal"], "members": [8, 6, None],
                          "internal_ties": [2, 6, None], "external_ties": [6, 2, None],
                          "ei_index": [0.5, -0.5, None], "expected_ei": [0.7, 0.6, None],
                          "suppressed": [False, False, True]})
    fig = charts.ei_by_group(frame)
    bars, expected, hidden = fig.data
    assert (list(bars.y), list(bars.x), list(bars.text)) == (["Sales", "IT"], [0.5, -0.5], ["+0.50", "-0.50"])
    assert (expected.name, list(expected.x)) == ("Expected at random", [0.7, 0.6])
    assert list(hidden.y) == ["Legal"] and list(hidden.text) == ["suppressed"]
    assert fig.layout.xaxis.range == (-1.08, 1.08)
    assert list(fig.layout.yaxis.categoryarray) == ["Sales", "IT", "Legal"]


def test_ei_by_group_puts_suppressed_groups_last():
    frame = pd.DataFrame({"site": ["Lyon", "Paris"], "members": [None, 9], "internal_ties": [None, 3],
                          "external_ties": [None, 5], "ei_index": [None, 0.25], "expected_ei": [None, 0.4],
                          "suppressed": [True, False]})
    assert list(charts.ei_by_group(frame, "site").layout.yaxis.categoryarray) == ["Paris", "Lyon"]


def test_tie_matrix_with_every_cell_suppressed_says_so():
    frame = pd.DataFrame({"from_department": ["HR"], "to_department": ["IT"], "interactions": [None],
                          "row_share": [None], "people": [None], "suppressed": [True]})
    fig = charts.tie_matrix(frame)
    assert not fig.data and "too few people" in fig.layout.annotations[0].text


def test_ei_over_time_draws_observed_and_expected_lines():
    frame = pd.DataFrame({"month_end": pd.to_datetime(["2024-01-31", "2024-02-29"]),
                          "ties": [10, 12], "internal_ties": [6, 4], "external_ties": [4, 8],
                          "ei_index": [-0.2, 1 / 3], "expected_ei": [0.5, 0.5], "members": [9, 11],
                          "suppressed": [False, False]})
    fig = charts.ei_over_time(frame, "site", marked=date(2024, 2, 29))
    observed, expected = fig.data
    assert list(observed.y) == [-0.2, 1 / 3] and list(expected.y) == [0.5, 0.5]
    assert expected.name == "Expected if sites were random" and expected.line.dash == "dash"
    assert list(observed.customdata) == ["4 across, 6 inside", "8 across, 4 inside"]
    assert len(fig.layout.shapes) == 1


def test_people_network_colours_people_by_department_and_rings_the_chosen_one():
    """Ties a-b (IT-IT), a-c (IT-HR), b-d (IT-(unknown)): 4 people; 1 tie inside, 2 across. Colours
    follow the department list given (so they match the department picture)."""
    ties = pd.DataFrame({"person_a": ["a", "a", "b"], "name_a": ["Ann", "Ann", "Bob"],
                         "department_a": ["IT", "IT", "IT"], "person_b": ["b", "c", "d"],
                         "name_b": ["Bob", "Cat", "Dan"], "department_b": ["IT", "HR", "(unknown)"],
                         "crossing": [False, True, True], "interactions": [3, 1, 1]})
    fig = charts.people_network(ties, "IT", departments=["HR", "IT", "Sales"])
    groups = {t.name: t for t in fig.data if t.mode.startswith("markers")}
    assert {name: sorted(t.text) for name, t in groups.items()} == {
        "HR": ["Cat"], "IT": ["Ann", "Bob"], "(unknown)": ["Dan"]}
    colours = charts.group_colours(["HR", "IT", "Sales"])
    assert groups["HR"].marker.color == colours["HR"] and groups["(unknown)"].marker.color == charts.MUTED
    assert groups["IT"].marker.line.width == 2 and groups["HR"].marker.line.width == 1
    assert next(t for t in fig.data if t.name == "tie across departments").x.count(None) == 2
    hidden_names = charts.people_network(ties, "IT", show_names=False)
    assert all("Ann" not in str(t.text) for t in hidden_names.data)
    # Ann and Bob on the inner circle (radius 0.45), Cat and Dan on the unit circle, HR's arc first
    radius = {name: round((x * x + y * y) ** 0.5, 6) for t in groups.values()
              for name, x, y in zip(t.text, t.x, t.y, strict=True)}
    assert radius == {"Ann": 0.45, "Bob": 0.45, "Cat": 1.0, "Dan": 1.0}
    assert [a.text for a in fig.layout.annotations] == ["<b>HR</b>", "<b>(unknown)</b>"]


def test_people_network_is_the_same_picture_for_the_same_data():
    ties = pd.DataFrame({"person_a": ["a", "b"], "name_a": ["A", "B"], "department_a": ["IT", "IT"],
                         "person_b": ["b", "c"], "name_b": ["B", "C"], "department_b": ["IT", "HR"],
                         "crossing": [False, True], "interactions": [1, 2]})
    first, second = charts.people_network(ties, "IT"), charts.people_network(ties, "IT")
    assert [list(t.x) for t in first.data] == [list(t.x) for t in second.data]


def test_people_network_takes_crossing_from_the_metric_not_from_shown_names():
    """HR's a tied to c of Legal and to d of Sales, both departments too small to name: the page
    shows both as "(small group)", but the two ties cross departments (crossing from
    department_people_ties), so both are drawn orange, none grey."""
    ties = pd.DataFrame({"person_a": ["a", "a"], "name_a": ["Ann", "Ann"], "department_a": ["HR", "HR"],
                         "person_b": ["c", "d"], "name_b": ["Cat", "Dan"],
                         "department_b": ["(small group)", "(small group)"], "crossing": [True, True],
                         "interactions": [2, 1]})
    ties.loc[len(ties)] = ["c", "Cat", "(small group)", "d", "Dan", "(small group)", True, 1]
    lines = {t.name: t for t in charts.people_network(ties, "HR").data if t.mode == "lines"}
    assert set(lines) == {"tie across departments"} and lines["tie across departments"].x.count(None) == 3


@pytest.mark.parametrize("draw", [
    lambda: charts.tie_matrix(pd.DataFrame(columns=["from_department", "to_department"])),
    lambda: charts.ei_over_time(pd.DataFrame(columns=["month_end"])),
    lambda: charts.ei_by_group(pd.DataFrame(columns=["department"])),
    lambda: charts.department_network(EDGES.iloc[:0], NODES.iloc[:0]),
    lambda: charts.people_network(pd.DataFrame(columns=["person_a"]), "IT"),
    lambda: charts.communities_sankey(pd.DataFrame(columns=["community_id", "department", "members"])),
])
def test_no_chart_without_data(draw):
    fig = draw()
    assert not fig.data and fig.layout.annotations[0].text.startswith("No ")


def test_a_forum_without_ties_shows_messages_not_charts(ties_page, tmp_path):
    """One post by Alice and nobody answering: no interaction at all, so every part of the page says
    there is nothing to show instead of drawing an empty chart."""
    db = build_db(tmp_path / "quiet.duckdb", directory_batch(), batch(
        "viva-engage",
        accounts=[{"source_user_id": "101", "email": "alice.martin@acme.fr", "display_name": "Alice Martin"}],
        posts=[{"post_id": "ve:m1", "author_id": "101", "created_at": pd.Timestamp("2024-01-10 09:00", tz="UTC"),
                "body_text": "Bonjour à tous."}]))
    at = ties_page(db)
    assert not at.get("plotly_chart") and not at.metric
    notes = [i.value for i in at.info]
    assert "No tie in any month-end snapshot (whole network): no E-I index, brokers or communities to show." in notes
    assert notes.count("No interactions between people in this selection.") == 2  # departments and sites
    assert "No ties in this selection." in notes


def test_hidden_names_show_aliases_among_brokers_and_people(ties_page, company, tmp_path):
    """show_names = false: the brokers table keeps one row per person, named by alias (David, the top
    broker, as alias(his person id)), and no directory name appears in the table or in the people
    picture of IT, whose hover text names each person by alias too."""
    db = tmp_path / company.name
    shutil.copyfile(company, db)
    (tmp_path / "crowdlens.toml").write_text("min_group_size = 1\nshow_names = false\n", encoding="utf-8")
    with queries.connect(db) as con:
        david = con.execute("select person_id from people where display_name = 'David Moreau'").fetchall()[0][0]
    at = ties_page(db)
    brokers = at.dataframe[1].value
    assert brokers["display_name"].iloc[0] == aliases.alias(david)
    assert brokers["display_name"].str.startswith(aliases.PREFIX).all() and len(brokers) == 5
    at.selectbox(key="ties_people_of").set_value("IT").run()
    picture = json.dumps(figure(at, "People of IT and their ties"), ensure_ascii=False)
    names = [row[1] for row in DIRECTORY]
    assert not [n for n in names if n.split()[0] in picture or n in brokers.to_string()]
    assert f"{aliases.alias(david)} (IT)" in picture


def test_a_forum_without_directory_is_told_to_load_it(ties_page, tmp_path):
    """A canonical export with no people table: u1 answers u2 twice and u3 once in January 2024,
    so there are ties (3 interactions in the matrix, all "(unknown)" to "(unknown)"), but no
    department to compare: the page says the directory is missing rather than that there is no
    tie, and still shows the matrix of those 3 interactions."""
    posts = [{"post_id": "q1", "author_id": "u2", "created_at": "2024-01-10T09:00:00Z", "body_text": "?"},
             {"post_id": "q2", "author_id": "u3", "created_at": "2024-01-11T09:00:00Z", "body_text": "?"}]
    posts += [{"post_id": f"r{i}", "thread_id": parent, "parent_post_id": parent, "author_id": "u1",
               "created_at": f"2024-01-1{i + 2}T10:00:00Z", "body_text": "ok"}
              for i, parent in enumerate(["q1", "q1", "q2"])]
    posts[0]["thread_id"], posts[1]["thread_id"] = "q1", "q2"
    (tmp_path / "crowdlens.toml").write_text("min_group_size = 1\n", encoding="utf-8")
    at = ties_page(build_db(tmp_path / "no-directory.duckdb", batch("canonical", posts=posts)))
    notes = [i.value for i in at.info]
    assert ("The E-I index, brokers and communities compare departments, and nobody with a tie in this "
            "selection has a known department: load the HR directory with `crowdlens load ... --directory "
            "hr.csv`.") in notes
    assert not any(note.startswith("No tie in any month-end snapshot") for note in notes)
    matrix = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert (matrix["x"], matrix["y"], matrix["z"]) == (["(unknown)"], ["(unknown)"], [[3]])
    # with a directory that does not list u1, u2, u3, the advice is about them, not about loading one
    with_directory = build_db(tmp_path / "unknown-accounts.duckdb", directory_batch(), batch("canonical", posts=posts))
    notes = [i.value for i in ties_page(with_directory).info]
    assert ("The E-I index, brokers and communities compare departments, and nobody with a tie in this "
            "selection has a known department: the accounts here are not in the HR directory (the Data "
            "page lists those it does not know).") in notes
