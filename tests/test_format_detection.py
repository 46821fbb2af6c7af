"""--format auto: each export is recognised from its files, and the command says which format it chose."""

from __future__ import annotations

import importlib.util
import zipfile

import pytest
from conftest import FIXTURES, crowdlens_cli

from etl.errors import InputError
from etl.sources import ReadOptions, detect_format, read_export


def _first_fixture(area: str, marker: str):
    """A fixture folder of another format's tests holding `marker`, or a skip saying why."""
    if importlib.util.find_spec(f"etl.sources.{area}") is None:
        pytest.skip(f"etl/sources/{area}.py is absent (its importer is written elsewhere)")
    found = sorted(p.parent for p in (FIXTURES / area).rglob(marker))
    if not found:
        pytest.skip(f"no tests/fixtures/{area}/*/{marker} to detect")
    return found[0]


CASES = {
    "slack": lambda: FIXTURES / "slack" / "threads_across_days",
    "discourse": lambda: FIXTURES / "discourse" / "solved_topic_with_user_list",
    "stackexchange": lambda: FIXTURES / "stackexchange" / "qa_with_comments_votes",
    "viva-engage": lambda: _first_fixture("viva_engage", "Messages.csv"),
    "canonical": lambda: _first_fixture("canonical", "posts.csv"),
}


@pytest.mark.parametrize("fmt", list(CASES))
def test_detect_format(fmt):
    assert detect_format(CASES[fmt]()) == fmt


@pytest.mark.parametrize("fmt", ["slack", "discourse", "stackexchange"])
def test_cli_says_which_format_it_chose(tmp_path, fmt):
    path = CASES[fmt]()
    result = crowdlens_cli("load", path, "--db", tmp_path / "x.duckdb")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{path}: recognised as {fmt}"
    assert result.stdout.splitlines()[1].startswith(f"loaded into {tmp_path / 'x.duckdb'}")


def test_zipped_slack_export_with_a_top_folder(tmp_path):
    """A zip made from the export's folder (everything under one top folder) is still Slack."""
    archive = tmp_path / "export.zip"
    source = FIXTURES / "slack" / "threads_across_days"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(source.rglob("*.json")):
            zf.write(file, "my-workspace/" + file.relative_to(source).as_posix())
    assert detect_format(archive) == "slack"


def test_unknown_input_lists_the_formats_looked_for(tmp_path):
    (tmp_path / "notes.txt").write_text("not an export")
    with pytest.raises(InputError) as err:
        detect_format(tmp_path)
    assert "slack" in str(err.value) and "discourse" in str(err.value)
    assert "stackexchange" in str(err.value)


def test_a_folder_holding_the_export_zip_names_the_zip(tmp_path):
    """A folder with nothing but export.zip in it (as a download folder): the error lists the
    formats and says to give export.zip itself, which loads as Slack."""
    archive = tmp_path / "export.zip"
    source = FIXTURES / "slack" / "threads_across_days"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(source.rglob("*.json")):
            zf.write(file, file.relative_to(source).as_posix())
    with pytest.raises(InputError) as err:
        detect_format(tmp_path)
    assert str(err.value).endswith("; this folder holds export.zip: give the .zip itself as INPUT")
    assert detect_format(archive) == "slack"
    # the same hint when the format is named: each importer's "not this export" error gives it
    with pytest.raises(InputError) as err:
        read_export(tmp_path, "slack", ReadOptions())
    assert str(err.value).endswith("; this folder holds export.zip: give the .zip itself as INPUT")
