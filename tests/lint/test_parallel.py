"""`fork_map`: forked workers give what a loop gives, in order, and leave nothing behind."""

from __future__ import annotations

import itertools
import os
import signal
import sys
import time

import pytest

from dlint_dockerfile.lint import parallel
from dlint_dockerfile.lint.parallel import fork_map

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork")

PARENT = os.getpid()


def _no_children_left() -> bool:
    try:
        return os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.mark.parametrize(
    ("count", "workers", "chunk"),
    [(0, 2, 8), (1, 2, 8), (7, 3, 2), (233, 2, 29), (10_000, 2, 32), (2_000_000, 2, 32)],
)
def test_chunks_shrink_towards_the_end(count: int, workers: int, chunk: int) -> None:
    bounds = parallel.chunk_bounds(count, workers, chunk)
    sizes = [end - start for start, end in itertools.pairwise(bounds)]
    assert bounds[0] == 0 and bounds[-1] == count and all(sizes)
    assert len(sizes) <= parallel.MAX_CHUNKS
    assert sizes == sorted(sizes, reverse=True)
    if count < parallel.MAX_CHUNKS * chunk:  # else: uniform chunks, fewer than the limit
        assert max(sizes, default=0) <= chunk
        if count > 4 * workers:
            assert sizes[-workers:] == [1] * workers  # the last ones: single items
            assert sizes[0] == min(chunk, count // (2 * workers))


@pytest.mark.parametrize(
    ("size", "workers", "chunk"),
    [(0, 2, 4), (1, 2, 4), (7, 3, 2), (100, 2, 4), (5000, 4, 1), (300, 8, 32)],
)
def test_results_in_order_as_a_loop_gives_them(size: int, workers: int, chunk: int) -> None:
    found = list(fork_map(_square, range(size), workers, chunk))
    assert [value for value, _ in found] == [n * n for n in range(size)]
    assert PARENT not in {pid for _, pid in found}  # computed in the workers
    assert _no_children_left()


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.002)
    return _square(n)


def test_the_work_is_shared() -> None:
    found = list(fork_map(_slow_square, range(200), 2, 4))
    assert len({pid for _, pid in found}) == 2


def _fails_at_13(n: int) -> int:
    if n == 13:
        raise ValueError(f"bad {n}")
    return n


def test_an_error_comes_at_its_item_after_the_results_before_it() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="bad 13"):
        for value in fork_map(_fails_at_13, range(100), 3, 4):
            seen.append(value)
    assert seen == list(range(13))
    assert _no_children_left()


class _Unpicklable(Exception):
    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("no pickling")


def _raises_unpicklable(n: int) -> int:
    raise _Unpicklable("odd")


def test_an_error_that_cannot_travel_is_described() -> None:
    with pytest.raises(RuntimeError, match="_Unpicklable: odd"):
        list(fork_map(_raises_unpicklable, range(10), 2, 4))
    assert _no_children_left()


def _dies_in_a_worker(n: int) -> int:
    if n == 21 and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return n + 1


def test_a_dead_workers_chunk_is_run_here() -> None:
    assert list(fork_map(_dies_in_a_worker, range(60), 2, 4)) == list(range(1, 61))
    assert _no_children_left()


def test_stopping_early_stops_the_workers() -> None:
    results = fork_map(_square, range(10_000), 2, 4)
    assert next(results)[0] == 0
    results.close()
    assert _no_children_left()


def _prints(n: int) -> int:
    # one write per line: print() writes the text and the newline separately, and two
    # workers writing through pytest's unbuffered capture could interleave them
    sys.stdout.write(f"child {n}\n")
    sys.stdout.flush()
    return n


def test_buffered_output_is_not_written_twice(capfd: pytest.CaptureFixture[str]) -> None:
    sys.stdout.write("before ")
    assert list(fork_map(_prints, range(2), 2, 1)) == [0, 1]
    out = capfd.readouterr().out
    assert out.count("before ") == 1, out
    assert sorted(out.replace("before ", "").splitlines()) == ["child 0", "child 1"], out
