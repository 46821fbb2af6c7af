"""The `crowdlens` command: load, query, metrics, dashboard, demo, sample (DESIGN.md, Command line)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import threading
from pathlib import Path

from etl.errors import InputError


def _interrupted() -> int:
    print("crowdlens: interrupted; the database was left as it was", file=sys.stderr)
    return 130


def _reader_gone() -> int:
    """Quietly, as other command-line tools (128 + SIGPIPE): the rest of the output, and Python's
    flush of it at exit, go to /dev/null instead of raising BrokenPipeError once more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141


def _is_interruption(exc: Exception) -> bool:
    """Ctrl-C while DuckDB runs a query: DuckDB stops it and raises its own error (a RuntimeError
    "Query interrupted" in the Python client), not KeyboardInterrupt."""
    import duckdb

    return isinstance(exc, duckdb.InterruptException) or (
        isinstance(exc, RuntimeError) and str(exc).startswith("Query interrupted"))


def run() -> None:
    """The `crowdlens` command (console script and `python -m crowdlens`): main(), then the process
    ends at once. By then every file is closed and the output is flushed here; the interpreter's
    teardown (freeing what pandas, pyarrow, numpy and DuckDB hold) would only add 0.1-0.15 s to
    every command, a million-message load included (benchmarks/README.md). Tests call main()."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left: as main() says it (unless it failed already)
            code = code or _reader_gone()
        except OSError as exc:  # a full disk, say: one line, not a traceback
            os.write(2, f"crowdlens: error: could not write the output ({exc.strerror})\n".encode())
            code = code or 1
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except InputError as exc:
        print(f"crowdlens: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:  # `crowdlens metrics | head`: the reader has what it wanted
        return _reader_gone()
    except Exception as exc:  # anything else: one line, not a traceback, unless asked
        if _is_interruption(exc):
            return _interrupted()
        if os.environ.get("CROWDLENS_DEBUG"):
            raise
        name = type(exc).__name__
        print(f"crowdlens: error: {name}: {str(exc).strip().splitlines()[0] if str(exc) else ''}",
              file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crowdlens", description="Crowd-learning analytics.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    load = sub.add_parser("load", help="load exports, the HR directory and training records")
    load.add_argument("inputs", nargs="*", metavar="INPUT", help="export file or folder")
    load.add_argument("--db", required=True, help="the DuckDB file to create or update")
    load.add_argument("--format", default="auto",
                      choices=["auto", "viva-engage", "slack", "discourse", "stackexchange", "canonical"])
    load.add_argument("--directory", help="HR directory CSV")
    load.add_argument("--training", help="training attendance CSV")
    load.add_argument("--courses", help="course material: a CSV of courses or a folder of .md/.txt")
    load.add_argument("--pseudonymize", action="store_true",
                      help="replace names and e-mails by aliases derived from $CROWDLENS_SALT")
    load.add_argument("--include-private", action="store_true",
                      help="also load private conversations (left out by default)")
    load.add_argument("--config", help="crowdlens.toml (default: the one beside the database)")
    load.set_defaults(run=_load)

    query = sub.add_parser("query", help="run one metric and print its result")
    query.add_argument("metric")
    query.add_argument("--db", required=True)
    query.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    query.add_argument("--format", default="table", choices=["table", "csv", "json"])
    query.add_argument("--config", help="crowdlens.toml (default: the one beside the database)")
    query.set_defaults(run=_query)

    metrics = sub.add_parser("metrics", help="list every metric with its definition")
    metrics.set_defaults(run=_metrics)

    dashboard = sub.add_parser("dashboard", help="serve the dashboard on localhost")
    dashboard.add_argument("--db", required=True)
    dashboard.add_argument("--port", type=int, default=8501)
    dashboard.add_argument("--host", default="127.0.0.1",
                           help="address to listen on (default: localhost only)")
    dashboard.add_argument("--config", help="crowdlens.toml (default: the one beside the database)")
    dashboard.set_defaults(run=_dashboard)

    demo = sub.add_parser("demo", help="build the sample company's database and serve the dashboard")
    demo.add_argument("--data-dir", default="data", help="where the demo database is kept")
    demo.add_argument("--port", type=int, default=8501)
    demo.add_argument("--no-serve", action="store_true", help="build the database, do not serve")
    demo.set_defaults(run=_demo)

    sample = sub.add_parser("sample", help="write the sample company's export files")
    sample.add_argument("--out", required=True)
    sample.add_argument("--seed", type=int, default=7)
    sample.add_argument("--people", type=int, default=400)
    sample.add_argument("--months", type=int, default=18)
    sample.add_argument("--format", default="viva-engage", choices=["viva-engage", "slack"])
    sample.set_defaults(run=_sample)
    return parser


def _load(args) -> int:
    from etl import process_settings

    # before numpy is first imported (by the readers' pyarrow), and before their first buffers
    process_settings.set_up_this_process()
    from etl.config import load_config
    from etl.sources import ReadOptions, detect_format, read_export

    if not (args.inputs or args.directory or args.training or args.courses):
        raise InputError("crowdlens load", None, "at least one INPUT, --directory, --training or --courses")
    config = load_config(args.config, args.db)
    salt = _salt(args.pseudonymize)
    options = ReadOptions(include_private=args.include_private, config=config)
    # The loader's imports (pandas, scipy: half a CPU-second) run while the inputs are read, instead
    # of before: the exports read by DuckDB (Viva Engage, Stack Exchange, canonical) leave the GIL
    # free meanwhile; the JSON ones and the pandas directory overlap less.
    loader = threading.Thread(target=_import_quietly, args=("etl.load",), daemon=True)
    loader.start()
    batches = []
    if args.directory:
        from etl.sources import directory

        batches.append(directory.read(Path(args.directory), config))
    for raw in args.inputs:
        path = Path(raw)
        fmt = args.format
        if fmt == "auto":
            fmt = detect_format(path)
            print(f"{path}: recognised as {fmt}")
        batches.append(read_export(path, fmt, options))
    if args.courses or args.training:
        from etl.sources import training

        if args.courses:
            batches.append(training.read_courses(Path(args.courses)))
        if args.training:
            batches.append(training.read_attendance(Path(args.training)))
    loader.join()
    from etl.load import load

    result = load(batches, args.db, config, salt)
    _print_load_summary(args.db, result)
    return 0


def _import_quietly(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001, S110 - the main thread's own import reports it
        pass


def _salt(pseudonymize: bool) -> str:
    if not pseudonymize:
        return ""
    salt = os.environ.get("CROWDLENS_SALT", "")
    if len(salt) < 16:
        raise InputError("CROWDLENS_SALT", None,
                         "a secret of at least 16 characters in the environment for --pseudonymize")
    return salt


def _print_load_summary(db, result) -> None:
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    print(f"loaded into {db} (run {result.run_id}): {counts}")
    for warning in result.warnings:
        print(f"warning: {warning['count']} × {warning['code']} (e.g. {warning['example']})")


def _query(args) -> int:
    import queries
    from etl.config import load_config

    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError("--param", item, "NAME=VALUE")
        params[name.strip().lstrip("$")] = value
    config = load_config(args.config, args.db)
    try:
        with queries.connect(args.db) as con:
            frame = queries.run(con, args.metric, params, config.min_group_size, config.metric_defaults())
    except queries.MetricError as exc:  # its text already names the metric and the parameter
        raise InputError(args.db, None, str(exc)) from None
    _print_frame(frame, args.format)
    return 0


def _print_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 200, "display.max_colwidth", 60):
            print(_blank_nulls(frame).to_string(index=False, na_rep="") if len(frame) else "(no rows)")


def _blank_nulls(frame):
    """Nulls printed as blanks, as in the CSV: floats and times through to_string's na_rep, other
    columns (text, nullable integers) here, since to_string writes their nulls as None or <NA>."""
    import pandas as pd

    shown = frame.copy()
    for name in shown.columns:
        column = shown[name]
        if column.isna().any() and not (pd.api.types.is_float_dtype(column)
                                        or pd.api.types.is_datetime64_any_dtype(column)):
            shown[name] = column.astype(object).where(column.notna(), "")
    return shown


def _metrics(args) -> int:
    import queries

    for name in queries.names():
        metric = queries.get(name)
        params = ", ".join(f"${p}" for p in metric.params) or "none"
        print(f"{name}: {metric.title}\n    {metric.definition}\n    grain: {metric.grain}; params: {params}")
    return 0


def _dashboard(args) -> int:
    from dashboard.serve import serve

    return serve(Path(args.db), port=args.port, host=args.host, config=args.config)


def _demo(args) -> int:
    from crowdlens.demo import build_demo_database
    from dashboard.serve import serve

    db, config = build_demo_database(Path(args.data_dir))
    if args.no_serve:
        print(db)
        return 0
    return serve(db, port=args.port, host="127.0.0.1", config=str(config))


def _sample(args) -> int:
    from crowdlens.sample import write_sample

    write_sample(Path(args.out), seed=args.seed, people=args.people, months=args.months,
                 fmt=args.format)
    print(f"sample company written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
