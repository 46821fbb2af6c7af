"""The sample company's people: departments, sites, job levels, managers, hire dates, e-mails."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from crowdlens import sample_plan as plan

FIRST_NAMES = [
    "Élodie", "Hélène", "Jérôme", "Clément", "Gaëlle", "Maëlle", "Noémie", "Anaïs", "Loïc", "Joël",
    "Zoé", "Chloé", "Léa", "Théo", "Raphaël", "Benoît", "Françoise", "Cécile", "Stéphane", "Frédéric",
    "Sébastien", "Agnès", "Mélanie", "Valérie", "Aurélie", "Océane", "Héloïse", "Célia", "Amélie",
    "Timothée", "Jérémy", "Grégoire", "Ophélie", "Irène", "Solène", "Adèle", "Bérénice", "Noël", "Aloïs",
    "Camille", "Julien", "Nicolas", "Sophie", "Isabelle", "Thomas", "Lucas", "Manon", "Pauline", "Marie",
    "Pierre", "Antoine", "Claire", "Nathalie", "Laurent", "Olivier", "Sandrine", "Vincent", "Hugo",
    "Emma", "Louise", "Arthur", "Jules", "Margaux", "Mathilde", "Romain", "Guillaume", "Caroline",
    "Karim", "Yasmine", "Mehdi", "Fatoumata", "Moussa", "Samir", "Sofiane", "Leïla", "Nadia", "Youssef",
    "Linh", "Mai", "Quentin", "Florian", "Delphine", "Virginie", "Christophe", "Patrice", "Yannick",
    "Gwenaëlle", "Maïwenn", "Ludovic", "Anne-Sophie", "Jean-Baptiste", "Marie-Hélène", "Estelle",
    "Bastien", "Cyril", "Damien", "Elsa", "Fanny", "Gilles", "Hervé", "Jacques", "Lise", "Marc", "Nina",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin",
    "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meyer", "Lucas",
    "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet",
    "Schmitt", "Leroux", "Colin", "Renard", "Arnaud", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal",
    "Bourgeois", "Renaud", "Lemoine", "Picard", "Lacroix", "Dupuis", "Charpentier", "Lebœuf", "N'Guessan",
    "D'Almeida", "Haddad", "Belkacem", "Diallo", "Traoré", "Le Gall", "Le Goff", "Kerbrat", "Prévost",
    "Hébert", "Ménard", "Thébault", "Lévêque", "Châtelain", "Brûlé", "Bréhier", "Féraud", "Pépin",
    "Tran", "Benoît", "Ouattara", "Rey", "Maréchal", "L'Hôte", "Daniélou", "Kowalski", "Ferreira",
]
JOB_TITLES = {
    "Informatique": ["Technicienne support", "Développeur", "Administrateur systèmes", "Chef de projet SI",
                     "Responsable infrastructure", "DSI"],
    "R&D": ["Ingénieur d'études", "Technicien de laboratoire", "Ingénieur R&D", "Chef de projet innovation",
            "Responsable R&D", "Directrice R&D"],
    "Marketing": ["Chargée de communication", "Chef de produit", "Community manager", "Responsable marketing",
                  "Responsable communication", "Directrice marketing"],
    "Ressources humaines": ["Gestionnaire paie", "Chargée de recrutement", "Chargé de formation",
                            "Responsable RH", "Responsable développement RH", "DRH"],
    "Commercial": ["Commercial sédentaire", "Attaché commercial", "Ingénieur commercial",
                   "Responsable grands comptes", "Chef des ventes", "Directeur commercial"],
    "Finance": ["Comptable", "Assistante comptable", "Contrôleur de gestion", "Trésorier",
                "Responsable comptable", "Directeur financier"],
    "Service client": ["Conseiller clientèle", "Chargée de relation client", "Superviseur",
                       "Responsable service client", "Responsable qualité de service",
                       "Directrice service client"],
    "Logistique": ["Préparateur de commandes", "Cariste", "Gestionnaire des stocks",
                   "Responsable d'entrepôt", "Responsable transport", "Directeur supply chain"],
    "Production": ["Opérateur de production", "Technicien de maintenance", "Régleur",
                   "Chef d'équipe", "Responsable qualité", "Directeur d'usine"],
    "Juridique": ["Assistante juridique", "Juriste", "Juriste senior", "Responsable juridique",
                  "Responsable conformité", "Directrice juridique"],
}
LEVEL_WEIGHTS = {"Junior": 0.28, "Confirmé": 0.36, "Senior": 0.24}  # the rest are managers / director
TEAM_SIZE = 8


@dataclass(eq=False)  # people are compared by identity: two namesakes stay two people
class Person:
    matricule: str
    first: str
    last: str
    department: str
    site: str
    level: str
    hired_on: date
    email: str
    job_title: str
    manager: str = ""
    in_directory: bool = True
    directory_email: str = ""  # the HR extract sometimes capitalises the address differently
    user_id: int = 0
    adoption_month: int | None = None  # first month with a public post, None = never posts
    chattiness: float = 1.0
    tags: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def ascii_slug(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


def department_sizes(people: int) -> dict[str, int]:
    """Headcount per department, summing exactly to `people`."""
    sizes = {d: max(3, round(spec[0] * people)) for d, spec in plan.DEPARTMENTS.items()}
    biggest = max(sizes, key=sizes.get)
    sizes[biggest] += people - sum(sizes.values())
    return sizes


def build_people(rng: random.Random, people: int) -> list[Person]:
    """The directory: every department with its director, managers and staff, influencers included."""
    used_emails: set[str] = set()
    staff: list[Person] = []
    counter = iter(range(1, 100000))
    for department, size in department_sizes(people).items():
        staff.extend(_department(rng, department, size, counter, used_emails))
    _assign_managers(rng, staff)
    for person in staff:
        person.directory_email = _directory_spelling(rng, person.email)
    return staff


def _department(rng, department, size, counter, used_emails) -> list[Person]:
    sites = plan.DEPARTMENTS[department][1]
    managers = max(1, round((size - 1) / TEAM_SIZE))
    levels = ["Directeur"] + ["Manager"] * managers
    levels += rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()), k=size - len(levels))
    slots = {}
    for influencer in (i for i in plan.INFLUENCERS if i[2] == department):
        free = [n for n in range(1, size) if n not in slots]
        index = next((n for n in free if levels[n] == influencer[4]), free[-1])
        levels[index] = influencer[4]
        slots[index] = influencer
    members = []
    for index, level in enumerate(levels):
        site = sites[0] if level == "Directeur" else rng.choice(sites + sites[:1])
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if index in slots:
            first, last, site = slots[index][0], slots[index][1], slots[index][3]
        person = _person(rng, department, site, level, first, last, next(counter), used_emails)
        if index in slots:
            person.tags.add("influencer")
            person.hired_on = min(person.hired_on, plan.LAUNCH - timedelta(days=200))
        members.append(person)
    return members


def _person(rng, department, site, level, first, last, number, used_emails) -> Person:
    base = f"{ascii_slug(first)}.{ascii_slug(last)}"
    email, suffix = f"{base}@{plan.DOMAIN}", 2
    while email in used_emails:
        email, suffix = f"{base}{suffix}@{plan.DOMAIN}", suffix + 1
    used_emails.add(email)
    titles = JOB_TITLES[department]
    title = {"Junior": titles[0], "Confirmé": rng.choice(titles[:2]), "Senior": titles[2],
             "Manager": rng.choice(titles[3:5]), "Directeur": titles[5]}[level]
    return Person(
        matricule=f"RA{number:05d}", first=first, last=last, department=department, site=site,
        level=level, hired_on=_hire_date(rng, level), email=email, job_title=title,
    )


def _hire_date(rng: random.Random, level: str) -> date:
    """Juniors were hired recently, a few of them after the launch; seniors long ago."""
    earliest, latest = {
        "Junior": (date(2022, 6, 1), date(2026, 3, 1)), "Confirmé": (date(2015, 1, 1), date(2024, 6, 1)),
        "Senior": (date(2003, 1, 1), date(2019, 1, 1)), "Manager": (date(2000, 1, 1), date(2020, 1, 1)),
        "Directeur": (date(1995, 1, 1), date(2018, 1, 1)),
    }[level]
    days = (latest - earliest).days
    return earliest + timedelta(days=rng.randrange(days))


def _assign_managers(rng: random.Random, staff: list[Person]) -> None:
    """Directors have no manager; managers report to their director; staff to a manager, same site first."""
    by_department: dict[str, list[Person]] = {}
    for person in staff:
        by_department.setdefault(person.department, []).append(person)
    for members in by_department.values():
        director = next(p for p in members if p.level == "Directeur")
        managers = [p for p in members if p.level == "Manager"]
        for person in members:
            if person.level == "Manager":
                person.manager = director.matricule
            elif person.level != "Directeur":
                local = [m for m in managers if m.site == person.site] or managers
                person.manager = rng.choice(local).matricule


def _directory_spelling(rng: random.Random, email: str) -> str:
    """HR keys e-mails by hand: a few are capitalised (identity must match case-insensitively)."""
    if rng.random() < 0.04:
        local, _, domain = email.partition("@")
        return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain
    return email


def build_outsiders(rng: random.Random, start: int) -> list[Person]:
    """Forum accounts the HR directory does not know: contractors and two people who have left."""
    outsiders = []
    names = [("Kevin", "Marchetti"), ("Laura", "Steiner"), ("Alexandre", "Vasseur"), ("Julie", "Collet"),
             ("Mathieu", "Ranc"), ("Sarah", "Bouvier"), ("Pascal", "Weber"), ("Inès", "Carvalho")]
    for index in range(plan.CONTRACTORS):
        first, last = names[index % len(names)]
        email = f"{ascii_slug(first)}.{ascii_slug(last)}@{plan.CONTRACTOR_DOMAIN}"
        outsiders.append(Person(
            matricule="", first=first, last=last, department="", site=rng.choice(["Lyon Siège", "Paris"]),
            level="", hired_on=plan.LAUNCH, email=email, job_title="Consultant externe",
            in_directory=False, tags={"contractor"},
        ))
    for index, (first, last) in enumerate([("Régis", "Fouquet"), ("Aurore", "Delmas")][:plan.LEAVERS]):
        outsiders.append(Person(
            matricule="", first=first, last=last, department=["Commercial", "Informatique"][index],
            site="Paris", level="Senior", hired_on=date(2012, 3, 1),
            email=f"{ascii_slug(first)}.{ascii_slug(last)}@{plan.DOMAIN}",
            job_title=["Ingénieur commercial", "Chef de projet SI"][index], in_directory=False,
            tags={"leaver"},
        ))
    for offset, person in enumerate(outsiders):
        person.matricule = f"X{start + offset}"
    return outsiders
