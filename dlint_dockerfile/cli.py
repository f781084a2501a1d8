"""The ``dlint`` command.

``dlint [OPTIONS] [PATH ...]`` lints files and directories; ``dlint rules`` lists the rules;
``dlint rule CODE`` prints one rule's documentation; ``dlint lsp`` runs the Language Server;
``dlint verify`` builds a Dockerfile before and after its fixes (`dlint_dockerfile.verify`).
Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage, configuration or I/O
error.

Heavy modules (the engine, rich, tree-sitter) are imported only when needed, so
``dlint --version`` starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dlint_dockerfile import __version__

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.cache import ResultCache
    from dlint_dockerfile.lint.command_line import CommandLineSelection
    from dlint_dockerfile.lint.config import Config
    from dlint_dockerfile.lint.diagnostic import Diagnostic, Severity
    from dlint_dockerfile.lint.files import Discovered
    from dlint_dockerfile.lint.registry import Registry
    from dlint_dockerfile.lint.runner import FileResult, LintSettings
    from dlint_dockerfile.model.context import BuildContext

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FORMATS = ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "gnu")
FAIL_LEVELS = ("error", "warning", "info", "style", "none")


#: Resolved rule settings per configuration object, for this run (see _lint_one).
_SETTINGS: dict[int, tuple[object, LintSettings, list[str]]] = {}


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
        "'dlint cache', 'dlint lsp', 'dlint verify'.",
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
        type=_jobs,
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
        if args and args[0] == "lsp":
            from dlint_dockerfile.lsp import main as lsp_main

            return lsp_main(args[1:])
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


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return value


def _check_command(argv: list[str]) -> int:
    parser = _check_parser()
    args = parser.parse_args(argv)
    _SETTINGS.clear()  # the command line is part of every cached selection
    if not args.paths:
        parser.error("no PATH given (use '-' to read standard input)")

    from dlint_dockerfile.lint.command_line import CommandLineSelection
    from dlint_dockerfile.lint.files import discover

    _INPUTS.clear()
    _REAL_FOLDERS.clear()  # per run: the working folder and the links may change between
    _CHANGES.clear()  # what a run that raised had queued
    cli = CommandLineSelection(
        select=_split(args.select) if args.select else None,
        extend_select=_split(args.extend_select),
        ignore=_split(args.ignore),
    )
    if cli.select or cli.extend_select or cli.ignore:
        from dlint_dockerfile.lint.foreign import FOREIGN_CODES, no_rule_reason
        from dlint_dockerfile.lint.registry import SelectorError

        registry = _registry()
        options = (("--select", cli.select or ()), ("--extend-select", cli.extend_select))
        for option, selectors in (*options, ("--ignore", cli.ignore)):
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

    explicit = Path(args.config) if args.config else None
    if explicit is not None:
        _check_config(explicit)
    context_dir = Path(args.context) if args.context else None
    if context_dir is not None and not context_dir.is_dir():
        raise UsageError(f"--context {args.context}: not a directory")

    targets = list(discover(args.paths))
    stream = sys.stdout
    color = _use_color(args.color, stream)
    args.color_output = color  # workers render text output with it
    results: list[FileResult] = []
    thresholds: list[Severity | None] = []
    io_error = False
    progress = _progress(len(targets), args.format, args.quiet)
    for target, outcome in _lint_targets(targets, args, cli, explicit, context_dir):
        if outcome is None:
            print(target.error, file=sys.stderr)
            io_error = True
            continue
        result, threshold = outcome
        thresholds.append(threshold)
        if result.error is not None:
            print(f"{result.path}: error: {result.error}", file=sys.stderr)
            io_error = True
        results.append(result)
        if progress is not None:
            progress.advance()
    if progress is not None:
        progress.close()

    changes = list(_CHANGES)
    _CHANGES.clear()
    if not (args.fix or args.diff or args.add_ignore):
        cache = _result_cache(args)  # also when only worker processes used it
        if cache is not None:
            cache.prune()
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
    failing = any(
        threshold is not None and severity >= threshold
        for result, threshold in zip(results, thresholds, strict=True)
        for _, _, severity in result.counted()
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_config(path: Path) -> None:
    """A --config file governs every file: an error in it stops the run (exit 2)."""
    from dlint_dockerfile.lint.config import ConfigError, config_for

    try:
        config_for(Path.cwd() / "Dockerfile", _registry(), path)
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _registry() -> Registry:
    """The built-in rules, loaded on first use (a run answered from the result cache never
    loads them); the garbage collector is tuned once they are in memory."""
    from dlint_dockerfile.lint.registry import default_registry

    if not _REGISTRY_LOADED:
        _REGISTRY_LOADED.append(True)
        registry = default_registry()
        _tune_garbage_collector()
        return registry
    return default_registry()


_REGISTRY_LOADED: list[bool] = []


def _tune_garbage_collector() -> None:
    """Linting allocates many short-lived objects and few cycles (each file's shell scripts
    and their commands): move what is loaded by now out of the collector's sight and
    collect the youngest generation less often (5-10% less time on the corpus)."""
    import gc

    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No collection while one file is linted: everything its model allocates survives
    until the end, so each pass would only walk it (5% of a 10 MB file's time). The model
    is freed by reference counting (tests/lint/test_memory.py); the few cycles a lint
    leaves are collected between files."""
    import gc

    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: Below this many files per worker, one process lints them all (start-up would dominate).
_FILES_PER_WORKER = 4


def _lint_targets(
    targets: list[Discovered],
    args: argparse.Namespace,
    cli: CommandLineSelection,
    explicit: Path | None,
    context_dir: Path | None,
) -> Iterator[tuple[Discovered, tuple[FileResult, Severity | None] | None]]:
    """Each target with its result (None for a target that could not be read), in order;
    linted in worker processes when ``--jobs`` allows and there are enough files. Fixing
    and standard input stay in this process (writes and stdout are ordered here)."""
    jobs = args.jobs or os.cpu_count() or 1
    readable = [t for t in targets if t.error is None]
    parallel = (
        jobs > 1
        and len(readable) >= 2 * _FILES_PER_WORKER
        and not (args.fix or args.diff or args.add_ignore)
        and all(t.path is not None for t in readable)
    )
    if not parallel:
        for target in targets:
            if target.error is not None:
                yield target, None
                continue
            outcome = _lint_one(target.display, target.path, args, cli, explicit, context_dir)
            _flush_warnings()
            yield target, outcome
        return
    from dlint_dockerfile.lint.parallel import available as fork_available
    from dlint_dockerfile.lint.parallel import fork_map

    workers = min(jobs, max(1, len(readable) // _FILES_PER_WORKER))
    payloads = [(t.display, t.path, args, cli, explicit, context_dir) for t in readable]
    # About four chunks a worker, 8 to 32 files each: enough to balance the workers
    # (the last chunk is what the others wait for), and neighbouring files, often of one
    # image family, stay in one worker, whose parsed scripts and instructions they reuse
    # (corpus/real: 3% less time, wall and CPU, than chunks of 4 files).
    chunk = max(8, min(32, len(payloads) // (workers * 4)))
    outcomes: Iterator[tuple[FileResult, Severity | None, list[str]]]
    with contextlib.ExitStack() as stack:
        if fork_available():
            forked = fork_map(_lint_in_worker, payloads, workers, chunk)
            stack.callback(forked.close)  # stops the workers if the run ends early
            outcomes = forked
        else:  # pragma: no cover - Windows: a spawning pool
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            outcomes = pool.map(_lint_in_worker, payloads, chunksize=chunk)
        for target in targets:
            if target.error is not None:
                yield target, None
                continue
            result, threshold, warnings = next(outcomes)
            _WARNINGS.extend(w for w in warnings if w not in _WARNINGS_SHOWN)
            _flush_warnings()
            yield target, (result, threshold)


def _lint_in_worker(
    payload: tuple[
        str, Path | None, argparse.Namespace, CommandLineSelection, Path | None, Path | None
    ],
) -> tuple[FileResult, Severity | None, list[str]]:
    """One file in a worker process; warnings come back instead of being printed."""
    display, path, args, cli, explicit, context_dir = payload
    result, threshold = _lint_one(display, path, args, cli, explicit, context_dir)
    if args.format == "text" and result.error is None:
        # Rendered here, in parallel; the main process only writes the text and counts.
        if result.rendered is None:
            result.rendered = _render_file(result, args)
        result.summarise()
    warnings = list(_WARNINGS)
    _WARNINGS.clear()
    return result, threshold, warnings


def _flush_warnings() -> None:
    for warning in _WARNINGS:
        if warning not in _WARNINGS_SHOWN:
            _WARNINGS_SHOWN.add(warning)
            print(warning, file=sys.stderr)
    _WARNINGS.clear()


def _report_diff(changes: list[_Change], io_error: bool) -> int:
    """--diff: a unified diff of every change on stdout; exit 1 when there is one."""
    import difflib

    count = 0
    for change in changes:
        if change.text == change.original:
            continue
        count += len(change.applied) + change.ignores
        name = change.display
        diff = difflib.unified_diff(
            _diff_lines(change.original),
            _diff_lines(change.text),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        _write_stdout("".join(diff))
    changed = sum(1 for c in changes if c.text != c.original)
    print(
        f"dlint: would fix {count} problem{'s' if count != 1 else ''} "
        f"in {changed} file{'s' if changed != 1 else ''}",
        file=sys.stderr,
    )
    if io_error:
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_OK


def _write_stdout(text: str) -> None:
    """Write a Dockerfile's text (or a diff of it) to stdout as the bytes it came from:
    bytes that are not UTF-8 are lone surrogates in the text (`decode_dockerfile`), which a
    strict UTF-8 stdout (an en_US.UTF-8 locale) refuses; no newline translation either."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's capture)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", "surrogateescape"))
    buffer.flush()


def _diff_lines(text: str) -> list[str]:
    """``text`` cut after each newline, the only line break diff and patch know (not at
    every Unicode one, as ``splitlines`` does); a last line without a newline is marked
    as diff marks it, on either side of the diff."""
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()
    if last != "\n":
        lines.append(last + "\\ No newline at end of file\n")
    return lines


def _report_changes(changes: list[_Change], args: argparse.Namespace) -> bool:
    """Report what --fix/--add-ignore wrote (stdin: the fixed text to stdout), and the files
    that could not be written, on stderr. True on an error."""
    failed = False
    fixed = 0
    ignores = 0
    for change in changes:
        if change.path is None:  # standard input: the text goes to stdout, never to a file
            _write_stdout(change.text)
        if change.error is not None:
            print(f"{change.display}: error: {change.error}", file=sys.stderr)
            failed = True
            continue
        fixed += len(change.applied)
        ignores += change.ignores
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


def _lint_one(
    display: str,
    path: Path | None,
    args: argparse.Namespace,
    cli: CommandLineSelection,
    explicit: Path | None,
    context_dir: Path | None,
) -> tuple[FileResult, Severity | None]:
    """Lint one file; also returns the severity at which it fails (None: never).

    A file whose result is in the cache is answered without loading the rules. A bug of
    dlint met on this file is its error, not the end of the run (``DLINT_DEBUG=1``: the
    traceback)."""
    try:
        return _lint_cached(display, path, args, cli, explicit, context_dir)
    except (UsageError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("DLINT_DEBUG"):
            raise
        from dlint_dockerfile.lint.runner import FileResult
        from dlint_dockerfile.output import HOMEPAGE

        error = (
            f"internal error ({type(exc).__name__}: {exc}); dlint skipped this file. "
            f"Please report it with the file: {HOMEPAGE}/issues"
        )
        return FileResult(display, error=error), None


def _lint_cached(
    display: str,
    path: Path | None,
    args: argparse.Namespace,
    cli: CommandLineSelection,
    explicit: Path | None,
    context_dir: Path | None,
) -> tuple[FileResult, Severity | None]:
    """`_lint_one` without the guard: the cached result, or a fresh lint."""
    from dlint_dockerfile.lint.files import read_dockerfile

    cache = None
    if path is not None and not (args.fix or args.diff or args.add_ignore):
        cache = _result_cache(args)
    entry: str | None = None
    text: str | None = None
    if cache is not None and path is not None:
        from dlint_dockerfile.lint.config import config_source
        from dlint_dockerfile.lint.diagnostic import FileResult

        text, _ = read_dockerfile(path)
        if text is not None:
            source = config_source(_resolved(path), explicit)
            entry = cache.key(text, path, _run_inputs(args, cli, source, context_dir))
            found = cache.get(entry, display, _rendering(args, display))
            if found is not None:
                _WARNINGS.extend(found.warnings)
                if found.rendered is not None:
                    result = FileResult(display, rendered=found.rendered, summary=found.summary)
                    return result, found.threshold
                return FileResult(display, found.diagnostics, text), found.threshold
    return _lint_fresh(display, path, args, cli, explicit, context_dir, text, cache, entry)


def _lint_fresh(
    display: str,
    path: Path | None,
    args: argparse.Namespace,
    cli: CommandLineSelection,
    explicit: Path | None,
    context_dir: Path | None,
    known: str | None,
    cache: ResultCache | None,
    entry: str | None,
) -> tuple[FileResult, Severity | None]:
    """Lint (or fix) one file with the rules (``known``: its text, already read); store
    the result under ``entry``."""
    from dlint_dockerfile.lint.config import ConfigError, config_for
    from dlint_dockerfile.lint.diagnostic import Severity
    from dlint_dockerfile.lint.files import decode_dockerfile, read_dockerfile
    from dlint_dockerfile.lint.runner import FileResult, lint_text
    from dlint_dockerfile.lint.selection import resolve_settings
    from dlint_dockerfile.model.context import BuildContext

    registry = _registry()
    if path is None:  # standard input
        display = args.stdin_filename or "-"
        known, problem = decode_dockerfile(sys.stdin.buffer.read())
        if known is None:
            return FileResult(display, error=problem), Severity.INFO
        file_path = Path(args.stdin_filename) if args.stdin_filename else None
    else:
        file_path = path
    lookup = _resolved(file_path if file_path is not None else Path.cwd() / "Dockerfile")
    threshold: Severity | None = Severity.INFO
    try:
        config = config_for(lookup, registry, explicit)
    except ConfigError as exc:
        if explicit is not None:  # --config governs every file (and was checked at start)
            raise UsageError(str(exc)) from None
        _WARNINGS.append(f"dlint: error: {exc}")  # once, however many files it governs
        reason = f"not linted: its configuration {exc.path} has an error"
        return FileResult(display, error=reason), threshold
    if args.fail_level is not None:
        threshold = None if args.fail_level == "none" else Severity.parse(args.fail_level)
    elif config is not None and config.fail_level_set:
        threshold = config.fail_level
    if known is None:
        assert path is not None
        known, error = read_dockerfile(path)
        if known is None:
            return FileResult(display, error=error), threshold
    text = known
    # Without per-path overrides the selection depends only on the configuration,
    # which config_for returns as one shared object per configuration file.
    key = id(config) if config is None or not config.per_path else None
    cached = _SETTINGS.get(key) if key is not None else None
    if cached is not None and cached[0] is config:
        settings, warnings = cached[1], cached[2]
    else:
        try:
            settings = resolve_settings(registry, config, cli, lookup)
        except Exception as exc:  # a selector the registry rejects (already validated)
            raise UsageError(str(exc)) from None
        warnings = _unavailable(registry, settings, cli, config)
        if config is not None:
            warnings[:0] = [f"dlint: warning: {w}" for w in config.warnings]
        if key is not None:
            _SETTINGS[key] = (config, settings, warnings)
    _WARNINGS.extend(warnings)
    directory = context_dir
    if directory is None and config is not None and config.context is not None:
        directory = config.context
    context = None
    dockerfile = None
    if file_path is not None and (file_path.is_file() or directory is not None):
        dockerfile = file_path
    elif directory is not None:
        dockerfile = directory / "Dockerfile"
    if dockerfile is not None:
        context = BuildContext.for_dockerfile(dockerfile, directory)
    with _collector_paused():
        if args.fix or args.diff or args.add_ignore:
            target = None if path is None else file_path  # standard input is never written
            fixed = _fix_one(display, text, settings, args, file_path, target, context)
            return fixed, threshold
        result = lint_text(text, settings, path=display, file_path=file_path, context=context)
    rendering = _rendering(args, display)
    if rendering is not None:
        result.rendered = _render_file(result, args)
    if cache is not None and entry is not None:
        cache.put(
            entry,
            result.diagnostics,
            context=context,
            threshold=threshold,
            warnings=warnings,
            tokens={r.code: t for r in settings.rules if (t := r.cache_token())},
            rendered={rendering: result.rendered} if rendering and result.rendered else None,
        )
        if cache.problem is not None:
            _WARNINGS.append(cache.problem)
    return result, threshold


#: Real paths of the folders files were linted in (`_resolved`).
_REAL_FOLDERS: dict[str, Path] = {}


def _resolved(path: Path) -> Path:
    """``path.resolve()``, the folder's part resolved once per folder (``resolve`` walks
    every component with a system call each; a run lints many files per folder)."""
    if path.name in ("", ".", "..") or path.is_symlink():
        return path.resolve()
    return _real_folder(os.path.dirname(path) or ".") / path.name


def _real_folder(folder: str) -> Path:
    """The real path of ``folder``: its parent's (remembered) joined with its name when
    it is no link itself, one system call for a folder met for the first time (a
    monorepo has one folder per Dockerfile)."""
    real = _REAL_FOLDERS.get(folder)
    if real is None:
        parent, name = os.path.split(folder)
        if not parent or parent == folder or name in ("", ".", "..") or os.path.islink(folder):
            real = Path(folder).resolve()
        else:
            real = _real_folder(parent) / name
        _REAL_FOLDERS[folder] = real
    return real


def _rendering(args: argparse.Namespace, display: str) -> str | None:
    """For the text format, what a file's output depends on besides its findings and
    text (as a cache key): the options, and the name it is shown under (``./Dockerfile``
    and ``Dockerfile`` are one file)."""
    if args.format != "text":
        return None
    return f"text:{args.color_output}:{args.show_fixes}:{args.quiet}:{display}"


def _render_file(result: FileResult, args: argparse.Namespace) -> str:
    from dlint_dockerfile.output.common import RenderOptions
    from dlint_dockerfile.output.text import render_file

    options = RenderOptions(None, args.color_output, args.show_fixes, args.statistics, args.quiet)
    return render_file(result, options)


#: The run's inputs for the result cache, per config file (see `_run_inputs`).
_INPUTS: dict[Path | None, str] = {}


def _run_inputs(
    args: argparse.Namespace,
    cli: CommandLineSelection,
    source: Path | None,
    context_dir: Path | None,
) -> str:
    """What a file's result depends on besides the file: the command line's selection,
    fail level, context and config options, and the config file (path and bytes)."""
    found = _INPUTS.get(source)
    if found is None:
        from dlint_dockerfile.lint.cache import file_digest

        parts = [
            repr((cli.select, cli.extend_select, cli.ignore)),
            repr(args.fail_level),
            os.path.abspath(context_dir) if context_dir is not None else "-",
            os.path.abspath(source) if source is not None else "-",
            file_digest(source) if source is not None else "-",
        ]
        found = _INPUTS[source] = "\0".join(parts)
    return found


#: The result cache of this process (see `_result_cache`).
_CACHE: list[ResultCache] = []


def _result_cache(args: argparse.Namespace) -> ResultCache | None:
    """The result cache for this run, or None with --no-cache."""
    if args.no_cache:
        return None
    from dlint_dockerfile.lint.cache import ResultCache, default_cache_dir

    directory = Path(args.cache_dir) if args.cache_dir else default_cache_dir()
    if not _CACHE or _CACHE[0].directory != directory:
        _CACHE[:] = [ResultCache(directory)]
    return _CACHE[0]


@dataclass
class _Change:
    """What --fix, --diff or --add-ignore did (or would do) to one file (``path``: the file
    to write, None for standard input)."""

    path: Path | None
    display: str
    original: str
    text: str
    applied: list[Diagnostic]
    refused: list[Diagnostic]
    ignores: int = 0
    #: Why the fixed text could not be written (the file is unchanged).
    error: str | None = None


_CHANGES: list[_Change] = []


def _fix_one(
    display: str,
    text: str,
    settings: LintSettings,
    args: argparse.Namespace,
    file_path: Path | None,
    target: Path | None,
    context: BuildContext | None,
) -> FileResult:
    """Fix (and/or add ignores to) one file; the result holds what remains.

    ``file_path`` is where the text is said to be (for the configuration and the build
    context, ``--stdin-filename`` for standard input); ``target`` is the file the fixed text
    is written to, None for standard input, whose fixed text goes to stdout."""
    from dataclasses import replace

    from dlint_dockerfile.lint.files import write_dockerfile
    from dlint_dockerfile.lint.fixing import add_ignores, fix_text
    from dlint_dockerfile.lint.runner import FileResult, lint_model
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import parse

    applied: list[Diagnostic] = []
    refused: list[Diagnostic] = []
    fixed = text
    if args.fix or args.diff:
        outcome = fix_text(
            text, settings, unsafe=args.unsafe_fixes, file_path=file_path, context=context
        )
        fixed, initial, remaining = outcome.text, outcome.initial, outcome.remaining
        applied, refused = outcome.applied, outcome.refused
    ignores = 0
    if args.add_ignore:
        model = DockerfileModel(parse(fixed), file_path, context)
        if not (args.fix or args.diff):
            initial = remaining = lint_model(model, settings)
        fixed, ignores = add_ignores(model, remaining)
        if ignores:
            remaining = lint_model(DockerfileModel(parse(fixed), file_path, context), settings)
    error = None
    if target is not None and not args.diff and fixed != text:
        error = write_dockerfile(target, fixed)
        if error is not None:  # the file keeps its text: report every finding in it
            fixed, remaining, applied, ignores = text, initial, [], 0
    _CHANGES.append(_Change(target, display, text, fixed, applied, refused, ignores, error))
    diagnostics = [replace(d, path=display) for d in remaining]
    return FileResult(display, diagnostics, fixed)


#: Warnings to print (in order, once): collected so worker processes can hand them back.
_WARNINGS: list[str] = []
_WARNINGS_SHOWN: set[str] = set()


def _unavailable(
    registry: Registry, settings: LintSettings, cli: CommandLineSelection, config: Config | None
) -> list[str]:
    """The warnings for rules named on purpose that cannot run (ShellCheck missing)."""
    missing = [r for r in settings.rules if not r.available()]
    if not missing:
        return []
    named = [*(cli.select or ()), *cli.extend_select]
    if config is not None:
        named += [*(config.select or ()), *config.extend_select]
    warnings = []
    for rule in missing:
        for selector in named:
            try:
                hit = rule in registry.resolve(selector) and selector.strip().upper() != "ALL"
            except ValueError:
                hit = False
            if hit:
                warnings.append(
                    f"dlint: warning: {rule.code} ({rule.name}) is selected but cannot run: "
                    f"{rule.requirement}"
                )
                break
    return warnings


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


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
