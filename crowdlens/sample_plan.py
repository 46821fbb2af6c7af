"""The sample company's fixed facts and the effects planted in its activity (sample_data/README.md).

Every number the README states is either one of these constants or counted from the files they
produce; tests/test_sample.py checks both, so the README cannot drift from the generator.
"""

from __future__ import annotations

from datetime import date

COMPANY = "Ravel-Aubert"
DOMAIN = "ravel-aubert.example"
CONTRACTOR_DOMAIN = "nexis-conseil.example"
LAUNCH = date(2025, 1, 6)  # the community opens; month 1 runs from here to the end of January 2025

# department -> (share of headcount, main sites, adoption curve, share who have posted by the last month)
DEPARTMENTS = {
    "Informatique": (0.10, ["Lyon Siège", "Paris"], "fast", 0.85),
    "R&D": (0.09, ["Lyon Siège"], "fast", 0.80),
    "Marketing": (0.07, ["Paris"], "fast", 0.75),
    "Ressources humaines": (0.06, ["Lyon Siège", "Paris"], "medium", 0.60),
    "Commercial": (0.14, ["Paris", "Lille", "Nantes"], "medium", 0.55),
    "Finance": (0.075, ["Lyon Siège"], "medium", 0.50),
    "Service client": (0.10, ["Lille", "Nantes"], "medium", 0.45),
    "Logistique": (0.11, ["Lille", "Nantes"], "slow", 0.25),
    "Production": (0.225, ["Nantes", "Lille"], "slow", 0.20),
    "Juridique": (0.03, ["Lyon Siège", "Paris"], "slow", 0.15),
}
FAST = [d for d, spec in DEPARTMENTS.items() if spec[2] == "fast"]
SLOW = [d for d, spec in DEPARTMENTS.items() if spec[2] == "slow"]
SITES = ["Lyon Siège", "Paris", "Nantes", "Lille"]
LEVELS = ["Junior", "Confirmé", "Senior", "Manager", "Directeur"]

# How an adopter's first month is drawn: 1 + floor(u ** shape * span) with u uniform in [0, 1).
# shape > 1 packs first posts early, shape < 1 late.
ADOPTION_CURVES = {"fast": (2.2, 0.65), "medium": (1.2, 0.95), "slow": (0.6, 1.0)}
MONTHLY_ACTIVITY = 0.8  # an adopter posts in a later month with this probability

# Share of replies whose author is in another department than the message replied to:
# planted probability, linear in the month from the first value to the second.
CROSS_REPLY_SHARE = (0.10, 0.60)

# Influencers: quiet (at most one post a month) until their month, then many people reply to them.
# (first name, last name, department, site, level, month they emerge, their space)
INFLUENCERS = [
    ("Inès", "Benali", "Informatique", "Lyon Siège", "Junior", 4, "Sécurité informatique"),
    ("Thibault", "Lefèvre", "Production", "Nantes", "Senior", 7, "Qualité production"),
    ("Aïssatou", "N'Diaye", "Finance", "Lyon Siège", "Confirmé", 10, "Excel & data"),
    ("François", "Lecœur", "Commercial", "Lille", "Manager", 13, "Ventes & clients"),
]
INFLUENCER_THREADS_PER_MONTH = 5  # tips they post, each drawing 4-8 replies from distinct people
INFLUENCER_MENTIONS_PER_MONTH = 6  # posts by others that mention them

# Co-development threads: questions answered by >= 3 distinct people from >= 2 departments.
# Ordinary questions get at most two distinct answerers, so these are the only ones.
CODEV_PER_MONTH = (2, 8)  # linear from month 1 to the last month, rounded


def codev_schedule(months: int) -> list[int]:
    first, last = CODEV_PER_MONTH
    span = max(months - 1, 1)
    return [round(first + (last - first) * (m - 1) / span) for m in range(1, months + 1)]


UNANSWERED_SHARE = 0.12  # ordinary questions left without any answer

# Courses: id -> (attendee share who re-use the course's terms within REUSE_DAYS, sessions, seats)
COURSES = {
    "excel-avance": (0.45, 4, 12),
    "cybersecurite": (0.35, 5, 14),
    "gestion-projet-agile": (0.03, 3, 10),
    "prise-de-parole": (0.03, 3, 10),
    "gdpr-essentials": (0.03, 3, 9),
}
PLANTED_COURSES = ["excel-avance", "cybersecurite"]
REUSE_DAYS = 60
REUSE_AS_ANSWER = 0.5  # of the re-using attendees, this share answers a colleague's question
BASE_RATE = 0.03  # adopters who did not attend a course and still use its terms once
MIN_TERMS = 2  # a post "uses" a course when it contains at least this many of its key terms

CONTRACTORS = 6
LEAVERS = 2  # former employees: forum accounts (deleted) no longer in the HR directory
