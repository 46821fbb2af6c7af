"""The Adoption page, run by Streamlit's AppTest on the six-person company of
tests/fixtures/dashboard/small_company.py, and its chart functions as pure functions.

Counted by hand from the fixture's timeline (directory: Alice Sales/Paris/senior, Bruno Sales/Lyon/
junior, Chloé IT/Paris/expert, David IT/Lyon/junior, Emma HR/Paris/manager, Farid HR/Lyon/junior who
never takes part; Gina is a partner outside the directory; the bot and the deleted m7 count nowhere).

Whole period (10 Jan – 25 Mar 2024):
    posts per person: Alice 2 (m1, m5), Bruno 2 (m3, m13), Chloé 2 (m2, m14), David 3 (m4, m9, m11),
    Emma 2 (m6, m10), Gina 1 (m8) = 12 posts by 6 engaged people.
    Adoption in March: engaged directory people David, Emma, Bruno, Chloé and Alice (a like) = 5 of 6
    = 83%; February: Bruno, David, Alice, Emma and Chloé (a like) = 5 of 6 = 83%: change 0 pts.
    Top 10% of 6 people = 1 person, David: 3 of 12 posts = 25% (so is the top 1%).
    Gini of (1, 2, 2, 2, 2, 3): sum of |xi - xj| over ordered pairs 20 / (2 · 6² · mean 2) = 0.14.
    Elephant factor: IT 5 posts, Sales 4, HR 2 (Gina has no department): half of 12 needs IT and
    Sales = 2. 90-9-1 over the 6 directory people: Farid never posted (17%), 5 occasional (83%).
    Questions t1 (first response after 1 h), t2 (exactly 24 h, counts as within), t4 (never), t5 (3 h):
    3 of 4 answered within 24 h = 75%; the one unanswered is "Macro VBA".
    Adoption by department: IT 2/2, Sales 2/2, HR 1/2 (Emma); by site: Paris 3/3, Lyon 2/3 (not Farid);
    by job level: junior 2/3 (Bruno, David; not Farid), expert, manager, senior 1/1.
    HR by month: January nobody (0%), February and March Emma (50%).
    New / returning posters: Jan 2 / 0 (Alice, Chloé), Feb 3 / 1 (Bruno, David, Emma / Alice),
    Mar 1 / 4 (Gina / David, Emma, Bruno, Chloé).
    Cohorts: Jan (Alice, Chloé) +1 Alice 50%, +2 Chloé 50%; Feb (Bruno, David, Emma) +1 all 100%;
    Mar (Gina) alone.
    Replies across levels: expert -> senior (m2), junior -> junior (m4), senior -> junior (m5),
    manager -> junior (m10), junior -> manager (m11), expert -> junior (m14): 5 of 6 cross levels.
    Spaces: "Excel & données" (work) 7 posts (m1-m5, m8, m13), "Course à pied" (affinity) 5 posts
    (m6, m9, m10, m11, m14). Snowball: Jan 1 of 2 (Chloé posted in g2 on 25 Mar), Feb 1 of 3
    (David, g2 on 12 Mar), Mar 0 of 1.
IT only (Chloé, David): adoption in March 2/2 = 100%, February 2/2 (Chloé's like): 0 pts; engaged 2;
    top 10% = 1 of 2 people = David 3 of 5 posts = 60%; IT's one question t5 answered in 3 h: 100%.
March only (start 2024-03-01, end 2024-04-01): adoption 83% with no month before it in the period;
    engaged 6 (Alice by a like); posts Gina 1, David 2, Emma 1, Bruno 1, Chloé 1, Alice 0: top 10% =
    David 2 of 6 = 33%; questions t4, t5: 1 of 2 within 24 h = 50%; never posted Farid and Alice 33%;
    elephant factor 1 (IT wrote 3 of the 6 posts); "Macro VBA" is 26 days old on 1 April.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from fixtures.dashboard.small_company import build_small_company

from dashboard import charts

PAGE = "views/adoption.py"


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    return build_small_company(tmp_path_factory.mktemp("adoption"))


@pytest.fixture(scope="module")
def company_default_privacy(tmp_path_factory) -> Path:
    return build_small_company(tmp_path_factory.mktemp("adoption5"), min_group_size=None)


@pytest.fixture
def page(open_page):
    return lambda db: open_page(db, PAGE)


def cards(at) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta) for m in at.metric]


def table(at, *first_columns: str) -> pd.DataFrame:
    """The table on the page whose columns begin with these."""
    for frame in at.dataframe:
        if tuple(frame.value.columns[:len(first_columns)]) == first_columns:
            return frame.value
    raise AssertionError(f"no table starting with {first_columns}")


def figure(at, title_start: str) -> dict:
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if spec["layout"]["title"]["text"].startswith(title_start):
            return spec
    raise AssertionError(f"no chart titled {title_start!r}")


def points(at) -> list[str]:
    return [m.value.replace("\\", "").strip("*") for m in at.markdown]


def rows(frame: pd.DataFrame, columns: list[str]) -> list[list]:
    return [[round(v, 2) if isinstance(v, float) else v for v in row] for row in frame[columns].values.tolist()]


# --- the page -----------------------------------------------------------------------------------

def test_headlines_and_concentration_whole_period(page, company):
    at = page(company)
    assert cards(at)[:4] == [("Adoption, Mar 2024", "83%", "0 pts"), ("Engaged people", "6", ""),
                             ("Posts by the top 10%", "25%", ""), ("Answered within 24 h", "75%", "")]
    assert cards(at)[4:] == [("Gini of posts", "0.14", ""), ("Posts by the top 1%", "25%", ""),
                             ("Posts by the top 10%", "25%", ""), ("Elephant factor", "2", "")]
    assert [t.label for t in at.tabs] == ["Who takes part", "New and returning", "Concentration", "Questions",
                                          "Who helps whom", "Communities"]
    assert "Lorenz curve of posts · Gini 0.14" in [json.loads(c.proto.spec)["layout"]["title"]["text"]
                                                  for c in at.get("plotly_chart")]
    split = figure(at, "Directory split")["data"]
    assert [(t["name"], round(t["x"][0], 2)) for t in split] == [
        ("Never posted", 0.17), ("Occasional", 0.83), ("Heavy", 0.0)]
    assert "The most active 10% of engaged people write 25% of the posts; half of all posts come from " \
           "2 departments." in " ".join(points(at))
    assert len(at.get("plotly_chart")) == 12  # two per tab but one on "Who helps whom", three on Concentration


def test_adoption_by_department_site_and_level(page, company):
    at = page(company)
    columns = ["group_value", "headcount", "engaged_people", "adoption_rate"]
    assert rows(table(at, "group_value"), columns) == [
        ["IT", 2, 2, 1.0], ["Sales", 2, 2, 1.0], ["HR", 2, 1, 0.5]]
    assert "Highest adoption: IT (100%); lowest: HR (50%)." in points(at)
    hr = table(at, "month", "group_value").query("group_value == 'HR'")
    assert hr["adoption_rate"].tolist() == [0.0, 0.5, 0.5]
    heat = figure(at, "Adoption rate by department and month")["data"][0]
    # rows by mean monthly rate: Sales 100%, IT 83% (50% in January, Chloé alone), HR 33%
    assert heat["y"] == ["Sales", "IT", "HR"] and heat["text"][2] == ["0%", "50%", "50%"]
    at.radio(key="adoption_group").set_value("site").run()
    assert rows(table(at, "group_value"), columns) == [["Paris", 3, 3, 1.0], ["Lyon", 3, 2, 0.67]]
    assert figure(at, "Adoption rate by site")["data"][0]["text"] == ["100% of 3", "67% of 3"]
    at.radio(key="adoption_group").set_value("job_level").run()
    by_level = table(at, "group_value").set_index("group_value")
    assert by_level.loc["junior", ["headcount", "engaged_people"]].tolist() == [3, 2]
    assert by_level.drop("junior")["adoption_rate"].tolist() == [1.0, 1.0, 1.0]


def test_new_returning_cohorts_and_the_other_sections(page, company):
    at = page(company)
    monthly = table(at, "month", "engaged_people")
    assert monthly[["new_contributors", "returning_contributors"]].values.tolist() == [[2, 0], [3, 1], [1, 4]]
    cohorts = table(at, "cohort_month")
    assert rows(cohorts[cohorts["months_after"] > 0], ["months_after", "retention_rate"]) == [
        [1, 0.5], [2, 0.5], [1, 1.0]]
    triangle = figure(at, "Cohort retention")["data"][0]
    assert triangle["y"] == ["Jan 2024 (2 people)", "Feb 2024 (3 people)", "Mar 2024 (1 people)"]
    assert triangle["text"] == [["50%", "50%"], ["100%", ""], ["", ""]]
    assert table(at, "status")[["status", "people"]].values.tolist() == [["active", 6], ["drifting", 0], ["away", 0]]
    unanswered = table(at, "title", "space")
    assert unanswered[["title", "space", "age_days"]].values.tolist() == [["Macro VBA", "Excel & données", 20]]
    curve = table(at, "hours")
    assert curve.set_index("hours").loc[24, "still_unanswered"] == 1
    levels = table(at, "from_level")
    assert levels[["from_level", "to_level", "replies"]].values.tolist() == [
        ["expert", "junior", 1], ["expert", "senior", 1], ["junior", "junior", 1], ["junior", "manager", 1],
        ["manager", "junior", 1], ["senior", "junior", 1]]
    heat = figure(at, "Who answers whom")["data"][0]
    assert heat["y"] == ["junior", "senior", "expert", "manager"]
    assert "83% of replies go to someone of another job level; 0 questions drew helpers from several " \
           "departments." in points(at)
    assert "No question drew 3 or more helpers from 2 or more departments here." in [i.value for i in at.info]
    spaces = table(at, "space_id")
    assert spaces[["space", "kind", "posts"]].values.tolist() == [
        ["Excel & données", "work", 7], ["Course à pied", "affinity", 5]]
    bars = figure(at, "Engaged people per space")["data"]
    assert [(t["name"], t["y"]) for t in bars] == [("Work community", ["Excel & données"]),
                                                   ("Affinity group", ["Course à pied"])]
    snowball = table(at, "month", "new_contributors")
    assert snowball[["new_contributors", "explored"]].values.tolist() == [[2, 1], [3, 1], [1, 0]]


def test_department_filter_changes_the_figures(page, company):
    at = page(company)
    at.selectbox(key="flt_department").set_value("IT").run()
    assert cards(at)[:4] == [("Adoption, Mar 2024", "100%", "0 pts"), ("Engaged people", "2", ""),
                             ("Posts by the top 10%", "60%", ""), ("Answered within 24 h", "100%", "")]
    assert table(at, "group_value")["group_value"].tolist() == ["IT"]
    assert "No unanswered question in this selection." in [i.value for i in at.info]


def test_a_selection_without_activity_shows_empty_states(page, company):
    """HR in January: Emma's first post is in February and Farid never posts, so nobody took part:
    adoption 0 of 2, no posts to spread, no question, no reply."""
    at = page(company)
    at.date_input(key="flt_period").set_value((date(2024, 1, 1), date(2024, 1, 31))).run()
    at.selectbox(key="flt_department").set_value("HR").run()
    assert not at.exception and not at.error
    assert cards(at)[:4] == [("Adoption, Jan 2024", "0%", ""), ("Engaged people", "0", ""),
                             ("Posts by the top 10%", "–", ""), ("Answered within 24 h", "–", "")]
    assert figure(at, "Adoption rate by department")["data"][0]["x"] == [0.0]
    for title, message in [("Lorenz curve", "No data for this selection"),
                           ("Questions still unanswered", "No question in this selection"),
                           ("Who answers whom", "No data for this selection")]:
        assert [a["text"] for a in figure(at, title)["layout"]["annotations"]] == [message]
    assert "No unanswered question in this selection." in [i.value for i in at.info]


def test_period_filter_changes_the_figures(page, company):
    at = page(company)
    at.date_input(key="flt_period").set_value((date(2024, 3, 1), date(2024, 3, 31))).run()
    assert cards(at)[:4] == [("Adoption, Mar 2024", "83%", ""), ("Engaged people", "6", ""),
                             ("Posts by the top 10%", "33%", ""), ("Answered within 24 h", "50%", "")]
    assert ("Elephant factor", "1", "") in cards(at)
    assert table(at, "month", "engaged_people")["new_contributors"].tolist() == [1]
    assert table(at, "title", "space")[["title", "age_days"]].values.tolist() == [["Macro VBA", 26]]
    split = figure(at, "Directory split")["data"]
    assert round(split[0]["x"][0], 2) == 0.33


def test_small_groups_are_shown_as_suppressed(page, company_default_privacy):
    """min_group_size 5: each department (2 people) is suppressed, and every cohort (2, 3 and 1
    people); the period's 6 engaged people and March's 6 are not, nor February's 5."""
    at = page(company_default_privacy)
    assert cards(at)[:2] == [("Adoption, Mar 2024", "83%", "0 pts"), ("Engaged people", "6", "")]
    by_department = table(at, "group_value")
    assert by_department["suppressed"].tolist() == [True, True, True]
    assert by_department["adoption_rate"].isna().all()
    bars = figure(at, "Adoption rate by department")["data"]
    assert bars[0].get("x", []) == [] and sorted(bars[1]["y"]) == ["HR", "IT", "Sales"]
    assert bars[1]["text"] == ["suppressed"] * 3
    triangle = figure(at, "Cohort retention")["data"][0]
    assert triangle["text"] == [["suppressed", "suppressed"], ["suppressed", ""], ["", ""]]
    assert all(v is None for row in triangle["z"] for v in row)
    assert any("fewer than 5 people" in c.value for c in at.caption)


# --- chart functions ------------------------------------------------------------------------------

def test_adoption_bars_draw_no_value_for_a_suppressed_group():
    frame = pd.DataFrame({"group_value": ["Paris", "Lyon", "Nantes"], "headcount": [10, None, 20],
                          "engaged_people": [5, None, 15], "adoption_rate": [0.5, None, 0.75],
                          "suppressed": [False, True, False]})
    fig = charts.adoption_by_group(frame, "Site")
    assert list(fig.data[0].y) == ["Nantes", "Paris"] and list(fig.data[0].x) == [0.75, 0.5]
    assert list(fig.data[0].text) == ["75% of 20", "50% of 10"]
    assert list(fig.data[1].y) == ["Lyon"] and list(fig.data[1].text) == ["suppressed"]
    assert fig.layout.xaxis.tickformat == ".0%" and fig.layout.title.text == "Adoption rate by site"


def test_adoption_heatmap_cells_and_month_axis():
    frame = pd.DataFrame({"month": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-01-01", "2025-02-01"]),
                          "group_value": ["IT", "IT", "HR", "HR"], "headcount": [8, 8, None, None],
                          "engaged_people": [2, 6, None, None], "adoption_rate": [0.25, 0.75, None, None],
                          "suppressed": [False, False, True, True]})
    heat = charts.adoption_heatmap(frame, "Department")
    assert list(heat.data[0].y) == ["IT", "HR"]
    assert [list(r) for r in heat.data[0].z] == [[0.25, 0.75], [None, None]]
    assert [list(r) for r in heat.data[0].text] == [["25%", "75%"], ["suppressed", "suppressed"]]
    assert heat.layout.xaxis.tickangle == 0 and heat.layout.xaxis.tickformat == "%b %Y"


def test_lorenz_curve_points_and_gini_title():
    """Posts (0, 1, 3) for three people: the least active third wrote 0%, two thirds 25%, all 100%."""
    frame = pd.DataFrame({"people_share": [0, 1 / 3, 2 / 3, 1.0], "posts_share": [0, 0, 0.25, 1.0],
                          "engaged_people": [3] * 4, "suppressed": [False] * 4})
    fig = charts.lorenz_curve(frame, 0.5)
    assert fig.layout.title.text == "Lorenz curve of posts · Gini 0.50"
    assert list(fig.data[0].x) == [0, 1] and list(fig.data[0].y) == [0, 1]  # the line of equality
    assert list(fig.data[1].y) == [0, 0, 0.25, 1.0] and list(fig.data[1].x)[1] == pytest.approx(1 / 3)
    hidden = frame.assign(suppressed=True, posts_share=None)
    assert "Suppressed" in charts.lorenz_curve(hidden, None).layout.annotations[0].text


def test_cohort_triangle_leaves_out_the_first_month():
    frame = pd.DataFrame({"cohort_month": pd.to_datetime(["2025-01-01"] * 3 + ["2025-02-01"] * 2),
                          "months_after": [0, 1, 2, 0, 1], "cohort_size": [10, 10, 10, 6, 6],
                          "retained": [10, 4, 3, 6, 3], "retention_rate": [1, 0.4, 0.3, 1, 0.5],
                          "suppressed": [False] * 5})
    heat = charts.cohort_triangle(frame).data[0]
    assert list(heat.x) == ["+1", "+2"]
    assert list(heat.y) == ["Jan 2025 (10 people)", "Feb 2025 (6 people)"]
    assert [list(r) for r in heat.z] == [[0.4, 0.3], [0.5, None]]


def test_job_levels_run_from_junior_up():
    assert charts.level_order(["Manager", "(unknown)", "Junior", "Zeta", "Senior", "Confirmé", "Directeur"]) == [
        "Junior", "Confirmé", "Senior", "Manager", "Directeur", "Zeta", "(unknown)"]


def test_unanswered_curve_and_empty_states():
    frame = pd.DataFrame({"hours": [1, 24, 168, 720], "questions": [4, 4, 3, 0],
                          "still_unanswered": [3, 1, 1, 0], "still_unanswered_share": [0.75, 0.25, 1 / 3, None]})
    fig = charts.unanswered_curve(frame)
    assert list(fig.data[0].x) == ["1 h", "1 day", "1 wk"]  # 30 days: no question old enough
    assert list(fig.data[0].text) == ["75%", "25%", "33%"] and fig.layout.yaxis.tickformat == ".0%"
    assert charts.unanswered_curve(frame.iloc[0:0]).layout.annotations[0].text == "No question in this selection"
    assert charts.participation_split(None).layout.annotations[0].text.startswith("Suppressed")
    empty = pd.DataFrame(columns=["month", "new_contributors", "explored", "explored_share", "suppressed"])
    assert charts.exploration(empty).layout.annotations[0].text == "No data for this selection"


def test_exploration_splits_new_contributors():
    frame = pd.DataFrame({"month": pd.to_datetime(["2025-01-01", "2025-02-01"]), "new_contributors": [10, None],
                          "explored": [4, None], "explored_share": [0.4, None], "window_complete": [True, None],
                          "suppressed": [False, True]})
    fig = charts.exploration(frame)
    assert list(fig.data[0].y) == [4] and list(fig.data[1].y) == [6]
    assert fig.data[2].text == ("suppressed",)


def test_a_forum_without_hr_directory_explains_what_adoption_needs(page, tmp_path):
    """Two people posting, neither in an HR directory (none was loaded): there is no headcount to
    divide by, so the page says so and points at --directory instead of drawing empty charts."""
    from conftest import batch, build_db

    db = build_db(tmp_path / "forum.duckdb", batch("canonical", posts=[
        {"post_id": "p1", "author_id": "ann", "created_at": "2024-02-01T09:00:00Z"},
        {"post_id": "p2", "author_id": "bob", "created_at": "2024-02-01T10:00:00Z", "parent_post_id": "p1"}]))
    at = page(db)
    assert not at.exception
    assert any("--directory hr.csv" in info.value for info in at.info)
    assert all(not spec["layout"]["title"]["text"].startswith("Adoption rate")
               for spec in (json.loads(e.proto.spec) for e in at.get("plotly_chart")))


def test_adoption_card_without_a_directory_is_no_figure_rather_than_suppressed(page, tmp_path):
    """A forum export loaded without the HR directory: four people post in January 2024, one in
    February, so both months are suppressed at the default minimum of 5. There is no adoption rate
    to hide, as no directory was ever loaded: the card reads "–" and says the directory is missing
    instead of "suppressed"; the engaged people of the period still count (5)."""
    from conftest import batch, build_db

    posts = [{"post_id": f"p{i}", "author_id": f"u{i}", "created_at": "2024-01-15T10:00:00Z",
              "body_text": "hello"} for i in range(4)]
    posts.append({"post_id": "p4", "author_id": "u4", "created_at": "2024-02-15T10:00:00Z", "body_text": "hi"})
    db = build_db(tmp_path / "forum-only.duckdb", batch("canonical", posts=posts))
    at = page(db)
    assert cards(at)[:2] == [("Adoption, Feb 2024", "–", ""), ("Engaged people", "5", "")]
    adoption = at.metric[0]
    assert "Needs the HR directory" in adoption.help
