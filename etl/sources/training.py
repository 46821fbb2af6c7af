"""Training records: who attended which course when (an LMS extract), and what each course taught.

Attendance names people as the LMS does, by e-mail or by employee id; the loader resolves
those references to people (by e-mail, else by the HR directory's employee ids).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from etl.batch import Batch
from etl.errors import InputError
from etl.sources import files
from etl.sources.directory import clean, clean_id, match_columns, missing_column, normalise, parse_dates

ATTENDANCE_HEADERS = {
    "course_id": [
        "course_id", "course id", "course code", "course", "Code formation", "Code stage",
        "Code du stage", "Code cours", "Formation", "Stage", "training", "module",
    ],
    "email": ["email", "e-mail", "mail", "Courriel", "Adresse e-mail", "Adresse mail"],
    "employee_id": [
        "employee id", "employee number", "person_id", "person id", "learner id", "Matricule",
        "N° salarié", "Identifiant",
    ],
    "attended_on": [
        "attended_on", "attended on", "session date", "training date", "Date de session",
        "Date de formation", "Date session", "Date du stage", "date",
    ],
    "completed": [
        "completed", "completion", "status", "Terminé", "Statut", "Réussi", "Achevé", "Validé",
    ],
}
COURSE_HEADERS = {
    "course_id": ["course_id", "course id", "id", "code", "course code", "Code formation", "Code stage"],
    "title": ["title", "course title", "name", "Intitulé", "Titre", "Nom", "Formation"],
    "language": ["language", "lang", "Langue"],
    "key_terms": ["key_terms", "key terms", "keywords", "terms", "Mots-clés", "Mots clés", "Termes clés"],
}
# Every column holding course content is kept, in this order (a description and an outline, say).
MATERIAL_HEADERS = [
    "material_text", "material", "description", "content", "outline", "syllabus", "Contenu",
    "Programme", "Objectifs", "Support",
]

COMPLETED = {
    True: {"true", "t", "1", "yes", "y", "oui", "o", "x", "termine", "terminee", "complete", "completed",
           "done", "reussi", "reussie", "valide", "validee", "acquis", "passed", "pass", "present"},
    False: {"false", "f", "0", "no", "n", "non", "abandon", "abandonne", "abandonnee", "non termine",
            "incomplete", "not completed", "failed", "fail", "echoue", "echec", "en cours", "in progress",
            "absent", "annule", "cancelled", "canceled", "no show", "non valide"},
}


def read_attendance(path: Path) -> Batch:
    """Attendance rows (person_id = the reference as given) and a bare account per reference."""
    path = Path(path)
    table = files.read_csv(path)
    names = table.column_names
    columns = match_columns(names, ATTENDANCE_HEADERS)
    for field, label in (("course_id", "course"), ("attended_on", "date")):
        if field not in columns:
            raise missing_column(path, "the attendance file", label, ATTENDANCE_HEADERS[field], names)
    if "email" not in columns and "employee_id" not in columns:
        looked = ATTENDANCE_HEADERS["email"] + ATTENDANCE_HEADERS["employee_id"]
        raise missing_column(path, "the attendance file", "person (e-mail or employee id)", looked, names)
    data = {field: table.column(col).to_pylist() for field, col in columns.items()}
    dates = parse_dates(path, columns["attended_on"], data["attended_on"])
    batch = Batch(source="training", inputs=[str(path)])
    rows = []
    for i, attended_on in enumerate(dates):
        row = _attendance_row(path, i + 2, {f: v[i] for f, v in data.items()}, attended_on, batch)
        if row:
            rows.append(row)
    if not rows:
        raise InputError(path, "line 2", "at least one attendance row after the header row")
    refs = sorted({row["person_id"] for row in rows})
    batch.tables["attendance"] = pd.DataFrame(rows, columns=["course_id", "person_id", "attended_on",
                                                             "completed"])
    batch.tables["accounts"] = pd.DataFrame(
        {"source_user_id": refs, "email": [ref if "@" in ref else None for ref in refs]}
    )
    return batch


def _attendance_row(path: Path, line: int, values: dict, attended_on, batch: Batch) -> dict | None:
    person = clean(values.get("email")) or clean_id(values.get("employee_id"))
    course = clean_id(values.get("course_id"))
    if not (person and course):
        if any(clean(v) for v in values.values()):
            batch.warn("attendance row without course or person", f"{Path(path).name} line {line}")
        return None
    if attended_on is None:
        batch.warn("attendance without a date", f"{Path(path).name} line {line}")
    return {"course_id": course, "person_id": person, "attended_on": attended_on,
            "completed": _completed(path, line, values.get("completed"))}


def _completed(path: Path, line: int, value) -> bool | None:
    text = clean(value)
    if text is None:
        return None
    key = normalise(text)
    for answer, spellings in COMPLETED.items():
        if key in spellings:
            return answer
    raise InputError(path, f"line {line}",
                     f"completed as yes/no, true/false, 1/0, oui/non or terminé/abandon, not {text!r}")


def read_courses(path: Path) -> Batch:
    """Courses from a CSV, or from a folder of .md/.txt files (one per course), or one such file."""
    path = Path(path)
    if path.is_dir():
        rows = _courses_from_folder(path)
    elif path.suffix.lower() in TEXT_SUFFIXES:
        rows = [_course_from_text(path)]
    else:
        rows = _courses_from_csv(path)
    for row in rows:
        row["language"] = _language(row["language"]) or guess_language(
            f"{row['title'] or ''}\n{row['material_text'] or ''}"
        )
    batch = Batch(source="training", inputs=[str(path)])
    batch.tables["courses"] = pd.DataFrame(
        rows, columns=["course_id", "title", "language", "material_text", "key_terms"]
    )
    return batch


def _courses_from_csv(path: Path) -> list[dict]:
    table = files.read_csv(path)
    names = table.column_names
    columns = match_columns(names, COURSE_HEADERS)
    material = [c for c in match_columns(names, {h: [h] for h in MATERIAL_HEADERS}).values()]
    if "course_id" not in columns:
        raise missing_column(path, "the courses file", "course id", COURSE_HEADERS["course_id"], names)
    if "title" not in columns and not material:
        raise missing_column(path, "the courses file", "title or material",
                             COURSE_HEADERS["title"] + MATERIAL_HEADERS, names)
    data = {field: table.column(col).to_pylist() for field, col in columns.items()}
    texts = [table.column(col).to_pylist() for col in material]
    rows, seen = [], {}
    for i in range(table.num_rows):
        value = {field: clean(values[i]) for field, values in data.items()}.get
        course_id = clean_id(value("course_id"))
        if course_id is None:
            continue
        if course_id in seen:
            raise InputError(path, f"line {i + 2}",
                             f"a unique course id, but {course_id!r} is already on line {seen[course_id]}")
        seen[course_id] = i + 2
        body = "\n\n".join(t for t in (clean(col[i]) for col in texts) if t)
        rows.append({
            "course_id": course_id,
            "title": value("title"),
            "language": value("language"),
            "material_text": body or None,
            "key_terms": key_terms(value("key_terms")),
        })
    if not rows:
        raise InputError(path, "line 2", "at least one course after the header row")
    return rows


TEXT_SUFFIXES = {".md", ".markdown", ".txt"}


def _courses_from_folder(folder: Path) -> list[dict]:
    paths = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    if not paths:
        raise InputError(folder, None, "course material: .md or .txt files, one per course")
    seen: dict[str, Path] = {}
    for path in paths:
        if path.stem in seen:
            raise InputError(path, None, f"one file per course, but {seen[path.stem].name} has the same id")
        seen[path.stem] = path
    return [_course_from_text(path) for path in paths]


def _course_from_text(path: Path) -> dict:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    meta, body = split_front_matter(text.replace("\r\n", "\n"))
    heading = re.search(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", body, flags=re.M)
    return {
        "course_id": path.stem,
        "title": meta.get("title") or (heading.group(1).strip() if heading else None),
        "language": meta.get("language"),
        "material_text": markdown_to_text(body) or None,
        "key_terms": key_terms(meta.get("key_terms")),
    }


# Front-matter keys understood, by their normalised spelling.
META_KEYS = {
    "title": "title", "titre": "title", "intitule": "title",
    "language": "language", "lang": "language", "langue": "language",
    "key terms": "key_terms", "keywords": "key_terms", "terms": "key_terms", "tags": "key_terms",
    "mots cles": "key_terms", "termes cles": "key_terms",
}
_META_LINE = re.compile(r"([^:\n]{1,30}):[ \t]*(.*)")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Metadata from `---` front matter (or from leading `key: value` lines of known keys), and the rest."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            return _meta(lines[1:end]), "\n".join(lines[end + 1:])
    n = 0
    while n < len(lines) and (m := _META_LINE.fullmatch(lines[n].strip())) and normalise(m.group(1)) in META_KEYS:
        n += 1
    return _meta(lines[:n]), "\n".join(lines[n:])


def _meta(lines: list[str]) -> dict[str, str]:
    meta: dict[str, str] = {}
    key = None
    for line in lines:
        item = re.fullmatch(r"\s*-\s+(.*)", line)
        if item and key:  # a YAML block list under the previous key
            meta[key] = ", ".join(filter(None, [meta.get(key), _unquote(item.group(1))]))
            continue
        match = _META_LINE.fullmatch(line.strip())
        key = META_KEYS.get(normalise(match.group(1))) if match else None
        if key:
            meta[key] = _unquote(match.group(2).strip().strip("[]"))
    return {k: v for k, v in meta.items() if v}


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def key_terms(value: str | None) -> str | None:
    """Key terms as one comma-separated list, whichever of , ; | separated them."""
    if not value:
        return None
    terms = [_unquote(t) for t in re.split(r"[,;|]", value.strip().strip("[]"))]
    return ", ".join(t for t in terms if t) or None


_MARKDOWN_RULES = [  # applied in order; [ \t] rather than \s so that no rule joins two lines
    (r"<!--.*?-->", " ", re.S),
    (r"^[ \t]*(```|~~~).*$", "", re.M),  # code fences (the code itself is kept)
    (r"!\[([^\]]*)\]\([^)]*\)", r"\1", 0),  # images: their alt text
    (r"\[([^\]]+)\]\([^)]*\)", r"\1", 0),  # links: their text
    (r"\[([^\]]+)\]\[[^\]]*\]", r"\1", 0),  # reference links
    (r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$", "", re.M),  # link definitions
    (r"<[^>\n]+>", " ", 0),  # html tags
    (r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", r"\1", re.M),  # atx headings
    (r"^[ \t]*(=+|-+)[ \t]*$", "", re.M),  # setext underlines, rules
    (r"^[ \t]*([*_][ \t]*){3,}$", "", re.M),  # rules
    (r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", "", re.M),  # table rules
    (r"^[ \t]*>[ \t]?", "", re.M),  # block quotes
    (r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+)?", "", re.M),  # list markers, task boxes
    (r"[ \t]*\|[ \t]*", " ", 0),  # table cells
    (r"(\*\*|__)(.+?)\1", r"\2", 0),  # bold
    (r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", 0),  # italics
    (r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", 0),
    (r"~~(.+?)~~", r"\1", 0),
    (r"`+([^`\n]*)`+", r"\1", 0),  # inline code
]


def markdown_to_text(text: str) -> str:
    """Markdown as plain text: markup removed, words and line structure kept."""
    for pattern, repl, flags in _MARKDOWN_RULES:
        text = re.sub(pattern, repl, text, flags=flags)
    text = html.unescape(text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


LANGUAGE_NAMES = {
    "fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "francais": "fr",
    "en": "en", "eng": "en", "english": "en", "anglais": "en",
}
STOP_WORDS = {
    "fr": set("le la les des du de un une et est sont pour dans que qui sur avec pas au aux ce cette "
              "nous vous il elle ils on leur par plus ne se en son sa ses".split()),
    "en": set("the and of to is are for in that which on with not at this these we you he she they "
              "it its their by more be an from as or".split()),
}


def _language(value: str | None) -> str | None:
    """'Français', 'fr-FR', 'EN' -> 'fr' / 'en'; another language keeps its code as written."""
    if not value:
        return None
    key = normalise(value)
    return LANGUAGE_NAMES.get(key) or LANGUAGE_NAMES.get(key.split()[0]) or key.split()[0]


def guess_language(text: str) -> str | None:
    """fr or en, whichever has more of its stop words in the text; None with no words at all."""
    words = re.findall(r"[a-zàâäçéèêëîïôöûùüÿœ]+", text.lower())
    if not words:
        return None
    fr = sum(w in STOP_WORDS["fr"] for w in words)
    en = sum(w in STOP_WORDS["en"] for w in words)
    return "fr" if fr > en else "en"
