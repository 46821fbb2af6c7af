"""The Influencers page, its helper metrics and its charts, on the six-person company of
tests/fixtures/dashboard/small_company.py (its docstring lists every post).

Worked out by hand from that list. Replies and mentions, u -> v meaning u addressed v:
    Jan  m2 Chloé -> Alice
    Feb  m4 David -> Bruno; m5 Alice -> David (reply) and Alice -> Chloé (mention)
    Mar  m10 Emma -> David; m11 David -> Emma; m14 Chloé -> David
(m13 replies to a missing message, m7 is deleted, the bot counts nowhere.) Snapshots are taken at
each month-end over the trailing 90 days, so March's window still holds January's m2.
    31 Jan: ranked Alice (1), Chloé (2); 29 Feb: four ranked (Alice, Bruno, David, Chloé; David 3rd);
    31 Mar: five ranked, David first: everyone else reaches him (Alice, Emma, Chloé reply to him).
Top decile = ceil(ranked / 10) = 1 person every month. David: unranked in January, 3rd in
February (outside), 1st in March -> emerged March 2024, rank then 1, now 1. Alice was in the top
decile in January and February, the first two month-ends, which never count as an emergence.
David's March signals: audience {Alice (m5 and her like on m9), Emma, Chloé} = 3; reactions from
distinct people 1 (Alice); accepted answers 0, as for everyone (no thread has one); ties with Bruno, Alice (Sales), Emma (HR), Chloé
(IT): other departments than IT reached = 2.
Rising: no month-end three months before March (December) -> nobody.
Roles (given = posts + reactions made, received = replies + reactions got; observer under 5):
    David gives m4, m9, m11 = 3 and receives m5, m10, m14 + Alice's like = 4 -> engager;
    Emma 2 + 2, Alice 3 + 1, Chloé 3 + 1, Bruno 3 + 1 -> observers.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import build_db, run_metric
from fixtures.dashboard.small_company import (
    DIRECTORY,
    FORUM_ACCOUNTS,
    build_small_company,
    directory_batch,
    forum_batch,
)

import queries
from dashboard import aliases, charts

PAGE = "views/influencers.py"
NAMES = sorted({row[1] for row in DIRECTORY} | {row[2] for row in FORUM_ACCOUNTS})


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    return build_small_company(tmp_path_factory.mktemp("influencers"))


@pytest.fixture(scope="module")
def hidden_names(company, tmp_path_factory) -> Path:
    """The same database beside a crowdlens.toml that hides names."""
    folder = tmp_path_factory.mktemp("hidden_names")
    db = folder / company.name
    shutil.copyfile(company, db)
    (folder / "crowdlens.toml").write_text("min_group_size = 1\nshow_names = false\n", encoding="utf-8")
    return db


@pytest.fixture
def page(open_page):
    def start(db: Path):
        at = open_page(db, PAGE)
        assert not at.error
        return at
    return start


def person_id(db: Path, name: str) -> str:
    with queries.connect(db) as con:
        return con.execute("select person_id from people where display_name = $n", {"n": name}).fetchall()[0][0]


def frame_with(at, column: str, other: str) -> pd.DataFrame:
    """The page's table that has both columns."""
    return next(df.value for df in at.dataframe if {column, other} <= set(df.value.columns))


def figures(at) -> dict[str, dict]:
    """The page's plotly figures by title."""
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"]: spec for spec in specs}


def page_text(at) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader]]
    parts += [df.value.to_csv() for df in at.dataframe]
    parts += [json.dumps(spec) for spec in figures(at).values()]
    for box in at.selectbox:
        parts += [str(box.format_func(o)) for o in box.options]
    return "\n".join(parts)


# --- the page on the small company --------------------------------------------------------------------

def test_lead_names_who_emerged_this_quarter(page, company):
    at = page(company)
    assert [s.value for s in at.subheader][0] == "Who is emerging this quarter"
    lead = at.markdown[0].value
    assert lead.startswith("1 person entered the top decile between January 2024 and March 2024")
    assert lead.endswith("1 of them is still there: **David Moreau**.")
    emerging = frame_with(at, "emerged_month", "rank_at_emergence")
    assert emerging[["display_name", "department", "rank_at_emergence", "rank_now"]].values.tolist() == [
        ["David Moreau", "IT", 1, 1]]
    assert str(emerging["emerged_month"][0])[:7] == "2024-03"


def test_ranking_with_its_signals(page, company):
    """March's ranks (module docstring's window): David 1st. Bruno and Emma each get half of
    David's attention and nothing else: equal PageRank, both 2nd. Alice and Chloé mirror each
    other (each addresses the other and David, and only the other addresses her): equal, both
    4th. Equal scores share a rank, so neither of two equals is ranked above the other by id."""
    at = page(company)
    ranking = frame_with(at, "pagerank", "audience")
    assert "person_id" not in ranking.columns
    assert len(ranking) == 5 and set(ranking["display_name"]) == {
        "David Moreau", "Emma Leroy", "Bruno Petit", "Alice Martin", "Chloé Durand"}
    cols = ["rank", "display_name", "department", "audience", "reactions_from_distinct_people",
            "departments_reached"]
    assert ranking[cols].values.tolist()[0] == [1, "David Moreau", "IT", 3, 1, 2]
    # no thread of the company has an accepted answer: the column would be zeros, so it is left out
    assert "accepted_answers" not in ranking.columns
    assert ("Not shown: accepted answers to others' questions, as nobody ranked has any in this window"
            in page_text(at))
    assert ranking["rank"].tolist() == [1, 2, 2, 4, 4]
    assert set(ranking["display_name"][1:3]) == {"Bruno Petit", "Emma Leroy"}
    assert "5 people ranked, the top decile is the top 1" in page_text(at)


def test_charts_on_the_page(page, company):
    """Bump chart: the five ranked people, David's line unranked (on the band at floor + 1 = 16,
    bump_floor(5) = 15) in January, 3rd in February, 1st in March. Rising: nobody. Roles: David is
    the one engager; Emma, Alice, Chloé, Bruno, Gina (one post), Farid (none) and E9 (a training
    record only, no name) are the seven observers."""
    at = page(company)
    figs = figures(at)
    bump = figs["Rank month by month of today's top people"]
    assert [t["name"] for t in bump["data"]][0] == "David Moreau" and len(bump["data"]) == 5
    assert bump["data"][0]["y"] == [16, 3, 1]
    assert bump["layout"]["yaxis"]["range"][0] > bump["layout"]["yaxis"]["range"][1]
    rising = figs["Largest rank gains over the last three months"]
    assert rising["layout"]["annotations"][0]["text"] == "Nobody gained rank over these three months"
    roles = figs["Give versus receive"]
    by_role = {t["name"]: t for t in roles["data"] if t["mode"] == "markers"}
    assert set(by_role) == {"engager (1)", "observer (7)"}
    assert by_role["engager (1)"]["x"] == [4] and by_role["engager (1)"]["y"] == [5]  # 3 and 4, shifted by 1
    non_observers = frame_with(at, "role", "given")
    assert non_observers[["display_name", "role", "given", "received"]].values.tolist() == [
        ["David Moreau", "engager", 3, 4]]
    shown = " ".join(m.value for m in at.markdown)
    assert "observer when given \\+ received \\< \\$min\\_activity \\(default 5\\)" in shown


def test_person_view_switches_people(page, company):
    """David (rank 1, the default) replied to Emma (m11, 13 Mar) and Bruno (m4, 13 Feb); Alice
    (Sales: reply m5, like on m9), Emma (HR) and Chloé (IT) reached him: Sales first (2 interactions).
    Emma replied to David (m10, 12 Mar); David (reply m11) and Chloé (like on m6) reached her, both
    IT. Her months: February (m6; Chloé's like; unranked) and March (m10, helping David; rank 2)."""
    at = page(company)
    assert at.selectbox(key="infl_person").value == person_id(company, "David Moreau")
    helped = frame_with(at, "replies", "last_reply_on")
    assert helped[["display_name", "department", "replies"]].values.tolist() == [
        ["Emma Leroy", "HR", 1], ["Bruno Petit", "Sales", 1]]
    reached = figures(at)["Departments that reach this person"]["data"][0]
    assert reached["y"] == ["Sales", "HR", "IT"] and reached["x"] == [1, 1, 1]

    emma = person_id(company, "Emma Leroy")
    at.selectbox(key="infl_person").set_value(emma).run()
    assert not at.exception
    helped = frame_with(at, "replies", "last_reply_on")
    assert helped[["display_name", "replies"]].values.tolist() == [["David Moreau", 1]]
    assert str(helped["last_reply_on"][0])[:10] == "2024-03-12"
    figs = figures(at)
    assert figs["Departments that reach this person"]["data"][0]["y"] == ["IT"]
    assert figs["Departments that reach this person"]["data"][0]["x"] == [2]
    activity = {t["name"]: t["y"] for t in figs["Activity month by month"]["data"]}
    assert activity == {"Posts written": [1, 1], "People they replied to": [0, 1],
                        "People who reached them": [1, 1]}
    assert figs["Influence rank month by month"]["data"][0]["y"] == [None, 2]


def test_show_names_false_hides_every_name(page, hidden_names):
    at = page(hidden_names)
    text = page_text(at)
    assert [name for name in NAMES if name in text] == []
    david = aliases.alias(person_id(hidden_names, "David Moreau"))
    assert frame_with(at, "pagerank", "audience")["display_name"][0] == david
    assert f"**{david}**" in at.markdown[0].value
    assert "Names are replaced by aliases" in text


def test_small_groups_are_not_named_beside_an_alias(page, company, tmp_path):
    """Names hidden and min_group_size 3. Headcounts (bots excluded, Gina counted, with no
    department, site or level): departments Sales, IT, HR 2 each, all under 3; sites Paris 3 and
    Lyon 3; levels junior 3 (Bruno, David, Farid), senior, expert, manager 1 each. So David's
    ranking row reads "(small group)" for his department and "junior" for his level, and no table
    or person-level chart names a department; with names shown, David's row keeps IT."""
    folder = tmp_path / "small_groups"
    folder.mkdir()
    db = folder / company.name
    shutil.copyfile(company, db)
    (folder / "crowdlens.toml").write_text("min_group_size = 3\nshow_names = false\n", encoding="utf-8")
    at = page(db)
    ranking = frame_with(at, "pagerank", "audience")
    assert ranking[["department", "job_level"]].values.tolist()[0] == ["(small group)", "junior"]
    assert set(ranking["department"]) <= {"(small group)", "(unknown)"}
    for table in at.dataframe:
        for column in table.value.columns:
            if column == "department" or str(column).endswith("_department"):
                assert set(table.value[column].dropna()) <= {"(small group)", "(unknown)"}, column
    # person-level charts only: the departments that reach a person are a breakdown by department
    # (each suppressed here), not anyone's own department
    drawn = json.dumps([spec for title, spec in figures(at).items()
                        if title != "Departments that reach this person"], ensure_ascii=False)
    assert [name for name in ("Sales", "IT", "HR") if f"({name})" in drawn or f'"{name}"' in drawn] == []

    (folder / "crowdlens.toml").write_text("min_group_size = 3\n", encoding="utf-8")
    shown = frame_with(page(db), "pagerank", "audience")
    assert shown[["display_name", "department"]].values.tolist()[0] == ["David Moreau", "IT"]


def test_a_pseudonymised_load_hides_small_groups_with_names_shown(page, tmp_path):
    """The same company loaded with --pseudonymize (a salt), names shown, min_group_size 3:
    names are already aliases ("Member ..."), so departments (2 people each) read
    "(small group)" in the ranking, as when names are hidden."""
    db = build_db(tmp_path / "pseudo.duckdb", directory_batch(), forum_batch(), salt="a secret")
    (tmp_path / "crowdlens.toml").write_text("min_group_size = 3\n", encoding="utf-8")
    ranking = frame_with(page(db), "pagerank", "audience")
    assert ranking["display_name"].str.startswith("Member ").all()
    assert set(ranking["department"]) == {"(small group)"}


def test_department_filter_keeps_company_wide_ranks(page, company):
    """Sales: Bruno and Alice, with their company-wide ranks (2 and 4, each shared: see
    test_ranking_with_its_signals); nobody of Sales emerged."""
    at = page(company)
    at.selectbox(key="flt_department").set_value("Sales").run()
    ranking = frame_with(at, "pagerank", "audience")
    assert ranking[["rank", "display_name"]].values.tolist() == [[2, "Bruno Petit"], [4, "Alice Martin"]]
    assert "Nobody entered the top decile" in at.info[0].value


def test_an_earlier_period_reads_that_month_end(page, company):
    """Period ending 29 Feb: the February snapshot, where four people are ranked and nobody has
    emerged yet (David is third)."""
    at = page(company)
    at.date_input(key="flt_period").set_value((date(2024, 1, 10), date(2024, 2, 29))).run()
    assert "Rankings as of 29 February 2024" in page_text(at)
    assert len(frame_with(at, "pagerank", "audience")) == 4


# --- the helper metrics ---------------------------------------------------------------------------------

def test_rank_history(company):
    """The top two in March (David 1; Emma or Bruno, who share rank 2, by person id) month by month.
    Emma had no tie before March; Bruno was replied to by David in February. In February David and
    Chloé each get half of Alice's attention and nothing else: they share rank 3."""
    rows = run_metric(company, "rank_history", top=2)
    assert len(rows) == 6 and rows["person_id"].nunique() == 2
    david = rows[rows["display_name"] == "David Moreau"]
    assert [None if pd.isna(r) else int(r) for r in david["rank"]] == [None, 3, 1]
    assert david["rank_now"].unique().tolist() == [1]
    assert run_metric(company, "rank_history", start="2024-02-01", top=1)["month_end"].astype(str).tolist() == [
        "2024-02-29", "2024-03-31"]
    feb = run_metric(company, "rank_history", month_end="2024-02-29", department="IT")
    assert feb.groupby("display_name")["rank_now"].first().to_dict() == {"David Moreau": 3, "Chloé Durand": 3}


def test_person_helped_and_reached_by(company):
    """Alice replied once, to David (m5, 29 Feb 23:30 UTC); one person reached her: Chloé (IT),
    by the reply m2 (nobody mentioned her or reacted to her posts m1 and m5). From March on she
    replied to nobody and nobody reached her (her like on m9 is something she gave). With
    min_group_size 5, the IT row (1 person) is suppressed."""
    alice = person_id(company, "Alice Martin")
    helped = run_metric(company, "person_helped", person_id=alice)
    assert helped[["display_name", "replies"]].values.tolist() == [["David Moreau", 1]]
    assert str(helped["last_reply_on"][0])[:10] == "2024-02-29"
    reached = run_metric(company, "person_reached_by", person_id=alice)
    assert reached[["department", "people", "replies", "mentions", "reactions"]].values.tolist() == [
        ["IT", 1, 1, 0, 0]]
    assert run_metric(company, "person_helped", person_id=alice, start="2024-03-01").empty
    assert run_metric(company, "person_reached_by", person_id=alice, start="2024-03-01").empty
    assert run_metric(company, "person_helped").empty  # nobody named, nobody listed
    hidden = run_metric(company, "person_reached_by", min_group_size=5, person_id=alice)
    assert hidden["suppressed"].tolist() == [True] and hidden["people"].isna().all()


# --- pure functions ------------------------------------------------------------------------------------

def test_alias_is_stable_and_hides_names():
    expected = "Member " + hashlib.sha256(b"p123").hexdigest()[:6]
    frame = pd.DataFrame({"person_id": ["p123", "p456", "p789"], "display_name": ["Ana", None, " "]})
    assert aliases.alias("p123") == expected
    hidden = aliases.named(frame, show_names=False)
    assert hidden["display_name"].tolist() == [expected, aliases.alias("p456"), aliases.alias("p789")]
    shown = aliases.named(frame, show_names=True)
    assert shown["display_name"].tolist() == ["Ana", aliases.alias("p456"), aliases.alias("p789")]
    assert frame["display_name"].isna().tolist() == [False, True, False]  # the input is left alone
    assert aliases.named(pd.DataFrame({"department": ["IT"]}), False)["department"].tolist() == ["IT"]


def bump_frame() -> pd.DataFrame:
    """Three people over four month-ends; floor = bump_floor(3) = 15 (max(6, 13) rounded up)."""
    months = ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
    ranks = {"a": [40, None, 2, 1], "b": [1, 1, 1, 2], "c": [None, 30, 50, 3]}
    now = {"a": 1, "b": 2, "c": 3}
    return pd.DataFrame([{"month_end": pd.Timestamp(m), "person_id": p, "display_name": p.upper() + " name",
                          "department": "D", "rank": r, "rank_now": now[p]}
                         for p, rs in ranks.items() for m, r in zip(months, rs, strict=True)])


def test_bump_floor():
    assert [charts.bump_floor(n) for n in (3, 5, 10, 13, 20)] == [15, 15, 20, 30, 40]


def test_rank_bump_one_line_per_person_rank_one_on_top():
    """Below the floor (15) a point is drawn on the band (16) only next to a shown rank: a's 40 and
    unranked month lead to her rank 2, c's 30 leads nowhere shown, c's 50 leads to her 3."""
    fig = charts.rank_bump(bump_frame())
    assert [t.name for t in fig.data] == ["A name", "B name", "C name"]
    assert [list(t.y) for t in fig.data] == [[None, 16, 2, 1], [1, 1, 1, 2], [None, None, 16, 3]]
    low, high = fig.layout.yaxis.range
    assert low > high and high < 1 < 16 < low  # reversed: rank 1 at the top, the band inside
    assert [list(t.text) for t in fig.data][0] == ["", "", "", " A name"]  # labelled at the right end
    assert fig.layout.showlegend is False
    assert fig.layout.yaxis.ticktext[-1] == "below 15 or unranked"
    assert list(fig.data[0].customdata) == ["rank 40", "not ranked", "rank 2", "rank 1"]
    assert charts.rank_bump(bump_frame().iloc[0:0]).layout.annotations[0].text == "No data for this selection"


def test_emergence_timeline_splits_still_in_the_top_decile():
    frame = pd.DataFrame({"person_id": ["x", "y", "z"], "display_name": ["X", "Y", "Z"],
                          "department": ["IT", None, "HR"],
                          "emerged_month": pd.to_datetime(["2024-05-01", "2024-04-01", "2024-03-01"]),
                          "rank_at_emergence": [2, 3, 1], "rank_now": [2, None, 9]})
    fig = charts.emergence_timeline(frame, top_decile=3)
    still, gone = fig.data
    assert list(still.y) == ["X (IT)"] and list(gone.y) == ["Y", "Z (HR)"]
    assert list(gone.text) == ["#3 → unranked", "#1 → #9"]
    assert list(fig.layout.yaxis.categoryarray) == ["X (IT)", "Y", "Z (HR)"]
    assert fig.layout.yaxis.autorange == "reversed"  # most recent on top


def test_rising_bars_say_from_where():
    frame = pd.DataFrame({"person_id": ["x", "y"], "display_name": ["X", "Y"], "department": ["IT", "HR"],
                          "rank_3_months_ago": [None, 40], "rank_now": [6, 12], "rank_gain": [30, 28]})
    bar = charts.rising_bars(frame).data[0]
    assert list(bar.x) == [30, 28] and list(bar.text) == ["unranked → #6", "#40 → #12"]


def test_roles_scatter_draws_thresholds():
    """Log axes shifted by one: (given, received) = (0, 0) is drawn at (1, 1). Threshold lines:
    received = 2 x given passes through (10, 20) -> (11, 21); given + received = 5 from (0, 5)."""
    frame = pd.DataFrame({"person_id": ["a", "b", "c"], "display_name": ["A", "B", "C"],
                          "role": ["catalyst", "observer", "responder"], "given": [10, 0, 40],
                          "received": [30, 0, 5]})
    fig = charts.roles_scatter(frame, min_activity=5)
    points = {t.name: (list(t.x), list(t.y)) for t in fig.data if t.mode == "markers"}
    assert points == {"catalyst (1)": ([11], [31]), "observer (1)": ([1], [1]), "responder (1)": ([41], [6])}
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    catalyst = lines["received = 2 × given: catalysts above"]
    assert all(y - 1 == pytest.approx(2 * (x - 1)) for x, y in zip(catalyst.x, catalyst.y, strict=True))
    observer = lines["given + received = 5: observers below"]
    assert (observer.x[0], observer.y[0]) == (1, 6) and (observer.x[-1], observer.y[-1]) == (6, 1)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
