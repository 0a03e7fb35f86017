"""Share independent work with one forked child: the second core of the machine.

:func:`split_map` computes ``local(item)`` for the first half of ``items`` in this process
while a forked child computes ``remote(item)`` for the second half and sends the results
back through a pipe (pickled: only plain data crosses). Used for the cold load of a large
manual, where reading, parsing and validating each file does not depend on any other.

It falls back to doing everything here, with ``local``, whenever sharing is not possible or
not safe: one CPU, no ``os.fork`` (Windows), other threads running (a child forked from a
multi-threaded process, such as ``mkdocs serve``, could inherit a held lock), too few items
to pay for the fork, or a child that fails, dies or sends anything unreadable. The results
never depend on whether the work was shared.
"""
from __future__ import annotations

import os
import pickle
import threading

# Below this many items a fork (~10 ms, plus pickling) costs more than it saves.
MIN_ITEMS = 200


def workers_available() -> int:
    """CPUs this process may use (affinity), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return (hasattr(os, "fork") and workers_available() > 1
            and threading.active_count() == 1 and os.environ.get("CHECKS_SIN_PARALELO") != "1")


def split_map(items: list, local, remote, weight=None,
              min_items: int | None = None) -> list[tuple[bool, object]]:
    """``[(shared, result), …]`` in the order of ``items``: ``(False, local(item))`` for items
    done here, ``(True, remote(item))`` for items done by the child. ``remote`` must return
    picklable plain data and must not raise (``local`` may). ``weight(item)``: the item's
    expected cost (by default 1); the child takes the last items, about half the weight."""
    if len(items) < (MIN_ITEMS if min_items is None else min_items) or not can_fork():
        return [(False, local(item)) for item in items]
    half = _half(items, weight)
    mine, theirs = items[:half], items[half:]
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return [(False, local(item)) for item in items]
    if pid == 0:                                   # the child: never returns
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps([remote(item) for item in theirs], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        done = [(False, local(item)) for item in mine]
    except BaseException:
        os.close(read_end)
        _reap(pid)
        raise
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()                         # until the child closes its end
    ok = _reap(pid)
    shared = None
    if ok:
        try:
            shared = pickle.loads(data)
        except Exception:                          # noqa: BLE001 - any damage: redo it here
            shared = None
    if not isinstance(shared, list) or len(shared) != len(theirs):
        return done + [(False, local(item)) for item in theirs]
    return done + [(True, result) for result in shared]


def _half(items: list, weight) -> int:
    """Index where the child's part starts: the split whose two sides' weights are closest
    (never 0 nor ``len(items)``)."""
    if weight is None:
        return (len(items) + 1) // 2
    weights = [weight(item) for item in items]
    total, running = sum(weights), 0
    best, best_gap = 1, None
    for index, value in enumerate(weights[:-1], start=1):
        running += value
        gap = abs(2 * running - total)
        if best_gap is None or gap < best_gap:
            best, best_gap = index, gap
    return best


def _reap(pid: int) -> bool:
    """Wait for the child; True when it exited normally with status 0."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
