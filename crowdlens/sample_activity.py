"""The sample company's activity: who posts what, where and when, with the planted effects.

Everything is drawn from one random.Random, in a fixed order, so a seed gives the same messages.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from crowdlens import sample_plan as plan
from crowdlens import sample_text as text
from crowdlens.sample_company import Person

HOME_SPACES = {topic: [s for s, spec in text.SPACES.items() if spec[1] == topic][0]
               for topic in text.SPACE_DEPARTMENTS}


@dataclass
class Message:
    key: int
    thread: int
    parent: int | None
    space: str | None  # None: a private conversation
    author: Person
    at: datetime
    body: str
    kind: str = "update"  # update, question, announcement, system
    title: str = ""
    participants: list[Person] = field(default_factory=list)
    deleted_by: Person | None = None
    deleted_at: datetime | None = None
    attachment: str = ""
    role: str = "ordinary"  # what the generator meant it for: ordinary, codev, reuse, influencer...


class Calendar:
    """Months counted from the launch: month 1 starts on the launch day."""

    def __init__(self, months: int):
        self.months = months
        self.start = datetime.combine(plan.LAUNCH, datetime.min.time(), tzinfo=UTC)
        first_of = plan.LAUNCH.replace(day=1)
        self.end = _add_months(first_of, months)

    def bounds(self, month: int) -> tuple[datetime, datetime]:
        first = _add_months(plan.LAUNCH.replace(day=1), month - 1)
        low = self.start if month == 1 else first
        return low, _add_months(plan.LAUNCH.replace(day=1), month)

    def month_of(self, at: datetime | date) -> int:
        return (at.year - plan.LAUNCH.year) * 12 + at.month - plan.LAUNCH.month + 1

    def moment(self, rng: random.Random, month: int, leisure: bool = False, room_days: int = 0) -> datetime:
        """A plausible time in the month: office hours on weekdays, evenings and weekends for hobbies.

        `room_days` keeps that many days before the end of the data, for the replies a planted thread needs.
        """
        low, high = self.bounds(month)
        high = min(high, self.end - timedelta(days=room_days))
        days = (high - low).days
        for _ in range(20):
            day = low + timedelta(days=rng.randrange(days))
            weekend = day.weekday() >= 5
            if weekend and not leisure and rng.random() < 0.9:
                continue
            break
        hour = rng.choice([5, 6, 11, 16, 17, 18, 19]) if leisure else rng.choice(range(6, 17))
        return day.replace(hour=hour, minute=rng.randrange(60), second=rng.randrange(60))


def _add_months(day: date, months: int) -> datetime:
    year, month = divmod(day.month - 1 + months, 12)
    return datetime(day.year + year, month + 1, 1, tzinfo=UTC)


def response_delay(rng: random.Random, median_minutes: float = 150, cap_days: float = 9) -> timedelta:
    """Log-normal delays: most answers within hours, a long tail of days."""
    minutes = math.exp(rng.gauss(math.log(median_minutes), 1.4))
    return timedelta(minutes=min(max(minutes, 2.0), cap_days * 24 * 60))


def cross_share(month: int, months: int) -> float:
    first, last = plan.CROSS_REPLY_SHARE
    return first + (last - first) * (month - 1) / max(months - 1, 1)


class Activity:
    """Builds every message; the planted effects each have their own method."""

    def __init__(self, rng: random.Random, staff: list[Person], outsiders: list[Person], bot: Person,
                 months: int):
        self.rng = rng
        self.staff, self.outsiders, self.bot = staff, outsiders, bot
        self.cal = Calendar(months)
        self.months = months
        self.messages: list[Message] = []
        self.members: dict[str, list[Person]] = {}
        self.active: dict[int, list[Person]] = {}
        self.influencers = [p for p in staff if "influencer" in p.tags]
        self.announcers = [p for p in staff if p.level == "Directeur"
                           and p.department in ("Marketing", "Ressources humaines")]
        self.emergence = {p.matricule: next(i[5] for i in plan.INFLUENCERS if i[0] == p.first
                                            and i[1] == p.last) for p in self.influencers}

    # -- who -------------------------------------------------------------------------------
    def plan_people(self) -> None:
        self._adoption()
        self._memberships()
        self._active_months()

    def _adoption(self) -> None:
        rng = self.rng
        for department, spec in plan.DEPARTMENTS.items():
            fixed = [p for p in self.influencers + self.announcers if p.department == department
                     and (p in self.announcers or self.emergence[p.matricule] - 2 <= self.months)]
            members = [p for p in self.staff if p.department == department and p not in fixed
                       and self.cal.month_of(p.hired_on) < self.months]
            target = round(spec[3] * len([p for p in self.staff if p.department == department]))
            target -= len(fixed)
            chosen = rng.sample(members, max(target, 0))
            shape, span = plan.ADOPTION_CURVES[spec[2]]
            for person in chosen:
                month = 1 + int(rng.random() ** shape * span * self.months)
                hired = self.cal.month_of(person.hired_on)
                person.adoption_month = min(max(month, hired + 1 if hired >= 1 else 1), self.months)
        for person in self.staff + self.outsiders:
            person.chattiness = min(rng.lognormvariate(0, 0.9), 8.0)
        for person in self.influencers:  # an influencer due after the last month never posts
            first = max(1, self.emergence[person.matricule] - 2)
            person.adoption_month = first if first <= self.months else None
        for person in self.announcers:
            person.adoption_month = 1
        for person in self.outsiders:
            person.adoption_month = rng.randint(1, 3) if "leaver" in person.tags else rng.randint(2, 10)

    def _memberships(self) -> None:
        rng = self.rng
        everyone = self.staff + self.outsiders
        for space, (_, topic) in text.SPACES.items():
            home = text.SPACE_DEPARTMENTS.get(topic, [])
            if topic == "all":
                chance = {p.matricule: 1.0 for p in everyone}
            elif space in text.AFFINITY:
                chance = {p.matricule: 0.14 for p in everyone}
            else:
                chance = {p.matricule: 0.85 if p.department in home else 0.1 for p in everyone}
            self.members[space] = [p for p in everyone if rng.random() < chance[p.matricule]]
        for person in everyone:  # contractors work with the IT teams
            if "contractor" in person.tags:
                for space in ("Sécurité informatique", "Projets agiles", "Innovation R&D"):
                    if person not in self.members[space]:
                        self.members[space].append(person)
        for person in self.influencers:
            space = next(i[6] for i in plan.INFLUENCERS if i[0] == person.first)
            if person not in self.members[space]:
                self.members[space].append(person)

    def _active_months(self) -> None:
        rng = self.rng
        for month in range(1, self.months + 1):
            active = []
            for person in self.staff + self.outsiders:
                start = person.adoption_month
                if start is None or start > month or person in self.influencers:
                    continue
                if "leaver" in person.tags and month > 6:
                    continue
                if start == month or rng.random() < plan.MONTHLY_ACTIVITY:
                    active.append(person)
            for person in self.influencers:
                if month >= self.emergence[person.matricule]:
                    active.append(person)
            self.active[month] = active

    def adopted(self, month: int) -> list[Person]:
        return [p for p in self.staff if p.adoption_month is not None and p.adoption_month <= month
                and not self._quiet(p, month)]

    def _quiet(self, person: Person, month: int) -> bool:
        return person in self.influencers and month < self.emergence[person.matricule]

    # -- helpers ---------------------------------------------------------------------------
    def add(self, **fields) -> Message:
        message = Message(key=len(self.messages) + 1, thread=0, **fields)
        message.thread = message.key if message.parent is None else self.messages[message.parent - 1].thread
        self.messages.append(message)
        return message

    def reply(self, parent: Message, author: Person, body: str, delay: timedelta,
              role: str = "ordinary") -> Message | None:
        at = parent.at + delay
        if at >= self.cal.end:
            return None
        return self.add(parent=parent.key, space=parent.space, author=author, at=at, body=body,
                        role=role, participants=parent.participants)

    def pick_replier(self, target: Person, month: int, pool: list[Person], exclude=()) -> Person | None:
        """A replier from another department with the month's planted probability, else a colleague."""
        pool = [p for p in pool if p is not target and p not in exclude]
        if not pool:
            return None
        if target.department and target.in_directory:
            cross = [p for p in pool if p.department != target.department]
            same = [p for p in pool if p.department == target.department]
            want_cross = self.rng.random() < cross_share(month, self.months)
            pool = (cross if want_cross else same) or pool
        return self.rng.choices(pool, weights=[p.chattiness for p in pool])[0]

    def greet(self, lang: str, person: Person) -> str:
        return self.rng.choice(text.GREETINGS[lang]).format(first=person.first)

    def mention(self, month: int, space: str, author: Person) -> Person | None:
        candidates = [p for p in self.members[space] if p is not author and not self._quiet(p, month)]
        return self.rng.choice(candidates) if candidates else None

    def space_for(self, person: Person) -> str:
        spaces = [s for s in text.SPACES if person in self.members[s]]
        weights = [1.0 if s == "Toute l'entreprise" else 3.0 if s in text.AFFINITY else 4.0 for s in spaces]
        return self.rng.choices(spaces, weights=weights)[0]

    # -- ordinary life ---------------------------------------------------------------------
    def ordinary_month(self, month: int) -> None:
        for person in self.active[month]:
            if person in self.influencers:
                continue
            count = self._poisson(1.8 * person.chattiness)
            if person.adoption_month == month:
                count = max(count, 1)
            for _ in range(count):
                self.thread(month, person, self.space_for(person))

    def _poisson(self, mean: float) -> int:
        limit, k, product = math.exp(-mean), 0, self.rng.random()
        while product > limit:
            k += 1
            product *= self.rng.random()
        return k

    def thread(self, month: int, author: Person, space: str) -> Message:
        rng = self.rng
        topic = text.SPACES[space][1]
        lang = text.language_of(space)
        leisure = space in text.AFFINITY
        asks = rng.random() < (0.3 if leisure or topic == "all" else 0.45)
        at = self.cal.moment(rng, month, leisure)
        if asks:
            body = text.join(rng.choice(text.OPENERS[lang]), text.fill(rng, rng.choice(text.QUESTIONS[topic])))
            body += self._aside(month, space, author, lang)
            root = self.add(parent=None, space=space, author=author, at=at, body=body, kind="question")
            self.answer(month, root, topic, lang, max_answerers=2)
        else:
            body = text.fill(rng, rng.choice(text.STARTERS[topic]))
            attachment = f"uploadedfile:{rng.randrange(10**8, 10**9)}" if rng.random() < 0.03 else ""
            root = self.add(parent=None, space=space, author=author, at=at, body=body,
                            attachment=attachment)
            self.discuss(month, root, lang)
        return root

    def _aside(self, month: int, space: str, author: Person, lang: str) -> str:
        if self.rng.random() >= 0.08:
            return ""
        named = self.mention(month, space, author)
        if named is None:
            return ""
        return self.rng.choice(text.MENTION_ASIDES[lang]).format(mention=f"[[user:{named.user_id}]]")

    def answer(self, month: int, root: Message, topic: str, lang: str, max_answerers: int) -> None:
        """Ordinary questions: some unanswered, else one or two answerers, often thanked."""
        rng = self.rng
        if rng.random() < plan.UNANSWERED_SHARE:
            return
        pool = self._pool(month, root.space)
        first = self.pick_replier(root.author, month, pool)
        if first is None:
            return
        answer = self.reply(root, first, text.join(self.greet(lang, root.author), rng.choice(text.ANSWERS[topic])),
                            response_delay(rng))
        if answer is None:
            return
        if max_answerers > 1 and rng.random() < 0.4:
            second = self.pick_replier(root.author, month, pool, exclude=[first])
            if second is not None:
                body = rng.choice(["Je confirme, ", "Et sinon, ", "Autre piste : ", ""]) if lang == "fr" else ""
                self.reply(root, second, text.join(body, rng.choice(text.ANSWERS[topic])),
                           response_delay(rng, median_minutes=300))
        if rng.random() < 0.55:
            self.reply(answer, root.author, rng.choice(text.THANKS[lang]), response_delay(rng, 60, 2))

    def discuss(self, month: int, root: Message, lang: str) -> None:
        rng = self.rng
        count = rng.choices([0, 1, 2, 3, 4, 5, 6, 8], weights=[18, 22, 20, 14, 10, 7, 5, 4])[0]
        pool = self._pool(month, root.space)
        thread = [root]
        for _ in range(count):
            parent = root if rng.random() < 0.7 else rng.choice(thread)
            author = self.pick_replier(parent.author, month, pool)
            if author is None:
                return
            body = text.fill(rng, rng.choice(text.REPLIES[lang]), first=parent.author.first)
            body += self._aside(month, root.space, author, lang) if rng.random() < 0.3 else ""
            made = self.reply(parent, author, body, response_delay(rng, 240))
            if made is None:
                return
            thread.append(made)

    def _pool(self, month: int, space: str) -> list[Person]:
        members = set(self.members[space])
        return [p for p in self.active[month] if p in members] or list(self.active[month])
