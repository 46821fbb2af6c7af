"""Load benchmark: `crowdlens load` of a 1,000,000-message Viva Engage export vs. a plain DuckDB read.

Generates a fictional export (threads with nested replies, mentions, ~5,000 users, groups, a few
private conversations, deleted and system messages, bots) into benchmarks/output/, then runs,
each in its own process:

  1. a plain DuckDB `create table ... as select * from read_csv('Messages.csv')` into a new
     database file (the floor: reading the file once and storing it), twice: every column as
     text (all_varchar, as crowdlens reads it before typing), and with read_csv's own typing;
  2. `crowdlens load export/ --db FILE`.

It prints their wall times, the load's ratio to each plain read, and each process's peak resident
memory and CPU time (from os.wait4), and with --phases the wall and CPU time of each step of the
load.
Usage: python benchmarks/load_viva_engage.py [--messages N] [--regenerate] [--repeat N] [--phases]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
ROOT = HERE.parent

MESSAGE_HEADER = [
    "id", "replied_to_id", "thread_id", "conversation_id", "group_id", "group_name", "participants",
    "in_private_group", "in_private_conversation", "sender_id", "sender_type", "sender_name",
    "sender_email", "body", "api_url", "attachments", "deleted_by_id", "deleted_by_type",
    "created_at", "deleted_at", "title", "message_type",
]
WORDS = (
    "data pipeline customer onboarding release meeting slides budget forecast training course "
    "python excel report dashboard migration cloud security policy travel expense hiring team "
    "project deadline review feedback question answer thanks help idea workshop webinar "
    "process quality audit supplier contract invoice sales marketing campaign launch roadmap "
    "learning knowledge share community guideline template checklist survey results quarter"
).split()
FIRST = "Ana Bea Chloé David Emma Farid Gaël Hugo Inès Jules Karim Léa Malik Nora Omar Paul".split()
LAST = "Lopez Martin Durand Bernard Petit Moreau Laurent Simon Michel Garcia Roux Fournier".split()
DEPARTMENTS = ["R&D", "Sales", "Finance", "HR", "Operations", "Marketing", "IT", "Legal"]
SITES = ["Paris", "Lyon", "Lille", "Nantes", "Toulouse", "Bordeaux"]
TITLES = ["Analyst", "Engineer", "Senior Engineer", "Manager", "Director", "Intern"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(6, 18))
    return " ".join(words).capitalize() + rng.choice([".", ".", "!", "?"])


def body_text(rng: random.Random, users: int) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.12:
        parts.insert(rng.randint(0, len(parts)), f"[[user:{rng.randint(1, users)}]]")
    if rng.random() < 0.05:
        parts.append(f'He said "{rng.choice(WORDS)}", then\nadded a second line.')
    return " ".join(parts)


def write_users(folder: Path, users: int, rng: random.Random) -> None:
    with open(folder / "Users.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "email", "job_title", "location", "department", "joined_at",
                      "deleted_at", "suspended_at", "state"])
        for uid in range(1, users + 1):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            out.writerow([uid, name, f"user{uid}@corp.example", rng.choice(TITLES), rng.choice(SITES),
                          rng.choice(DEPARTMENTS), "2018-01-02 09:00:00 UTC", "", "", "active"])


def write_groups(folder: Path, groups: int) -> None:
    with open(folder / "Groups.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "name", "description", "privacy", "created_at"])
        for gid in range(1, groups + 1):
            out.writerow([10_000 + gid, f"Group {gid} {WORDS[gid % len(WORDS)]}", "A group", "public",
                          "2018-01-01 00:00:00 UTC"])


def write_messages(folder: Path, messages: int, users: int, groups: int, rng: random.Random) -> None:
    """Threads of 1-12 messages; each reply answers the first message or an earlier reply."""
    start = datetime(2021, 1, 1, tzinfo=UTC)
    span = 3 * 365 * 24 * 3600
    bots = [users + 1, users + 2]
    with open(folder / "Messages.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(MESSAGE_HEADER)
        mid = 1_000_000
        written = 0
        while written < messages:
            private = rng.random() < 0.02
            gid = None if private or rng.random() < 0.05 else 10_000 + rng.randint(1, groups)
            at = start + timedelta(seconds=rng.randrange(span))
            thread_id = mid + 1
            thread: list[int] = []
            question = rng.random() < 0.3
            for _ in range(min(rng.choice([1, 2, 3, 4, 5, 6, 8, 12]), messages - written)):
                mid += 1
                sender_type = "user"
                sender = rng.randint(1, users)
                if rng.random() < 0.01:
                    sender, sender_type = rng.choice(bots), "bot"
                kind = "question" if question and not thread else "update"
                if thread and rng.random() < 0.005:
                    kind, sender_type = "system", "system"
                deleted = rng.random() < 0.01
                out.writerow([
                    mid, (rng.choice(thread) if thread else ""), thread_id, thread_id,
                    gid or "", f"Group {gid - 10_000} {WORDS[(gid - 10_000) % len(WORDS)]}" if gid else "",
                    f"user:{sender}" if private else "", "false", "true" if private else "false",
                    sender, sender_type, f"Person {sender}", f"user{sender}@corp.example",
                    body_text(rng, users), f"https://www.yammer.com/api/v1/messages/{mid}", "",
                    sender if deleted else "", "user" if deleted else "",
                    at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    (at + timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S UTC") if deleted else "",
                    "", kind,
                ])
                if kind != "system":
                    thread.append(mid)
                at += timedelta(minutes=rng.randint(1, 3000))
                written += 1


def generate(folder: Path, messages: int, users: int, groups: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    write_users(folder, users, rng)
    write_groups(folder, groups)
    write_messages(folder, messages, users, groups, rng)


def run_child(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB and CPU seconds (user + system, all its threads and the
    processes it waited for) of one child process, which must succeed."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{argv[0]} exited with {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# argv: Messages.csv, database, and "text" (every column as VARCHAR, which is how crowdlens reads
# the file before typing it) or "typed" (read_csv's own type detection: ids as BIGINT, times as
# TIMESTAMP, which stores smaller and is the faster of the two on this file).
PLAIN_READ = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("set enable_progress_bar = false")
option = "all_varchar = true" if sys.argv[3] == "text" else "auto_detect = true"
con.execute("create table messages as select * from read_csv($p, header = true, " + option + ")",
            {"p": sys.argv[1]})
print(con.execute("select count(*) from messages").fetchall()[0][0], "rows read by DuckDB")
con.close()
"""


def phases(export: Path, db: Path) -> None:
    """The same load in this process, timed step by step (to see where the time goes)."""
    import importlib

    from etl import load as loader
    from etl.sources import ReadOptions, read_export

    steps = {
        "etl.load": ["merge_identities", "merge_content"],
        "etl.derived": ["rebuild_people", "rebuild_interactions",
                        "count_orphans"],
        "etl.activity": ["rebuild"],
        "etl.network": ["rebuild"],
        "etl.reuse": ["rebuild"],
    }
    spent: dict[str, list[float]] = {}
    for module_name, names in steps.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for name in names:
            if hasattr(module, name):
                setattr(module, name, _timed(getattr(module, name), f"{module_name}.{name}", spent))
    read = _timed(read_export, "read (etl/sources/viva_engage.py)", spent)
    batch = read(export, "viva-engage", ReadOptions())
    db.unlink(missing_ok=True)
    _timed(loader.load, "load, in all", spent)([batch], db)
    print(f"  {'step':40s} {'wall':>7s}   {'cpu':>7s} (all threads of this process)")
    for step, (wall, cpu) in spent.items():
        print(f"  {step:40s} {wall:7.2f} s {cpu:7.2f} s")


def _timed(function, label: str, spent: dict):
    def run(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            total = spent.setdefault(label, [0.0, 0.0])
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=5_000)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each; the fastest is kept")
    parser.add_argument("--phases", action="store_true", help="also time each step in-process")
    args = parser.parse_args()

    export = OUTPUT / f"viva-engage-{args.messages}"
    if args.regenerate or not (export / "Messages.csv").exists():
        shutil.rmtree(export, ignore_errors=True)
        t0 = time.perf_counter()
        generate(export, args.messages, args.users, args.groups, args.seed)
        print(f"generated {export} in {time.perf_counter() - t0:.1f} s")
    size = (export / "Messages.csv").stat().st_size / 1e6
    print(f"Messages.csv: {args.messages:,} messages, {size:.0f} MB")

    plain_db, crowd_db = OUTPUT / "plain.duckdb", OUTPUT / "crowdlens.duckdb"
    python = sys.executable
    crowdlens = [python, "-m", "crowdlens", "load", str(export), "--db", str(crowd_db),
                 "--format", "viva-engage"]
    runs: dict[str, list] = {"text": [], "typed": [], "load": []}
    for _ in range(args.repeat):  # interleaved, so a busy spell hits all alike
        for mode in ("text", "typed"):
            plain_db.unlink(missing_ok=True)
            runs[mode].append(run_child([python, "-c", PLAIN_READ, str(export / "Messages.csv"),
                                         str(plain_db), mode]))
        crowd_db.unlink(missing_ok=True)
        runs["load"].append(run_child(crowdlens))
    best = {name: min(found) for name, found in runs.items()}
    labels = {"text": "plain read_csv, as text", "typed": "plain read_csv, typed",
              "load": "crowdlens load"}
    for name, (seconds, mb, cpu) in best.items():
        print(f"{labels[name]:24s}: {seconds:7.2f} s   peak {mb:7.0f} MB   cpu {cpu:6.2f} s")
    for name in ("text", "typed"):
        print(f"{'ratio to ' + name + ' read':24s}: {best['load'][0] / best[name][0]:7.2f} x  (target: within 3x)")
    if args.phases:
        print("crowdlens load, step by step (in this process):")
        phases(export, OUTPUT / "phases.duckdb")


if __name__ == "__main__":
    main()
