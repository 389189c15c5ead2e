"""CPython 3.11's frame-stack chunks kept for reuse instead of unmapped (speed only).

CPython 3.11 keeps the frames of Python calls on a data stack made of 16 KiB chunks, each
mapped with ``mmap`` when the stack grows into it and unmapped with ``munmap`` as soon as it
shrinks below it again. A program whose recursion goes up and down across a chunk's edge
maps and unmaps a chunk at every crossing (a page fault, two system calls, about 8 µs).
WeasyPrint's layout is such a recursion: a cold render of plan 001 made 46,700 mmap/munmap
pairs of 16 KiB (strace), 0.4-0.5 s of system time in a 5 s render.

The C helper ``core/_stackchunks.c`` installs an arena allocator in front of CPython's own
(``PyObject_SetArenaAllocator``) that keeps up to 64 freed 16 KiB blocks (1 MiB) and hands
them back to the next request of that size; every other request goes to CPython's
allocator unchanged. Both run with the GIL held, as CPython calls them. A render of plan
001 in one process: system time 0.45 -> 0.03 s, page faults 51,000 -> 6,000, wall time
-14 % (docs/pdf-layout.md).

The helper is built by ``pip install`` when there is a C compiler and Python's headers
(scripts/install.sh installs them on Debian) and is optional: without it :func:`install`
returns False and CPython behaves as it always did.
"""

from __future__ import annotations

try:
    from core import _stackchunks
except ImportError:  # built without a compiler: CPython's own allocator
    _stackchunks = None  # type: ignore[assignment]


def install() -> bool:
    """Keep freed stack chunks from now on (idempotent); False if the helper is not built."""
    if _stackchunks is None:
        return False
    _stackchunks.install()
    return True


def kept() -> int:
    """How many freed chunks are kept for reuse now."""
    return 0 if _stackchunks is None else _stackchunks.kept()
