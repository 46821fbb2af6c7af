"""Training records through the real loader: attendance by e-mail and by employee id, course material."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest
from conftest import FIXTURES, build_db

from etl.config import Config
from etl.errors import InputError
from etl.sources import directory, training

DIR = FIXTURES / "directory"
TRAINING = FIXTURES / "training"


def test_attendance_resolves_to_directory_people_by_email_and_by_employee_id(tmp_path):
    """French directory (E001 Éloïse, E002 Jean-François, E003 Anaïs, E004 Zoé) plus both attendance files.

    attendance_french_cp1252.csv (`;`, cp1252, Oui/Non, dd/mm/yyyy), by e-mail:
      TCD-01 Éloïse 2024-02-05 done; TCD-01 ANAIS.COEURDEROY@EXEMPLE.FR -> Anaïs (the directory
      writes Anais.Coeurderoy@exemple.fr) 2024-02-05 not done; SEC-02 Jean-François 2024-03-12 done;
      SEC-02 inconnu@exemple.fr 2024-03-12 done -> a new person, not in the directory.
    attendance_by_employee_id.csv (`,`, ISO dates, no completed column = completed), by employee id:
      SEC-02 E004 -> Zoé 2024-03-12; TCD-01 E002 -> Jean-François 2024-04-02; TCD-01 E999 -> new person.
    So 7 attendance rows and 4 + 2 = 6 people, 2 of them outside the directory.
    """
    db = build_db(
        tmp_path / "db.duckdb",
        directory.read(DIR / "french_cp1252_semicolon.csv", Config()),
        training.read_attendance(TRAINING / "attendance_french_cp1252.csv"),
        training.read_attendance(TRAINING / "attendance_by_employee_id.csv"),
    )
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select a.course_id,
                   coalesce(p.display_name, p.email,
                            (select min(source_user_id) from accounts acc
                             where acc.person_id = a.person_id)) as who,
                   a.attended_on, a.completed, p.in_directory
            from attendance a join people p using (person_id)
            order by 1, 3, 2
            """
        ).fetchall()
        n_people = con.execute("select count(*), count(*) filter (not in_directory) from people").fetchone()
        warnings = con.execute("select warnings from load_runs").fetchone()[0]
    assert json.loads(warnings) == []  # every reference came with its account: no "unknown user id"
    assert rows == [
        ("SEC-02", "Jean-François D’Almeida", date(2024, 3, 12), True, True),
        ("SEC-02", "Zoé Martin", date(2024, 3, 12), True, True),
        ("SEC-02", "inconnu@exemple.fr", date(2024, 3, 12), True, False),
        ("TCD-01", "Anaïs Cœurderoy", date(2024, 2, 5), False, True),
        ("TCD-01", "Éloïse Lefèvre", date(2024, 2, 5), True, True),
        ("TCD-01", "E999", date(2024, 4, 2), True, False),
        ("TCD-01", "Jean-François D’Almeida", date(2024, 4, 2), True, True),
    ]
    assert n_people == (6, 2)


def test_attendance_accounts_carry_the_reference_as_given():
    """Four distinct e-mails in the French file: each an account whose e-mail is the reference."""
    batch = training.read_attendance(TRAINING / "attendance_french_cp1252.csv")
    accounts = batch.tables["accounts"]
    assert accounts["source_user_id"].tolist() == [
        "ANAIS.COEURDEROY@EXEMPLE.FR", "eloise.lefevre@exemple.fr", "inconnu@exemple.fr",
        "jf.dalmeida@exemple.fr",
    ]
    assert accounts["email"].tolist() == accounts["source_user_id"].tolist()
    by_id = training.read_attendance(TRAINING / "attendance_by_employee_id.csv").tables["accounts"]
    assert by_id["source_user_id"].tolist() == ["E002", "E004", "E999"]
    assert by_id["email"].isna().all()


def test_attendance_without_a_person_column_says_what_it_looked_for(tmp_path):
    path = tmp_path / "lms.csv"
    path.write_text("Code formation;Nom;Date de session\nTCD-01;Martin;05/02/2024\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"column for the person \(e-mail or employee id\).*Courriel.*"
                                         r"Matricule.*the file has: Code formation, Nom, Date de session"):
        training.read_attendance(path)


def test_attendance_with_an_unknown_completed_value_names_the_line(tmp_path):
    path = tmp_path / "lms.csv"
    path.write_text("course,email,date,status\nA,a@x.fr,2024-01-02,done\nA,b@x.fr,2024-01-02,peut-être\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match=r"lms.csv: line 3: completed as .*'peut-être'"):
        training.read_attendance(path)


@pytest.mark.parametrize("value, expected", [
    ("Oui", True), ("non", False), ("Terminé", True), ("abandon", False), ("TRUE", True), ("0", False),
    ("yes", True), ("Réussi", True), ("", None),
])
def test_completed_values(value, expected):
    assert training._completed("f.csv", 2, value) is expected


EXPECTED_COURSES_CSV = [
    ("SEC-02", "Security awareness", "en", "Spot phishing e-mails and report them; use a password manager.",
     "phishing, password manager"),
    ("TCD-01", "Tableaux croisés dynamiques", "fr",
     "Créer un tableau croisé dynamique dans Excel : choisir les champs, filtrer et regrouper les dates "
     "pour les rapports.",
     "tableau croisé dynamique, segment, champ calculé"),
]


def test_courses_from_csv(tmp_path):
    """courses.csv: SEC-02 says "English" (-> en); TCD-01 gives no language and is French by its
    stop words (un, dans, et, les, pour). Key terms separated by `;` come out comma-separated."""
    db = build_db(tmp_path / "db.duckdb", training.read_courses(TRAINING / "courses.csv"))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select * from courses order by course_id").fetchall()
    assert rows == EXPECTED_COURSES_CSV


def test_courses_from_a_folder_of_markdown_and_text(tmp_path):
    """courses_md/: TCD-01.md has front matter (title, language, key terms) and markdown markup;
    SEC-02.txt has none: its title is its `# ` heading, its language guessed English (the, and, to...)."""
    db = build_db(tmp_path / "db.duckdb", training.read_courses(TRAINING / "courses_md"))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select * from courses order by course_id").fetchall()
    assert rows == [
        ("SEC-02", "Security awareness", "en",
         "Security awareness\n\nLearn how to spot a phishing e-mail and what to do with it. "
         "The password manager is the safe place for your passwords.", None),
        ("TCD-01", "Tableaux croisés dynamiques", "fr",
         "Les tableaux croisés dynamiques\n\n"
         "Un tableau croisé dynamique résume les données d'une feuille Excel.\n\n"
         "Choisir les champs de lignes et de colonnes\nAjouter un champ calculé",
         "tableau croisé dynamique, segment, champ calculé"),
    ]


def test_front_matter_variants():
    meta, body = training.split_front_matter(
        "---\ntitre: \"Sécurité\"\nlangue: Français\nmots-clés:\n  - hameçonnage\n  - mot de passe\n---\nTexte"
    )
    assert meta == {"title": "Sécurité", "language": "Français", "key_terms": "hameçonnage, mot de passe"}
    assert body == "Texte"
    meta, body = training.split_front_matter("key terms: pivot, slicer\nBody: not metadata\n")
    assert meta == {"key_terms": "pivot, slicer"}
    assert body == "Body: not metadata\n"


def test_duplicate_course_ids_in_csv(tmp_path):
    path = tmp_path / "courses.csv"
    path.write_text("code;intitulé\nA;One\nB;Two\nA;Three\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 4: a unique course id, but 'A' is already on line 2"):
        training.read_courses(path)


def test_a_folder_without_course_files(tmp_path):
    with pytest.raises(InputError, match=".md or .txt files"):
        training.read_courses(tmp_path)


def test_cli_loads_directory_attendance_and_courses_together(tmp_path, capsys):
    """`crowdlens load --directory --training --courses`: 4 directory people + inconnu@exemple.fr = 5
    people, 4 attendance rows (the French file), 2 courses (the .md folder)."""
    from crowdlens.cli import main

    db = tmp_path / "db.duckdb"
    code = main(["load", "--db", str(db), "--directory", str(DIR / "french_cp1252_semicolon.csv"),
                 "--training", str(TRAINING / "attendance_french_cp1252.csv"),
                 "--courses", str(TRAINING / "courses_md")])
    assert code == 0, capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        counts = con.execute("select (select count(*) from people), (select count(*) from attendance), "
                             "(select count(*) from courses)").fetchone()
        inputs = json.loads(con.execute("select inputs from load_runs").fetchone()[0])
    assert counts == (5, 4, 2)
    assert sorted(i["format"] for i in inputs) == ["directory", "training", "training"]
