"""A long fuzz campaign: keeps going after failures, groups them, minimizes each group.

``python -m tests.fuzz --minutes 30 --jobs 2 --out DIR``: each job draws inputs from the
same hypothesis strategy as the tests (generation only; ``--seed`` for the first job, the
next seeds for the others; random by default, shown in the report) and checks each
input on the fix loop and on the command, until the time is up; a check that runs past
``--check-seconds`` fails as a hang. A failure is grouped by
its signature (the property, or the exception and the dlint function it came from, with
the rule codes it names); the first input of each group is then minimized (lines, then
characters, keeping the signature) and written to DIR with ``report.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import random
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import FuzzInput, fuzz_inputs
from tests.fuzz.properties import PropertyFailure, check_command, check_fix_loop
from tests.fuzz.test_fuzz import FLAGS

_DLINT = str(Path(__file__).resolve().parents[2] / "dlint")
_CODES = re.compile(r"\b(?:DLX\d{3}|DL\d{4}|SC\d{4})\b")

#: A check: ("fix", "safe"|"unsafe") or ("command", flags joined by spaces).
Check = tuple[str, str]


class _Stop(BaseException):
    """The time is up (a BaseException: hypothesis lets it through)."""


class TooSlow(BaseException):
    """One check ran past its time limit (a BaseException: no handler in dlint takes it)."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise TooSlow("a check ran past its time limit")


def signature(check: Check, exc: BaseException) -> str:
    """What tells one failure from another: the check's kind, the property (or the
    exception, or the hang, and the innermost dlint function), and the rule codes it names."""
    if isinstance(exc, PropertyFailure):
        text = str(exc)
        name = text[: text.index("]") + 1] if text.startswith("[") else text[:40]
    else:
        frames = [
            f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(_DLINT)
        ]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames else "?"
        name, text = f"{type(exc).__name__} in {where}", str(exc)
    codes = sorted(set(_CODES.findall(text)))
    return " ".join([check[0], name, *codes])


def run_check(check: Check, text: str, limit: float) -> str | None:
    """The signature of ``check`` failing on ``text`` (or running over ``limit`` seconds,
    a hang), or None when it holds."""
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        if check[0] == "fix":
            check_fix_loop(text, check[1] == "unsafe")
        else:
            check_command(text.encode("utf-8", "surrogateescape"), tuple(check[1].split()))
    except (Exception, TooSlow) as exc:
        return signature(check, exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return None


@dataclass
class Found:
    signature: str
    check: Check
    seed: str
    window: tuple[int, int]
    ops: list[tuple[str, int, int, int]]
    text: str
    count: int = 1
    minimal: str = ""
    file: str = ""


@dataclass
class JobResult:
    tried: int = 0
    seconds: float = 0.0
    found: dict[str, Found] = field(default_factory=dict)


def _job(arguments: tuple[int, float, int | None, float]) -> JobResult:
    job_seed, deadline, max_lines, limit = arguments
    result = JobResult()
    started = time.monotonic()
    inputs = (
        st.one_of(fuzz_inputs(max_lines=80, max_ops=8), fuzz_inputs(None, max_ops=8))
        if max_lines is None
        else fuzz_inputs(max_lines=max_lines, max_ops=8)
    )

    @seed(job_seed)
    @settings(
        max_examples=10**9,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=inputs, unsafe=st.booleans(), flags=st.sampled_from(FLAGS))
    def body(case: FuzzInput, unsafe: bool, flags: tuple[str, ...]) -> None:
        if time.monotonic() > deadline:
            raise _Stop
        result.tried += 1
        fix: Check = ("fix", "unsafe" if unsafe else "safe")
        for check in (fix, ("command", " ".join(flags))):
            found = run_check(check, case.text, limit)
            if found is None:
                continue
            if found in result.found:
                result.found[found].count += 1
            else:
                result.found[found] = Found(
                    found, check, case.seed, case.window, list(case.ops), case.text
                )

    with contextlib.suppress(_Stop):
        body()
    result.seconds = time.monotonic() - started
    return result


def minimize(text: str, holds: Callable[[str], bool], budget: float) -> str:
    """A smaller ``text`` for which ``holds`` is still true: chunks of lines, then of
    characters, removed while it holds (delta debugging), within ``budget`` seconds."""
    stop = time.monotonic() + budget
    for split in (lambda t: t.splitlines(keepends=True), list):
        pieces = split(text)
        size = max(1, len(pieces) // 2)
        while size >= 1 and time.monotonic() < stop:
            i = 0
            while i < len(pieces) and time.monotonic() < stop:
                trial = pieces[:i] + pieces[i + size :]
                if trial and holds("".join(trial)):
                    pieces = trial
                else:
                    i += size
            size //= 2
        text = "".join(pieces)
    return text


def _minimize_one(arguments: tuple[Found, float, float]) -> Found:
    found, budget, limit = arguments
    found.minimal = minimize(
        found.text, lambda t: run_check(found.check, t, limit) == found.signature, budget
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir(), "dlint-fuzz"))
    parser.add_argument(
        "--max-lines", type=int, default=None, help="cut seeds to this many lines (default: mix)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="the first job's seed (default: random)"
    )
    parser.add_argument(
        "--check-seconds", type=float, default=60.0, help="time limit of one check (a hang)"
    )
    parser.add_argument(
        "--minimize-seconds", type=float, default=120.0, help="time to minimize each failure"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DLINT_CACHE_DIR", tempfile.mkdtemp(prefix="dlint-fuzz-cache-"))
    first_seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    deadline = time.monotonic() + args.minutes * 60
    # spawn: BuildKit's parser (Go, loaded by tests.fix_invariants) does not survive a fork
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.jobs) as pool:
        results = pool.map(
            _job,
            [
                (first_seed + n, deadline, args.max_lines, args.check_seconds)
                for n in range(args.jobs)
            ],
        )
        merged: dict[str, Found] = {}
        for result in results:
            for key, found in result.found.items():
                if key in merged:
                    merged[key].count += found.count
                else:
                    merged[key] = found
        args.out.mkdir(parents=True, exist_ok=True)
        found_first = [asdict(f) for f in sorted(merged.values(), key=lambda f: f.signature)]
        # written before minimizing, which can take long: a stopped run keeps its failures
        (args.out / "found.json").write_text(json.dumps(found_first, indent=1, ensure_ascii=True))
        minimized = pool.map(
            _minimize_one,
            [(f, args.minimize_seconds, args.check_seconds) for f in merged.values()],
            chunksize=1,
        )
    for number, found in enumerate(sorted(minimized, key=lambda f: f.signature), 1):
        tag = re.sub(r"[^A-Za-z0-9]+", "-", found.signature).strip("-")[:60]
        name = f"{number:02d}-{tag}.Dockerfile"
        (args.out / name).write_bytes(found.minimal.encode("utf-8", "surrogateescape"))
        found.file = name
    report = {
        "minutes": args.minutes,
        "jobs": args.jobs,
        "seed": first_seed,
        "inputs": sum(r.tried for r in results),
        "job_seconds": round(sum(r.seconds for r in results), 1),
        "failures": [asdict(f) for f in sorted(minimized, key=lambda f: f.signature)],
    }
    (args.out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=True))
    print(
        f"{report['inputs']} inputs (seed {first_seed}), {len(minimized)} distinct failures"
        f" -> {args.out}"
    )
    for found in sorted(minimized, key=lambda f: f.signature):
        print(f"  {found.count:5d}x {found.signature} [{found.check}]: {found.minimal!r}")
    return 1 if minimized else 0
