"""The Training reuse page (AppTest) on the six-person company of
tests/fixtures/dashboard/small_company.py plus one load of two posts, and its chart functions.

The extra load (REUSE_POSTS below):
    ve:m20 2024-03-06 Alice, a reply in Bruno's thread ve:t2: "Essaie Power Query puis des tableaux
           croisés dynamiques : " followed by MARKUP (HTML, markdown, a javascript link, an entity)
    ve:m21 2024-03-10 David starts ve:t7: "Mes tableaux croisés dynamiques se mettent à jour avec Power Query."

Matching (etl/reuse.py), worked out by hand. Live posts with text: the company's 13 (m1-m14 but the
deleted m7) + 2 = 15. Course C1 "Excel avancé", material "Tableaux croisés dynamiques, Power Query,
macros.", key term "power query". Its terms used by some post: "power query" (m3, m20, m21: df 3,
said once + 3 as a key term, so fully salient) weighs 2 × (1 - ln 4 / ln 16) = 2 × 0.5 = 1.0;
"tableaux croisés dynamiques" (m20, m21: df 2, said once, salience 1/3) weighs
3 × (1 - ln 3 / ln 16) / 3 = 0.6038. Single words said once weigh at most 1/3 and "croisés
dynamiques" 2 × 0.6038 / 3 = 0.40, under the 0.5 floor: not in the vocabulary. So m20 and m21 score
(1.0 + 0.6038) / 3 = 0.53 >= 0.4 and match; Bruno's m3 ("Power Query" alone) scores 0.33 and does not.

C1 attendees: Alice and Bruno (2024-02-01), David (2024-03-07); 3 attendees.
    60 days: Alice (m20, day 34, helps Bruno of Sales) and David (m21, day 3) → 2 of 3 = 67%; nobody
        before (0%); colleagues: Sales has no non-attendee, IT's Chloé never matches → 0%; lift +67
        pts; help-others 1 of 3 = 33%, 1 person helped in 1 department; median days (3 + 34) / 2 = 18.5.
        z = 0.667 / sqrt(2 × 1/3 × 2/3 / 3) = 1.73 < 1.96 → "Not clearly".
    30 days: only David (day 3) → 1 of 3 = 33%, lift +33 pts, nobody helped, median 3.
C2 "Prise de parole en public": Emma and E9 (unknown to the directory), 2 attendees, no match.
With the default min_group_size of 5 both courses (3 and 2 attendees) are suppressed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import batch, build_db
from fixtures.dashboard.small_company import _ts, build_small_company

import queries
from dashboard import charts, widgets

PAGE = "views/training_reuse.py"
MARKUP = "<b>x</b> **y** <script>alert(1)</script> [aide](javascript:alert(1)) &lt;i&gt;"
M20 = f"Essaie Power Query puis des tableaux croisés dynamiques : {MARKUP}"
M21 = "Mes tableaux croisés dynamiques se mettent à jour avec Power Query."
# m20 as the page writes it: the matched words in bold, everything else escaped
M20_MARKDOWN = (r"Essaie **Power Query** puis des **tableaux croisés dynamiques** \: \<b\>x\</b\> \*\*y\*\* "
                r"\<script\>alert\(1\)\</script\> \[aide\]\(javascript\:alert\(1\)\) \&lt;i\&gt;")
TABLE = ["title", "attendees", "reusers", "reshare_rate", "baseline_rate", "comparison_rate", "lift_pts",
         "help_others_rate", "people_helped", "median_days_to_first_reuse"]


def reuse_posts():
    return batch(
        "viva-engage",
        threads=[{"thread_id": "ve:t7", "space_id": "ve:g1", "title": "Reporting", "author_id": "104",
                  "created_at": _ts("2024-03-10 09:00"), "is_question": False}],
        posts=[{"post_id": "ve:m20", "thread_id": "ve:t2", "author_id": "101", "created_at": _ts("2024-03-06 10:00"),
                "parent_post_id": "ve:m3", "body_text": M20},
               {"post_id": "ve:m21", "thread_id": "ve:t7", "author_id": "104", "created_at": _ts("2024-03-10 09:00"),
                "parent_post_id": None, "body_text": M21}],
    )


def company_with_reuse(folder: Path, min_group_size: int | None = 1) -> Path:
    db = build_small_company(folder, min_group_size)
    return build_db(db, reuse_posts())


@pytest.fixture(scope="module")
def company(tmp_path_factory) -> Path:
    return company_with_reuse(tmp_path_factory.mktemp("reuse-page"))


@pytest.fixture
def page(open_page):
    return lambda db: open_page(db, PAGE)


def texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def courses_table(at) -> list[list]:
    frame = next(d.value for d in at.dataframe if "reshare_rate" in d.value.columns)
    return [[None if pd.isna(v) else (round(v, 4) if isinstance(v, float) else v) for v in row]
            for row in frame[TABLE].values.tolist()]


# --- the page ---------------------------------------------------------------------------------------

def test_answer_and_courses_table_at_60_days(page, company):
    at = page(company)
    assert at.subheader[0].value == "Did my course get re-shared?"
    assert at.selectbox(key="reuse_course").value == "C1" and at.radio(key="reuse_horizon").value == 60
    shown = texts(at)
    assert shown[0] == (
        "**Not clearly.** 2 of 3 attendees (67%) posted the course's content within 60 days of attending, "
        "against 0% of them in the 60 days before and 0% of their colleagues who did not attend, over the same "
        "dates: a lift of **+67 pts**, which chance alone could give with 3 attendees.")
    assert shown[1] == "1 attendee (33%) used it to answer a colleague's thread, helping 1 person in 1 department."
    assert courses_table(at) == [
        ["Excel avancé", 3, 2, 0.6667, 0.0, 0.0, 66.6667, 0.3333, 1, 18.5],  # lift in points
        ["Prise de parole en public", 2, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, None],
    ]
    assert chart_titles(at) == ["Excel avancé: lift +67 pts",
                                "Days from the course to the first reuse (median 18.5 days)",
                                "Reuse week by week: fading or holding?",
                                "Whom attendees helped with the course's content"]


def test_horizon_switch_to_30_days(page, company):
    at = page(company)
    at.radio(key="reuse_horizon").set_value(30).run()
    shown = texts(at)
    assert shown[0].startswith("**Not clearly.** 1 of 3 attendees (33%) posted the course's content within 30 days")
    assert "a lift of **+33 pts**" in shown[0]
    assert shown[1] == "No attendee used it to answer a colleague's thread within 30 days."
    assert courses_table(at)[0] == ["Excel avancé", 3, 1, 0.3333, 0.0, 0.0, 33.3333, 0.0, 0, 3.0]
    evidence = next(d.value for d in at.dataframe if "excerpt" in d.value.columns)
    assert evidence["post_id"].tolist() == ["ve:m21"]  # Alice's day-34 answer is past 30 days


def test_selecting_the_course_without_reuse(page, company):
    at = page(company)
    at.selectbox(key="reuse_course").set_value("C2").run()
    assert texts(at)[0] == ("**No.** None of the 2 attendees posted the course's content within 60 days of "
                            "attending.")
    assert "No attendee post reuses this course within 60 days." in [i.value for i in at.info]
    assert chart_titles(at)[0] == "Prise de parole en public: lift 0 pts"


def test_evidence_cards_show_the_post_as_text(page, company):
    """Alice's answer first (answers to colleagues come first), then David's; the post's markup is
    escaped, never rendered, and only the matched words are bold."""
    at = page(company)
    shown = texts(at)
    cards = [t for t in shown if t.startswith("**Alice Martin**") or t.startswith("**David Moreau**")]
    assert cards == ["**Alice Martin** · 06 Mar 2024 · 34 days after the course · answering a colleague's thread",
                     "**David Moreau** · 10 Mar 2024 · 3 days after the course · a post of their own"]
    assert M20_MARKDOWN in shown
    assert r"Mes **tableaux croisés dynamiques** se mettent à jour avec **Power Query**\." in shown
    assert all(not m.proto.allow_html for m in at.markdown)
    assert not any("<b>" in t or "<script>" in t or "](javascript" in t for t in shown)
    terms = [c.value for c in at.caption if c.value.startswith("Course terms that fired")]
    assert terms == ["Course terms that fired: power query; tableaux croisés dynamiques · match score 0.53"] * 2
    table = next(d.value for d in at.dataframe if "excerpt" in d.value.columns)
    assert table.set_index("post_id").loc["ve:m20", "excerpt"] == M20  # the table shows it as typed


def test_method_and_threshold_are_stated(page, company):
    at = page(company)
    shown = texts(at)
    assert widgets.plain(queries.get("course_reuse").definition) in shown
    assert any(t.startswith("Threshold in use: **0.4**") for t in shown)
    assert any("with a match score of at least 0.4" in c.value for c in at.caption)


def test_stronger_matches_only(page, company):
    """At "match strength at least 0.6" the two 0.53 matches drop out: nobody reused C1."""
    at = page(company)
    at.select_slider(key="reuse_min_score").set_value(0.6).run()
    assert texts(at)[0].startswith("**No.** None of the 3 attendees")


def test_small_courses_are_suppressed(page, tmp_path):
    at = page(company_with_reuse(tmp_path, min_group_size=None))
    assert texts(at)[0].startswith("**Suppressed.** Fewer than 5 attendees of this course")
    frame = next(d.value for d in at.dataframe if "reshare_rate" in d.value.columns)
    assert frame["suppressed"].tolist() == [True, True]
    assert frame["reshare_rate"].isna().all() and frame["title"].tolist() == ["Excel avancé",
                                                                              "Prise de parole en public"]
    assert not [t for t in texts(at) if "Power Query" in t]  # no evidence of a suppressed course


# --- chart functions ---------------------------------------------------------------------------------

def course_row(**values) -> pd.Series:
    base = {"course_id": "C1", "title": "Excel avancé", "attendees": 43, "reusers": 19, "reshare_rate": 0.44,
            "baseline_rate": 0.02, "comparison_rate": 0.05, "comparison_baseline_rate": 0.03, "lift": 0.40,
            "suppressed": False}
    return pd.Series({**base, **values})


def test_before_after_bars_and_lift_title():
    fig = charts.reuse_before_after(course_row(), 60)
    before, after = fig.data
    assert (before.name, after.name) == ("60 days before", "60 days after")
    assert list(before.y) == [0.02, 0.03] and list(after.y) == [0.44, 0.05]
    assert list(after.text) == ["44%", "5%"] and list(before.text) == ["2%", "3%"]
    assert fig.layout.title.text == "Excel avancé: lift +40 pts"
    none = charts.reuse_before_after(course_row(lift=None, comparison_rate=None, comparison_baseline_rate=None), 30)
    assert none.layout.title.text == "Excel avancé: no colleague to compare with, so no lift"
    assert list(none.data[1].text) == ["44%", "none"]
    hidden = charts.reuse_before_after(course_row(suppressed=True, reshare_rate=None), 60)
    assert not hidden.data and "Suppressed" in hidden.layout.annotations[0].text


def test_first_reuse_histogram_bins():
    """Days 3 (2 people), 4, 34 and 59 at 60 days: 5-day bins 0–4 (3), 30–34 (1), 55–59 (1)."""
    frame = pd.DataFrame({"course_id": "C1", "days_to_first_reuse": [3, 4, 34, 59], "reusers": [2, 1, 1, 1],
                          "suppressed": False})
    fig = charts.reuse_first_days(frame, 60, median=4)
    bars = fig.data[0]
    assert len(bars.x) == 12 and bars.x[0] == "0–4" and bars.x[-1] == "55–59"
    assert dict(zip(bars.x, bars.y, strict=True)) == {**{x: 0 for x in bars.x}, "0–4": 3, "30–34": 1, "55–59": 1}
    assert fig.layout.title.text == "Days from the course to the first reuse (median 4 days)"
    assert list(charts.reuse_first_days(frame, 30).data[0].x)[-1] == "25–29"
    # 90 days in 10-day bins (18 five-day bars would not fit): 0–9 (3), 30–39 (1), 50–59 (1)
    wide = charts.reuse_first_days(frame, 90).data[0]
    assert len(wide.x) == 9 and wide.x[-1] == "80–89"
    assert [y for x, y in zip(wide.x, wide.y, strict=True) if y] == [3, 1, 1]
    assert [x for x, y in zip(wide.x, wide.y, strict=True) if y] == ["0–9", "30–39", "50–59"]
    assert "Nobody reused" in charts.reuse_first_days(frame.iloc[:0], 60).layout.annotations[0].text


def test_weeks_line_and_helped_bars():
    weeks = pd.DataFrame({"weeks_after_attending": [0, 1, 2], "reusers": [3, 1, 0],
                          "share_of_attendees": [0.3, 0.1, 0.0], "suppressed": False})
    line = charts.reuse_over_weeks(weeks).data[0]
    assert list(line.x) == [0, 1, 2] and list(line.y) == [0.3, 0.1, 0.0] and list(line.customdata) == [3, 1, 0]
    helped = pd.DataFrame({"department": ["IT", None, "HR"], "people_helped": [6, 5, None],
                           "helpers": [4, 3, None], "suppressed": [False, False, True]})
    fig = charts.reuse_helped_departments(helped)
    assert list(fig.data[0].y) == ["IT", "(unknown)"] and list(fig.data[0].x) == [6, 5]
    assert list(fig.data[1].y) == ["HR"] and list(fig.data[1].text) == ["suppressed"]
    all_hidden = weeks.assign(suppressed=True, share_of_attendees=None)
    assert "Suppressed" in charts.reuse_over_weeks(all_hidden).layout.annotations[0].text


def test_highlighted_escapes_everything_but_the_matched_words():
    assert charts.highlighted("Use power query, then POWER QUERY again.", ["Power Query"]) == \
        r"Use **power query**, then **POWER QUERY** again\."
    # whole words only, overlapping terms make one bold run, spaces collapsed
    assert charts.highlighted("sprints  and the sprint backlog", ["sprint", "sprint backlog"]) == \
        "sprints and the **sprint backlog**"
    assert charts.highlighted("active l'authentification multifacteur ici",
                              ["active l'authentification", "authentification multifacteur"]) == \
        "**active l'authentification multifacteur** ici"
    assert charts.highlighted("**y** [a](javascript:x) <i>&amp; $x$ :smile: #1", []) == \
        r"\*\*y\*\* \[a\]\(javascript\:x\) \<i\>\&amp; \$x\$ \:smile\: \#1"
    assert charts.highlighted("a <b>term</b>", ["term"]) == r"a \<b\>**term**\</b\>"


def test_lift_z():
    """43 attendees, 44% after and 2% before: P = 0.23, SE = sqrt(2 × 0.23 × 0.77 / 43) = 0.0908,
    z = 0.40 / 0.0908 = 4.41. No reuse at all: z = 0. Suppressed: None."""
    assert charts.lift_z(course_row()) == pytest.approx(4.406, abs=0.01)
    assert charts.lift_z(course_row(reshare_rate=0.0, baseline_rate=0.0, lift=0.002)) == 0.0
    assert charts.lift_z(course_row(suppressed=True)) is None


# --- in Chromium: the post's markup shows as text ---------------------------------------------------

@pytest.mark.browser
def test_evidence_renders_literally_in_chromium(company):
    playwright_api = pytest.importorskip("playwright.sync_api")
    from test_browser import CHROMIUM, CHROMIUM_ARGS, RENDERED, _wait_healthy, free_port

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent")
    port = free_port()
    log = company.parent / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "crowdlens", "dashboard", "--db", str(company),
                                   "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_healthy(url, server, log)
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.goto(url, wait_until="domcontentloaded")
            page.get_by_role("link", name="Training reuse").click()
            page.get_by_role("heading", name="Did my course get re-shared?").wait_for(timeout=30_000)
            page.wait_for_function(RENDERED, timeout=30_000)
            main = page.locator('[data-testid="stMain"]')
            card = main.locator('[data-testid="stMarkdownContainer"]', has_text="Essaie").first
            assert card.inner_text().strip() == M20
            assert card.locator("strong").all_inner_texts() == ["Power Query", "tableaux croisés dynamiques"]
            assert main.locator("b, script, a[href^='javascript']").count() == 0
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
