"""The ``dlint`` command.

``dlint [OPTIONS] [PATH ...]`` lints files and directories; ``dlint rules`` lists the rules;
``dlint rule CODE`` prints one rule's documentation; ``dlint lsp`` runs the Language Server;
``dlint verify`` builds a Dockerfile before and after its fixes (`dlint_dockerfile.verify`).
Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage, configuration or I/O
error.

Everything a run shares between its files (configuration, settings, result cache, the
warnings shown) lives in the `LintSession` that `main` makes for it, never in this module:
two runs in one process share nothing. Heavy modules (the engine, rich, tree-sitter) are
imported only when needed, so ``dlint --version`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dlint_dockerfile import __version__
from dlint_dockerfile.lint.collector import collector_paused
from dlint_dockerfile.lint.jobs import jobs_argument

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult, Severity
    from dlint_dockerfile.lint.files import Discovered
    from dlint_dockerfile.lint.session import FileChange, FileOutcome, LintSession

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "gnu")
FAIL_LEVELS = ("error", "warning", "info", "style", "none")


class UsageError(Exception):
    """A problem with the command line or the configuration (exit 2)."""


def _split(values: list[str] | None) -> tuple[str, ...]:
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dlint",
        description="Lint Dockerfiles. Subcommands: 'dlint rules', 'dlint rule CODE', "
        "'dlint cache', 'dlint context', 'dlint format', 'dlint lsp', 'dlint pin', "
        "'dlint verify'.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or directories to lint ('-' for stdin)"
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="rules to run instead of the defaults (codes, names, aliases, "
        "prefixes or categories, comma-separated; ALL for every rule)",
    )
    parser.add_argument(
        "--extend-select", action="append", metavar="RULES", help="rules to run in addition"
    )
    parser.add_argument("--ignore", action="append", metavar="RULES", help="rules not to run")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument(
        "--fail-level",
        choices=FAIL_LEVELS,
        default=None,
        help="lowest severity that makes dlint exit 1 (default: info)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    parser.add_argument("--statistics", action="store_true", help="show counts per rule")
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="only the findings: no code frames and no summary",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the result cache"
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="result cache directory (default: $DLINT_CACHE_DIR, else the user cache folder)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=jobs_argument,
        default=0,
        metavar="N",
        help="worker processes for many files (default: all cores; 1: one process)",
    )
    parser.add_argument(
        "--context",
        metavar="DIR",
        help="build context directory (default: each Dockerfile's folder)",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: found walking up from each file)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="name (and location) of the Dockerfile read from stdin",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal without NO_COLOR)",
    )
    parser.add_argument(
        "--show-fixes",
        action="store_true",
        help="show the edits of each fix; with --fix, list the fixes applied",
    )
    parser.add_argument(
        "--fix", action="store_true", help="apply safe fixes in place ('-': fixed text to stdout)"
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also apply fixes that may change the image's behaviour",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and change nothing (exit 1 if there is one)",
    )
    parser.add_argument(
        "--exit-non-zero-on-fix",
        action="store_true",
        help="with --fix, exit 1 when a file was changed or created (for pre-commit, which "
        "does not see new files)",
    )
    parser.add_argument(
        "--add-ignore",
        action="store_true",
        help="write '# dlint: ignore=CODE' above every remaining finding (a migration aid)",
    )
    parser.add_argument("--version", action="version", version=f"dlint {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run dlint; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "rules":
            return _rules_command(args[1:])
        if args and args[0] == "rule":
            return _rule_command(args[1:])
        if args and args[0] == "cache":
            return _cache_command(args[1:])
        if args and args[0] == "verify":
            from dlint_dockerfile.verify.command import main as verify_main

            return verify_main(args[1:])
        if args and args[0] == "context":
            from dlint_dockerfile.context_command import main as context_main

            return context_main(args[1:])
        if args and args[0] == "pin":
            from dlint_dockerfile.pin_command import main as pin_main

            return pin_main(args[1:])
        if args and args[0] == "format":
            from dlint_dockerfile.format_command import main as format_main

            return format_main(args[1:])
        if args and args[0] == "lsp":
            from dlint_dockerfile.lsp import main as lsp_main

            return lsp_main(args[1:])
        # no collection while the run imports what it needs: modules and classes are no
        # garbage, so each pass would only walk them (`_tune_garbage_collector` turns the
        # collector on again once the rules' registry is loaded)
        with collector_paused():
            return _check_command(args)
    except UsageError as exc:
        print(f"dlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


# ------------------------------------------------------------------ rules / rule


def _rules_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dlint rules", description="List every rule.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    from dlint_dockerfile.lint.registry import default_registry

    registry = default_registry()
    if args.format == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "aliases": list(r.aliases),
                "category": r.category,
                "severity": r.severity.label,
                "fix": r.fix,
                "default_enabled": r.default_enabled,
                "summary": r.summary(),
            }
            for r in registry.rules
        ]
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    width = max(len(r.name) for r in registry.rules)
    for rule in registry.rules:
        aliases = f" ({', '.join(rule.aliases)})" if rule.aliases else ""
        print(
            f"{rule.code}  {rule.name:<{width}}  {rule.category:<10} {rule.severity.label:<7} "
            f"{rule.summary()}{aliases}"
        )
    return EXIT_OK


def _rule_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dlint rule", description="Show a rule's documentation.")
    parser.add_argument("rule", metavar="CODE|NAME|ALIAS")
    args = parser.parse_args(argv)
    from dlint_dockerfile.lint.docs import rule_markdown
    from dlint_dockerfile.lint.registry import default_registry

    registry = default_registry()
    rule = registry.get(args.rule)
    emitted = registry.emitter(args.rule) if rule is None else None
    if emitted is not None and args.rule.strip()[len(emitted.emits) :].isdigit():
        code = args.rule.strip().upper()
        where = emitted.emitted_url.format(code=code)
        sys.stdout.write(f"{code} is reported by [{emitted.code}] {emitted.name}: {where}\n\n")
        rule = emitted
    if rule is None:
        suggestion = registry.suggest(args.rule)
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        raise UsageError(f"unknown rule {args.rule!r}{hint}; 'dlint rules' lists them")
    sys.stdout.write(rule_markdown(rule))
    return EXIT_OK


def _cache_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="dlint cache", description="Show or empty the result cache."
    )
    parser.add_argument("action", choices=("dir", "clean"))
    parser.add_argument("--cache-dir", metavar="DIR", help="the cache directory to act on")
    args = parser.parse_args(argv)
    from dlint_dockerfile.lint.cache import ResultCache, default_cache_dir

    directory = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
    if args.action == "dir":
        print(directory)
        return EXIT_OK
    removed = ResultCache(directory).clear()
    print(f"dlint: removed {removed} cache entr{'ies' if removed != 1 else 'y'} from {directory}")
    return EXIT_OK


# ----------------------------------------------------------------------- checking


def _check_command(argv: list[str]) -> int:
    parser = _check_parser()
    args = parser.parse_args(argv)
    if not args.paths:
        parser.error("no PATH given (use '-' to read standard input)")
    from dlint_dockerfile.lint.session import SessionError

    try:
        return _check(args)
    except SessionError as exc:  # the --config file has an error, or a selector is rejected
        raise UsageError(str(exc)) from None


def _check(args: argparse.Namespace) -> int:
    """Lint (or fix) the paths of the command line; returns the exit code."""
    from dlint_dockerfile.lint.files import discover

    stream = sys.stdout
    from dlint_dockerfile.output.common import use_color

    color = use_color(args.color, stream)
    session = _session(args, color)
    selection = session.options.selection
    if selection.select or selection.extend_select or selection.ignore:
        from dlint_dockerfile.lint.foreign import FOREIGN_CODES, no_rule_reason
        from dlint_dockerfile.lint.registry import SelectorError

        registry = session.registry
        named = (
            ("--select", selection.select or ()),
            ("--extend-select", selection.extend_select),
            ("--ignore", selection.ignore),
        )
        for option, selectors in named:
            for selector in selectors:
                try:
                    registry.resolve(selector)
                except SelectorError as exc:
                    if selector.strip().upper() not in FOREIGN_CODES:
                        raise UsageError(str(exc)) from None
                    if option != "--ignore":  # ignoring what dlint lacks is harmless
                        reason = no_rule_reason(selector)
                        print(
                            f"dlint: warning: {option} {selector} selects no rule: {reason}",
                            file=sys.stderr,
                        )

    if session.options.config is not None:
        session.check_config()  # a --config file governs every file: an error stops the run
    context_dir = session.options.context
    if context_dir is not None and not context_dir.is_dir():
        raise UsageError(f"--context {args.context}: not a directory")

    targets = list(discover(args.paths))
    results: list[FileResult] = []
    thresholds: list[Severity | None] = []
    changes: list[FileChange] = []
    io_error = False
    progress = _progress(len(targets), args.format, args.quiet)
    for target, outcome in _lint_targets(session, targets, args):
        if outcome is None:
            print(target.error, file=sys.stderr)
            io_error = True
            continue
        result = outcome.result
        thresholds.append(outcome.threshold)
        if outcome.change is not None:
            changes.append(outcome.change)
        if result.error is not None:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
            io_error = True
        results.append(result)
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.close()

    session.prune_cache()  # also when only worker processes used it
    if args.diff:
        return _report_diff(changes, io_error)
    if args.fix or args.add_ignore:
        io_error = _report_changes(changes, args) or io_error
        if any(c.path is None for c in changes):
            stream = sys.stderr  # stdout carries the fixed text

    from dlint_dockerfile.output import render

    render(
        results,
        args.format,
        stream,
        color=color,
        show_fixes=args.show_fixes,
        statistics=args.statistics,
        quiet=args.quiet,
    )
    stream.flush()
    if io_error:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if args.exit_non_zero_on_fix and any(c.changed and c.error is None for c in changes):
        return EXIT_FINDINGS
    failing = any(
        threshold is not None and severity >= threshold
        for result, threshold in zip(results, thresholds, strict=True)
        for _, _, severity in result.counted()
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def _session(args: argparse.Namespace, color: bool) -> LintSession:
    """The session of one run: the command line's options for every file."""
    from dlint_dockerfile.lint.command_line import CommandLineSelection
    from dlint_dockerfile.lint.session import LintSession, SessionOptions

    selection = CommandLineSelection(
        select=_split(args.select) if args.select else None,
        extend_select=_split(args.extend_select),
        ignore=_split(args.ignore),
    )
    options = SessionOptions(
        selection=selection,
        config=Path(args.config) if args.config else None,
        context=Path(args.context) if args.context else None,
        fail_level=args.fail_level,
        use_cache=not args.no_cache,
        cache_dir=Path(args.cache_dir) if args.cache_dir else None,
        fix=args.fix or args.diff,
        unsafe_fixes=args.unsafe_fixes,
        add_ignores=args.add_ignore,
        write=not args.diff,
    )
    renderer = None
    if args.format == "text":
        renderer = _TextOutput(color, args.show_fixes, args.statistics, args.quiet)
    return LintSession(options, renderer=renderer, on_rules_loaded=_tune_garbage_collector)


class _TextOutput:
    """The text format's output of one file (`Renderer`): made where the file is linted
    (a worker process) and kept in the result cache."""

    def __init__(self, color: bool, show_fixes: bool, statistics: bool, quiet: bool) -> None:
        self.color = color
        self.show_fixes = show_fixes
        self.statistics = statistics
        self.quiet = quiet

    def key(self, display: str) -> str:
        """The options the output depends on, and the name the file is shown under
        (``./Dockerfile`` and ``Dockerfile`` are one file)."""
        return f"text:{self.color}:{self.show_fixes}:{self.quiet}:{display}"

    def render(self, result: FileResult) -> str:
        from dlint_dockerfile.output.common import RenderOptions
        from dlint_dockerfile.output.text import render_file

        options = RenderOptions(None, self.color, self.show_fixes, self.statistics, self.quiet)
        return render_file(result, options)


#: The collector's thresholds once the rules are loaded (`_tune_garbage_collector`).
_COLLECTOR_THRESHOLDS = (20_000, 20, 20)


def _tune_garbage_collector() -> None:
    """Linting allocates many short-lived objects and few cycles (each file's shell scripts
    and their commands): move what is loaded by now out of the collector's sight, collect
    the youngest generation less often, and collect again (`main` paused it). The
    thresholds are set once per process: a later run in it finds them set."""
    import gc

    if gc.get_threshold() != _COLLECTOR_THRESHOLDS:
        gc.freeze()
        gc.set_threshold(*_COLLECTOR_THRESHOLDS)
    gc.enable()


#: Below this many files per worker, one process lints them all (start-up would dominate).
_FILES_PER_WORKER = 4


def _lint_targets(
    session: LintSession, targets: list[Discovered], args: argparse.Namespace
) -> Iterator[tuple[Discovered, FileOutcome | None]]:
    """Each target with its outcome (None for a target that could not be read), in order;
    linted in worker processes when ``--jobs`` allows and there are enough files. Fixing
    and standard input stay in this process (writes and stdout are ordered here). The
    warnings each file raised are shown before it is yielded."""
    jobs = args.jobs or os.cpu_count() or 1
    readable = [t for t in targets if t.error is None]
    parallel = (
        jobs > 1
        and len(readable) >= 2 * _FILES_PER_WORKER
        and not session.options.fixing
        and all(t.path is not None for t in readable)
    )
    if not parallel:
        for target in targets:
            if target.error is not None:
                yield target, None
                continue
            outcome = _lint_one(session, target.display, target.path, args.stdin_filename)
            _show_warnings(session)
            yield target, outcome
        return
    from functools import partial

    from dlint_dockerfile.lint.parallel import available as fork_available
    from dlint_dockerfile.lint.parallel import file_chunk, fork_map

    workers = min(jobs, max(1, len(readable) // _FILES_PER_WORKER))
    payloads = [(t.display, t.path) for t in readable]
    chunk = file_chunk(len(payloads), workers)
    # The workers get the session as an argument: forked, they inherit it whole (its
    # caches too); spawned, they get it pickled (its options, see `LintSession`).
    work = partial(_lint_in_worker, session)
    outcomes: Iterator[tuple[FileOutcome, list[str]]]
    with contextlib.ExitStack() as stack:
        if fork_available():
            forked = fork_map(work, payloads, workers, chunk)
            stack.callback(forked.close)  # stops the workers if the run ends early
            outcomes = forked
        else:  # pragma: no cover - Windows: a spawning pool
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            outcomes = pool.map(work, payloads, chunksize=chunk)
        for target in targets:
            if target.error is not None:
                yield target, None
                continue
            outcome, warnings = next(outcomes)
            session.warn(warnings)
            _show_warnings(session)
            yield target, outcome


def _lint_in_worker(
    session: LintSession, payload: tuple[str, Path | None]
) -> tuple[FileOutcome, list[str]]:
    """One file in a worker process; its warnings go back to be shown by the parent."""
    display, path = payload
    outcome = _lint_one(session, display, path, None)
    result = outcome.result
    if session.renderer is not None and result.error is None:
        # Rendered here, in parallel; the main process only writes the text and counts.
        if result.rendered is None:
            result.rendered = session.renderer.render(result)
        result.summarise()
    return outcome, session.take_warnings()


def _show_warnings(session: LintSession) -> None:
    for warning in session.warnings_to_show():
        print(warning, file=sys.stderr)


def _lint_one(
    session: LintSession, display: str, path: Path | None, stdin_filename: str | None
) -> FileOutcome:
    """Lint one file (``path`` None: standard input, said to be ``stdin_filename``).

    A file whose result is in the cache is answered without loading the rules. A bug of
    dlint met on this file is its error, not the end of the run (``DLINT_DEBUG=1``: the
    traceback)."""
    from dlint_dockerfile.lint.session import FileOutcome, SessionError

    try:
        if path is None:
            return _lint_stdin(session, stdin_filename)
        return session.lint_file(display, path)
    except (UsageError, SessionError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("DLINT_DEBUG"):
            raise
        from dlint_dockerfile.lint.diagnostic import FileResult
        from dlint_dockerfile.output import HOMEPAGE

        error = (
            f"internal error ({type(exc).__name__}: {exc}); dlint skipped this file. "
            f"Please report it with the file: {HOMEPAGE}/issues"
        )
        return FileOutcome(FileResult(display, error=error), None)


def _lint_stdin(session: LintSession, stdin_filename: str | None) -> FileOutcome:
    """Lint (or fix) standard input, named and located by ``--stdin-filename``."""
    from dlint_dockerfile.lint.diagnostic import FileResult, Severity
    from dlint_dockerfile.lint.files import decode_dockerfile
    from dlint_dockerfile.lint.session import FileOutcome

    display = stdin_filename or "-"
    text, problem = decode_dockerfile(sys.stdin.buffer.read())
    if text is None:
        return FileOutcome(FileResult(display, error=problem), Severity.INFO)
    file_path = Path(stdin_filename) if stdin_filename else None
    return session.lint_text(text, display, file_path)


def _report_diff(changes: list[FileChange], io_error: bool) -> int:
    """--diff: a unified diff of every change on stdout; exit 1 when there is one."""
    from dlint_dockerfile.lint.files import shown_path
    from dlint_dockerfile.output.common import file_diff, write_stdout

    count = changed = 0
    for change in changes:
        if not change.changed:
            continue
        count += len(change.applied) + change.ignores
        name = change.display
        if change.text != change.original:
            changed += 1
            write_stdout(file_diff(change.original, change.text, name))
        for other in change.others:
            changed += 1
            write_stdout(file_diff(other.original, other.text, shown_path(other.path)))
    print(
        f"dlint: would fix {count} problem{'s' if count != 1 else ''} "
        f"in {changed} file{'s' if changed != 1 else ''}",
        file=sys.stderr,
    )
    if io_error:
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_OK


def _report_changes(changes: list[FileChange], args: argparse.Namespace) -> bool:
    """Report what --fix/--add-ignore wrote (stdin: the fixed text to stdout), and the files
    that could not be written, on stderr. True on an error."""
    from dlint_dockerfile.lint.files import shown_path
    from dlint_dockerfile.output.common import write_stdout

    failed = False
    fixed = 0
    ignores = 0
    for change in changes:
        if change.path is None:  # standard input: the text goes to stdout, never to a file
            write_stdout(change.text)
        if change.error is not None:
            print(f"{change.display}: error: {change.error}", file=sys.stderr)
            failed = True
            continue
        fixed += len(change.applied)
        ignores += change.ignores
        for other in change.others:
            verb = "created" if other.original is None else "extended"
            print(f"{change.display}: {verb} {shown_path(other.path)}", file=sys.stderr)
        if args.show_fixes:
            for diagnostic in change.applied:
                title = diagnostic.fix.title if diagnostic.fix is not None else ""
                print(f"{change.display}: fixed {diagnostic.code}: {title}", file=sys.stderr)
        for diagnostic in change.refused:
            print(
                f"{change.display}: dlint: refused the fix of {diagnostic.code} "
                "(it would make a syntax error)",
                file=sys.stderr,
            )
    if args.fix:
        files = sum(1 for c in changes if c.applied)
        print(
            f"dlint: fixed {fixed} problem{'s' if fixed != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}",
            file=sys.stderr,
        )
    if args.add_ignore:
        plural = "s" if ignores != 1 else ""
        print(f"dlint: added {ignores} ignore comment{plural}", file=sys.stderr)
    return failed


class _Progress:
    """A progress bar on stderr (rich), shown only on a terminal for many files."""

    def __init__(self, total: int) -> None:
        from rich.progress import Progress

        self._progress = Progress(transient=True)
        self._task = self._progress.add_task("linting", total=total)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def close(self) -> None:
        self._progress.stop()


def _progress(total: int, fmt: str, quiet: bool) -> _Progress | None:
    if total < 50 or fmt != "text" or quiet or not sys.stderr.isatty():
        return None
    if os.environ.get("NO_COLOR") or os.environ.get("CI"):
        return None
    return _Progress(total)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
