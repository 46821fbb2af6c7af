"""The HR directory importer, through the real loader: French and English extracts, mapping, errors."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest
from conftest import FIXTURES, build_db

from crowdlens.cli import main
from etl.config import Config, load_config
from etl.errors import InputError
from etl.sources import directory

DIR = FIXTURES / "directory"


def people(db) -> dict[str, dict]:
    """People by display name, with their manager's display name."""
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(
            """
            select p.display_name, p.email, p.department, p.site, p.job_level, m.display_name as manager,
                   p.hired_on, p.in_directory
            from people p left join people m on m.person_id = p.manager_id
            """
        )
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def test_french_cp1252_semicolon_directory_keeps_accents_and_managers(tmp_path):
    """french_cp1252_semicolon.csv: the sample company's header, `;`, Windows-1252, dd/mm/yyyy dates.

    4 rows -> 4 people, all in the directory. Names are "Prénom Nom" with é, ï, ’ and œ intact:
    Éloïse Lefèvre (no manager, hired 01/09/2010), Jean-François D’Almeida (manager E001 = Éloïse,
    15/03/2018), Anaïs Cœurderoy (manager E002 = Jean-François, 31/01/2022), Zoé Martin (no e-mail,
    no hire date, manager E001). The extra "Taux d'activité" column (decimal commas) is ignored.
    """
    db = build_db(tmp_path / "db.duckdb", directory.read(DIR / "french_cp1252_semicolon.csv", Config()))
    found = people(db)
    assert set(found) == {"Éloïse Lefèvre", "Jean-François D’Almeida", "Anaïs Cœurderoy", "Zoé Martin"}
    jf = found["Jean-François D’Almeida"]
    assert (jf["email"], jf["department"], jf["site"], jf["job_level"], jf["manager"]) == (
        "jf.dalmeida@exemple.fr", "Systèmes d’information", "Besançon", "Cadre", "Éloïse Lefèvre")
    assert jf["hired_on"] == date(2018, 3, 15)
    assert found["Éloïse Lefèvre"]["manager"] is None
    assert found["Éloïse Lefèvre"]["hired_on"] == date(2010, 9, 1)
    anais = found["Anaïs Cœurderoy"]
    assert (anais["manager"], anais["job_level"]) == ("Jean-François D’Almeida", "Agent de maîtrise")
    assert anais["hired_on"] == date(2022, 1, 31)
    zoe = found["Zoé Martin"]
    assert (zoe["email"], zoe["manager"], zoe["department"]) == (None, "Éloïse Lefèvre", "Ressources humaines")
    assert zoe["hired_on"] is None
    assert all(p["in_directory"] for p in found.values())
    with duckdb.connect(str(db), read_only=True) as con:
        accounts = con.execute("select source, source_user_id from accounts order by 2").fetchall()
    assert accounts == [("directory", f"E00{i}") for i in range(1, 5)]


def test_utf8_bom_comma_directory_with_english_headers(tmp_path):
    """utf8_bom_comma.csv: BOM, `,`, a quoted department holding a comma, managers named by e-mail.

    Alan and Grace name their manager as Ada.Lovelace@Example.com / ada.lovelace@example.com: both
    resolve to Ada (e-mails compare case-insensitively). 3 people, 3 directory accounts 1001-1003.
    """
    db = build_db(tmp_path / "db.duckdb", directory.read(DIR / "utf8_bom_comma.csv", Config()))
    found = people(db)
    assert set(found) == {"Ada Lovelace", "Alan Turing", "Grace Hopper"}
    assert found["Alan Turing"]["department"] == "Research, Advanced"
    assert found["Alan Turing"]["manager"] == "Ada Lovelace"
    assert found["Grace Hopper"]["manager"] == "Ada Lovelace"
    assert (found["Grace Hopper"]["site"], found["Grace Hopper"]["job_level"]) == ("London", "Junior")
    assert found["Ada Lovelace"]["hired_on"] == date(2015, 6, 1)
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("select source_user_id from accounts order by 1").fetchall()]
    assert ids == ["1001", "1002", "1003"]


def test_missing_department_names_the_field_and_what_the_file_has():
    """missing_department.csv has Matricule, Nom, Courriel, Site: no department column."""
    with pytest.raises(InputError) as err:
        directory.read(DIR / "missing_department.csv", Config())
    message = str(err.value)
    assert "missing_department.csv: header:" in message
    assert "column for the department" in message
    assert "Service" in message and "Direction" in message  # what it looked for
    assert "the file has: Matricule, Nom, Courriel, Site" in message


def test_missing_department_through_the_cli_is_one_line_and_exit_2(tmp_path, capsys):
    db = tmp_path / "db.duckdb"
    code = main(["load", "--directory", str(DIR / "missing_department.csv"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "department" in err
    assert not db.exists()


def test_toml_mapping_names_columns_no_alias_would_find(tmp_path):
    """toml_mapping.csv uses Code agent / Agent / Mél / Pôle / Implantation, which no alias matches.

    Without the mapping the id/e-mail column is reported missing; with toml_mapping.toml the 2 rows
    load as A-17 Camille Roux (Logistique, Marseille) and A-18 Hugo Petit (Finance, Lille).
    """
    with pytest.raises(InputError, match="column for the employee id or e-mail"):
        directory.read(DIR / "toml_mapping.csv", Config())
    config = load_config(DIR / "toml_mapping.toml")
    assert config.directory_columns["employee_id"] == "Code agent"
    db = build_db(tmp_path / "db.duckdb", directory.read(DIR / "toml_mapping.csv", config))
    found = people(db)
    assert set(found) == {"Camille Roux", "Hugo Petit"}
    assert (found["Camille Roux"]["email"], found["Camille Roux"]["department"],
            found["Camille Roux"]["site"]) == ("camille.roux@exemple.fr", "Logistique", "Marseille")
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("select source_user_id from accounts order by 1").fetchall()]
    assert ids == ["A-17", "A-18"]


def test_mapping_wins_over_the_recognised_header():
    """Mapping department to Site makes Paris the department, though a Direction column exists."""
    config = Config(directory_columns={"department": "Site"})
    batch = directory.read(DIR / "french_cp1252_semicolon.csv", config)
    assert batch.tables["accounts"]["department"].tolist() == ["Paris", "Besançon", "Besançon", "Lyon"]


def test_mapping_errors_name_the_field_or_header():
    with pytest.raises(InputError, match=r"columns\.badge.*one of employee_id"):
        directory.read(DIR / "toml_mapping.csv", Config(directory_columns={"badge": "Code agent"}))
    with pytest.raises(InputError, match="'Code salarié' .*maps it to employee_id.*the file has: Code agent"):
        directory.read(DIR / "toml_mapping.csv", Config(directory_columns={"employee_id": "Code salarié"}))


def test_duplicate_employee_ids_name_the_id_and_lines():
    """duplicate_employee_ids.csv: E1 on line 2 (Ann) and again on line 4 (Cy)."""
    with pytest.raises(InputError) as err:
        directory.read(DIR / "duplicate_employee_ids.csv", Config())
    assert str(err.value).endswith("line 4: a unique employee id, but 'E1' is already on line 2")


@pytest.mark.parametrize("header, field", [
    ("N° salarié", "employee_id"), ("Adresse e-mail", "email"), ("E-Mail", "email"),
    ("DATE D'EMBAUCHE", "hired_on"), ("Date d’entrée", "hired_on"), ("Établissement", "site"),
    ("Lieu de travail", "site"), ("Catégorie", "job_level"), ("Matricule manager", "manager"),
    ("Responsable", "manager"), ("first_name", "first_name"), ("Département", "department"),
])
def test_headers_match_case_and_accent_insensitively(header, field):
    assert directory.match_columns([header], directory.HEADERS) == {field: header}


@pytest.mark.parametrize("values, expected", [
    (["2024-03-05"], [date(2024, 3, 5)]),
    (["05/03/2024", "31/12/2023"], [date(2024, 3, 5), date(2023, 12, 31)]),
    (["05/03/2024 00:00"], [date(2024, 3, 5)]),
    (["03/05/2024", "12/31/2023"], [date(2024, 3, 5), date(2023, 12, 31)]),  # month first, shown by 31
    (["45356"], [date(2024, 3, 5)]),  # an Excel serial day number
    ([None, ""], [None, None]),
])
def test_dates(values, expected):
    assert directory.parse_dates("f.csv", "d", values) == expected


def test_unreadable_date_names_the_line():
    with pytest.raises(InputError, match=r"f.csv: line 3: Date d'entrée as a date .*'bientôt'"):
        directory.parse_dates("f.csv", "Date d'entrée", ["01/02/2020", "bientôt"])
