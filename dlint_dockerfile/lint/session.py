"""One lint session: what a front-end's files share while it lints them.

The command line makes one session per run (`dlint_dockerfile.cli.main`), the language
server one per server (`dlint_dockerfile.lsp.engine`). A session owns:

- the configuration lookup and its caches: config files found per directory and loaded
  once each (`ConfigFinder`, `ConfigResolver`);
- the front-end's overrides on top of the configuration (`SessionOptions`: the command
  line's or the editor's rule selection, ``--config``, ``--context``, ``--fail-level``);
- the rule settings resolved per configuration, and the build contexts;
- the result cache (`dlint_dockerfile.lint.cache`);
- the warnings collected while linting, each shown once per session.

`lint_file` and `lint_text` lint (or fix) one file into a `FileOutcome` (findings, fixed
text, refused fixes, errors) that the command line renders; an editor lints an open
document with `prepare_document` and `lint_document`.

A session is one-pass (the command line's: each file is linted once and the files do not
change while it lives) or long-lived (an editor's, `SessionOptions.long_lived`: the stamps
of the config files that may apply are compared before each lookup, paths are resolved
afresh, per-path settings and build contexts are kept between lints of a document).

Worker processes: `lint.parallel` forks them, and a forked worker inherits the session it
is handed whole, caches included (the worker function takes the session as an argument,
never from a module global); the warnings it collects go back with its results
(`take_warnings`, `warn`). Pickled for a spawned worker (Windows), a session keeps its
options and starts with empty caches.

Heavy modules are imported when first needed: a file answered from the result cache loads
neither the rules nor the parser.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dlint_dockerfile._record import record
from dlint_dockerfile.lint.collector import collector_paused
from dlint_dockerfile.lint.command_line import CommandLineSelection
from dlint_dockerfile.lint.diagnostic import FileResult, Severity

if TYPE_CHECKING:  # pragma: no cover
    from types import EllipsisType

    from dlint_dockerfile.lint.cache import ResultCache
    from dlint_dockerfile.lint.config import Config, ConfigFinder, ConfigResolver
    from dlint_dockerfile.lint.diagnostic import Diagnostic, FileEdit
    from dlint_dockerfile.lint.registry import Registry
    from dlint_dockerfile.lint.rule import Rule
    from dlint_dockerfile.lint.runner import LintSettings
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import Dockerfile

__all__ = [
    "CONTEXT_TTL",
    "DocumentSettings",
    "FileChange",
    "FileOutcome",
    "FileSettings",
    "LintSession",
    "LintedDocument",
    "Renderer",
    "SessionError",
    "SessionOptions",
]

#: Seconds a long-lived session reuses a build context's listing between lints of a document.
CONTEXT_TTL = 5.0


class SessionError(Exception):
    """An error that stops every lint of the session: the configuration named in the
    options has an error, or a selector the registry rejects."""


class Renderer(Protocol):
    """The text output of one file, made while its findings are at hand (and stored in the
    result cache beside them)."""

    def key(self, display: str) -> str:
        """What the output depends on besides the findings and the text (a cache key)."""
        ...

    def render(self, result: FileResult) -> str: ...


@record
class SessionOptions:
    """What the front-end decided for every file of the session."""

    #: Rule options on top of the configuration (the command line's or the editor's).
    selection: CommandLineSelection = field(default_factory=CommandLineSelection)
    #: The configuration file of every file (``--config``); None: found per file.
    config: Path | None = None
    #: The build context of every file (``--context``); None: configured, else the
    #: Dockerfile's folder.
    context: Path | None = None
    #: ``--fail-level``: a severity label or ``"none"``; None: the configuration's.
    fail_level: str | None = None
    #: Whether results are kept in the result cache (never while fixing), and where
    #: (None: `default_cache_dir`).
    use_cache: bool = False
    cache_dir: Path | None = None
    #: Apply fixes (``--fix``, ``--diff``), unsafe ones too (``--unsafe-fixes``), add
    #: ignore comments (``--add-ignore``); write the changed text back (not ``--diff``).
    fix: bool = False
    unsafe_fixes: bool = False
    add_ignores: bool = False
    write: bool = False
    #: An unnamed document (standard input, an untitled buffer) is looked up as
    #: ``<root>/Dockerfile``; None: the working folder.
    root: Path | None = None
    #: An editor's session (see the module docstring).
    long_lived: bool = False
    #: Called when a rule raises (`LintSettings.on_rule_failure`); None: it propagates.
    on_rule_failure: Callable[[type[Rule], Exception], None] | None = None

    @property
    def fixing(self) -> bool:
        return self.fix or self.add_ignores


@record
class FileChange:
    """What fixing did (or would do, with ``--diff``) to one file (``path``: the file to
    write, None for standard input)."""

    path: Path | None
    display: str
    original: str
    text: str
    applied: list[Diagnostic]
    refused: list[Diagnostic]
    ignores: int = 0
    #: Why the fixed text could not be written (the file is unchanged).
    error: str | None = None
    #: Other files the fixes edit or create (the `.dockerignore`), written with this one.
    others: tuple[OtherFileChange, ...] = ()

    @property
    def changed(self) -> bool:
        return self.text != self.original or bool(self.others)


@record
class OtherFileChange:
    """Another file a fix edits: its text before (None: the fix creates it) and after."""

    path: Path
    original: str | None
    text: str


@record
class FileOutcome:
    """One file linted (or fixed): its result, the lowest severity that makes it fail
    (None: none does), and what fixing did to it."""

    result: FileResult
    threshold: Severity | None
    change: FileChange | None = None


@record
class FileSettings:
    """The rules that apply to a file, with the configuration they come from."""

    config: Config | None
    settings: LintSettings
    #: About them: the configuration's own warnings, rules named on purpose that cannot run.
    warnings: list[str]
    #: A selector the registry rejects (the settings are then the defaults).
    error: str | None = None


@record
class DocumentSettings:
    """What applies to an editor's document: its rules and build context, and a problem to
    show (its configuration has an error: the defaults apply)."""

    file_path: Path | None
    settings: LintSettings
    context: BuildContext | None
    problem: str | None


@record
class LintedDocument:
    """An editor's document linted: its tree (the next parse reuses it), model and findings."""

    tree: Dockerfile
    model: DockerfileModel
    diagnostics: list[Diagnostic]


class LintSession:
    """Configuration, settings, build contexts, result cache and warnings shared by the
    files a front-end lints (see the module docstring)."""

    def __init__(
        self,
        options: SessionOptions | None = None,
        *,
        registry: Registry | None = None,
        renderer: Renderer | None = None,
        on_rules_loaded: Callable[[], None] | None = None,
    ) -> None:
        """``registry``: None for the built-in rules, loaded on first use (then
        ``on_rules_loaded`` is called); ``renderer``: the text output stored beside each
        result."""
        self.options = options if options is not None else SessionOptions()
        self.renderer = renderer
        self._given_registry = registry
        self._registry = registry
        self._on_rules_loaded = on_rules_loaded
        self._cache: ResultCache | None = None
        self._warnings: list[str] = []
        self._shown: set[str] = set()
        self._finder: ConfigFinder
        self._resolver: ConfigResolver | None
        self._settings: dict[tuple[int, str | None], FileSettings]
        self._stamps: dict[Path, tuple[tuple[str, int, int], ...]]
        self._forget_configs()
        self._inputs: dict[Path | None, str] = {}
        self._real_folders: dict[str, Path] = {}
        self._contexts: dict[tuple[Path, Path | None], tuple[float, BuildContext]] = {}
        #: Other files (absolute path → text) as fixes of earlier files of a run that
        #: does not write (``--diff``) would leave them: later files see them so.
        self._pending: dict[str, str] = {}

    def __getstate__(self) -> dict[str, Any]:
        """A spawned worker's session: the options, without the caches."""
        return {
            "options": self.options,
            "registry": self._given_registry,
            "renderer": self.renderer,
            "on_rules_loaded": self._on_rules_loaded,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        options = state.pop("options")
        self.__init__(options, **state)  # type: ignore[misc]

    def reset(self, options: SessionOptions | None = None) -> None:
        """Forget configurations, settings, build contexts and resolved folders (the files
        may have changed), and take new ``options``."""
        if options is not None:
            self.options = options
            self._cache = None
        self._forget_configs()
        self._inputs.clear()
        self._real_folders.clear()
        self._contexts.clear()

    def forget_contexts(self) -> None:
        self._contexts.clear()

    @property
    def registry(self) -> Registry:
        """The rules, loaded on first use (a run answered from the result cache never
        loads them)."""
        if self._registry is None:
            from dlint_dockerfile.lint.registry import default_registry

            self._registry = default_registry()
            if self._on_rules_loaded is not None:
                self._on_rules_loaded()
        return self._registry

    # -- configuration ------------------------------------------------------------------

    def _forget_configs(self) -> None:
        from dlint_dockerfile.lint.config import ConfigFinder

        self._finder = ConfigFinder()
        self._resolver = None
        self._settings = {}
        self._stamps = {}

    def lookup(self, file_path: Path | None) -> Path:
        """Where the configuration of a file is looked up from: its real path (for an
        unnamed document, ``<root>/Dockerfile``)."""
        long_lived = self.options.long_lived
        if file_path is None:
            file_path = (self.options.root or Path.cwd()) / "Dockerfile"
            if long_lived:
                return file_path
        if long_lived:
            try:
                return file_path.resolve()
            except OSError:
                return file_path
        return self._resolved(file_path)

    def _resolved(self, path: Path) -> Path:
        """``path.resolve()``, the folder's part resolved once per folder (``resolve`` walks
        every component with a system call each; a run lints many files per folder)."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        return self._real_folder(os.path.dirname(path) or ".") / path.name

    def _real_folder(self, folder: str) -> Path:
        """The real path of ``folder``: its parent's (remembered) joined with its name when
        it is no link itself, one system call for a folder met for the first time (a
        monorepo has one folder per Dockerfile)."""
        real = self._real_folders.get(folder)
        if real is None:
            parent, name = os.path.split(folder)
            if not parent or parent == folder or name in ("", ".", "..") or os.path.islink(folder):
                real = Path(folder).resolve()
            else:
                real = self._real_folder(parent) / name
            self._real_folders[folder] = real
        return real

    def config_for(self, lookup: Path) -> Config:
        """The configuration of the file looked up from ``lookup`` (`lookup`); raises
        `ConfigError`."""
        if self.options.long_lived:
            self._check_stamps(lookup.parent)
        if self._resolver is None:
            from dlint_dockerfile.lint.config import ConfigResolver

            self._resolver = ConfigResolver(self.registry, self._finder)
        return self._resolver.config_for(lookup, self.options.config)

    def check_config(self) -> None:
        """Raise `SessionError` if the configuration named in the options has an error
        (it governs every file)."""
        from dlint_dockerfile.lint.config import ConfigError

        try:
            self.config_for(Path.cwd() / "Dockerfile")
        except ConfigError as exc:
            raise SessionError(str(exc)) from None

    def _config_source(self, lookup: Path) -> Path | None:
        """The config file `config_for` would load (None: the defaults), found without
        loading it or the rules."""
        if self.options.config is not None:
            return self.options.config
        return self._finder.find(lookup)

    def _check_stamps(self, directory: Path) -> None:
        """Forget the configurations when a config file that may apply changed."""
        stamp = _config_stamp(directory)
        previous = self._stamps.get(directory)
        if previous is not None and previous != stamp:
            import logging

            logging.getLogger(__name__).info("configuration changed near %s; reloading", directory)
            self._forget_configs()
        self._stamps[directory] = stamp

    def threshold(self, config: Config | None) -> Severity | None:
        """The lowest severity that makes a file fail (None: none does)."""
        fail_level = self.options.fail_level
        if fail_level is not None:
            return None if fail_level == "none" else Severity.parse(fail_level)
        if config is not None and config.fail_level_set:
            return config.fail_level
        return Severity.INFO

    # -- settings and context -----------------------------------------------------------

    def settings_for(self, config: Config | None, lookup: Path) -> FileSettings:
        """The rules for the file looked up from ``lookup`` under ``config``: the options'
        selection on top of it. Resolved once per configuration (per file as well when
        the configuration has per-path entries: a one-pass session keeps those not)."""
        per_file = config is not None and bool(config.per_path)
        key = (id(config), str(lookup) if per_file else None)
        found = self._settings.get(key)
        if found is not None and found.config is config:
            return found
        from dlint_dockerfile.lint.selection import resolve_settings

        registry = self.registry
        selection = self.options.selection
        error = None
        try:
            settings = resolve_settings(registry, config, selection, lookup)
        except Exception as exc:  # a selector the registry rejects
            error = str(exc)
            settings = resolve_settings(registry, None, CommandLineSelection(), lookup)
        if self.options.on_rule_failure is not None:
            settings = replace(settings, on_rule_failure=self.options.on_rule_failure)
        warnings = _unavailable(registry, settings, selection, config)
        if config is not None:
            warnings[:0] = [f"dlint: warning: {w}" for w in config.warnings]
        found = FileSettings(config, settings, warnings, error)
        if not per_file or self.options.long_lived:
            self._settings[key] = found
        return found

    def context_for(self, file_path: Path | None, config: Config | None) -> BuildContext | None:
        """The build context of a file (None: it has none: an unnamed document without a
        configured context). A long-lived session reuses it for `CONTEXT_TTL` seconds."""
        directory = self.options.context
        if directory is None and config is not None and config.context is not None:
            directory = config.context
        if file_path is not None and (file_path.is_file() or directory is not None):
            dockerfile = file_path
        elif directory is not None:
            dockerfile = directory / "Dockerfile"
        else:
            return None
        from dlint_dockerfile.model.context import BuildContext

        if not self.options.long_lived:
            return BuildContext.for_dockerfile(dockerfile, directory)
        key = (dockerfile, directory)
        now = time.monotonic()
        cached = self._contexts.get(key)
        if cached is not None and now - cached[0] < CONTEXT_TTL:
            return cached[1]
        context = BuildContext.for_dockerfile(dockerfile, directory)
        self._contexts[key] = (now, context)
        return context

    # -- files --------------------------------------------------------------------------

    def lint_file(self, display: str, path: Path) -> FileOutcome:
        """Lint (or fix) the file at ``path``, its findings named ``display``; the result
        cache's when it holds it."""
        from dlint_dockerfile.lint.files import read_dockerfile

        cache = self.result_cache()
        entry: str | None = None
        text: str | None = None
        if cache is not None:
            text, _ = read_dockerfile(path)
            if text is not None:
                source = self._config_source(self.lookup(path))
                entry = cache.key(text, path, self._run_inputs(source))
                rendering = self.renderer.key(display) if self.renderer is not None else None
                found = cache.get(entry, display, rendering)
                if found is not None:
                    self._warnings.extend(found.warnings)
                    if found.rendered is not None:
                        result = FileResult(display, rendered=found.rendered, summary=found.summary)
                    else:
                        result = FileResult(display, found.diagnostics, text)
                    return FileOutcome(result, found.threshold)
        return self._lint_fresh(display, path, path, text, cache, entry)

    def lint_text(self, text: str, display: str, file_path: Path | None) -> FileOutcome:
        """Lint (or fix) ``text``, said to be at ``file_path`` (for its configuration and
        build context) and named ``display``; fixed text is never written (standard
        input's goes to the front-end)."""
        return self._lint_fresh(display, file_path, None, text, None, None)

    def _lint_fresh(
        self,
        display: str,
        file_path: Path | None,
        target: Path | None,
        known: str | None,
        cache: ResultCache | None,
        entry: str | None,
    ) -> FileOutcome:
        """Lint (or fix) one file with the rules (``known``: its text, already read;
        ``target``: the file fixed text is written to); store the result under ``entry``."""
        from dlint_dockerfile.lint.config import ConfigError
        from dlint_dockerfile.lint.runner import lint_text

        lookup = self.lookup(file_path)
        try:
            config = self.config_for(lookup)
        except ConfigError as exc:
            if self.options.config is not None:  # it governs every file
                raise SessionError(str(exc)) from None
            self._warnings.append(f"dlint: error: {exc}")  # once, however many files it governs
            reason = f"not linted: its configuration {exc.path} has an error"
            return FileOutcome(FileResult(display, error=reason), Severity.INFO)
        threshold = self.threshold(config)
        if known is None:
            from dlint_dockerfile.lint.files import read_dockerfile

            assert file_path is not None
            known, error = read_dockerfile(file_path)
            if known is None:
                return FileOutcome(FileResult(display, error=error), threshold)
        text = known
        chosen = self.settings_for(config, lookup)
        if chosen.error is not None:
            raise SessionError(chosen.error)
        self._warnings.extend(chosen.warnings)
        settings = chosen.settings
        context = self.context_for(file_path, config)
        with collector_paused():
            if self.options.fixing:
                result, change = self._fix(display, text, settings, file_path, target, context)
                return FileOutcome(result, threshold, change)
            result = lint_text(text, settings, path=display, file_path=file_path, context=context)
        rendering = self.renderer.key(display) if self.renderer is not None else None
        if self.renderer is not None:
            result.rendered = self.renderer.render(result)
        if cache is not None and entry is not None:
            cache.put(
                entry,
                result.diagnostics,
                context=context,
                threshold=threshold,
                warnings=chosen.warnings,
                tokens={r.code: t for r in settings.rules if (t := r.cache_token())},
                rendered={rendering: result.rendered} if rendering and result.rendered else None,
            )
            if cache.problem is not None:
                self._warnings.append(cache.problem)
        return FileOutcome(result, threshold)

    def _fix(
        self,
        display: str,
        text: str,
        settings: LintSettings,
        file_path: Path | None,
        target: Path | None,
        context: BuildContext | None,
    ) -> tuple[FileResult, FileChange]:
        """Fix (and/or add ignores to) one file; the result holds what remains.

        ``file_path`` is where the text is said to be (for the configuration and the build
        context); ``target`` is the file the fixed text is written to, None for standard
        input, whose fixed text goes to the front-end."""
        from dlint_dockerfile.lint.files import write_files
        from dlint_dockerfile.lint.fixing import add_ignores, fix_text, is_applicable
        from dlint_dockerfile.lint.runner import lint_model
        from dlint_dockerfile.model.model import DockerfileModel
        from dlint_dockerfile.syntax import parse

        options = self.options
        applied: list[Diagnostic] = []
        refused: list[Diagnostic] = []
        fixed = text
        others: tuple[OtherFileChange, ...] = ()
        if options.fix:
            if self._pending and context is not None:
                context = context.overlaid(self._pending)
            outcome = fix_text(
                text,
                settings,
                unsafe=options.unsafe_fixes,
                file_path=file_path,
                context=context,
                other_files=target is not None,
                known_files=self._pending,
            )
            fixed, initial, remaining = outcome.text, outcome.initial, outcome.remaining
            applied, refused = outcome.applied, outcome.refused
            others = tuple(OtherFileChange(Path(p), o, t) for p, (o, t) in outcome.files.items())
            if not options.write:
                self._pending.update((str(o.path), o.text) for o in others)
            if target is None:
                for d in remaining:
                    if d.fix is not None and d.fix.files and is_applicable(d, options.unsafe_fixes):
                        self._warnings.append(_not_written(display, d.fix.title, d.fix.files))
        ignores = 0
        if options.add_ignores:
            model = DockerfileModel(parse(fixed), file_path, context)
            if not options.fix:
                initial = remaining = lint_model(model, settings)
            fixed, ignores = add_ignores(model, remaining)
            if ignores:
                remaining = lint_model(DockerfileModel(parse(fixed), file_path, context), settings)
        error = None
        if target is not None and options.write and (fixed != text or others):
            written: list[tuple[Path, str | EllipsisType | None, str]] = []
            if fixed != text:
                written.append((target, ..., fixed))
            written.extend((o.path, o.original, o.text) for o in others)
            error = write_files(written)
            if error is not None:  # the files keep their text: report every finding
                fixed, remaining, applied, ignores, others = text, initial, [], 0, ()
        change = FileChange(
            target, display, text, fixed, applied, refused, ignores, error, others
        )
        diagnostics = [replace(d, path=display) for d in remaining]
        return FileResult(display, diagnostics, fixed), change

    # -- editor documents ---------------------------------------------------------------

    def prepare_document(self, file_path: Path | None) -> DocumentSettings:
        """The rules and build context of an editor's document (at ``file_path``, None:
        untitled). A configuration with an error is a problem to show, and the defaults
        apply meanwhile."""
        from dlint_dockerfile.lint.config import ConfigError

        lookup = self.lookup(file_path)
        problem: str | None = None
        config: Config | None
        try:
            config = self.config_for(lookup)
        except ConfigError as exc:
            config = None
            problem = f"dlint configuration error: {exc}"
        chosen = self.settings_for(config, lookup)
        if chosen.error is not None:
            problem = f"dlint settings error: {chosen.error}"
        context = self.context_for(file_path, config)
        return DocumentSettings(file_path, chosen.settings, context, problem)

    def lint_document(
        self, text: str, prepared: DocumentSettings, previous: Dockerfile | None = None
    ) -> LintedDocument:
        """Lint an editor's document (``previous``: its last tree, whose unchanged
        instructions the parse takes over)."""
        from dlint_dockerfile.lint.runner import lint_model
        from dlint_dockerfile.model.model import DockerfileModel
        from dlint_dockerfile.syntax import parse

        tree = parse(text, previous)
        model = DockerfileModel(tree, prepared.file_path, prepared.context)
        return LintedDocument(tree, model, lint_model(model, prepared.settings))

    # -- result cache -------------------------------------------------------------------

    def result_cache(self) -> ResultCache | None:
        """The result cache (None: not used, or fixing)."""
        if not self.options.use_cache or self.options.fixing:
            return None
        if self._cache is None:
            from dlint_dockerfile.lint.cache import ResultCache, default_cache_dir

            self._cache = ResultCache(self.options.cache_dir or default_cache_dir())
        return self._cache

    def prune_cache(self) -> None:
        cache = self.result_cache()
        if cache is not None:
            cache.prune()

    def _run_inputs(self, source: Path | None) -> str:
        """What a file's result depends on besides the file: the options' selection, fail
        level, context and config, and the config file (path and bytes)."""
        found = self._inputs.get(source)
        if found is None:
            from dlint_dockerfile.lint.cache import file_digest

            options = self.options
            selection = options.selection
            parts = [
                repr((selection.select, selection.extend_select, selection.ignore,
                      sorted(selection.settings.items()))),
                repr(options.fail_level),
                os.path.abspath(options.context) if options.context is not None else "-",
                os.path.abspath(source) if source is not None else "-",
                file_digest(source) if source is not None else "-",
            ]
            found = self._inputs[source] = "\0".join(parts)
        return found

    # -- warnings -----------------------------------------------------------------------

    def warn(self, warnings: Iterable[str]) -> None:
        """Collect warnings (those a worker process handed back)."""
        self._warnings.extend(warnings)

    def take_warnings(self) -> list[str]:
        """The warnings collected since the last call (a worker hands them back)."""
        taken = self._warnings
        self._warnings = []
        return taken

    def warnings_to_show(self) -> list[str]:
        """The collected warnings not shown yet in this session, in order and each once;
        from now on they count as shown."""
        new = []
        for warning in self.take_warnings():
            if warning not in self._shown:
                self._shown.add(warning)
                new.append(warning)
        return new


def _unavailable(
    registry: Registry,
    settings: LintSettings,
    selection: CommandLineSelection,
    config: Config | None,
) -> list[str]:
    """The warnings for rules named on purpose that cannot run (ShellCheck missing)."""
    missing = [r for r in settings.rules if not r.available()]
    if not missing:
        return []
    named = [*(selection.select or ()), *selection.extend_select]
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


def _config_stamp(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Modification time and size of every config file from ``directory`` up to the root."""
    from dlint_dockerfile.lint.config import DLINT_NAMES, HADOLINT_NAMES, PYPROJECT

    found: list[tuple[str, int, int]] = []
    current = directory
    while True:
        for name in (*DLINT_NAMES, PYPROJECT, *HADOLINT_NAMES):
            candidate = os.path.join(current, name)
            try:
                info = os.stat(candidate)
            except OSError:
                continue
            found.append((candidate, info.st_mtime_ns, info.st_size))
        parent = current.parent
        if parent == current:
            break
        current = parent
    return tuple(found)


def _not_written(display: str, title: str, files: tuple[FileEdit, ...]) -> str:
    """Why a fix that edits another file is not applied to standard input."""
    names = " and ".join(sorted({Path(f.path).name for f in files}))
    return (
        f"dlint: {display}: not applied: {title} (it writes {names}, which dlint never "
        "does for standard input; run dlint --fix on the file)"
    )
