"""``dlint format [PATH...]``: write Dockerfiles in the house style (`dlint_dockerfile.format`).

PATHs are files, folders (searched as ``dlint`` searches them) or ``-`` for standard
input (formatted to standard output; ``--stdin-filename`` names it for the configuration
lookup). Each file's ``format`` options come from its configuration. Files are rewritten
in place, atomically, keeping their mode, byte-order mark and line endings; ``--check``
only lists the files that would change, ``--diff`` shows how.

Exit codes: 0 nothing to do (or everything written); 1 ``--check``/``--diff`` found a file
to reformat; 2 a usage, configuration or file problem (the other files are still done).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from dlint_dockerfile.lint.jobs import jobs_argument

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.session import LintSession

__all__ = ["EXIT_CHANGES", "EXIT_ERROR", "EXIT_OK", "main", "parser"]

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2


def parser() -> argparse.ArgumentParser:
    """The command line of ``dlint format``."""
    made = argparse.ArgumentParser(
        prog="dlint format",
        description="Rewrite Dockerfiles in one consistent style without changing what "
        "BuildKit reads: every instruction, flag, value, heredoc and shell token stays the "
        "same (the formatter checks its own output and keeps any instruction it cannot "
        "prove unchanged). Exit codes: 0 done, 1 --check or --diff found files to "
        "reformat, 2 a usage, configuration or file error.",
    )
    made.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="Dockerfiles, folders to search, or - for standard input (default: .)",
    )
    made.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files that would be reformatted and exit 1 if any",
    )
    made.add_argument(
        "--diff",
        action="store_true",
        help="write nothing; print a unified diff of the changes and exit 1 if any",
    )
    made.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: found walking up from each Dockerfile)",
    )
    made.add_argument(
        "-j",
        "--jobs",
        type=jobs_argument,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core; 1: none)",
    )
    made.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of standard input's Dockerfile (where its configuration is found)",
    )
    return made


def main(argv: Sequence[str]) -> int:
    """Run ``dlint format``; returns the exit code."""
    args = parser().parse_args(list(argv))
    from dlint_dockerfile.lint.files import discover
    from dlint_dockerfile.lint.session import LintSession, SessionOptions

    session = LintSession(SessionOptions(config=Path(args.config) if args.config else None))
    found = list(discover(args.paths))
    files = [(f.display, f.path) for f in found if f.error is None and f.path is not None]
    results = _format_files(session, files, args.jobs)
    changed = unchanged = 0
    failed = False
    shown: set[str] = set()  # configuration errors said once, however many files they stop
    for target in found:
        if target.error is not None:
            print(target.error, file=sys.stderr)
            failed = True
            continue
        if target.path is None:
            outcome = _standard_input(session, args, shown)
        else:
            outcome = _finish(target.display, target.path, next(results), args, shown)
        if outcome is None:
            failed = True
        elif outcome:
            changed += 1
        else:
            unchanged += 1
    _summary(changed, unchanged, args)
    if failed:
        return EXIT_ERROR
    return EXIT_CHANGES if changed and (args.check or args.diff) else EXIT_OK


class _ConfigProblem(NamedTuple):
    """A configuration's error: its message (``file:line:col: ...``) and its file."""

    message: str
    path: str


class _Formatted(NamedTuple):
    """A file read and formatted: its text and the formatted text, or the error."""

    text: str | None
    formatted: str | None
    error: str | None
    #: The configuration's error that stopped it (``error`` names the file).
    config_error: _ConfigProblem | None = None


#: Files a worker process is worth starting for.
_FILES_PER_WORKER = 8


def _format_files(
    session: LintSession, files: list[tuple[str, Path]], jobs: int
) -> Iterator[_Formatted]:
    """Each file formatted, in order: in forked worker processes when ``jobs`` allows and
    there are enough files (the writing stays here, in order)."""
    from functools import partial

    from dlint_dockerfile.lint.parallel import available, file_chunk, fork_map

    workers = min(jobs or os.cpu_count() or 1, len(files) // _FILES_PER_WORKER)
    work = partial(_format_file, session)
    if workers < 2 or not available():
        return map(work, files)
    return fork_map(work, files, workers, file_chunk(len(files), workers))


def _format_file(session: LintSession, payload: tuple[str, Path]) -> _Formatted:
    """Read and format one file (in a worker process, or this one)."""
    from dlint_dockerfile.lint.files import read_dockerfile

    display, path = payload
    text, problem = read_dockerfile(path)
    if text is None:
        return _Formatted(None, None, f"{display}: error: {problem}")
    formatted, config_problem = _formatted(session, text, path)
    if config_problem is not None:
        error = _not_formatted(display, config_problem)
        return _Formatted(text, None, error, config_problem)
    return _Formatted(text, formatted, None)


def _finish(
    display: str, path: Path, result: _Formatted, args: argparse.Namespace, shown: set[str]
) -> bool | None:
    """Write or report one formatted file; True when it changed (or would), None on an
    error."""
    from dlint_dockerfile.lint.files import write_files

    text, formatted = result.text, result.formatted
    if result.error is not None or text is None or formatted is None:
        _say_config_error(result.config_error, shown)
        print(result.error, file=sys.stderr)
        return None
    if formatted == text:
        return False
    if args.check or args.diff:
        _report(display, text, formatted, args)
        return True
    error = write_files([(path, text, formatted)], what="the formatted file", again="dlint format")
    if error is not None:
        print(f"{display}: error: {error}", file=sys.stderr)
        return None
    return True


def _standard_input(
    session: LintSession, args: argparse.Namespace, shown: set[str]
) -> bool | None:
    """Format standard input to standard output (``--check``/``--diff``: report only)."""
    from dlint_dockerfile.lint.files import decode_dockerfile
    from dlint_dockerfile.output.common import write_stdout

    display = args.stdin_filename or "-"
    text, problem = decode_dockerfile(sys.stdin.buffer.read())
    if text is None:
        print(f"{display}: error: {problem}", file=sys.stderr)
        return None
    name = Path(args.stdin_filename) if args.stdin_filename else None
    formatted, config_problem = _formatted(session, text, name)
    if config_problem is not None or formatted is None:
        _say_config_error(config_problem, shown)
        print(_not_formatted(display, config_problem), file=sys.stderr)
        return None
    if args.check or args.diff:
        _report(display, text, formatted, args)
    else:
        write_stdout(formatted)
    return formatted != text


def _formatted(
    session: LintSession, text: str, path: Path | None
) -> tuple[str | None, _ConfigProblem | None]:
    """``text`` formatted with its configuration's options, or the configuration's error."""
    from dlint_dockerfile.format import format_text
    from dlint_dockerfile.lint.config import ConfigError

    try:
        config = session.config_for(session.lookup(path))
    except ConfigError as exc:
        return None, _ConfigProblem(str(exc), str(exc.path))
    return format_text(text, config.format), None


def _not_formatted(display: str, problem: _ConfigProblem | None) -> str:
    """The line that names a file its configuration's error stopped."""
    where = problem.path if problem is not None else "?"
    return f"{display}: error: not formatted: its configuration {where} has an error"


def _say_config_error(problem: _ConfigProblem | None, shown: set[str]) -> None:
    """A configuration's error, the first time a file meets it."""
    if problem is not None and problem.message not in shown:
        shown.add(problem.message)
        print(f"dlint: error: {problem.message}", file=sys.stderr)


def _report(display: str, text: str, formatted: str, args: argparse.Namespace) -> None:
    """``--diff``: the diff on standard output; ``--check``: the file's name on stderr."""
    from dlint_dockerfile.output.common import file_diff, write_stdout

    if args.diff:
        write_stdout(file_diff(text, formatted, display))
    else:
        print(f"would reformat {display}", file=sys.stderr)


def _summary(changed: int, unchanged: int, args: argparse.Namespace) -> None:
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    print(
        f"dlint: {changed} file{'s' if changed != 1 else ''} {verb}, "
        f"{unchanged} left unchanged",
        file=sys.stderr,
    )
