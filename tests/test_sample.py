"""The sample company: deterministic, committed as generated, and its README's numbers are true.

The README's planted parameters are compared with the generator's constants (crowdlens/sample_plan.py)
and with counts made here from the written files by an independent route: the csv module and a few
dictionaries, never the generator's own objects. The analytics that must find the planted effects are
tested in their own issues.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

from crowdlens import sample_plan as plan
from crowdlens.sample import write_sample

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
README = SAMPLE / "README.md"
OWN_FILES = {"README.md", "__init__.py"}


# -- reading the written files ----------------------------------------------------------------
def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in OWN_FILES and "__pycache__" not in p.parts}


def read_rows(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S UTC")


def parse_french(text: str) -> date:
    return datetime.strptime(text, "%d/%m/%Y").date()


def month_index(day: date | datetime) -> int:
    return (day.year - plan.LAUNCH.year) * 12 + day.month - plan.LAUNCH.month + 1


class Sample:
    """The files of one sample folder, with the joins the counts need (by e-mail, case-insensitive)."""

    def __init__(self, folder: Path):
        self.directory = read_rows(folder / "annuaire_rh.csv", "cp1252", ";")
        self.attendance = read_rows(folder / "presences_formations.csv", "cp1252", ";")
        self.users = read_rows(folder / "viva-engage" / "Users.csv")
        self.messages = read_rows(folder / "viva-engage" / "Messages.csv")
        self.groups = read_rows(folder / "viva-engage" / "Groups.csv")
        self.staff = {r["Courriel"].lower(): r for r in self.directory}
        self.by_id = {m["id"]: m for m in self.messages}
        self.public = [m for m in self.messages
                       if m["in_private_conversation"] == "false" and not m["deleted_at"]]
        self.courses = {p.stem: front_matter(p) for p in sorted((folder / "formations").glob("*.md"))}

    def department(self, message: dict) -> str | None:
        row = self.staff.get(message["sender_email"].lower())
        return row["Direction"] if row else None

    def first_month(self) -> dict[str, int]:
        """Directory people's first public message, as a month index from the launch."""
        first: dict[str, int] = {}
        for m in self.public:
            email = m["sender_email"].lower()
            if email in self.staff:
                first[email] = min(first.get(email, 99), month_index(parse_stamp(m["created_at"])))
        return first


def front_matter(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.strip().splitlines())


def term_pattern(terms: list[str]) -> list[re.Pattern]:
    return [re.compile(r"(?<!\w)" + re.escape(t) + r"(?!\w)", re.IGNORECASE) for t in terms]


def uses_course(body: str, patterns: list[re.Pattern]) -> bool:
    return sum(1 for p in patterns if p.search(body)) >= plan.MIN_TERMS


# -- the README's numbers -----------------------------------------------------------------------
def readme_values() -> dict[str, str]:
    """Lines written `- <name>: <value>` in the README's fenced blocks named `planted`."""
    text = README.read_text(encoding="utf-8")
    values = {}
    for block in re.findall(r"```planted\n(.*?)```", text, re.S):
        for line in block.strip().splitlines():
            name, _, value = line.partition(":")
            values[name.strip()] = value.strip()
    return values


@cache
def committed() -> Sample:
    return Sample(SAMPLE)


def measured(sample: Sample) -> dict[str, str]:
    """Every planted number, counted from the files."""
    values: dict[str, str] = {}
    values.update(company_counts(sample))
    values.update(adoption_counts(sample))
    values.update(cross_shares(sample))
    values.update(influencer_counts(sample))
    values.update(question_counts(sample))
    values.update(training_counts(sample))
    return values


def company_counts(s: Sample) -> dict[str, str]:
    stamps = sorted(parse_stamp(m["created_at"]) for m in s.messages)
    months = {(t.year, t.month) for t in stamps}
    directory_emails = set(s.staff)
    posters = {m["sender_email"].lower() for m in s.public if m["sender_type"] == "user"}
    return {
        "people in the directory": str(len(s.directory)),
        "departments": str(len({r["Direction"] for r in s.directory})),
        "sites": str(len({r["Site"] for r in s.directory})),
        "job levels": str(len({r["Niveau"] for r in s.directory})),
        "first message": stamps[0].date().isoformat(),
        "last message": stamps[-1].date().isoformat(),
        "calendar months with messages": str(len(months)),
        "messages": str(len(s.messages)),
        "threads": str(sum(1 for m in s.messages if m["id"] == m["thread_id"])),
        "groups": str(len(s.groups)),
        "affinity groups": str(sum(1 for g in s.groups if re.search(
            r"course à pied|running|tricot|pêche", g["name"], re.I))),
        "forum users not in the directory": str(len(
            {u["email"].lower() for u in s.users} - directory_emails - {
                u["email"].lower() for u in s.users if "robot" in u["email"]})),
        "directory people who never post": str(len(directory_emails - posters)),
        "private conversation messages": str(sum(1 for m in s.messages
                                                 if m["in_private_conversation"] == "true")),
        "deleted messages": str(sum(1 for m in s.messages if m["deleted_at"])),
        "bot messages": str(sum(1 for m in s.messages if m["sender_type"] == "bot")),
        "English threads": str(sum(1 for m in s.messages if m["id"] == m["thread_id"]
                                   and m["group_name"] == "English corner")),
    }


def adoption_table(s: Sample) -> dict[str, tuple[int, list[int], int]]:
    """Per department: headcount, people who had posted by months 3/6/12/18, engaged in month 18."""
    first = s.first_month()
    engaged = {m["sender_email"].lower() for m in s.public
               if month_index(parse_stamp(m["created_at"])) == 18}
    table = {}
    for department in plan.DEPARTMENTS:
        members = [e for e, r in s.staff.items() if r["Direction"] == department]
        by = [sum(1 for e in members if first.get(e, 99) <= m) for m in (3, 6, 12, 18)]
        table[department] = (len(members), by, len(engaged.intersection(members)))
    return table


def adoption_counts(s: Sample) -> dict[str, str]:
    return {f"adoption {d}": f"{size} people; posted by month 3/6/12/18: {'/'.join(map(str, by))}; "
                             f"engaged in month 18: {engaged}"
            for d, (size, by, engaged) in adoption_table(s).items()}


def cross_shares(s: Sample) -> dict[str, str]:
    counts: dict[int, Counter] = defaultdict(Counter)
    for m in s.public:
        parent = s.by_id.get(m["replied_to_id"])
        if not parent:
            continue
        mine, theirs = s.department(m), s.department(parent)
        if mine and theirs:
            month = month_index(parse_stamp(m["created_at"]))
            counts[month]["cross" if mine != theirs else "same"] += 1

    def share(months):
        cross = sum(counts[m]["cross"] for m in months)
        total = sum(counts[m]["cross"] + counts[m]["same"] for m in months)
        return f"{cross / total:.3f}"

    return {"cross-department reply share, months 1-3": share(range(1, 4)),
            "cross-department reply share, months 16-18": share(range(16, 19))}


def influencer_table(s: Sample) -> dict[str, tuple[str, str, int, int, int]]:
    """Per influencer: department, level, month of emergence (planted), and the most distinct people
    who replied to or mentioned them in a month before it, the fewest in a month from it on."""
    users = {u["email"].lower(): u["id"] for u in s.users}
    table = {}
    for first, last, *_rest, emerge, _space in plan.INFLUENCERS:
        row = next(r for r in s.directory if r["Prénom"] == first and r["Nom"] == last)
        email = row["Courriel"].lower()
        marker = f"[[user:{users[email]}]]"
        audience: dict[int, set] = defaultdict(set)
        for m in s.public:
            parent = s.by_id.get(m["replied_to_id"])
            sender = m["sender_email"].lower()
            if sender != email and ((parent and parent["sender_email"].lower() == email)
                                    or marker in m["body"]):
                audience[month_index(parse_stamp(m["created_at"]))].add(sender)
        before = max((len(audience[m]) for m in range(1, emerge)), default=0)
        after = min(len(audience[m]) for m in range(emerge, 19))
        table[f"{first} {last}"] = (row["Direction"], row["Niveau"], emerge, before, after)
    return table


def influencer_counts(s: Sample) -> dict[str, str]:
    return {f"influencer {name}": f"{dept}, {level}, emerges in month {emerge}; distinct people replying "
                                  f"or mentioning per month: at most {before} before, at least {after} "
                                  "from then on"
            for name, (dept, level, emerge, before, after) in influencer_table(s).items()}


def question_counts(s: Sample) -> dict[str, str]:
    replies: dict[str, list[dict]] = defaultdict(list)
    for m in s.public:
        if m["replied_to_id"]:
            replies[m["thread_id"]].append(m)
    questions = [m for m in s.public if m["id"] == m["thread_id"] and m["message_type"] == "question"]
    codev = unanswered = 0
    waits = []
    for q in questions:
        asker = q["sender_email"].lower()
        helpers = {r["sender_email"].lower() for r in replies[q["id"]]} - {asker}
        departments = {s.staff[e]["Direction"] for e in helpers if e in s.staff}
        codev += len(helpers) >= 3 and len(departments) >= 2
        unanswered += not helpers
        answers = [parse_stamp(r["created_at"]) for r in replies[q["id"]]
                   if r["sender_email"].lower() != asker]
        if answers:
            waits.append((min(answers) - parse_stamp(q["created_at"])).total_seconds() / 3600)
    waits.sort()
    return {"questions": str(len(questions)), "co-development threads": str(codev),
            "unanswered questions": str(unanswered),
            "hours to first response, median / 90th percentile": (
                f"{waits[len(waits) // 2]:.1f} / {waits[int(len(waits) * 0.9)]:.1f}")}


def training_table(s: Sample) -> dict[str, tuple[int, int, int, int, int, int]]:
    """Per course: attendees, sessions, attendees re-using it within the window, those of them
    answering a colleague, posting non-attendees using its terms, and posting non-attendees."""
    by_sender: dict[str, list[dict]] = defaultdict(list)
    for m in s.public:
        by_sender[m["sender_email"].lower()].append(m)
    posters = {e for e in by_sender if e in s.staff}
    table = {}
    for course_id, meta in s.courses.items():
        patterns = term_pattern([t.strip() for t in meta["key_terms"].split(",")])
        rows = [r for r in s.attendance if r["Code formation"] == course_id]
        reusers = answering = 0
        for r in rows:
            email = r["Courriel"].lower()
            day = datetime.combine(parse_french(r["Date de session"]), datetime.min.time())
            hits = [m for m in by_sender[email] if uses_course(m["body"], patterns)
                    and day < parse_stamp(m["created_at"]) <= day + timedelta(days=plan.REUSE_DAYS)]
            reusers += bool(hits)
            answering += any(m["replied_to_id"] and s.by_id[m["thread_id"]]["sender_email"].lower() != email
                             for m in hits)
        others = posters - {r["Courriel"].lower() for r in rows}
        base = sum(1 for e in others if any(uses_course(m["body"], patterns) for m in by_sender[e]))
        sessions = len({r["Date de session"] for r in rows})
        table[course_id] = (len(rows), sessions, reusers, answering, base, len(others))
    return table


def training_counts(s: Sample) -> dict[str, str]:
    return {f"course {c}": f"{n} attendees in {sessions} sessions; {reusers} re-use it within "
                           f"{plan.REUSE_DAYS} days, {answering} of them answering a colleague; "
                           f"{base} of {others} posting non-attendees use its terms"
            for c, (n, sessions, reusers, answering, base, others) in training_table(s).items()}


# -- the tests ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed7(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed7")
    write_sample(out)
    return out


def test_same_seed_writes_identical_files_and_another_seed_differs(seed7, tmp_path):
    """Two runs with seed 7 give the same bytes in every file; seed 8 gives other messages."""
    again, other = tmp_path / "again", tmp_path / "other"
    write_sample(again, seed=7)
    write_sample(other, seed=8)
    first = files_under(seed7)
    assert len(first) == 11  # 3 Viva Engage files, directory, attendance, 5 courses, crowdlens.toml
    assert files_under(again) == first
    changed = files_under(other)
    assert changed.keys() == first.keys()
    assert changed["viva-engage/Messages.csv"] != first["viva-engage/Messages.csv"]
    assert changed["annuaire_rh.csv"] != first["annuaire_rh.csv"]


def test_committed_sample_data_is_exactly_what_seed_7_writes(seed7):
    committed_files = files_under(SAMPLE)
    regenerated = files_under(seed7)
    assert sorted(committed_files) == sorted(regenerated)
    drifted = [name for name in regenerated if committed_files[name] != regenerated[name]]
    assert drifted == [], "run `.venv/bin/crowdlens sample --out sample_data` and update its README"


def test_write_sample_leaves_the_readme_and_package_marker_alone(tmp_path):
    (tmp_path / "README.md").write_text("hand-written\n", encoding="utf-8")
    (tmp_path / "__init__.py").write_text("", encoding="utf-8")
    write_sample(tmp_path, people=80, months=6)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "hand-written\n"
    assert (tmp_path / "__init__.py").exists()


def test_every_count_in_the_readme_is_what_the_files_contain():
    stated = readme_values()
    counted = measured(committed())
    missing = [name for name in counted if name not in stated]
    assert missing == []
    assert {name: stated[name] for name in counted} == counted


def test_readme_parameters_are_the_generators_constants():
    stated = readme_values()
    first, last = plan.CROSS_REPLY_SHARE
    low, high = plan.CODEV_PER_MONTH
    expected = {
        "seed": "7", "launch": plan.LAUNCH.isoformat(), "months": "18",
        "adopters active in a later month": str(plan.MONTHLY_ACTIVITY),
        "cross-department reply probability": f"{first:.2f} in month 1, rising linearly to {last:.2f} in month 18",
        "co-development threads planted per month": f"{low} in month 1, rising linearly to {high} in month 18",
        "influencer tips per month": f"{plan.INFLUENCER_THREADS_PER_MONTH}, each with 4 to 8 repliers; "
                                     f"mentions per month: {plan.INFLUENCER_MENTIONS_PER_MONTH}",
        "re-use window": f"{plan.REUSE_DAYS} days",
        "re-use needs": f"{plan.MIN_TERMS} key terms in one post",
        "share answering a colleague": f"{plan.REUSE_AS_ANSWER:.0%} of re-users",
        "base rate": f"{plan.BASE_RATE:.0%} of posting non-attendees, per course",
    }
    for department, (_, _, curve, share) in plan.DEPARTMENTS.items():
        expected[f"target {department}"] = f"{curve}, {share:.0%} by month 18"
    for course_id, (share, _, _) in plan.COURSES.items():
        expected[f"course share {course_id}"] = f"{share:.0%} of attendees"
    assert {name: stated.get(name) for name in expected} == expected
    for first_name, last_name, department, _site, level, month, _space in plan.INFLUENCERS:
        line = stated[f"influencer {first_name} {last_name}"]
        assert line.startswith(f"{department}, {level}, emerges in month {month};")
    assert "Junior" in {i[4] for i in plan.INFLUENCERS}
    assert 3 <= len(plan.INFLUENCERS) <= 5


def test_company_shape_counted_from_the_files():
    """400 people in 10 departments, 4 sites, 5 levels, 18 calendar months from the launch day."""
    counts = company_counts(committed())
    assert counts["people in the directory"] == "400"
    assert counts["departments"] == str(len(plan.DEPARTMENTS)) == "10"
    assert counts["sites"] == "4" and counts["job levels"] == "5"
    assert counts["first message"] == plan.LAUNCH.isoformat()
    assert counts["last message"] == "2026-06-30"
    assert counts["calendar months with messages"] == "18"
    assert counts["forum users not in the directory"] == str(plan.CONTRACTORS + plan.LEAVERS)
    assert counts["affinity groups"] == "3"
    assert 15_000 <= int(counts["messages"]) <= 30_000


def test_adoption_targets_are_met_exactly_and_fast_departments_lead():
    """Posted by month 18 = round(share x headcount), e.g. Informatique round(0.85 x 40) = 34."""
    table = adoption_table(committed())
    for department, (size, by, _) in table.items():
        assert by[-1] == round(plan.DEPARTMENTS[department][3] * size), department
        assert by == sorted(by)
    early_fast = min(table[d][1][1] / table[d][0] for d in plan.FAST)  # by month 6
    late_slow = max(table[d][1][3] / table[d][0] for d in plan.SLOW)  # by month 18
    assert early_fast > late_slow


def test_cross_department_share_rises():
    shares = cross_shares(committed())
    start = float(shares["cross-department reply share, months 1-3"])
    end = float(shares["cross-department reply share, months 16-18"])
    assert end - start > 0.25


def test_influencers_are_quiet_before_their_month_and_heard_after():
    for name, (_, _, _, before, after) in influencer_table(committed()).items():
        assert before <= 1 and after >= 15, name


def test_codev_threads_are_exactly_the_planted_schedule():
    """2 rising to 8 a month over 18 months: 2+2+3+3+3+4+4+4+5+5+6+6+6+7+7+7+8+8 = 90."""
    assert plan.codev_schedule(18) == [2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8]
    assert question_counts(committed())["co-development threads"] == "90"


def test_training_reuse_follows_the_planted_shares():
    """Re-users = round(share x attendees); half of them (to even) answer; base = round(3% x others)."""
    for course_id, (attendees, sessions, reusers, answering, base, others) in training_table(committed()).items():
        share, planned_sessions, _ = plan.COURSES[course_id]
        assert sessions == planned_sessions
        assert reusers == round(share * attendees), course_id
        assert answering == round(plan.REUSE_AS_ANSWER * reusers), course_id
        assert base == round(plan.BASE_RATE * others), course_id
    assert set(committed().courses) == set(plan.COURSES)


def test_hr_files_are_windows_1252_with_french_headers():
    for name, header in [("annuaire_rh.csv", "Matricule;Nom;Prénom;Courriel;Direction;Site;Niveau;"
                          "Matricule manager;Date d'entrée"),
                         ("presences_formations.csv", "Code formation;Courriel;Date de session;Terminé")]:
        raw = (SAMPLE / name).read_bytes()
        assert raw.split(b"\r\n")[0] == header.encode("cp1252")
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
    s = committed()
    names = " ".join(r["Nom"] + " " + r["Prénom"] for r in s.directory)
    for needed in ["é", "è", "ç", "ï", "œ", "'"]:
        assert needed in names
    dates = [r["Date d'entrée"] for r in s.directory] + [r["Date de session"] for r in s.attendance]
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in dates)
    assert {r["Terminé"] for r in s.attendance} == {"Oui", "Non"}
    matricules = {r["Matricule"] for r in s.directory}
    assert {r["Matricule manager"] for r in s.directory} - {""} <= matricules
    heads = [r for r in s.directory if not r["Matricule manager"]]
    assert sorted(r["Direction"] for r in heads) == sorted(plan.DEPARTMENTS)


def test_viva_engage_export_is_well_formed():
    s = committed()
    with open(SAMPLE / "viva-engage" / "Messages.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["id", "replied_to_id", "thread_id", "group_id", "group_name", "participants",
                      "in_private_group", "in_private_conversation", "sender_id", "sender_type",
                      "sender_name", "sender_email", "body", "attachments", "deleted_by_id", "created_at",
                      "deleted_at", "title", "message_type"]
    user_ids = {u["id"] for u in s.users}
    for m in s.messages:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", m["created_at"])
        assert m["sender_id"] in user_ids
        if m["replied_to_id"]:
            parent = s.by_id[m["replied_to_id"]]
            assert parent["thread_id"] == m["thread_id"] and parent["created_at"] <= m["created_at"]
        else:
            assert m["thread_id"] == m["id"]
        assert set(re.findall(r"\[\[user:(\d+)\]\]", m["body"])) <= user_ids
    roots = [m for m in s.public if m["id"] == m["thread_id"] and m["sender_type"] == "user"]
    assert all("?" in m["body"] for m in roots if m["message_type"] == "question")
    assert not any("?" in m["body"] for m in roots if m["message_type"] != "question")
    assert {m["message_type"] for m in s.messages} == {"question", "update", "announcement", "system"}


def test_courses_have_the_front_matter_and_substantial_material():
    for path in sorted((SAMPLE / "formations").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0] == "---" and lines[4] == "---", path.name
        assert [line.split(":")[0] for line in lines[1:4]] == ["title", "language", "key_terms"]
        assert len(text.split("---\n", 2)[2].split()) >= 250, path.name
    assert {meta["language"] for meta in committed().courses.values()} == {"fr", "en"}


def test_config_marks_exactly_the_hobby_groups_as_affinity():
    import fnmatch
    import tomllib

    patterns = tomllib.loads((SAMPLE / "crowdlens.toml").read_text(encoding="utf-8"))["spaces"]["affinity"]
    affinity = [g["name"] for g in committed().groups
                if any(fnmatch.fnmatchcase(g["name"].lower(), p.lower()) for p in patterns)]
    assert sorted(affinity) == ["Course à pied – Running club", "Pêche en eau douce", "Tricot & crochet"]


def test_internal_domains_leave_exactly_the_contractors_as_guests(tmp_path):
    """Counted from the files: Users.csv addresses outside the configured domains that the HR
    directory does not list are the contractors (plan.CONTRACTORS); the demo database's
    unmatched_accounts, given the configured domains, counts the same number of guests."""
    import tomllib

    from conftest import run_metric

    from crowdlens.demo import build_demo_database

    domains = tomllib.loads((SAMPLE / "crowdlens.toml").read_text(encoding="utf-8"))["internal_domains"]
    s = committed()
    listed = {r["Courriel"].lower() for r in s.directory}
    outside = [u["email"] for u in s.users
               if u["email"].split("@")[1] not in domains and u["email"].lower() not in listed]
    assert len(outside) == plan.CONTRACTORS
    db, _ = build_demo_database(tmp_path / "data")
    found = run_metric(db, "unmatched_accounts", internal_domains=",".join(domains)).set_index("source")
    assert found.loc["viva-engage", "guests"] == plan.CONTRACTORS


# -- crowdlens demo -----------------------------------------------------------------------------
def test_demo_builds_through_load_once_then_reuses_until_an_input_changes(tmp_path, monkeypatch):
    """A small company (80 people, 6 months) stands in for the packaged sample to keep this quick."""
    import duckdb

    import crowdlens
    from crowdlens import demo

    small = tmp_path / "small"
    write_sample(small, people=80, months=6)
    monkeypatch.setattr(demo, "sample_folder", lambda: small)
    builds = []
    original = demo._load_fresh
    monkeypatch.setattr(demo, "_load_fresh", lambda *a: (builds.append(a), original(*a)))
    data = tmp_path / "data"

    db, config = demo.build_demo_database(data)
    assert (db, config) == (data / "crowdlens-demo.duckdb", data / "crowdlens.toml")
    assert config.read_bytes() == (small / "crowdlens.toml").read_bytes()
    rows = read_rows(small / "viva-engage" / "Messages.csv")
    loaded = [m for m in rows if m["in_private_conversation"] == "false" and m["message_type"] != "system"]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from posts").fetchone()[0] == len(loaded)
        assert con.execute("select count(*) from courses").fetchone()[0] == len(plan.COURSES)
        assert con.execute("select count(*) from attendance").fetchone()[0] == len(
            read_rows(small / "presences_formations.csv", "cp1252", ";"))
        assert con.execute("select count(*) from spaces where kind = 'affinity'").fetchone()[0] == 3
        assert con.execute("select count(*) from load_runs").fetchone()[0] == 1
    built = db.read_bytes()

    assert demo.build_demo_database(data) == (db, config)
    assert len(builds) == 1 and db.read_bytes() == built

    monkeypatch.setattr(crowdlens, "__version__", "999.0")
    demo.build_demo_database(data)
    assert len(builds) == 2

    with open(small / "crowdlens.toml", "a", encoding="utf-8") as fh:
        fh.write("# edited by hand\n")
    demo.build_demo_database(data)
    assert len(builds) == 3
    assert config.read_text(encoding="utf-8").endswith("# edited by hand\n")
    with duckdb.connect(str(db), read_only=True) as con:  # rebuilt from scratch, not appended to
        assert con.execute("select count(*) from load_runs").fetchone()[0] == 1


def test_demo_keeps_the_previous_database_when_a_rebuild_fails(tmp_path, monkeypatch):
    from crowdlens import demo

    small = tmp_path / "small"
    write_sample(small, people=80, months=6)
    monkeypatch.setattr(demo, "sample_folder", lambda: small)
    data = tmp_path / "data"
    db, _ = demo.build_demo_database(data)
    before = db.read_bytes()
    messages = small / "viva-engage" / "Messages.csv"
    messages.write_text(messages.read_text(encoding="utf-8").replace(" UTC,", " next tuesday,", 1),
                        encoding="utf-8")
    with pytest.raises(RuntimeError, match="loading the sample company failed"):
        demo.build_demo_database(data)
    assert db.read_bytes() == before
    assert not (data / demo.STAMP_NAME).exists()  # so the next run tries again
    assert not (data / ".demo-build").exists()
