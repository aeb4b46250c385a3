"""The lifetime of the processes a build starts to summarize in parallel (`pipeline/parallel.py`).

A worker must never outlive the build that started it: see `die_with_parent`.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Make this worker process exit when `parent`, the build that started it, dies.

    A pool's workers wait for work on a pipe whose writing end they inherited themselves,
    so when a build is killed (kill -9, the OOM killer) nothing ever wakes them: they lived
    on for as long as anyone looked, holding the dead build's stdout open. On Linux the
    kernel is asked to send SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG): it
    cannot be missed, costs nothing while the build lives, and works even while the worker
    is deep in C code holding the GIL (a regex over a long text, numpy), where a Python
    thread could not run; SIGKILL, which no handler a worker inherits can catch. The
    signal follows the thread that forked the worker, which is the one running the pool
    for the pool's whole life (`summarize_articles`). Where prctl is missing (macOS, BSD),
    a watchdog thread polls the parent instead (`watch_parent`). Either way, a parent that
    died before this ran is caught by comparing os.getppid() with it.
    """
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # died already: no signal will come
        os._exit(1)
    if not armed:
        watch_parent(parent)


def leave_stopping_to_parent() -> None:
    """Leave Ctrl-C and a hang-up to the build (or the scheduler) that started this
    worker, and let SIGTERM end it.

    Ctrl-C in a terminal signals every process of the group, workers too: a worker killed
    by KeyboardInterrupt printed its traceback and could leave the build waiting for ever
    on the pool it broke, and one forked from `schedule` ran the scheduler's handler,
    logging "stopping after the current job" once more per worker. The parent alone
    stops: an interrupted build cancels the work not begun, the scheduler finishes its
    job. SIGTERM is how the pool ends its workers when one of them died (the OOM killer):
    under the scheduler's inherited handler they took it for a request to stop after the
    job, lived on, and the scheduler waited on them for ever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a closed terminal hangs up the whole group too: the scheduler stops after its job,
    # and a plain build dies of it, its workers with it (`die_with_parent`)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def watch_parent(parent: int, interval: float = 1.0) -> None:
    """Exit this process, from a daemon thread, once `parent` is no longer its parent (it
    died, and the process was handed to init): the portable way to die with the parent."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)  # not sys.exit: the pool's threads and queues are of a dead build

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
