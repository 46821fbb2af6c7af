"""crowdlens.toml: known keys are read, unknown keys and wrong types are errors."""

from __future__ import annotations

import pytest

from etl.config import load_config
from etl.errors import InputError


def write(tmp_path, text):
    path = tmp_path / "crowdlens.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path):
    config = load_config(None, tmp_path / "db.duckdb")
    assert (config.min_group_size, config.network_window_days, config.show_names) == (5, 90, True)


def test_file_beside_the_database_is_found(tmp_path):
    write(tmp_path, 'min_group_size = 8\nshow_names = false\n[spaces]\naffinity = ["*tricot*"]\n'
                    '[directory]\ncolumns = { employee_id = "Code agent" }\n')
    config = load_config(None, tmp_path / "db.duckdb")
    assert config.min_group_size == 8
    assert config.show_names is False
    assert config.affinity_spaces == ["*tricot*"]
    assert config.directory_columns == {"employee_id": "Code agent"}


def test_unknown_key_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, "min_group_sise = 3\n")
    with pytest.raises(InputError, match="min_group_sise") as err:
        load_config(path)
    assert str(path) in str(err.value)


def test_unknown_key_in_a_table_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"\[spaces\] hobby"):
        load_config(write(tmp_path, '[spaces]\nhobby = ["x"]\n'))


def test_wrong_type_is_an_error(tmp_path):
    with pytest.raises(InputError, match="min_group_size: a int"):
        load_config(write(tmp_path, 'min_group_size = "five"\n'))
    with pytest.raises(InputError, match="at least 1"):
        load_config(write(tmp_path, "min_group_size = 0\n"))


def test_invalid_toml_is_an_error(tmp_path):
    with pytest.raises(InputError, match="valid TOML"):
        load_config(write(tmp_path, "min_group_size = \n"))


def test_internal_domains_are_read_as_plain_lower_case_domains(tmp_path):
    """"Acme.FR" and "@acme.com" are written as users do; both become bare lower-case domains."""
    config = load_config(write(tmp_path, 'internal_domains = ["Acme.FR", "@acme.com"]\n'))
    assert config.internal_domains == ["acme.fr", "acme.com"]
    assert load_config(None, tmp_path / "elsewhere" / "db.duckdb").internal_domains == []


@pytest.mark.parametrize("text", ['internal_domains = ["jane@acme.fr"]', 'internal_domains = ["acme"]',
                                  'internal_domains = [3]', 'internal_domains = "acme.fr"'])
def test_internal_domains_that_are_no_domains_are_errors(tmp_path, text):
    """An address, a name without a dot, a number, or a string instead of a list."""
    with pytest.raises(InputError, match="internal_domains"):
        load_config(write(tmp_path, text + "\n"))
