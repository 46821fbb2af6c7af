"""How the processes of a load (the loading process, the window worker) are set up to share two
cores: one BLAS thread each, and glibc's malloc keeping the memory they free, for reuse.

numpy's OpenBLAS starts a thread per core when numpy is imported and spins them a while (0.1 CPU-s
per process); no window computation calls a multithreaded BLAS routine, and both cores are taken.

DuckDB and numpy allocate and free large buffers all through a load. By default glibc gives a
block of more than 128 KB (a threshold it raises as such blocks are freed) its own mapping, hands
it back to the system when freed, and trims the heap's free top: the next buffer then costs page
faults and freshly zeroed pages. On the million-message benchmark a load spent 2.5 of its 13.5
CPU-seconds in the kernel, most of it so. With blocks under 32 MB (the most glibc allows) taken
from the heap, and up to 1 GB of freed heap kept, it spends about 0.5 CPU-s less, for a peak
memory about 50 MB higher (benchmarks/README.md).

The malloc settings are for Linux with glibc only; a setting the user made stands as it is.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys

MMAP_THRESHOLD = 32 * 1024 * 1024
TRIM_THRESHOLD = 1 << 30
# mallopt's parameter numbers (malloc.h), and the environment variables glibc reads at start
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
ENVIRONMENT = {"MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD), "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD)}
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


def _glibc() -> bool:
    return sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def keep_freed_memory() -> bool:
    """Set both thresholds for this process (they hold for the allocations that follow); whether
    glibc took them."""
    if not _glibc() or any(os.environ.get(name) for name in [*ENVIRONMENT, "GLIBC_TUNABLES"]):
        return False
    try:
        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
                    and libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):
        return False


def set_up_this_process() -> None:
    """One BLAS thread (before numpy is first imported) and the malloc thresholds, for the
    allocations that follow."""
    for name, value in BLAS_THREADS.items():
        os.environ.setdefault(name, value)
    keep_freed_memory()


def child_environment(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child process to start with: one BLAS thread unless it says otherwise, and
    both malloc thresholds unless it sets either of them or GLIBC_TUNABLES."""
    env = {**BLAS_THREADS, **env}
    if not _glibc() or any(env.get(name) for name in [*ENVIRONMENT, "GLIBC_TUNABLES"]):
        return env
    return {**env, **ENVIRONMENT}
