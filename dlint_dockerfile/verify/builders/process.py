"""Run a builder's command: output captured (stdout and stderr together, in order),
a time limit that ends the whole process group, and the last lines of a log."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MAX_OUTPUT", "Finished", "run_process", "tail"]

#: At most this many characters of a command's output are kept (the rest is cut).
MAX_OUTPUT = 64 * 1024
#: Seconds between asking a timed-out process group to stop and killing it.
_GRACE = 5.0


@dataclass(frozen=True)
class Finished:
    """How a command ended: its exit code (None when it timed out) and its output."""

    exit_code: int | None
    output: str
    timed_out: bool = False


def run_process(
    argv: Sequence[str],
    *,
    timeout: float | None = None,
    log: Path | None = None,
    on_timeout: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Finished:
    """Run ``argv`` without standard input; its output goes to ``log`` when given (the
    result then holds none), else into the result (cut at `MAX_OUTPUT` characters).

    On timeout the process group gets SIGTERM, then SIGKILL, and ``on_timeout`` runs
    (e.g. to remove a container the command started). A missing program raises
    FileNotFoundError."""
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(log.open("wb")) if log is not None else subprocess.PIPE
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
        try:
            raw, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            partial = _stop(process)
            if on_timeout is not None:
                on_timeout()
            return Finished(None, _decode(partial), timed_out=True)
        except BaseException:  # Ctrl-C: leave nothing running
            _stop(process)
            raise
    return Finished(process.returncode, _decode(raw))


def _stop(process: subprocess.Popen[bytes]) -> bytes | None:
    """End ``process`` and its children; what it wrote so far (nothing when a child that
    left the group keeps the output open)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            raw, _ = process.communicate(timeout=_GRACE)
            return raw
        except subprocess.TimeoutExpired:
            continue
    if process.stdout is not None:
        process.stdout.close()
    process.wait()
    return None


def _decode(raw: bytes | None) -> str:
    text = (raw or b"").decode("utf-8", "replace")
    return text if len(text) <= MAX_OUTPUT else text[:MAX_OUTPUT] + "\n[output cut]\n"


def tail(text: str, lines: int = 30) -> str:
    """The last ``lines`` lines of ``text``."""
    return "\n".join(text.rstrip("\n").split("\n")[-lines:])
