"""crowdlens.toml: optional settings, each documented in the README; an unknown key is an error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import InputError


@dataclass
class Config:
    min_group_size: int = 5
    network_window_days: int = 90
    show_names: bool = True
    reuse_threshold: float = 0.4
    directory_columns: dict[str, str] = field(default_factory=dict)
    affinity_spaces: list[str] = field(default_factory=list)
    work_spaces: list[str] = field(default_factory=list)
    internal_domains: list[str] = field(default_factory=list)
    path: str | None = None

    def metric_defaults(self) -> dict:
        """Metric parameters this file sets when a caller gives none: the dashboard and
        `crowdlens query` both pass them to queries.run, so a page and an export agree."""
        return {"internal_domains": ",".join(self.internal_domains) or None}


# key in the file -> (attribute, expected type)
TOP_LEVEL = {
    "min_group_size": ("min_group_size", int),
    "network_window_days": ("network_window_days", int),
    "show_names": ("show_names", bool),
    "reuse_threshold": ("reuse_threshold", float),
    "internal_domains": ("internal_domains", list),
}
TABLES = {
    "directory": {"columns": ("directory_columns", dict)},
    "spaces": {"affinity": ("affinity_spaces", list), "work": ("work_spaces", list)},
}


def load_config(path: str | Path | None, db_path: str | Path | None = None) -> Config:
    """Read the named file, else crowdlens.toml beside the database, else the defaults."""
    if path is None and db_path is not None:
        beside = Path(db_path).with_name("crowdlens.toml")
        path = beside if beside.exists() else None
    config = Config()
    if path is None:
        return config
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, None, "a configuration file, but it does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, None, f"valid TOML ({exc})") from None
    for key, value in data.items():
        if key in TOP_LEVEL:
            _set(config, path, key, value, *TOP_LEVEL[key])
        elif key in TABLES and isinstance(value, dict):
            for sub, subvalue in value.items():
                if sub not in TABLES[key]:
                    raise InputError(path, f"[{key}] {sub}", f"one of {sorted(TABLES[key])}")
                _set(config, path, f"{key}.{sub}", subvalue, *TABLES[key][sub])
        else:
            known = sorted([*TOP_LEVEL, *(f"[{t}]" for t in TABLES)])
            raise InputError(path, f"key {key!r}", f"a known setting: {', '.join(known)}")
    if config.min_group_size < 1:
        raise InputError(path, "min_group_size", "a whole number of at least 1")
    if config.network_window_days < 1:  # 0 would build no network snapshot at all, silently
        raise InputError(path, "network_window_days", "a whole number of days, at least 1")
    if not 0 < config.reuse_threshold <= 1:  # scores lie in [0, 1]: outside, all or nothing matches
        raise InputError(path, "reuse_threshold", f"a number above 0 and at most 1, not {config.reuse_threshold}")
    config.internal_domains = _domains(path, config.internal_domains)
    config.path = str(path)
    return config


def _domains(path: Path, values: list) -> list[str]:
    """E-mail domains, lower-case, without a leading @: "acme.fr", not "Acme.FR" or "@acme.fr"."""
    domains = []
    for value in values:
        domain = value.strip().lstrip("@").lower() if isinstance(value, str) else ""
        if "." not in domain or "@" in domain or any(c.isspace() for c in domain):
            raise InputError(path, "internal_domains", f"e-mail domains such as \"acme.fr\", not {value!r}")
        domains.append(domain)
    return domains


def _set(config: Config, path: Path, key: str, value, attr: str, kind: type) -> None:
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value, ok = float(value), True
    if not ok:
        raise InputError(path, key, f"a {kind.__name__}, not {value!r}")
    setattr(config, attr, value)
