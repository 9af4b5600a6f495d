"""Work on untrusted bytes in a forked child under memory and CPU limits and a wall clock.

pypdf and trafilatura are pure Python: a crafted file can make either loop, allocate without
end, or take minutes. The PDF and HTML readers run them here, so that such a file costs a
bounded time and memory and becomes one failed document.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

_FORKING = threading.Lock()


class Stopped(Exception):
    """The work failed in the child, or a limit stopped it; the message says which."""


@dataclass(frozen=True, slots=True)
class Limits:
    memory: int  # bytes of address space the child may add to what it inherits
    cpu_seconds: int
    wall_seconds: int
    took: str  # the failure when the wall clock runs out, with {seconds}
    stopped: str  # the failure when the child dies (its memory or CPU limit)


def mapped_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(work: Callable[[], Any], limits: Limits, describe: Callable[[BaseException], str]) -> Any:
    """work() in a forked child; what it returns must pickle. Raises Stopped."""
    context = multiprocessing.get_context("fork")
    # One run at a time from its pipe to its fork: a fork by another thread in between
    # would copy this pipe's write end into that child, and this run would see no end of
    # its own child's death until that other child exits (the web app ingests in threads).
    with _FORKING:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(work, limits, describe, send), daemon=True)
        child.start()
        send.close()
    try:
        if not receive.poll(limits.wall_seconds):
            raise Stopped(limits.took.format(seconds=limits.wall_seconds))
        status, payload = receive.recv()
    except EOFError:
        raise Stopped(limits.stopped) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if status != "ok":
        raise Stopped(payload)
    return payload


def _child(work: Callable[[], Any], limits: Limits, describe: Callable[[BaseException], str],
           conn: Connection) -> None:  # fmt: skip
    try:
        # The child inherits the parent's mappings (spaCy, numpy): the limit is on top of them.
        limit = mapped_bytes() + limits.memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        conn.send(("ok", work()))
    except BaseException as exc:  # MemoryError included: it is the point of the limit
        conn.send(("error", describe(exc)))
    finally:
        conn.close()
