"""One importer per export format. Each module has FORMAT, detect(folder) and read(path, options).

`detect` looks at an unpacked folder's file names only; `read` returns a Batch and does no I/O
beyond reading its input.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from etl.batch import Batch
from etl.config import Config
from etl.errors import InputError
from etl.sources.files import not_an_export, unpacked

# Order matters for --format auto: the first format whose detect() accepts the input wins.
FORMATS = {
    "viva-engage": "etl.sources.viva_engage",
    "slack": "etl.sources.slack",
    "discourse": "etl.sources.discourse",
    "stackexchange": "etl.sources.stackexchange",
    "canonical": "etl.sources.canonical",
}


@dataclass
class ReadOptions:
    include_private: bool = False
    config: Config = field(default_factory=Config)


def _module(fmt: str):
    try:
        return importlib.import_module(FORMATS[fmt])
    except ModuleNotFoundError:
        return None


def available_formats() -> list[str]:
    return [fmt for fmt in FORMATS if _module(fmt) is not None]


def detect_format(path: Path) -> str:
    """The format of an export, from its file names; an error lists what was looked for.

    Importers are imported one by one, until one recognises the export: the others' imports
    (pandas, for most) would hold up the reading by a quarter of a second."""
    with unpacked(path) as folder:
        for fmt in FORMATS:
            module = _module(fmt)
            if module is not None and module.detect(folder):
                return fmt
    raise not_an_export(path, "an export in one of these formats: " + ", ".join(available_formats())
                        + " (see the README for the files each one contains)")


def read_export(path: Path, fmt: str, options: ReadOptions) -> Batch:
    module = _module(fmt)
    if module is None:
        raise InputError(path, None, f"a supported format; {fmt!r} has no importer yet")
    batch = module.read(Path(path), options)
    batch.inputs.append(str(path))
    return batch
