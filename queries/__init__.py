"""The metrics: one .sql file each, with a header that says what it computes.

Header lines (all start with `--`):

    -- metric: Adoption by group
    -- definition: engaged people / people in the directory ...
    -- grain: one row per group value
    -- params:
    --   $start date = null: first day counted (inclusive); null = since the beginning
    --   $group text = department: department, site or job_level
    -- group_size: headcount
    -- group_keys: group_value

`params: none` when the query takes none. `group_size` names the column counting the people
behind each row; rows under min_group_size are suppressed by `privacy.suppress` (every column
but the `group_keys` blanked). The dashboard and `crowdlens query` both run metrics through
`run`, so a number on a page and in an export are the same number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from etl.errors import InputError
from queries.privacy import suppress

PARAM_RE = re.compile(r"^--\s+\$(\w+)\s+(date|int|float|text|bool)(?:\s*=\s*([^:]+?))?\s*(?::\s*(.*))?$")
USED_RE = re.compile(r"\$([A-Za-z_]\w*)")
BOOLS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}


def _bool(value) -> bool:
    """A yes/no written as text; anything else is a mistake, not a silent false."""
    try:
        return BOOLS[str(value).strip().lower()]
    except KeyError:
        raise ValueError(value) from None


TYPES = {"date": date.fromisoformat, "int": int, "float": float, "text": str, "bool": _bool}


@dataclass
class Param:
    name: str
    type: str
    default: object
    doc: str


@dataclass
class Metric:
    name: str
    title: str
    definition: str
    grain: str
    params: dict[str, Param] = field(default_factory=dict)
    group_size: str | None = None
    group_keys: list[str] = field(default_factory=list)
    sql: str = ""

    def used_params(self) -> set[str]:
        body = "\n".join(line.split("--", 1)[0] for line in self.sql.splitlines())
        return set(USED_RE.findall(body))


class MetricError(ValueError):
    """A metric or parameter that does not exist, or a value of the wrong type."""


def names() -> list[str]:
    return sorted(
        f.name[:-4] for f in resources.files("queries").iterdir() if f.name.endswith(".sql")
    )


def get(name: str) -> Metric:
    path = resources.files("queries").joinpath(f"{name}.sql")
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        raise MetricError(f"no metric named {name!r}; `crowdlens metrics` lists them")
    return parse(name, path.read_text(encoding="utf-8"))


def parse(name: str, sql: str) -> Metric:
    metric = Metric(name=name, title=name, definition="", grain="", sql=sql)
    in_params = False
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = re.match(r"^--\s*(metric|definition|grain|params|group_size|group_keys):\s*(.*)$", line)
        if match:
            key, value = match.groups()
            in_params = key == "params"
            _set_header(metric, key, value.strip())
        elif in_params and (param := PARAM_RE.match(line)):
            pname, ptype, default, doc = param.groups()
            metric.params[pname] = Param(pname, ptype, _default(ptype, default), doc or "")
        elif not in_params and metric.definition and line.strip("- "):
            metric.definition += " " + line[2:].strip()  # a definition may run over lines
    return metric


def _set_header(metric: Metric, key: str, value: str) -> None:
    if key == "metric":
        metric.title = value
    elif key == "definition":
        metric.definition = value
    elif key == "grain":
        metric.grain = value
    elif key == "group_size":
        metric.group_size = value
    elif key == "group_keys":
        metric.group_keys = [k.strip() for k in value.split(",") if k.strip()]


def _default(ptype: str, raw: str | None):
    if raw is None or raw.strip() == "null":
        return None
    return TYPES[ptype](raw.strip())


def bind(metric: Metric, values: dict, defaults: dict | None = None) -> dict:
    """Every declared parameter gets a value (given, else `defaults`' (crowdlens.toml's), else the
    header's default), converted to its type."""
    unknown = set(values) - set(metric.params)
    if unknown:
        raise MetricError(
            f"{metric.name} has no parameter {sorted(unknown)[0]!r}; "
            f"it takes: {', '.join(metric.params) or 'none'}"
        )
    bound = {}
    for pname, param in metric.params.items():
        value = values.get(pname, (defaults or {}).get(pname, param.default))
        if isinstance(value, str) and param.type != "text":
            value = None if value.lower() in ("", "null") else _convert(metric, param, value)
        bound[pname] = value
    return bound


def _convert(metric: Metric, param: Param, value: str):
    try:
        return TYPES[param.type](value)
    except ValueError:
        raise MetricError(f"{metric.name}: ${param.name} expects a {param.type}, not {value!r}") from None


def run(con, name: str, params: dict | None = None, min_group_size: int = 5,
        defaults: dict | None = None) -> pd.DataFrame:
    """Run one metric on a connection (or cursor) and apply small-group suppression; parameters
    not given take `defaults` (Config.metric_defaults) before the header's."""
    metric = get(name)
    try:
        frame = con.execute(metric.sql, bind(metric, params or {}, defaults)).df()
    except duckdb.CatalogException as exc:
        # the tables and macros metrics read are written by the loader: a database built by an
        # older crowdlens lacks the newer ones until it is loaded again
        raise MetricError(
            f"{name} needs a table or macro this database lacks ({str(exc).splitlines()[0]}); "
            "it was built by an older crowdlens: run `crowdlens load` again"
        ) from None
    if metric.group_size:
        frame = suppress(frame, metric.group_size, metric.group_keys, min_group_size)
    return frame


def connect(db_path) -> duckdb.DuckDBPyConnection:
    """A read-only connection: readers never lock out a load, and never write by mistake."""
    path = Path(db_path)
    if not path.is_file():
        raise InputError(path, None, "a crowdlens database; run `crowdlens load` first")
    return duckdb.connect(str(path), read_only=True)
