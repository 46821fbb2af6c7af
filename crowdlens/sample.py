"""`crowdlens sample`: write the fictional company's export files (sample_data/README.md describes them).

The same seed gives byte-identical files: one random.Random drives everything, dates are fixed,
and files are written in a fixed order with fixed line endings.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from crowdlens import sample_effects as effects
from crowdlens import sample_plan as plan
from crowdlens import sample_text as text
from crowdlens.sample_activity import Activity, Message
from crowdlens.sample_company import Person, build_outsiders, build_people
from crowdlens.sample_courses import COURSES, course_markdown
from crowdlens.sample_slack import write_slack
from etl.errors import InputError

MESSAGE_COLUMNS = [
    "id", "replied_to_id", "thread_id", "group_id", "group_name", "participants", "in_private_group",
    "in_private_conversation", "sender_id", "sender_type", "sender_name", "sender_email", "body",
    "attachments", "deleted_by_id", "created_at", "deleted_at", "title", "message_type",
]
USER_COLUMNS = ["id", "name", "email", "job_title", "location", "department", "joined_at", "deleted_at",
                "suspended_at", "state"]
GROUP_COLUMNS = ["id", "name", "description", "privacy"]
DIRECTORY_HEADER = ["Matricule", "Nom", "Prénom", "Courriel", "Direction", "Site", "Niveau",
                    "Matricule manager", "Date d'entrée"]
ATTENDANCE_HEADER = ["Code formation", "Courriel", "Date de session", "Terminé"]
CONFIG = f"""# Settings for the sample company's database (see the README, Configuration).
# The consultants of {plan.CONTRACTOR_DOMAIN} are guests: not employees the directory misses.
internal_domains = ["{plan.DOMAIN}"]

[spaces]
affinity = ["*course à pied*", "*running*", "*tricot*", "*pêche*"]
"""


def write_sample(out: Path, seed: int = 7, people: int = 400, months: int = 18,
                 fmt: str = "viva-engage") -> None:
    """Generate the company and write its files under `out`; other files there are left alone."""
    if fmt not in ("viva-engage", "slack"):
        raise InputError(out, None, "--format viva-engage or slack")
    if people < 60 or not 6 <= months <= 36:
        raise InputError(out, None, "--people of at least 60 and --months between 6 and 36")
    company = generate(seed, people, months)
    out = Path(out)
    if fmt == "slack":
        write_slack(out / "slack", company)
    else:
        (out / "viva-engage").mkdir(parents=True, exist_ok=True)
        _write(out / "viva-engage" / "Messages.csv", _csv(MESSAGE_COLUMNS, company.message_rows()))
        _write(out / "viva-engage" / "Users.csv", _csv(USER_COLUMNS, company.user_rows()))
        _write(out / "viva-engage" / "Groups.csv", _csv(GROUP_COLUMNS, company.group_rows()))
    (out / "formations").mkdir(exist_ok=True)
    _write(out / "annuaire_rh.csv", _csv(DIRECTORY_HEADER, company.directory_rows(), ";", "\r\n"), "cp1252")
    _write(out / "presences_formations.csv",
           _csv(ATTENDANCE_HEADER, company.attendance_rows(), ";", "\r\n"), "cp1252")
    for course in COURSES.values():
        _write(out / "formations" / f"{course.course_id}.md", course_markdown(course))
    _write(out / "crowdlens.toml", CONFIG)


class Company:
    """The generated people, spaces, messages and attendance, and their rows in export formats."""

    def __init__(self, rng: random.Random, staff: list[Person], outsiders: list[Person], bot: Person,
                 activity: Activity, attendance: list[effects.Attendance]):
        self.rng = rng
        self.staff, self.outsiders, self.bot = staff, outsiders, bot
        self.activity = activity
        self.attendance = attendance
        self.group_ids = dict(zip(text.SPACES, sorted(rng.sample(range(10**7, 10**8), len(text.SPACES))),
                                  strict=True))
        self.messages = sorted(activity.messages, key=lambda m: (m.at, m.key))
        self.ids = _message_ids(rng, self.messages)

    def message_rows(self):
        for message in self.messages:
            private = message.space is None
            yield [
                self.ids[message.key],
                self.ids[message.parent] if message.parent else "",
                self.ids[message.thread],
                "" if private else self.group_ids[message.space],
                "" if private else message.space,
                ",".join(f"user:{p.user_id}" for p in message.participants),
                "false", "true" if private else "false",
                message.author.user_id, "bot" if message.author is self.bot else "user",
                message.author.name, message.author.email, message.body, message.attachment,
                message.deleted_by.user_id if message.deleted_by else "",
                _stamp(message.at), _stamp(message.deleted_at) if message.deleted_at else "",
                message.title, message.kind,
            ]

    def user_rows(self):
        first_post = {}
        for message in self.messages:
            first_post.setdefault(message.author.matricule, message.at)
        everyone = sorted(self.staff + self.outsiders + [self.bot], key=lambda p: p.user_id)
        for person in everyone:
            joined = self._joined(person, first_post.get(person.matricule))
            left = joined + timedelta(days=200) if "leaver" in person.tags else None
            yield [person.user_id, person.name, person.email, person.job_title,
                   person.site.split()[0] if person.site else "", person.department, _stamp(joined),
                   _stamp(left) if left else "", "", "deleted" if left else "active"]

    def _joined(self, person: Person, first_post: datetime | None) -> datetime:
        """Accounts open at the launch (or on arrival), always before the person's first post."""
        start = self.activity.cal.start
        hired = datetime.combine(person.hired_on, datetime.min.time(), tzinfo=UTC)
        joined = max(start, hired) + timedelta(minutes=self.rng.randrange(6 * 60, 20 * 24 * 60))
        if first_post is not None and joined >= first_post:
            joined = max(first_post - timedelta(minutes=self.rng.randrange(5, 600)), start)
        return joined

    def group_rows(self):
        for name, (description, _) in text.SPACES.items():
            yield [self.group_ids[name], name, description, "public"]

    def directory_rows(self):
        for person in self.staff:
            yield [person.matricule, person.last, person.first, person.directory_email, person.department,
                   person.site, person.level, person.manager, _french_date(person.hired_on)]

    def attendance_rows(self):
        ordered = sorted(self.attendance, key=lambda r: (r.on, r.course_id, r.person.matricule))
        for record in ordered:
            yield [record.course_id, record.person.email, _french_date(record.on),
                   "Oui" if record.completed else "Non"]


def generate(seed: int = 7, people: int = 400, months: int = 18) -> Company:
    """The whole company for a seed; every random draw comes from one generator, in a fixed order."""
    rng = random.Random(seed)
    staff = build_people(rng, people)
    outsiders = build_outsiders(rng, start=len(staff) + 1)
    bot = Person(matricule="BOT", first="Robot", last="Communication", department="", site="", level="",
                 hired_on=plan.LAUNCH, email=f"robot.communication@{plan.DOMAIN}",
                 job_title="Compte automatique", in_directory=False, tags={"bot"})
    everyone = staff + outsiders + [bot]
    for person, user_id in zip(everyone, rng.sample(range(1_480_000_000, 1_560_000_000), len(everyone)),
                               strict=True):
        person.user_id = user_id
    activity = Activity(rng, staff, outsiders, bot, months)
    activity.plan_people()
    for month in range(1, months + 1):
        activity.ordinary_month(month)
    effects.announcements(activity, activity.announcers)
    effects.influencers(activity)
    effects.codev_threads(activity)
    attendance = effects.training(activity)
    effects.bot_and_system(activity)
    effects.private_conversations(activity)
    effects.deletions(activity, moderator=activity.announcers[0])
    return Company(rng, staff, outsiders, bot, activity, attendance)


def _message_ids(rng: random.Random, messages: list[Message]) -> dict[int, int]:
    """Viva Engage ids grow with time, with gaps (other networks' messages share the sequence)."""
    ids, current = {}, 2_143_000_000
    for message in messages:
        current += rng.randint(1, 60)
        ids[message.key] = current
    return ids


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _csv(header: list[str], rows, delimiter: str = ",", newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, content: str, encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(content)
