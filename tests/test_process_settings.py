"""A load's processes run one BLAS thread and keep the memory they free (etl/process_settings.py),
unless the user set these themselves."""

from __future__ import annotations

import sys

import pytest

from etl import process_settings, window_worker

GLIBC = process_settings._glibc()


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt only")
def test_this_process_takes_both_thresholds(monkeypatch):
    """On Linux with glibc, mallopt accepts 32 MB (its largest mmap threshold) and 1 GB."""
    for name in (*process_settings.ENVIRONMENT, "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)
    assert process_settings.keep_freed_memory() is True


def test_a_user_setting_is_left_alone(monkeypatch):
    """With GLIBC_TUNABLES or one of the two variables set, this process is not changed."""
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert process_settings.keep_freed_memory() is False
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.process_settings.trim_threshold=65536")
    assert process_settings.keep_freed_memory() is False


@pytest.mark.skipif(not GLIBC, reason="glibc reads these variables")
def test_the_window_worker_starts_with_both_thresholds(monkeypatch):
    """A worker process (here one that answers its first job with its environment) starts with
    both variables (32 MB and 1 GB) and OpenBLAS on one thread; when the user set a trim threshold
    of their own, the worker gets theirs and no mmap threshold from crowdlens."""
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert _worker_environment() == {"MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024),
                                     "MALLOC_TRIM_THRESHOLD_": str(1 << 30), "OPENBLAS_NUM_THREADS": "1"}
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert _worker_environment() == {"MALLOC_MMAP_THRESHOLD_": None, "MALLOC_TRIM_THRESHOLD_": "65536",
                                     "OPENBLAS_NUM_THREADS": "1"}


def _worker_environment() -> dict:
    names = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "OPENBLAS_NUM_THREADS"]
    reply = ("import os, pickle, sys; pickle.load(sys.stdin.buffer); "
             f"pickle.dump({{n: os.environ.get(n) for n in {names!r}}}, sys.stdout.buffer)")
    worker = window_worker.WindowWorker([sys.executable, "-c", reply])
    try:
        return worker.compute(None, {})
    finally:
        worker.close()
