"""The sample company's planted effects and its odd cases (sample_data/README.md states their numbers).

Each function adds messages to an Activity; training() also returns the attendance records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crowdlens import sample_plan as plan
from crowdlens import sample_text as text
from crowdlens.sample_activity import Activity, Message, response_delay
from crowdlens.sample_company import Person
from crowdlens.sample_courses import COURSES

COURSE_SPACES = {
    "excel-avance": "Excel & data", "cybersecurite": "Sécurité informatique",
    "gestion-projet-agile": "Projets agiles", "prise-de-parole": "Ventes & clients",
    "gdpr-essentials": "English corner",
}
COURSE_DEPARTMENTS = {
    "excel-avance": ["Finance", "Commercial", "Marketing", "Logistique", "Ressources humaines"],
    "cybersecurite": [],
    "gestion-projet-agile": ["Informatique", "R&D", "Marketing", "Production"],
    "prise-de-parole": ["Commercial", "Marketing", "Service client"],
    "gdpr-essentials": ["Juridique", "Ressources humaines", "Marketing", "Informatique"],
}


@dataclass
class Attendance:
    course_id: str
    person: Person
    on: date
    completed: bool


# -- co-development ---------------------------------------------------------------------------
def codev_threads(act: Activity) -> None:
    """Questions answered by 3 to 5 distinct people from at least two departments."""
    for month, count in enumerate(plan.codev_schedule(act.months), start=1):
        for _ in range(count):
            _codev(act, month)


def _codev(act: Activity, month: int) -> None:
    rng = act.rng
    pool = [p for p in act.active[month] if p.in_directory]
    asker = rng.choice([p for p in pool if p not in act.influencers])
    spaces = [s for s in text.SPACES if asker in act.members[s] and s not in text.AFFINITY
              and text.SPACES[s][1] not in ("all", "english")] or ["Excel & data"]
    space = rng.choice(spaces)
    topic = text.SPACES[space][1]
    answerers = _codev_answerers(act, month, asker, pool)
    if answerers is None:
        return
    at = act.cal.moment(rng, month, room_days=5)
    root = act.add(parent=None, space=space, author=asker, at=at, kind="question", role="codev",
                   body=text.fill(rng, rng.choice(text.QUESTIONS[topic])))
    bodies = rng.sample(text.ANSWERS[topic], min(len(answerers), len(text.ANSWERS[topic])))
    prefixes = ["", "Je complète : ", "Autre option : ", "De notre côté, ", "Chez nous : "]
    previous, when = root, timedelta(0)
    for index, person in enumerate(answerers):
        when += response_delay(rng, 120, 1)
        parent = root if index == 0 or rng.random() < 0.6 else previous
        body = text.join(prefixes[index % len(prefixes)], bodies[index % len(bodies)])
        previous = _must(act.reply(parent, person, body, when - (parent.at - root.at), role="codev"))
    act.reply(previous, asker, "Merci à tous, ça fait plusieurs pistes à tester !",
              response_delay(rng, 60, 1), role="codev")


def _codev_answerers(act: Activity, month: int, asker: Person, pool: list[Person]) -> list[Person] | None:
    """3 to 5 distinct answerers, at least two departments among them; None in a company too small."""
    answerers: list[Person] = []
    for _ in range(act.rng.randint(3, 5)):
        person = act.pick_replier(asker, month, pool, exclude=answerers)
        if person is None:
            break
        answerers.append(person)
    if len(answerers) >= 3 and len({p.department for p in answerers}) < 2:
        others = [p for p in pool if p.department != answerers[0].department and p is not asker]
        answerers[-1] = act.rng.choice(others) if others else answerers[-1]
    if len(answerers) < 3 or len({p.department for p in answerers}) < 2:
        return None
    return answerers


def _must(message: Message | None) -> Message:
    if message is None:
        raise AssertionError("a planted message fell after the end of the period")
    return message


# -- influencers ------------------------------------------------------------------------------
def influencers(act: Activity) -> None:
    """Quiet until their month, then tips that many people reply to, and colleagues mention them."""
    for person in act.influencers:
        if person.adoption_month is None:
            continue
        emerge = act.emergence[person.matricule]
        space = next(i[6] for i in plan.INFLUENCERS if i[0] == person.first)
        person.chattiness = 2.5
        for month in range(person.adoption_month, act.months + 1):
            if month < emerge:
                _quiet_month(act, person, month, space)
            else:
                _influential_month(act, person, month, space)


def _quiet_month(act: Activity, person: Person, month: int, space: str) -> None:
    rng = act.rng
    topic = text.SPACES[space][1]
    if month == person.adoption_month:
        root = act.add(parent=None, space=space, author=person, at=act.cal.moment(rng, month),
                       kind="question", body=text.fill(rng, rng.choice(text.QUESTIONS[topic])),
                       role="influencer")
        helper = act.pick_replier(person, month, act.active[month])
        act.reply(root, helper, rng.choice(text.ANSWERS[topic]), response_delay(rng), role="influencer")
        return
    threads = [m for m in act.messages if m.parent is None and m.space == space and m.author is not person
               and act.cal.month_of(m.at) == month and m.role == "ordinary" and m.kind != "question"]
    if threads and rng.random() < 0.5:
        thread = rng.choice(threads)
        body = text.fill(rng, rng.choice(text.REPLIES["fr"]), first=thread.author.first)
        act.reply(thread, person, body, response_delay(rng, 600), role="influencer")


def _influential_month(act: Activity, person: Person, month: int, space: str) -> None:
    rng = act.rng
    audience = [p for p in act.active[month] if p is not person]
    for _ in range(plan.INFLUENCER_THREADS_PER_MONTH):
        tip = rng.choice(text.INFLUENCER_TIPS[space])
        body = f"{tip}\n\nN'hésitez pas à compléter en commentaire."
        at = act.cal.moment(rng, month, room_days=3)
        root = act.add(parent=None, space=space, author=person, at=at, body=body, role="influencer")
        repliers: list[Person] = []
        when = timedelta(0)
        for _ in range(rng.randint(4, 8)):
            replier = act.pick_replier(person, month, audience, exclude=repliers)
            if replier is None:
                break
            repliers.append(replier)
            when += response_delay(rng, 90, 0.5)
            body = text.fill(rng, rng.choice(text.INFLUENCER_REPLIES), first=person.first)
            act.reply(root, replier, body, when, role="influencer")
    for _ in range(plan.INFLUENCER_MENTIONS_PER_MONTH):
        asker = rng.choice(audience)
        topic = text.SPACES[space][1]
        body = text.fill(rng, rng.choice(text.QUESTIONS[topic]))
        body += f" Je pense que [[user:{person.user_id}]] connaît bien le sujet."
        at = act.cal.moment(rng, month, room_days=3)
        root = act.add(parent=None, space=space, author=asker, at=at, body=body, kind="question",
                       role="influencer")
        answer = act.reply(root, person, text.join(f"Bonjour {asker.first}, ", rng.choice(text.ANSWERS[topic])),
                           response_delay(rng, 60, 1), role="influencer")
        if answer is not None and rng.random() < 0.7:
            act.reply(answer, asker, rng.choice(text.THANKS["fr"]), response_delay(rng, 60, 1),
                      role="influencer")


# -- training ---------------------------------------------------------------------------------
def training(act: Activity) -> list[Attendance]:
    """Sessions of every course; a planted share of attendees then re-use what they learned."""
    records: list[Attendance] = []
    for course_id, (share, sessions, seats) in plan.COURSES.items():
        course = _sessions(act, course_id, sessions, seats)
        records.extend(course)
        _reuse(act, course_id, course, share)
        _base_rate(act, course_id, {r.person.matricule for r in course})
    return records


def _session_dates(act: Activity, sessions: int, rng: random.Random) -> list[date]:
    first = act.cal.start.date() + timedelta(days=35)
    last = act.cal.end.date() - timedelta(days=plan.REUSE_DAYS + 25)
    span = (last - first).days
    dates = []
    for index in range(sessions):
        day = first + timedelta(days=span * index // max(sessions - 1, 1) + rng.randrange(-10, 11))
        day = min(max(day, first), last)
        dates.append(day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0))
    return dates


def _sessions(act: Activity, course_id: str, sessions: int, seats: int) -> list[Attendance]:
    rng = act.rng
    rows: list[Attendance] = []
    taken: set[str] = set()
    keen = 0.75 if course_id in plan.PLANTED_COURSES else 0.5
    for day in _session_dates(act, sessions, rng):
        month = act.cal.month_of(day)
        for _ in range(seats - rng.randint(0, 2)):
            free = [p for p in act.staff if p.matricule not in taken and p.hired_on < day]
            adopters = [p for p in free if p.adoption_month is not None and p.adoption_month <= month]
            pool = adopters if adopters and rng.random() < keen else free
            if not pool:  # a small company runs out of people before seats
                break
            weights = [3.0 if p.department in COURSE_DEPARTMENTS[course_id] else 1.0 for p in pool]
            person = rng.choices(pool, weights=weights)[0]
            taken.add(person.matricule)
            rows.append(Attendance(course_id, person, day, rng.random() < 0.9))
    return rows


def _reuse(act: Activity, course_id: str, rows: list[Attendance], share: float) -> None:
    rng = act.rng
    course = COURSES[course_id]
    eligible = [r for r in rows if r.completed and r.person.adoption_month is not None
                and r.person.adoption_month <= act.cal.month_of(r.on) and r.person not in act.influencers]
    chosen = rng.sample(eligible, min(round(share * len(rows)), len(eligible)))
    answering = round(plan.REUSE_AS_ANSWER * len(chosen))
    space = COURSE_SPACES[course_id]
    for index, record in enumerate(chosen):
        if index < answering:
            _reuse_answer(act, course, record, space)
        else:
            at = _office_time(rng, record.on + timedelta(days=rng.randint(3, plan.REUSE_DAYS - 2)))
            act.add(parent=None, space=space, author=record.person, at=at,
                    body=rng.choice(course.posts), role="reuse")


def _reuse_answer(act: Activity, course, record: Attendance, space: str) -> None:
    rng = act.rng
    asked = _office_time(rng, record.on + timedelta(days=rng.randint(2, plan.REUSE_DAYS - 10)))
    askers = [p for p in act.adopted(act.cal.month_of(asked)) if p is not record.person]
    asker = rng.choice(askers)
    root = act.add(parent=None, space=space, author=asker, at=asked, kind="question",
                   body=rng.choice(course.questions), role="reuse-question")
    lang = "en" if course.language == "en" else "fr"
    body = text.join(act.greet(lang, asker), rng.choice(course.answers))
    answer = _must(act.reply(root, record.person, body, response_delay(rng, 180, 3), role="reuse"))
    if rng.random() < 0.7:
        act.reply(answer, asker, rng.choice(text.THANKS[lang]), response_delay(rng, 60, 1), role="reuse")


def _base_rate(act: Activity, course_id: str, attendees: set[str]) -> None:
    """A few adopters who did not attend use the course's words anyway (the comparison group)."""
    rng = act.rng
    course = COURSES[course_id]
    eligible = [p for p in act.staff if p.adoption_month is not None and p.matricule not in attendees]
    for person in rng.sample(eligible, round(plan.BASE_RATE * len(eligible))):
        month = rng.randint(person.adoption_month, act.months)
        act.add(parent=None, space=COURSE_SPACES[course_id], author=person,
                at=act.cal.moment(rng, month), body=rng.choice(course.posts), role="base-rate")


def _office_time(rng: random.Random, day: date) -> datetime:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, rng.randrange(6, 17), rng.randrange(60),
                    rng.randrange(60), tzinfo=UTC)


# -- announcements, bots, private conversations, deletions ---------------------------------------
def announcements(act: Activity, announcers: list[Person]) -> None:
    rng = act.rng
    for month in range(1, act.months + 1):
        author = announcers[month % len(announcers)]
        title, body = text.ANNOUNCEMENTS[(month - 1) % len(text.ANNOUNCEMENTS)]
        at = act.cal.start.replace(hour=8) if month == 1 else act.cal.moment(rng, month)
        root = act.add(parent=None, space="Toute l'entreprise", author=author, at=at, body=body,
                       kind="announcement", title=title, role="announcement")
        chosen: list[Person] = []
        for _ in range(rng.randint(3, 10)):
            person = act.pick_replier(author, month, act.active[month], exclude=chosen)
            if person is None:
                break
            chosen.append(person)
            act.reply(root, person, rng.choice(text.ANNOUNCEMENT_REPLIES), response_delay(rng, 120, 2),
                      role="announcement")


def bot_and_system(act: Activity) -> None:
    rng = act.rng
    at = act.cal.start + timedelta(days=7, hours=7)
    index = 0
    while at < act.cal.end:
        act.add(parent=None, space="Toute l'entreprise", author=act.bot, at=at,
                body=text.BOT_POSTS[index % len(text.BOT_POSTS)], role="bot")
        at += timedelta(days=28)
        index += 1
    for _ in range(10):
        month = rng.randint(1, act.months)
        person = rng.choice(act.adopted(month))
        group = rng.choice(text.AFFINITY)
        act.add(parent=None, space=group, author=act.bot, at=act.cal.moment(rng, month), kind="system",
                body=text.SYSTEM_POSTS[0].format(name=person.name, group=group), role="system")


PRIVATE = [
    ["Salut, tu aurais cinq minutes pour relire ma présentation avant le comité ?",
     "Oui bien sûr, envoie-la moi.", "C'est parti, merci beaucoup !", "Relue, deux petites coquilles page 3."],
    ["Tu peux me transmettre le contact dont tu parlais à la réunion ?",
     "Je te l'envoie par mail tout de suite.", "Reçu, merci !"],
]


def private_conversations(act: Activity) -> None:
    rng = act.rng
    for lines, month in zip(PRIVATE, (5, 11), strict=True):
        month = min(month, act.months)
        people = [p for p in act.active[month] if p.adoption_month < month and p.in_directory]
        pair = rng.sample(people, 2)
        at = act.cal.moment(rng, month)
        message = act.add(parent=None, space=None, author=pair[0], at=at, body=lines[0],
                          participants=pair, role="private")
        for index, line in enumerate(lines[1:], start=1):
            made = act.reply(message, pair[index % 2], line, response_delay(rng, 20, 0.2), role="private")
            message = made or message


def deletions(act: Activity, moderator: Person) -> None:
    """Three replies deleted: two by their authors, one by the community moderator."""
    rng = act.rng
    candidates = [m for m in act.messages if m.parent is not None and m.role == "ordinary"
                  and m.space is not None and act.messages[m.thread - 1].kind == "update"
                  and m.author.in_directory and m.author.adoption_month < act.cal.month_of(m.at)]
    for index, message in enumerate(rng.sample(candidates, 3)):
        message.deleted_by = moderator if index == 2 else message.author
        message.deleted_at = min(message.at + timedelta(hours=rng.randint(1, 30)),
                                 act.cal.end - timedelta(seconds=1))
