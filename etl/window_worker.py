"""A second process computing network month-end windows while the loading process computes others.

The loading process starts it as `python -m etl.window_worker` and talks to it over pipes: the
people's groups first (numpy arrays by column), then one pickled (month_end, edges) job at a
time; each answer is the pickled result of `etl.network_graph.window`. It ends when its input ends.

A plain subprocess rather than a multiprocessing pool: a spawned pool child re-imports the
parent's main module, so a script calling `etl.load.load` without a `__main__` guard ran its whole
load again in the child. This child runs nothing but this module.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

from etl import process_settings


class WorkerGone(Exception):
    """The worker process ended or broke the protocol: its job is to be done elsewhere."""


class WindowWorker:
    """The worker process, from the loading process's side. One job at a time."""

    def __init__(self, command: list[str] | None = None):
        env = dict(os.environ)
        # the same `etl` as this process's, wherever it was imported from (checkout or install)
        here = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [here, env.get("PYTHONPATH")]))
        env = process_settings.child_environment(env)
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "etl.window_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
        )

    def send_people(self, people) -> None:
        self._send(people)

    def compute(self, month_end, edges: dict):
        """`etl.network_graph.window(month_end, edges, people)`, computed by the worker."""
        self._send((month_end, edges))
        try:
            return pickle.load(self.process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            raise WorkerGone from exc

    def close(self) -> None:
        """End the worker (at once: whatever it still computes is not wanted)."""
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def _send(self, value) -> None:
        try:
            pickle.dump(value, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except (OSError, ValueError) as exc:  # ValueError: the pipe was closed by close()
            raise WorkerGone from exc


def main() -> None:
    from etl import network_graph, network_ties

    # Ctrl-C reaches the whole process group: the loading process decides, and ends this one
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    network_ties.warm_up()  # igraph's import, while the loading process prepares the windows
    jobs, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    try:
        people = pickle.load(jobs)
        while True:
            month_end, edges = pickle.load(jobs)
            pickle.dump(network_graph.window(month_end, edges, people), answers,
                        protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
    except (EOFError, BrokenPipeError, pickle.UnpicklingError):  # the loading process is done (or gone)
        return


if __name__ == "__main__":
    main()
