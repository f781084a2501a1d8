"""The ``dlint`` command.

This first version checks syntax: it parses each Dockerfile with the BuildKit-exact
parser and reports every syntax error with its exact ``path:line:col`` range. The lint
engine, rules, output formats and fixes plug in behind the same entry point.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from dlint import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    data = Path(path).read_bytes()
    return data.decode("utf-8", errors="surrogateescape")


def _check(display: str, text: str) -> int:
    from dlint.syntax import PositionIndex, parse

    tree = parse(text)
    index = PositionIndex(tree)
    found = 0
    located = sorted(tree.all_issues(), key=lambda pair: index.issue_range(*pair).start.offset)
    for owner, issue in located:
        where = index.issue_range(owner, issue)
        print(f"{display}:{where.start.line}:{where.start.column}: {issue.code} {issue.message}")
        found += 1
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Run dlint; returns the exit code (0 clean, 1 findings, 2 usage or I/O error)."""
    parser = argparse.ArgumentParser(prog="dlint", description="Lint Dockerfiles.")
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="Dockerfiles to check ('-' for stdin)"
    )
    parser.add_argument("--stdin-filename", default="-", help="name to report for stdin")
    parser.add_argument("--version", action="version", version=f"dlint {__version__}")
    args = parser.parse_args(argv)
    if not args.paths:
        parser.error("no PATH given")
    status = EXIT_OK
    for path in args.paths:
        display = args.stdin_filename if path == "-" else path
        try:
            text = _read(path)
        except OSError as exc:
            print(f"{display}: error: cannot read: {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if _check(display, text) and status == EXIT_OK:
            status = EXIT_FINDINGS
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
