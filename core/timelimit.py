"""A wall-clock time limit for work in a background worker (a backstop, not a scheduler).

`time_limit(seconds)` raises `TimeLimitExceeded` inside the block once it has run longer
than `seconds`, through SIGALRM. A signal handler can only be installed in the main thread,
and an alarm someone else set must not be clobbered, so the limit applies only there (the
``db_worker`` process runs its tasks in its main thread); elsewhere (a threaded dev server
running tasks in-process) the block runs without a limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class TimeLimitExceeded(Exception):
    """The block ran longer than its time limit."""


def can_limit() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # no alarm of someone else's
    )


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if seconds <= 0 or not can_limit():
        yield
        return

    def _expire(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
