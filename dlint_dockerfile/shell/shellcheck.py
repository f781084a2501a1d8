"""ShellCheck on RUN scripts: one process per Dockerfile, findings mapped back to it.

Each script is written to its own file in a temporary directory, headed by a
``# shellcheck shell=...`` directive (or kept behind its own ``#!`` line) and an
``export NAME=1`` line declaring the ARG and ENV names in scope, so SC2154 does not fire
on them. One ``shellcheck --format=json1`` process checks all files of a Dockerfile;
its 1-based line/column positions (tabs count as one column in ``json1``) are mapped
through each script's `ShellSource` to exact offsets in the Dockerfile.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from dlint_dockerfile._record import record
from dlint_dockerfile.shell.source import ShellSource

__all__ = [
    "DEFAULT_EXCLUDES",
    "ShellCheckError",
    "ShellCheckFinding",
    "ShellCheckScript",
    "find_shellcheck",
    "run_shellcheck",
    "shellcheck_dialect",
]

#: Findings that do not apply in a Dockerfile: ``source`` of files ShellCheck cannot see
#: (SC1090, SC1091), the "ash is checked as dash" notice (SC2187), and "find without a
#: path" (SC2185: a portability note for BSD find; GNU and BusyBox find, the ones in Linux
#: images, search ``.``).
DEFAULT_EXCLUDES = ("SC1090", "SC1091", "SC2185", "SC2187")
#: Shell names (``SHELL`` basename or ``#!`` interpreter) → ShellCheck's ``--shell``.
_DIALECTS = {
    "sh": "sh",
    "bash": "bash",
    "dash": "dash",
    "ash": "busybox",
    "busybox": "busybox",
    "ksh": "ksh",
    "mksh": "ksh",
}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ENV_EXECUTABLE = "DLINT_SHELLCHECK"


class ShellCheckError(RuntimeError):
    """ShellCheck could not be run or gave output dlint cannot read."""


@record
class ShellCheckScript:
    """One script to check: its text (mapped to the Dockerfile), dialect and known names."""

    source: ShellSource
    shell: str
    declared: tuple[str, ...] = ()


@record
class ShellCheckFinding:
    """One ShellCheck comment at Dockerfile offsets ``[start, end)``."""

    script: int
    code: str
    level: str
    message: str
    start: int
    end: int
    #: ShellCheck's suggested fix as ``(start, end, text)`` Dockerfile edits; empty when it
    #: has none or when a replacement does not map one to one onto the Dockerfile.
    replacements: tuple[tuple[int, int, str], ...] = ()


def shellcheck_dialect(shell_name: str, text: str) -> str | None:
    """ShellCheck's name for the shell running ``text`` (its ``#!`` line wins), or None
    when ShellCheck does not know the shell (zsh, fish, PowerShell, cmd)."""
    if text.startswith("#!"):
        words = [w.rsplit("/", 1)[-1] for w in text[2 : text.find("\n")].split()]
        if words[:1] == ["env"]:
            words = [w for w in words[1:] if not w.startswith("-")]
        shell_name = words[0] if words else ""
    return _DIALECTS.get(shell_name)


@lru_cache(maxsize=1)
def find_shellcheck() -> str | None:
    """The ShellCheck executable: ``$DLINT_SHELLCHECK`` (only that, when set), the one
    installed beside this Python (``pip install 'dlint-dockerfile[shellcheck]'``), or the first on
    ``PATH``."""
    configured = os.environ.get(_ENV_EXECUTABLE)
    if configured:  # a path or a command name; None when it names nothing runnable
        return shutil.which(configured)
    for directory in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        for name in ("shellcheck", "shellcheck.exe"):
            candidate = Path(directory) / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    return shutil.which("shellcheck")


def run_shellcheck(
    scripts: Sequence[ShellCheckScript],
    executable: str,
    *,
    exclude: Sequence[str] = DEFAULT_EXCLUDES,
    timeout: float = 120.0,
) -> list[ShellCheckFinding]:
    """Check every script with one ShellCheck process; findings in Dockerfile offsets."""
    if not scripts:
        return []
    with tempfile.TemporaryDirectory(prefix="dlint-shellcheck-") as folder:
        layouts = []
        names = []
        for number, script in enumerate(scripts):
            content, layout = _file_text(script)
            name = f"{number}.sh"
            # bytes that are not UTF-8 (lone surrogates in dlint's text) go back as they were
            Path(folder, name).write_bytes(content.encode("utf-8", "surrogateescape"))
            names.append(name)
            layouts.append(layout)
        command = [executable, "--format=json1", "--norc"]
        if exclude:
            command.append("--exclude=" + ",".join(c.upper().removeprefix("SC") for c in exclude))
        command += ["--", *names]
        environment = dict(os.environ, LC_ALL="C.UTF-8")
        try:
            done = subprocess.run(
                command,
                cwd=folder,
                capture_output=True,
                timeout=timeout,
                env=environment,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise ShellCheckError(f"cannot run {executable}: {error}") from error
    if done.returncode not in (0, 1):
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ShellCheckError(
            f"{executable} exited with status {done.returncode}"
            + (f": {detail[0]}" if detail else "")
        )
    try:
        comments = json.loads(done.stdout.decode("utf-8", "replace") or "{}").get("comments", [])
    except (ValueError, AttributeError) as error:
        raise ShellCheckError(f"unreadable output from {executable}: {error}") from error
    numbers = {name: number for number, name in enumerate(names)}
    findings = []
    for comment in comments:
        finding = _finding(comment, numbers, scripts, layouts)
        if finding is not None:
            findings.append(finding)
    return findings


@record
class _Layout:
    """Where the lines of a script sit in its file: ``lines[file_line - 1]`` is the start
    of that line in the script text, or None for a line dlint added."""

    lines: tuple[int | None, ...]


def _file_text(script: ShellCheckScript) -> tuple[str, _Layout]:
    text = script.source.text
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    header: list[str] = []
    names = sorted({n for n in script.declared if _IDENTIFIER.match(n)})
    if names:
        header.append("export " + " ".join(f"{n}=1" for n in names))
    if text.startswith("#!"):  # keep the interpreter line first, where ShellCheck reads it
        first_end = starts[1] if len(starts) > 1 else len(text)
        first = text[:first_end] if first_end < len(text) or text.endswith("\n") else text + "\n"
        content = first + "".join(h + "\n" for h in header) + text[first_end:]
        lines: list[int | None] = [0, *([None] * len(header)), *starts[1:]]
    else:
        header.insert(0, f"# shellcheck shell={script.shell}")
        content = "".join(h + "\n" for h in header) + text
        lines = [*([None] * len(header)), *starts]
    return content, _Layout(tuple(lines))


def _finding(
    comment: dict[str, Any],
    numbers: dict[str, int],
    scripts: Sequence[ShellCheckScript],
    layouts: list[_Layout],
) -> ShellCheckFinding | None:
    try:
        number = numbers[str(comment["file"])]
        line, column = int(comment["line"]), int(comment["column"])
        end_line = int(comment.get("endLine", line))
        end_column = int(comment.get("endColumn", column + 1))
        code = f"SC{int(comment['code']):04d}"
        level = str(comment.get("level", "warning"))
        message = str(comment.get("message", ""))
    except (KeyError, TypeError, ValueError):
        return None
    layout = layouts[number]
    source = scripts[number].source
    start = _text_position(layout, source.text, line, column)
    end = _text_position(layout, source.text, end_line, end_column)
    if start is None:
        return None  # about a line dlint added
    if end is None or end < start:
        end = start
    span_start, span_end = source.span(start, max(end, start))
    if span_end <= span_start and start < len(source.text):
        span_end = source.end(start + 1)  # a point: show the character it points at
    replacements = _replacements(comment.get("fix"), layout, source)
    return ShellCheckFinding(number, code, level, message, span_start, span_end, replacements)


def _replacements(
    fix: object, layout: _Layout, source: ShellSource
) -> tuple[tuple[int, int, str], ...]:
    """ShellCheck's replacements in Dockerfile offsets, or () if any does not map exactly
    (text inside an escape, across a continuation, or on a line dlint added)."""
    if not isinstance(fix, dict) or not isinstance(fix.get("replacements"), list):
        return ()
    edits: list[tuple[int, int, str]] = []
    for item in fix["replacements"]:
        try:
            start = _text_position(layout, source.text, int(item["line"]), int(item["column"]))
            end = _text_position(layout, source.text, int(item["endLine"]), int(item["endColumn"]))
            text = str(item["replacement"])
            after = str(item.get("insertionPoint", "")) == "beforeStart"
        except (KeyError, TypeError, ValueError):
            return ()
        if start is None or end is None or end < start:
            return ()
        if start == end:  # an insertion: stick to the character it belongs to
            at = source.end(start) if after else source.offset(start)
            edits.append((at, at, text))
            continue
        span_start, span_end = source.span(start, end)
        if span_end - span_start != end - start:
            return ()
        edits.append((span_start, span_end, text))
    edits.sort()
    if any(a[1] > b[0] for a, b in pairwise(edits)):
        return ()
    return tuple(edits)


def _text_position(layout: _Layout, text: str, line: int, column: int) -> int | None:
    if line < 1:
        return 0
    if line > len(layout.lines):
        return len(text)
    start = layout.lines[line - 1]
    if start is None:
        return None
    line_end = text.find("\n", start)
    limit = len(text) if line_end < 0 else line_end + 1
    return min(start + max(column, 1) - 1, limit)
