"""What must hold for any input, checked on the fix loop and on the ``dlint`` command.

Each check raises `PropertyFailure` (an AssertionError) whose message starts with the
property's name in brackets, so failures can be told apart and counted; any other
exception is a crash of dlint itself.

The command runs in-process through `dlint_dockerfile.cli.main`, which is safe to call repeatedly:
each run keeps what its files share in a `LintSession` of its own, and `dlint_dockerfile.cli`
has no module-level state (tests/test_cli_session.py); the registry and the collector
tuning are per process by design.
Standard streams are swapped for byte buffers; stdout and stderr are strict UTF-8, as in a
UTF-8 locale (C.UTF-8 would hide an unencodable character behind ``surrogateescape``).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dlint_dockerfile import cli
from dlint_dockerfile.lint.files import decode_dockerfile
from dlint_dockerfile.lint.fixing import (
    ADD_IGNORE_REASON,
    FixOutcome,
    apply_edits,
    fix_text,
    is_applicable,
)
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings
from dlint_dockerfile.syntax import parse
from tests.fix_invariants import buildkit_can_read, buildkit_parses, changed_outside_edits

BOM = "\ufeff"


class PropertyFailure(AssertionError):
    """A property of the fix loop or the command that does not hold."""


def require(condition: object, name: str, detail: str = "") -> None:
    if not condition:
        raise PropertyFailure(f"[{name}] {detail}".rstrip())


# --------------------------------------------------------------------- the text


def syntax_problems(text: str) -> Counter[str]:
    return Counter(issue.code for _, issue in parse(text).all_issues())


def new_problems(before: str, after: str) -> list[str]:
    """Syntax problem codes ``after`` has more often than ``before``."""
    old, new = syntax_problems(before), syntax_problems(after)
    return sorted(code for code, count in new.items() if count > old.get(code, 0))


def only_crlf(text: str) -> bool:
    return "\r\n" in text and "\n" not in text.replace("\r\n", "")


def check_fixed_text(original: str, fixed: str) -> None:
    """What any fixed text owes its original: BuildKit and dlint still read it as well,
    the BOM and the line-ending style are kept."""
    require("DLX000" not in syntax_problems(fixed), "parser-internal-error", "in the fixed text")
    added = new_problems(original, fixed)
    require(not added, "new-syntax-problem", f"{added}")
    if buildkit_can_read(original) and buildkit_parses(original):
        require(buildkit_parses(fixed), "buildkit-parse", "BuildKit cannot parse the fixed text")
    if original.startswith(BOM):
        require(fixed.startswith(BOM), "bom-kept")
    if only_crlf(original):
        require("\n" not in fixed.replace("\r\n", ""), "crlf-kept", "a bare LF appeared")
    if "\r" not in original:
        require("\r" not in fixed, "no-cr-added")


# -------------------------------------------------------------------- fix loop


@cache
def fixable_rules() -> LintSettings:
    """Every rule that has a fix (the others cannot change the text)."""
    registry = default_registry()
    return LintSettings(tuple(r for r in registry.rules if r.fix != "never"), registry=registry)


def replayed(outcome: FixOutcome) -> str:
    text = outcome.original
    for edits in outcome.edits:
        text = apply_edits(text, edits)
    return text


def check_fix_loop(text: str, unsafe: bool) -> FixOutcome:
    """`fix_text` on ``text``: see the module docstring and `check_fixed_text`."""
    require("DLX000" not in syntax_problems(text), "parser-internal-error", "in the input")
    settings = fixable_rules()
    outcome = fix_text(text, settings, unsafe=unsafe)
    fixed = outcome.text
    require(replayed(outcome) == fixed, "edits-replay", "the recorded edits do not give the text")
    refused = {(d.code, d.message) for d in outcome.refused}
    undone = sorted(
        {
            d.code
            for d in outcome.remaining
            if is_applicable(d, unsafe) and (d.code, d.message) not in refused
        }
    )
    require(not undone, "fix-left-undone", f"{undone} after {outcome.passes} passes")
    if not outcome.changed:
        return outcome
    check_fixed_text(text, fixed)
    outside = changed_outside_edits(outcome)
    require(outside is None, "changed-outside-edits", f"lines {outside}")
    again = fix_text(fixed, settings, unsafe=unsafe)
    require(again.text == fixed, "idempotence", f"second pass applied {_codes(again)}")
    return outcome


def _codes(outcome: FixOutcome) -> list[str]:
    return sorted({d.code for d in outcome.applied})


# --------------------------------------------------------------------- command


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", "surrogateescape")


def run_dlint(args: Sequence[str], cwd: Path, stdin: bytes = b"") -> Run:
    """``dlint ARGS`` in this process, in ``cwd``, with ``stdin``."""
    out, err = io.BytesIO(), io.BytesIO()
    streams = (sys.stdin, sys.stdout, sys.stderr)
    fake_out = io.TextIOWrapper(out, encoding="utf-8", errors="strict", write_through=True)
    fake_err = io.TextIOWrapper(err, encoding="utf-8", errors="strict", write_through=True)
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout, sys.stderr = fake_out, fake_err
    before = os.getcwd()
    os.chdir(cwd)
    debug = os.environ.get("DLINT_DEBUG")
    os.environ["DLINT_DEBUG"] = "1"  # a bug of dlint is raised, not made a file's error line
    try:
        try:
            code = cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        fake_out.flush()
        fake_err.flush()
    finally:
        if debug is None:
            del os.environ["DLINT_DEBUG"]
        else:
            os.environ["DLINT_DEBUG"] = debug
        os.chdir(before)
        sys.stdin, sys.stdout, sys.stderr = streams
        fake_out.detach()
        fake_err.detach()
    run = Run(code, out.getvalue(), err.getvalue().decode("utf-8", "surrogateescape"))
    _check_exit(run, args)
    return run


def _check_exit(run: Run, args: Sequence[str]) -> None:
    shown = " ".join(args)
    require(run.code in (0, 1, 2), "exit-code", f"dlint {shown}: {run.code}")
    require("Traceback" not in run.stderr, "traceback", f"dlint {shown}")
    require("internal error" not in run.stderr, "internal-error", run.stderr[-300:])
    if run.code == 2:
        require("error" in run.stderr, "exit-2-silent", f"dlint {shown}: exit 2, stderr empty")


@dataclass(frozen=True)
class Entry:
    data: bytes
    mode: int
    mtime: int


def snapshot(folder: Path) -> dict[str, Entry]:
    """Every file below ``folder``: bytes, mode, modification time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = Entry(
                path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_mtime_ns
            )
    return found


def patched(original: bytes, diff: bytes, scratch: Path) -> bytes:
    """``original`` with the unified ``diff`` applied by GNU patch (no fuzz, CRs kept)."""
    source, result, patch_file = scratch / "orig", scratch / "out", scratch / "diff"
    source.write_bytes(original)
    patch_file.write_bytes(diff)
    done = subprocess.run(
        ["patch", "--quiet", "--force", "--binary", "--fuzz=0", "--no-backup-if-mismatch",
         "-o", str(result), str(source), str(patch_file)],
        capture_output=True,
        check=False,
    )  # fmt: skip
    require(done.returncode == 0, "diff-applies", (done.stdout + done.stderr).decode()[:300])
    data = result.read_bytes()
    for path in (source, result, patch_file):
        path.unlink()
    return data


def without_added_ignores(text: str) -> str:
    """``text`` less the lines ``--add-ignore`` writes (the first may follow the BOM)."""
    reason = re.escape(ADD_IGNORE_REASON)
    pattern = re.compile(
        r"^\ufeff?[ \t]*# dlint: ignore=[A-Z0-9,]+ -- " + reason + r"(\r\n|\r|\n)", re.MULTILINE
    )
    return pattern.sub(lambda m: BOM if m.group().startswith(BOM) else "", text)


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="dlint-fuzz-") as name:
        yield Path(name)


FILE_MODE = 0o640


def check_command(data: bytes, flags: Sequence[str]) -> None:
    """``dlint`` on a file holding ``data`` and on standard input, with ``flags``
    (the fix and selection options), in a fresh folder."""
    with workspace() as work, workspace() as scratch:
        path = work / "Dockerfile"
        path.write_bytes(data)
        path.chmod(FILE_MODE)
        fixed = _check_file(path, data, flags, scratch)
        path.write_bytes(data)  # --stdin-filename names it: a write over it would show
        _check_stdin(work, data, fixed, flags, scratch)


def _check_file(path: Path, data: bytes, flags: Sequence[str], scratch: Path) -> bytes | None:
    """Lint, diff, fix and fix again; returns what ``--fix`` wrote (None: unreadable)."""
    work = path.parent
    original, problem = decode_dockerfile(data)
    lint = run_dlint(["--no-cache", "-q", *flags, str(path)], work)
    before = snapshot(work)
    diff = run_dlint(["--diff", *flags, str(path)], work)
    require(snapshot(work) == before, "diff-writes-nothing")
    fix = run_dlint(["--fix", *flags, str(path)], work)
    if original is None:
        require(fix.code == 2 and f"error: {problem}" in fix.stderr, "unreadable-error")
        require(snapshot(work) == before, "unreadable-untouched")
        return None
    for run in (lint, diff, fix):
        require(run.code != 2, "unexpected-exit-2", run.stderr[-300:])
    written = path.read_bytes()
    require(stat.S_IMODE(path.stat().st_mode) == FILE_MODE, "mode-kept")
    require(sorted(p.name for p in work.iterdir()) == ["Dockerfile"], "no-temporary-left")
    if written != data:
        check_fixed_text(original, written.decode("utf-8", "surrogateescape"))
    require(
        (diff.stdout == b"") == (written == data), "diff-iff-fix", f"diff exit {diff.code}"
    )
    if diff.stdout:
        require(patched(data, diff.stdout, scratch) == written, "diff-equals-fix")
    mtime = path.stat().st_mtime_ns
    run_dlint(["--fix", *flags, str(path)], work)
    require(path.read_bytes() == written, "idempotence", "a second --fix changed the file")
    require(path.stat().st_mtime_ns == mtime, "unchanged-not-rewritten")
    return written


def _check_stdin(
    work: Path, data: bytes, fixed: bytes | None, flags: Sequence[str], scratch: Path
) -> None:
    """``--fix -``, ``--diff -``, ``--add-ignore -``, with and without ``--stdin-filename``
    naming the existing file: nothing in the folder changes, the text goes to stdout."""
    text, problem = decode_dockerfile(data)
    for named in ((), ("--stdin-filename", str(work / "Dockerfile"))):
        before = snapshot(work)
        fix = run_dlint(["--fix", *flags, *named, "-"], work, data)
        require(snapshot(work) == before, "stdin-writes-nothing", f"--fix - {' '.join(named)}")
        if text is None:
            require(fix.code == 2 and f"error: {problem}" in fix.stderr, "unreadable-error")
            continue
        require(fix.code != 2, "stdin-fix-error", fix.stderr[-300:])
        if named and fixed is not None:
            require(fix.stdout == fixed, "stdin-fix-equals-file-fix")
        check_fixed_text(text, fix.text)
        diff = run_dlint(["--diff", *flags, *named, "-"], work, data)
        require(snapshot(work) == before, "stdin-writes-nothing", f"--diff - {' '.join(named)}")
        expected = fix.stdout
        require((diff.stdout == b"") == (expected == data), "stdin-diff-iff-fix")
        if diff.stdout:
            require(patched(data, diff.stdout, scratch) == expected, "stdin-diff-equals-fix")
        ignore = run_dlint(["--add-ignore", *flags, *named, "-"], work, data)
        require(
            snapshot(work) == before, "stdin-writes-nothing", f"--add-ignore - {' '.join(named)}"
        )
        require(ignore.code != 2, "stdin-add-ignore-error", ignore.stderr[-300:])
        require(without_added_ignores(ignore.text) == text, "stdin-add-ignore-output")
