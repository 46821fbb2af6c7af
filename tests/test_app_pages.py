"""Every dashboard page, run by Streamlit's AppTest on the six-person company of
tests/fixtures/dashboard/small_company.py (its docstring lists every post; the numbers below are
counted from that list by hand).

Whole period (10 Jan – 25 Mar 2024), no filter:
    engaged people 6 (Alice, Bruno, Chloé, David, Emma, Gina; the bot never counts), posts 12
    (14 minus the deleted m7 and the bot's m12), new contributors 6 (everyone who posted),
    questions 4 (t1 flagged; t2, t4, t5 ask "?"; t3 and the bot's t6 do not), answered 3 of 4
    (t4 never is) = 75%, cross-department share 6 of 7 replies and mentions (only m14,
    Chloé -> David, stays inside IT) = 86%. The previous period lies before the data: no change.
March 2024 (start 2024-03-01, end 2024-04-01, previous period 30 Jan – 29 Feb, i.e. February):
    engaged 6 (Gina, David, Emma, Bruno, Chloé; Alice by a like) vs 5 (Bruno, David, Alice, Emma;
    Chloé by a like) -> +1; posts 6 (m8, m9, m10, m11, m13, m14) vs 4 (m3-m6) -> +2; new
    contributors 1 (Gina: her February post was deleted) vs 3 (Bruno, David, Emma) -> -2;
    questions 2 (t4, t5) vs 1 (t2) -> +1; answered 1/2 = 50% vs 1/1 -> -50 pts; cross-department
    2/3 (m10, m11 cross, m14 does not) = 67% vs 3/3 (m4, m5 reply, m5 mention) -> -33 pts.

The Overview counts as the Adoption metrics do (DESIGN.md, "Engaged person", "Question health"):
questions from question_threads (the opening post's author and time), answered when the first
response by someone other than the asker (not a bot, not deleted) comes before the period's end,
and reactions as in the interactions table (none to one's own post or to a bot's). Moving to that
definition changed none of the numbers above: every thread's author and time are its opening post's,
the fixture has no such reaction, and each answer (m2, m4, m10) comes before the end of every period
tested above. The two tests after test_space_filter show where the definitions part.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import batch, build_db, crowdlens_cli, run_metric
from fixtures.dashboard.small_company import build_small_company, directory_batch, forum_batch
from streamlit.testing.v1 import AppTest

import queries
from dashboard import charts, filters, widgets

PAGES = {
    "Overview": "views/overview.py", "Adoption": "views/adoption.py", "Ties": "views/ties.py",
    "Influencers": "views/influencers.py", "Training reuse": "views/training_reuse.py",
    "Data": "views/data.py", "About the metrics": "views/about.py",
}


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    """The fixture database with min_group_size = 1 beside it (suppression off)."""
    return build_small_company(tmp_path_factory.mktemp("company"))


@pytest.fixture(scope="module")
def company_default_privacy(tmp_path_factory) -> Path:
    """The same database with no crowdlens.toml: min_group_size is the default, 5."""
    return build_small_company(tmp_path_factory.mktemp("company5"), min_group_size=None)


@pytest.fixture
def app(open_page):
    return open_page  # tests/conftest.py: start(db, page, query)


def headline_values(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def table(at, index: int = 0) -> pd.DataFrame:
    return at.dataframe[index].value


# --- every page -------------------------------------------------------------------------------

@pytest.mark.parametrize("title", PAGES)
def test_every_page_renders_without_exception(app, company, title):
    at = app(company, PAGES[title])
    assert [t.value for t in at.title] == [title]
    assert not at.error


# --- overview ---------------------------------------------------------------------------------

def test_overview_whole_period(app, company):
    at = app(company)
    assert headline_values(at) == {
        "Engaged people": ("6", ""), "Posts": ("12", ""), "New contributors": ("6", ""),
        "Questions asked": ("4", ""), "Questions answered": ("75%", ""), "Cross-department": ("86%", ""),
    }
    captions = " ".join(c.value for c in at.caption)
    assert "10 Jan 2024 – 25 Mar 2024 · all departments · all sites · all spaces" in captions
    assert "No change shown" in captions
    assert "Changes are from" not in captions  # no previous period is named when none is compared
    assert len(at.get("plotly_chart")) == 2


def test_overview_offers_a_comparison_when_the_whole_period_is_selected(app, company):
    """The data span 10 Jan - 25 Mar 2024 (under six months), so the button offers the last month,
    1-25 March, against the 25 days before. Clicking it shows the same figures and changes as
    picking 1-25 March in the period filter by hand (checked here on a second, fresh page)."""
    at = app(company)
    [button] = at.button
    assert button.label == "Compare the last month (1 Mar 2024 – 25 Mar 2024) with the month before"
    button.click().run()
    clicked = headline_values(at)
    assert at.query_params == {"start": "2024-03-01"}
    by_hand = app(company)
    by_hand.date_input(key="flt_period").set_value((date(2024, 3, 1), date(2024, 3, 25))).run()
    assert clicked == headline_values(by_hand)
    assert all(delta != "" for _value, delta in clicked.values())  # a change is shown for every figure


def test_overview_period_filter_compares_with_previous_period(app, company):
    at = app(company)
    at.date_input(key="flt_period").set_value((date(2024, 3, 1), date(2024, 3, 31))).run()
    assert headline_values(at) == {
        "Engaged people": ("6", "+1"), "Posts": ("6", "+2"), "New contributors": ("1", "-2"),
        "Questions asked": ("2", "+1"), "Questions answered": ("50%", "-50 pts"),
        "Cross-department": ("67%", "-33 pts"),
    }
    assert at.query_params == {"start": "2024-03-01", "end": "2024-04-01"}
    assert "Changes are from the previous period of equal length, 30 Jan 2024 – 29 Feb 2024" in " ".join(
        c.value for c in at.caption)


def test_department_filter(app, company):
    """IT (Chloé, David), March vs February: engaged 2 (David; Chloé) vs 2 (David; Chloé by a like);
    posts 3 (m9, m11, m14) vs 1 (m4); new 0 vs 1 (David); questions 1 (t5) vs 0; answered 100% vs
    none to compare; cross-department with IT at either end 2/3 vs 3/3."""
    at = app(company)
    at.date_input(key="flt_period").set_value((date(2024, 3, 1), date(2024, 3, 31))).run()
    at.selectbox(key="flt_department").set_value("IT").run()
    assert headline_values(at) == {
        "Engaged people": ("2", "0"), "Posts": ("3", "+2"), "New contributors": ("0", "-1"),
        "Questions asked": ("1", "+1"), "Questions answered": ("100%", ""),
        "Cross-department": ("67%", "-33 pts"),
    }
    assert at.query_params["department"] == "IT"


def test_site_filter(app, company):
    """Paris (Alice, Chloé, Emma), whole period: posts 6 (m1, m2, m5, m6, m10, m14), engaged 3,
    new 3, questions 1 (t1; Emma's t3 asks nothing), answered 1/1; cross-department with a Paris
    end: m2, m5 reply, m5 mention, m10, m11 cross, m14 does not (m4 is Lyon-Lyon) = 5/6 = 83%."""
    at = app(company)
    at.selectbox(key="flt_site").set_value("Paris").run()
    assert headline_values(at) == {
        "Engaged people": ("3", ""), "Posts": ("6", ""), "New contributors": ("3", ""),
        "Questions asked": ("1", ""), "Questions answered": ("100%", ""), "Cross-department": ("83%", ""),
    }
    assert at.query_params == {"site": "Paris"}


def test_space_filter(app, company):
    """"Course à pied" (ve:g2), whole period: posts 5 (m6, m9, m10, m11, m14; m7 deleted), engaged 4
    (Emma, David, Chloé; Alice by a like on m9), new contributors there 3, questions 1 (t5),
    answered 1/1, cross-department 2/3 (m10, m11; not m14)."""
    at = app(company)
    at.selectbox(key="flt_space").set_value("ve:g2").run()
    assert headline_values(at) == {
        "Engaged people": ("4", ""), "Posts": ("5", ""), "New contributors": ("3", ""),
        "Questions asked": ("1", ""), "Questions answered": ("100%", ""), "Cross-department": ("67%", ""),
    }
    assert at.query_params == {"space": "ve:g2"}
    assert "Course à pied" in " ".join(c.value for c in at.caption)


def test_overview_question_is_answered_only_before_the_periods_end(app, company):
    """10 Jan - 12 Feb 2024 (end 13 Feb): m1 (Alice), m2 (Chloé), m3 (Bruno, who also liked m2):
    engaged 3, posts 3, new contributors 3. Questions 2: t1, answered by Chloé's m2 on 10 Jan, and t2,
    asked 12 Feb 09:00, whose first response (David's m4) came 13 Feb 09:00, after the period: 1/2 =
    50%. The Overview's former definition (a reply at any time) made it 2/2 = 100%. question_response
    over the same dates agrees: 2 questions, 1 answered. Cross-department: m2 (IT -> Sales) 1/1. The
    previous period (7 Dec - 9 Jan) lies before the data: no change shown."""
    at = app(company)
    at.date_input(key="flt_period").set_value((date(2024, 1, 10), date(2024, 2, 12))).run()
    assert headline_values(at) == {
        "Engaged people": ("3", ""), "Posts": ("3", ""), "New contributors": ("3", ""),
        "Questions asked": ("2", ""), "Questions answered": ("50%", ""), "Cross-department": ("100%", ""),
    }
    response = run_metric(company, "question_response", start="2024-01-10", end="2024-02-13")
    assert (response["questions"].sum(), response["answered"].sum()) == (2, 1)


def test_overview_counts_reactions_as_the_adoption_metrics_do(tmp_path):
    """The company with two more reactions, neither an interaction: David likes his own m9 (23 Mar)
    and Emma likes the bot's m12 (24 Mar). 21-25 Mar (end 26 Mar): Bruno's m13 and Chloé's m14 are
    the period's posts; David and Emma only reacted, and neither reaction counts, so engaged 2 (the
    Overview's former reactions_any rule made it 4). adoption_by_group over the same dates agrees:
    IT 1 (Chloé, not David), Sales 1 (Bruno), HR 0 (not Emma)."""
    forum = forum_batch()
    forum.tables["reactions"] = pd.concat([forum.tables["reactions"], pd.DataFrame([
        {"post_id": "ve:m9", "person_id": "104", "kind": "like",
         "created_at": pd.Timestamp("2024-03-23 09:00", tz="UTC")},
        {"post_id": "ve:m12", "person_id": "105", "kind": "like",
         "created_at": pd.Timestamp("2024-03-24 09:00", tz="UTC")},
    ])], ignore_index=True)
    db = build_db(tmp_path / "crowdlens.duckdb", directory_batch(), forum)
    period = {"start": "2024-03-21", "end": "2024-03-26"}
    headlines = run_metric(db, "overview_headlines", **period)
    current = headlines[headlines["period"] == "current"].set_index("figure")["value"]
    assert (current["engaged_people"], current["posts"]) == (2, 2)
    adoption = run_metric(db, "adoption_by_group", **period).set_index("group_value")["engaged_people"]
    assert adoption.to_dict() == {"IT": 1, "Sales": 1, "HR": 0}


def test_filters_come_from_the_link_and_follow_to_other_pages(app, company):
    """?department=Sales&start=2024-02-01&end=2024-03-01: Bruno and Alice posted (m3, m5), Bruno for
    the first time; one question (t2), answered; 3 of 3 replies and mentions cross. On Ties the same
    selection leaves IT -> Sales 1 (m4) and Sales -> IT 2 (m5's reply and mention)."""
    at = app(company, query={"department": "Sales", "start": "2024-02-01", "end": "2024-03-01"})
    assert at.selectbox(key="flt_department").value == "Sales"
    assert at.date_input(key="flt_period").value == (date(2024, 2, 1), date(2024, 2, 29))
    assert headline_values(at)["Posts"][0] == "2"
    assert headline_values(at)["New contributors"][0] == "1"
    assert headline_values(at)["Cross-department"][0] == "100%"
    at.switch_page(PAGES["Ties"]).run()
    assert at.selectbox(key="flt_department").value == "Sales"
    rows = table(at)[["from_department", "to_department", "interactions"]]
    assert rows.values.tolist() == [["IT", "Sales", 1], ["Sales", "IT", 2]]
    assert at.query_params["department"] == "Sales"


def test_unknown_link_values_are_ignored_with_a_note(app, company):
    at = app(company, query={"department": "Finance", "start": "soon"})
    assert at.selectbox(key="flt_department").value == ""
    notes = " ".join(c.value for c in at.sidebar.caption)
    assert "'Finance' is not in this database" in notes and "'soon' is not a date" in notes
    assert headline_values(at)["Posts"][0] == "12"


def test_small_groups_are_suppressed_with_the_default_group_size(app, company_default_privacy):
    """min_group_size 5: the whole company (6 engaged) shows; IT (2 people) is suppressed, and so is
    January on Adoption (3 engaged), drawn as "suppressed" rather than as a bar."""
    at = app(company_default_privacy)
    assert headline_values(at)["Posts"][0] == "12"
    at.selectbox(key="flt_department").set_value("IT").run()
    assert {value for value, _ in headline_values(at).values()} == {"suppressed"}
    at.selectbox(key="flt_department").set_value("").run()
    at.switch_page(PAGES["Adoption"]).run()
    monthly = next(frame.value for frame in at.dataframe
                   if list(frame.value.columns[:3]) == ["month", "engaged_people", "posters"])
    assert monthly["suppressed"].tolist() == [True, False, False]
    assert monthly["engaged_people"].tolist()[1:] == [5, 6] and pd.isna(monthly["engaged_people"][0])
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    marked = [t for spec in specs for t in spec["data"] if t.get("name", "").startswith("suppressed")]
    assert marked and "suppressed" in marked[0]["text"]


# --- the four analytic pages -------------------------------------------------------------------

def test_ties_department_matrix_with_and_without_reactions(app, company):
    """Replies and mentions: HR->IT 1 (m10), IT->HR 1 (m11), IT->IT 1 (m14), IT->Sales 2 (m2, m4),
    Sales->IT 2 (m5 reply and mention, both Alice's). Reactions add Bruno's like of m2 and Alice's
    of m9 (Sales->IT, now 4) and Chloé's of m6 (IT->HR, now 2). `people` is the smaller of the cell's
    distinct senders and receivers (IT->HR with reactions: Chloé and David to Emma alone, 1)."""
    at = app(company, PAGES["Ties"])
    cols = ["from_department", "to_department", "interactions", "people"]
    assert table(at)[cols].values.tolist() == [
        ["HR", "IT", 1, 1], ["IT", "HR", 1, 1], ["IT", "IT", 1, 1], ["IT", "Sales", 2, 2], ["Sales", "IT", 2, 1]]
    at.toggle[0].set_value(True).run()
    assert table(at)[cols].values.tolist() == [
        ["HR", "IT", 1, 1], ["IT", "HR", 2, 1], ["IT", "IT", 1, 1], ["IT", "Sales", 2, 2], ["Sales", "IT", 4, 2]]


def test_influencers_ranking(app, company):
    """David was replied to by Alice (m5), Emma (m10) and Chloé (m14): first in March's ranking, with
    an audience of 3 (the page itself is tested in tests/test_influencers_page.py)."""
    at = app(company, PAGES["Influencers"])
    ranking = next(df.value for df in at.dataframe if "pagerank" in df.value.columns)
    assert ranking[["display_name", "audience"]].values.tolist()[0] == ["David Moreau", 3]
    assert "person_id" not in ranking.columns


def test_training_courses_and_filters(app, company):
    """C1 "Excel avancé": Alice, Bruno (1 Feb) and David (7 Mar); C2: Emma and the unknown E9 (20 Feb).
    Bruno's "Quelqu'un connaît Power Query ?" (m3, in ve:g1, 11 days after his session) reuses C1's
    key term. Sales keeps C1 with Alice and Bruno only; the running group ve:g2 holds no reuse (the
    page itself is tested in tests/test_training_reuse_page.py)."""
    at = app(company, PAGES["Training reuse"])
    cols = ["title", "attendees", "reusers"]
    courses = next(df.value for df in at.dataframe if "reshare_rate" in df.value.columns)
    assert courses[cols].values.tolist() == [["Excel avancé", 3, 1], ["Prise de parole en public", 2, 0]]
    at.selectbox(key="flt_department").set_value("Sales").run()
    courses = next(df.value for df in at.dataframe if "reshare_rate" in df.value.columns)
    assert courses[cols].values.tolist() == [["Excel avancé", 2, 1]]
    at.selectbox(key="flt_space").set_value("ve:g2").run()
    courses = next(df.value for df in at.dataframe if "reshare_rate" in df.value.columns)
    assert courses[cols].values.tolist() == [["Excel avancé", 2, 0]]


# --- data and about ------------------------------------------------------------------------------

def test_data_page(app, company):
    """Two loads; the last (training) counted one unknown user (E9) and, as every load does, the
    reply m13 to a missing message. Unmatched: viva-engage Gina and the bot (2 of 7, 1 bot),
    training E9 (1 of 5)."""
    at = app(company, PAGES["Data"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"First post": "2024-01-10", "Last post": "2024-03-25", "Posts dated": "13"}
    frames = {tuple(df.value.columns[:2]): df.value for df in at.dataframe}
    unmatched = frames[("source", "accounts")]
    assert unmatched[["source", "accounts", "unmatched", "unmatched_bots"]].values.tolist() == [
        ["training", 5, 1, 0], ["viva-engage", 7, 2, 1]]
    warnings = frames[("run_id", "code")]
    assert warnings[["code", "count", "example"]].values.tolist() == [
        ["reply to a missing message", 1, "post ve:m13"], ["unknown user id", 1, "training user E9"]]
    runs = frames[("run_id", "started_at")]
    assert runs["run_id"].tolist() == [2, 1] and runs["warning_count"].tolist() == [2, 1]
    assert "<training fixture>" in runs["inputs"][0]
    coverage = frames[("table_name", "first_day")]
    assert coverage.set_index("table_name").loc["attendance", "dated_rows"] == 5
    assert len(at.get("plotly_chart")) == 1


def test_data_page_tells_guests_from_employees_the_directory_misses(app, company, tmp_path):
    """Viva Engage: 7 accounts, 2 unmatched: Gina (gina@partner.example) and the bot (no e-mail).
    With internal_domains = ["acme.fr"], Gina is the one guest and the bot is no guest; the
    training source's unmatched E9 has no e-mail, so no guest. `crowdlens query` on the same
    database reads the same crowdlens.toml and gives the same guests. Without the key, no guests
    column and a caption line says how to get one."""
    folder = tmp_path / "guests"
    folder.mkdir()
    db = Path(shutil.copyfile(company, folder / company.name))
    (folder / "crowdlens.toml").write_text('min_group_size = 1\ninternal_domains = ["acme.fr"]\n', encoding="utf-8")
    at = app(db, PAGES["Data"])
    unmatched = next(df.value for df in at.dataframe if "unmatched_bots" in df.value.columns)
    assert unmatched[["source", "unmatched", "unmatched_bots", "guests"]].values.tolist() == [
        ["training", 1, 0, 0], ["viva-engage", 2, 1, 1]]
    assert any("Guests: those with an e-mail outside acme.fr" in c.value for c in at.caption)
    exported = crowdlens_cli("query", "unmatched_accounts", "--db", db, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert [(r["source"], r["guests"]) for r in json.loads(exported.stdout)] == [("training", 0), ("viva-engage", 1)]

    plain = app(company, PAGES["Data"])
    unmatched = next(df.value for df in plain.dataframe if "unmatched_bots" in df.value.columns)
    assert "guests" not in unmatched.columns
    assert any("Set `internal_domains` in crowdlens.toml" in c.value for c in plain.caption)


def test_data_page_names_tables_without_dated_rows(app, tmp_path):
    """One Viva Engage post of 2024-05-02 and nothing else: posts, threads (its first post) are
    dated; reactions, attendance and interactions hold no row. The coverage table lists the
    two dated tables and its caption names the three others."""
    db = build_db(tmp_path / "one_post.duckdb", batch(
        "viva-engage",
        accounts=[{"source_user_id": "1", "display_name": "Ana", "email": "ana@corp.example"}],
        threads=[{"thread_id": "ve:t1", "space_id": "ve:g1", "author_id": "1",
                  "created_at": pd.Timestamp("2024-05-02 09:00", tz="UTC")}],
        posts=[{"post_id": "ve:m1", "thread_id": "ve:t1", "author_id": "1",
                "created_at": pd.Timestamp("2024-05-02 09:00", tz="UTC"), "body_text": "Hello"}],
    ))
    at = app(db, PAGES["Data"])
    coverage = next(df.value for df in at.dataframe if "first_day" in df.value.columns)
    assert coverage["table_name"].tolist() == ["posts", "threads"]
    assert ("First and last day (UTC) of each table's dated rows. No dated rows in: reactions, attendance, "
            "interactions.") in [c.value for c in at.caption]


def test_about_page_renders_every_header(app, company):
    at = app(company, PAGES["About the metrics"])
    titles = [s.value for s in at.subheader]
    assert titles == [queries.get(name).title for name in queries.names()]
    with_params = [name for name in queries.names() if queries.get(name).params]
    assert len(at.dataframe) == len(with_params)
    shown = " ".join(m.value for m in at.markdown)
    assert widgets.plain(queries.get("overview_headlines").definition) in shown


def test_missing_database_explains_itself(app, tmp_path):
    at = app(tmp_path / "absent.duckdb")
    assert "does not exist" in at.error[0].value and "crowdlens load" in at.error[0].value


def test_a_replaced_database_is_picked_up_without_restart(app, tmp_path):
    """A new load (os.replace of the file) adding one post by Alice shows 13 posts on the next run."""
    db = build_small_company(tmp_path)
    at = app(db)
    assert headline_values(at)["Posts"][0] == "12"
    extra = batch("viva-engage", posts=[{"post_id": "ve:m15", "thread_id": "ve:t1", "author_id": "101",
                                         "created_at": pd.Timestamp("2024-03-25 10:00", tz="UTC"),
                                         "body_text": "Merci à tous."}])
    inode = os.stat(db).st_ino
    build_db(db, extra)
    assert os.stat(db).st_ino != inode  # replaced, not written in place
    at.run()
    assert headline_values(at)["Posts"][0] == "13"


# --- building blocks ------------------------------------------------------------------------------

def test_csv_download_defuses_formulas():
    frame = pd.DataFrame({
        "text": ["=SUM(A1:A3)", "+33 6", "-x", "@me", "\tlead", "\rcr", "fine", None],
        "number": [-5, 1, 2, 3, 4, 5, 6, 7],
    })
    safe = widgets.csv_safe(frame)
    assert safe["text"].tolist()[:7] == ["'=SUM(A1:A3)", "'+33 6", "'-x", "'@me", "'\tlead", "'\rcr", "fine"]
    assert safe["number"].tolist()[0] == -5
    assert frame["text"][0] == "=SUM(A1:A3)"  # the table on the page is left as it is
    assert widgets.csv_bytes(frame).decode("utf-8-sig").splitlines()[1] == "'=SUM(A1:A3),-5"


def test_a_missing_department_reads_unknown_on_the_page_and_stays_empty_in_the_csv():
    """Two people, one outside the directory (department and site null): the table on the page
    says "(unknown)" for her department and site, not None; the CSV leaves both cells empty.
    Other columns keep their nulls (a blank note stays blank)."""
    frame = pd.DataFrame({"display_name": ["Ana", "Bea"], "department": ["Sales", None],
                          "asker_site": ["Lyon", None], "note": ["x", None]})
    at = AppTest.from_string(
        "import pandas as pd\nfrom dashboard import widgets\n"
        "frame = pd.DataFrame({'display_name': ['Ana', 'Bea'], 'department': ['Sales', None],\n"
        "                      'asker_site': ['Lyon', None], 'note': ['x', None]})\n"
        "widgets.table_with_download(frame, 't.csv', 'cap')"
    ).run()
    shown = at.dataframe[0].value
    assert shown["department"].tolist() == ["Sales", "(unknown)"]
    assert shown["asker_site"].tolist() == ["Lyon", "(unknown)"]
    assert shown["note"].isna().tolist() == [False, True]
    assert widgets.csv_bytes(frame).decode("utf-8-sig").splitlines()[2] == "Bea,,,"


def test_a_group_unknown_for_everyone_is_left_out_and_said():
    """A forum export without an HR directory: department and job level null on both rows. The
    table leaves both columns out and the caption says they are unknown for everyone; the site,
    known for one person, stays with "(unknown)" for the other; the CSV keeps all four columns."""
    at = AppTest.from_string(
        "import pandas as pd\nfrom dashboard import widgets\n"
        "frame = pd.DataFrame({'display_name': ['Ana', 'Bea'], 'department': [None, None],\n"
        "                      'job_level': [None, None], 'site': ['Lyon', None]})\n"
        "widgets.table_with_download(frame, 't.csv', 'People.')"
    ).run()
    assert list(at.dataframe[0].value.columns) == ["display_name", "site"]
    assert at.dataframe[0].value["site"].tolist() == ["Lyon", "(unknown)"]
    assert at.caption[0].value == "People. Department and job level: unknown for everyone listed."
    assert at.get("download_button")[0].proto.label == "Download CSV" and not at.exception


def test_empty_table_shows_a_message_not_an_error():
    at = AppTest.from_string(
        "import pandas as pd\nfrom dashboard import widgets\n"
        "widgets.table_with_download(pd.DataFrame({'a': []}), 'x.csv', 'cap', empty_message='Nothing here.')"
    ).run()
    assert [i.value for i in at.info] == ["Nothing here."] and not at.exception and not at.error


def test_charts_never_draw_a_suppressed_value():
    frame = pd.DataFrame({"from_department": ["HR", "IT"], "to_department": ["IT", "HR"],
                          "interactions": [None, 7], "row_share": [None, 1.0], "people": [None, 6],
                          "suppressed": [True, False]})
    heat = charts.tie_matrix(frame).data[0]
    assert [list(r) for r in heat.z] == [[None, None], [7.0, None]]
    assert [list(r) for r in heat.text] == [["", "suppressed"], ["7", ""]]
    helped = pd.DataFrame({"course_id": ["C1", "C1"], "department": ["HR", "IT"], "people_helped": [None, 8],
                           "helpers": [None, 6], "suppressed": [True, False]})
    fig = charts.reuse_helped_departments(helped)
    assert list(fig.data[0].y) == ["IT"] and list(fig.data[1].y) == ["HR"]
    assert list(fig.data[1].text) == ["suppressed"] and list(fig.data[1].x) == [0]
    assert fig.layout.xaxis.title.text == "Distinct people helped"


def test_month_bars_are_labelled_under_their_own_bar():
    """18 months (Jan 2025 - Jun 2026): a tick every third month, written "Jan 2025", placed at the
    month's bar (Plotly's "period" mode would centre it on the three months, under February's bar),
    as on every other month axis (Adoption's contributors per month)."""
    frame = pd.DataFrame({"month": pd.date_range("2025-01-01", periods=18, freq="MS"), "posts": range(18),
                          "suppressed": False})
    axis = charts.activity_per_month(frame, "posts", "Posts").layout.xaxis
    assert (axis.tickformat, axis.dtick, axis.ticklabelmode, axis.tickangle) == ("%b %Y", "M3", None, 0)
    other = charts.contributors_per_month(frame.assign(new_contributors=1, returning_contributors=2)).layout.xaxis
    assert (other.tickformat, other.dtick, other.ticklabelmode) == (axis.tickformat, axis.dtick, None)


def test_selection_caption_shows_export_names_as_typed():
    """Captions are markdown; a Slack channel "dev_ops_team" or a department "*R&D* $1$" must read as
    typed, not in italics or as LaTeX: their markdown characters come escaped."""
    selected = {"start": date(2024, 3, 1), "end": date(2024, 4, 1), "department": "*R&D* $1$",
                "site": None, "space": "slack:C1"}
    assert filters.describe(selected, {"slack:C1": "dev_ops_team"}) == (
        r"1 Mar 2024 – 31 Mar 2024 · \*R&D\* \$1\$ · all sites · dev\_ops\_team")


def test_recent_period_is_the_last_three_calendar_months_of_long_data():
    """The sample company: data from 6 Jan 2025 to 30 Jun 2026 (end exclusive 1 Jul): the last three
    months are April-June 2026; data of 76 days (the fixture) get the last month only."""
    assert filters.recent_period(date(2026, 7, 1), date(2025, 1, 6)) == (
        date(2026, 4, 1), date(2026, 7, 1), "three months")
    assert filters.recent_period(date(2024, 3, 26), date(2024, 1, 10)) == (
        date(2024, 3, 1), date(2024, 3, 26), "month")


def test_a_month_left_alone_keeps_a_full_bar():
    """Five months of a small export as on the real Discourse one (Jan-May 2016), all but February
    suppressed: February's bar, alone on the axis, is 24 days wide (Plotly drew a lone bar on a date
    axis as a hairline); the bars of grouped traces share those 24 days side by side (3 traces: 8
    days each, from -12 days)."""
    day = 86_400_000
    frame = pd.DataFrame({"month": pd.date_range("2016-01-01", periods=5, freq="MS"),
                          "posts": [3, 18, 1, 1, 2], "suppressed": [True, False, True, True, True]})
    fig = charts.activity_per_month(frame, "posts", "Posts")
    assert [trace.type for trace in fig.data] == ["bar", "scatter"]
    assert list(fig.data[0].x) == [pd.Timestamp("2016-02-01")] and fig.data[0].width == 24 * day
    person = frame.assign(people_helped=1, people_reaching=2).iloc[[1]]
    bars = charts.person_activity(person).data
    assert [bar.width for bar in bars] == [8 * day] * 3
    assert [bar.offset for bar in bars] == [-12 * day, -4 * day, 4 * day]


def test_table_counts_are_grouped_in_thousands_and_other_columns_keep_their_kind():
    """Integer columns of a table are shown in the browser's number format (17,577 in English,
    as the cards write counts); shares stay percentages, flags checkboxes, texts plain."""
    frame = pd.DataFrame({"table_name": ["posts"], "dated_rows": [17577], "row_share": [0.5],
                          "suppressed": [False]})
    config = widgets.readable_columns(frame)
    kinds = {name: (column["label"], column.get("type_config", {}).get("type"),
                    column.get("type_config", {}).get("format")) for name, column in config.items()}
    assert kinds == {"table_name": ("Table name", None, None), "dated_rows": ("Dated rows", "number", "localized"),
                     "row_share": ("Row share", "number", "percent"), "suppressed": ("Suppressed", "checkbox", None)}


def test_month_charts_with_every_month_suppressed_say_so_in_words():
    """As in the real Slack test archive (2, 1 and 4 engaged people in January, February and March
    2016, under the minimum of 5), every month is suppressed. The month charts then draw no axis
    of crosses but one sentence saying why, as the other suppressed charts do (the response times
    per month and the E-I index per month-end too)."""
    frame = pd.DataFrame({"month": pd.date_range("2016-01-01", periods=3, freq="MS"), "posts": [None] * 3,
                          "engaged_people": [None] * 3, "new_contributors": [None] * 3,
                          "returning_contributors": [None] * 3, "explored": [None] * 3,
                          "explored_share": [None] * 3, "median_hours_to_first_response": [None] * 3,
                          "p90_hours_to_first_response": [None] * 3, "suppressed": [True] * 3})
    ei = pd.DataFrame({"month_end": pd.date_range("2016-01-31", periods=3, freq="ME"), "ties": [None] * 3,
                       "internal_ties": [None] * 3, "external_ties": [None] * 3, "ei_index": [None] * 3,
                       "expected_ei": [None] * 3, "members": [None] * 3, "suppressed": [True] * 3})
    for fig in (charts.activity_per_month(frame, "posts", "Posts"), charts.contributors_per_month(frame),
                charts.exploration(frame), charts.response_times(frame), charts.ei_over_time(ei)):
        assert not fig.data
        assert fig.layout.annotations[0].text == "Suppressed: too few people in this selection (privacy)"
