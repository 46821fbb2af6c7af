"""The HR directory: one CSV row per employee, whatever names the extract gives its columns.

Extracts come from Excel or an HRIS, in English or in French, UTF-8 with `,` or Windows-1252
with `;`. Headers are matched case- and accent-insensitively against the names below; an
explicit `[directory] columns` mapping in crowdlens.toml wins over the guess.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from etl.batch import Batch
from etl.config import Config
from etl.errors import InputError
from etl.sources import files

# field -> header names recognised, best first (when several are present, the first listed wins).
HEADERS = {
    "employee_id": [
        "employee id", "employee number", "employee no", "emp id", "staff id", "personnel number",
        "Matricule", "N° salarié", "Numéro de salarié", "Numéro salarié", "Code salarié",
        "Identifiant", "id",
    ],
    "email": [
        "email", "e-mail", "mail", "email address", "work email", "Courriel", "Adresse e-mail",
        "Adresse mail", "Adresse électronique", "Mail professionnel",
    ],
    "name": ["name", "full name", "display name", "employee name", "Nom complet", "Prénom Nom", "Nom Prénom"],
    "first_name": ["first name", "given name", "forename", "Prénom"],
    "last_name": ["last name", "surname", "family name", "Nom", "Nom de famille"],
    "department": [
        "department", "dept", "Département", "Service", "Direction", "division", "business unit",
        "team", "Équipe",
    ],
    "site": [
        "site", "location", "office", "work location", "Établissement", "Lieu de travail", "Lieu",
        "Ville", "Agence",
    ],
    "job_level": [
        "job level", "level", "grade", "band", "Niveau", "Catégorie", "Classification",
        "Catégorie professionnelle",
    ],
    "manager": [
        "manager", "manager id", "manager employee id", "manager email", "line manager",
        "Matricule manager", "Matricule responsable", "Responsable", "Responsable hiérarchique",
        "N+1", "Courriel manager", "E-mail manager",
    ],
    "hired_on": [
        "hire date", "hired on", "date hired", "start date", "hiring date", "Date d'entrée",
        "Date d'embauche", "Date entrée", "Date embauche",
    ],
}
FIELD_LABELS = {
    "employee_id": "employee id", "email": "e-mail", "name": "name", "first_name": "first name",
    "last_name": "last name", "department": "department", "site": "site", "job_level": "job level",
    "manager": "manager", "hired_on": "hire date",
}


def normalise(header: str) -> str:
    """Lower case, accents and punctuation dropped: 'Date d’entrée' -> 'date d entree'."""
    plain = unicodedata.normalize("NFKD", header)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9+]+", " ", plain).split())


def match_columns(names: list[str], headers: dict[str, list[str]]) -> dict[str, str]:
    """For each field, the file's column whose name is one of the field's recognised headers."""
    by_norm = {}
    for name in names:
        by_norm.setdefault(normalise(name), name)
    found = {}
    for field, candidates in headers.items():
        for candidate in candidates:
            column = by_norm.get(normalise(candidate))
            if column is not None and column not in found.values():
                found[field] = column
                break
    return found


def missing_column(path: Path, what: str, label: str, looked_for: list[str], names: list[str],
                   hint: str = "") -> InputError:
    return InputError(
        path, "header",
        f"{what} needs a column for the {label}; looked for {', '.join(looked_for)}{hint}; "
        f"the file has: {', '.join(names)}",
    )


def clean(value) -> str | None:
    """Text stripped of surrounding blanks (and of non-breaking spaces Excel leaves), None if empty."""
    if value is None:
        return None
    text = str(value).replace("\u00a0", " ").strip()
    return text or None


def clean_id(value) -> str | None:
    """An id as written, minus the '.0' or ',00' Excel appends to numbers it thinks are decimals."""
    text = clean(value)
    if text and re.fullmatch(r"\d+[.,]0+", text):
        text = re.split(r"[.,]", text)[0]
    return text


_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:[.,]\d+)?")


def parse_dates(path: Path, column: str, values: list) -> list[date | None]:
    """Dates written ISO, dd/mm/yyyy (mm/dd/yyyy when the column shows it is so) or as Excel serials."""
    texts = [clean(v) for v in values]
    month_first = _month_first(texts)
    out = []
    for line, text in enumerate(texts, start=2):
        try:
            out.append(_parse_date(text, month_first))
        except ValueError:
            raise InputError(
                path, f"line {line}",
                f"{column} as a date (yyyy-mm-dd or dd/mm/yyyy), not {text!r}",
            ) from None
    return out


def _month_first(texts: list[str | None]) -> bool:
    """True when some d/m/y value only makes sense as month/day/year and none as day/month."""
    firsts, seconds = [], []
    for text in texts:
        match = _DMY.fullmatch(text or "")
        if match:
            firsts.append(int(match.group(1)))
            seconds.append(int(match.group(2)))
    return any(s > 12 for s in seconds) and not any(f > 12 for f in firsts)


def _parse_date(text: str | None, month_first: bool = False) -> date | None:
    if text is None:
        return None
    if match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        return date(year, month, day)
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
        if month_first:
            day, month = month, day
        if year < 100:
            year += 2000 if year < 70 else 1900
        return date(year, month, day)
    if _EXCEL_SERIAL.fullmatch(text):
        return date(1899, 12, 30) + timedelta(days=int(re.split(r"[.,]", text)[0]))
    raise ValueError(text)


def read(path: Path, config: Config) -> Batch:
    """Accounts of the source `directory`, one per employee, keyed by employee id (else e-mail)."""
    path = Path(path)
    table = files.read_csv(path)
    names = table.column_names
    columns = _columns(path, names, config)
    data = {field: table.column(col).to_pylist() for field, col in columns.items()}
    hired = [None] * table.num_rows
    if "hired_on" in columns:
        hired = parse_dates(path, columns["hired_on"], data.pop("hired_on"))
    batch = Batch(source="directory", inputs=[str(path)])
    rows = _accounts(data, hired, batch)
    if not rows:
        raise InputError(path, "line 2", "at least one employee after the header row")
    _check_unique(path, rows, "employee_id" in columns)
    _warn_shared_emails(rows, batch)
    batch.tables["accounts"] = pd.DataFrame(
        [{k: v for k, v in row.items() if k != "line"} for row in rows],
        columns=["source_user_id", "email", "display_name", "department", "site", "job_level",
                 "manager_ref", "hired_on", "in_directory"],
    )
    return batch


def _columns(path: Path, names: list[str], config: Config) -> dict[str, str]:
    columns = match_columns(names, HEADERS)
    columns.update(_mapped_columns(path, names, config))
    hint = " (or name it in crowdlens.toml: [directory] columns = { FIELD = \"header\" })"
    if "employee_id" not in columns and "email" not in columns:
        looked = HEADERS["employee_id"] + HEADERS["email"]
        raise missing_column(path, "the HR directory", "employee id or e-mail", looked, names, hint)
    if not {"name", "first_name", "last_name"} & set(columns):
        looked = HEADERS["name"] + HEADERS["first_name"] + HEADERS["last_name"]
        raise missing_column(path, "the HR directory", "name", looked, names, hint)
    if "department" not in columns:
        raise missing_column(path, "the HR directory", "department", HEADERS["department"], names, hint)
    return columns


def _mapped_columns(path: Path, names: list[str], config: Config) -> dict[str, str]:
    """The crowdlens.toml mapping, checked: known fields, headers the file really has."""
    by_norm = {normalise(n): n for n in names}
    mapped = {}
    for field, header in config.directory_columns.items():
        where = config.path or "crowdlens.toml"
        if field not in HEADERS:
            raise InputError(where, f"[directory] columns.{field}", f"one of {', '.join(HEADERS)}")
        if not isinstance(header, str):
            raise InputError(where, f"[directory] columns.{field}", f"a header name, not {header!r}")
        column = by_norm.get(normalise(header))
        if column is None:
            raise InputError(
                path, "header",
                f"a column {header!r} (crowdlens.toml maps it to {field}); the file has: {', '.join(names)}",
            )
        mapped[field] = column
    return mapped


def _accounts(data: dict[str, list], hired: list, batch: Batch) -> list[dict]:
    rows = []
    for i in range(len(hired)):
        get = {field: clean(values[i]) for field, values in data.items()}.get
        employee_id, email = clean_id(get("employee_id")), get("email")
        if email and "@" not in email:
            batch.warn("directory e-mail without @", f"line {i + 2}: {email}")
            email = None
        if not (employee_id or email):
            if any(clean(values[i]) for values in data.values()):
                batch.warn("directory row without employee id or e-mail", f"line {i + 2}")
            continue
        rows.append({
            "line": i + 2,
            "source_user_id": employee_id or email,
            "email": email,
            "display_name": _display_name(get("name"), get("first_name"), get("last_name")),
            "department": get("department"),
            "site": get("site"),
            "job_level": get("job_level"),
            "manager_ref": clean_id(get("manager")),
            "hired_on": hired[i],
            "in_directory": True,
        })
    return rows


def _display_name(full: str | None, first: str | None, last: str | None) -> str | None:
    if full:
        return full
    return " ".join(part for part in (first, last) if part) or None


def _check_unique(path: Path, rows: list[dict], by_employee_id: bool) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        key = row["source_user_id"] if by_employee_id else row["source_user_id"].lower()
        if key in seen:
            what = "employee id" if by_employee_id else "e-mail"
            raise InputError(
                path, f"line {row['line']}",
                f"a unique {what}, but {row['source_user_id']!r} is already on line {seen[key]}",
            )
        seen[key] = row["line"]


def _warn_shared_emails(rows: list[dict], batch: Batch) -> None:
    """Two employee ids with one e-mail become one person (identity goes by e-mail): say so."""
    seen: dict[str, int] = {}
    for row in rows:
        email = (row["email"] or "").lower()
        if email in seen:
            batch.warn("one e-mail for two employee ids",
                       f"{row['email']} on lines {seen[email]} and {row['line']}")
        elif email:
            seen[email] = row["line"]
