"""``fork_map``: a function over many items in forked worker processes, results in order.

Lighter than `concurrent.futures.ProcessPoolExecutor` for dlint's case, where start-up
is a visible part of a run: nothing to import (the executor's import alone would be),
workers inherit the items and the function through ``fork`` (nothing pickled on the way
in), take the next chunk from a shared pipe (a fast worker takes more; chunks shrink
towards the end, so that no worker is left with a long one while the others wait), send
each chunk's results back pickled through a pipe of their own, and leave with
``os._exit`` (no interpreter tear-down). POSIX only; `available` says whether it can run here.

An exception raised by the function reaches the caller at its item, after the results
before it, as in a loop. A worker that dies (killed, out of memory) loses nothing: the
chunks it had taken are run again in the calling process.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from selectors import BaseSelector

__all__ = ["available", "chunk_bounds", "file_chunk", "fork_map"]

T = TypeVar("T")
R = TypeVar("R")

#: Chunk numbers are written to the task pipe at once, before any worker starts; this
#: many fit in any pipe's buffer without blocking.
MAX_CHUNKS = 1024
_DONE, _FAILED = 1, 2
_HEADER = 9  # kind (1 byte), chunk number (4), payload length (4)


def available() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def file_chunk(files: int, workers: int) -> int:
    """How many files a worker takes at a time: about four chunks a worker, 8 to 32 files
    each: enough to balance the workers (the last chunk is what the others wait for), and
    neighbouring files, often of one image family, stay in one worker, whose parsed
    scripts and instructions they reuse."""
    return max(8, min(32, files // (workers * 4)))


def chunk_bounds(count: int, workers: int, chunk: int) -> list[int]:
    """Where the chunks of ``count`` items start (and the last one ends): ``chunk`` items
    each while many remain, then a share of what remains, down to single items ("guided"
    scheduling: large chunks keep neighbouring items in one worker, small last ones keep
    the workers finishing together); uniform chunks when there would be over
    `MAX_CHUNKS`."""
    chunk = max(chunk, 1, -(-count // MAX_CHUNKS))
    bounds = [0]
    start = 0
    while start < count:
        start = min(count, start + min(chunk, max(1, (count - start) // (2 * workers))))
        bounds.append(start)
    if len(bounds) - 1 > MAX_CHUNKS:
        bounds = [*range(0, count, chunk), count]
    return bounds


def fork_map(
    function: Callable[[T], R], items: Sequence[T], workers: int, chunk: int
) -> Generator[R, None, None]:
    """``function(item)`` for every item, computed by ``workers`` forked processes in
    chunks of up to ``chunk`` items (`chunk_bounds`), in order."""
    if not items:
        return
    bounds = chunk_bounds(len(items), workers, chunk)
    count = len(bounds) - 1
    tasks_read, tasks_write = os.pipe()
    os.write(tasks_write, b"".join(k.to_bytes(4, "little") for k in range(count)))
    os.close(tasks_write)  # a worker reading past the last chunk gets end-of-file
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or the children would write the parent's buffered output again
    pool = _Pool()
    try:
        for _ in range(max(1, min(workers, count))):
            pool.start(function, items, bounds, tasks_read)
        os.close(tasks_read)
        tasks_read = -1
        yield from pool.results(function, items, bounds)
    finally:
        if tasks_read >= 0:
            os.close(tasks_read)
        pool.stop()


class _Pool:
    def __init__(self) -> None:
        #: Worker pid → the read end of its result pipe (-1 once at its end).
        self.workers: dict[int, int] = {}
        self.buffers: dict[int, bytearray] = {}
        self.done: dict[int, tuple[list[object], BaseException | None]] = {}

    def start(
        self, function: Callable[[T], R], items: Sequence[T], bounds: list[int], tasks: int
    ) -> None:
        results_read, results_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child (its work is checked in the parent)
            status = 1
            try:
                os.close(results_read)
                for fd in self.workers.values():
                    os.close(fd)
                _work(function, items, bounds, tasks, results_write)
                status = 0
            finally:
                os._exit(status)
        os.close(results_write)
        self.workers[pid] = results_read
        self.buffers[pid] = bytearray()

    def results(
        self, function: Callable[[T], R], items: Sequence[T], bounds: list[int]
    ) -> Iterator[R]:
        import selectors

        selector = selectors.DefaultSelector()
        for pid, fd in self.workers.items():
            selector.register(fd, selectors.EVENT_READ, pid)
        try:
            for k in range(len(bounds) - 1):
                while k not in self.done and selector.get_map():
                    for key, _ in selector.select():
                        self._read(key.data, key.fd, selector)
                if k not in self.done:  # every worker ended without it: run it here
                    for item in items[bounds[k] : bounds[k + 1]]:
                        yield function(item)
                    continue
                values, error = self.done.pop(k)
                yield from values  # type: ignore[misc]
                if error is not None:
                    raise error
        finally:
            selector.close()

    def _read(self, pid: int, fd: int, selector: BaseSelector) -> None:
        data = os.read(fd, 1 << 20)
        if not data:  # the worker ended (or died): what it had taken is run here
            selector.unregister(fd)
            os.close(fd)
            self.workers[pid] = -1
            return
        buffer = self.buffers[pid]
        buffer += data
        while len(buffer) >= _HEADER:
            kind = buffer[0]
            number = int.from_bytes(buffer[1:5], "little")
            size = int.from_bytes(buffer[5:9], "little")
            if len(buffer) < _HEADER + size:
                break
            payload = bytes(buffer[_HEADER : _HEADER + size])
            del buffer[: _HEADER + size]
            values, error = pickle.loads(payload)
            self.done[number] = (values, error if kind == _FAILED else None)

    def stop(self) -> None:
        """Close what is open and reap every worker (stopping those still working)."""
        import signal
        from contextlib import suppress

        for pid, fd in self.workers.items():
            if fd >= 0:
                os.close(fd)
                with suppress(ProcessLookupError):  # already gone
                    os.kill(pid, signal.SIGTERM)
            with suppress(ChildProcessError):  # reaped elsewhere
                os.waitpid(pid, 0)
        self.workers.clear()


def _work(
    function: Callable[[T], R], items: Sequence[T], bounds: list[int], tasks: int, out: int
) -> None:  # pragma: no cover - runs in the child
    while True:
        ticket = os.read(tasks, 4)
        if len(ticket) < 4:
            return
        number = int.from_bytes(ticket, "little")
        values: list[R] = []
        error: BaseException | None = None
        try:
            for item in items[bounds[number] : bounds[number + 1]]:
                values.append(function(item))
        except Exception as exc:
            error = exc
        try:
            payload = pickle.dumps((values, error), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an error that cannot be pickled: say what it was
            payload = pickle.dumps(
                (values, RuntimeError(f"{type(error).__name__}: {error} ({exc})")),
                pickle.HIGHEST_PROTOCOL,
            )
        _send(out, _DONE if error is None else _FAILED, number, payload)
        if error is not None:
            return


def _send(fd: int, kind: int, number: int, payload: bytes) -> None:  # pragma: no cover
    data = memoryview(
        bytes([kind]) + number.to_bytes(4, "little") + len(payload).to_bytes(4, "little") + payload
    )
    while data:
        written = os.write(fd, data)
        data = data[written:]
