"""Configuration: where it comes from, what it may say, and precise errors when it is wrong.

Sources, first found wins, walking up from the linted file's directory to the root:

1. ``.dlint.yaml``, ``.dlint.yml`` or a ``pyproject.toml`` with a ``[tool.dlint]`` table
   (in that order within one directory; the nearest directory wins);
2. only if none of those exists anywhere on the walk: ``.hadolint.yaml`` / ``.hadolint.yml``
   found the same way, then hadolint's per-user files (``$XDG_CONFIG_HOME/hadolint.yaml``,
   ``~/.config/hadolint.yaml``, ...), translated into dlint's terms.

``--config PATH`` names the file explicitly; its kind follows its name (``*.toml`` is read
as a pyproject's ``[tool.dlint]``, a name containing ``hadolint`` as hadolint YAML, anything
else as dlint YAML).

Every mistake -- unknown key, wrong type, unknown severity or rule selector, YAML or TOML
syntax, an unreadable file -- is a `ConfigError` naming ``file:line:column`` (1-based) and,
where something close exists, a did-you-mean. hadolint and BuildKit codes that dlint does
not implement (`FOREIGN_CODES`) and ShellCheck codes are valid selectors that select nothing.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol, cast

from dlint_dockerfile._toml import toml as _toml
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.foreign import FOREIGN_CODES, HADOLINT_CODES, no_rule_reason
from dlint_dockerfile.lint.format_options import FORMAT_KEYS, FormatOptions
from dlint_dockerfile.lint.pin_options import PIN_KEYS, PinOptions

__all__ = [
    "Config",
    "ConfigError",
    "ConfigFinder",
    "ConfigKind",
    "ConfigResolver",
    "PerPath",
    "SelectorResolver",
    "clear_config_cache",
    "config_for",
    "find_config",
    "load_config",
]

ConfigKind = Literal["dlint", "pyproject", "hadolint", "default"]
#: A location inside a config document: mapping keys and list indexes.
KeyPath = tuple[object, ...]

DLINT_NAMES = (".dlint.yaml", ".dlint.yml")
HADOLINT_NAMES = (".hadolint.yaml", ".hadolint.yml")
PYPROJECT = "pyproject.toml"

_TOP_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "severity",
    "fail-level",
    "context",
    "settings",
    "per-path",
    "format",
    "pin",
)
_PER_PATH_KEYS = ("paths", "ignore", "extend-select", "severity")
_SETTINGS = (
    "trusted-registries",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "runtime-bases",
)
_LABEL_TYPES = ("text", "url", "spdx", "rfc3339", "semver", "hash", "email")
_LEVELS = ("error", "warning", "info", "style")
_HADOLINT_KEYS = (
    "ignored",
    "override",
    "trustedRegistries",
    "failure-threshold",
    "label-schema",
    "strict-labels",
    "disable-ignore-pragma",
    "no-fail",
    "no-color",
    "format",
    "verbose",
)
_SHELLCHECK = re.compile(r"SC\d{4}", re.IGNORECASE)
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")
_TOOL_DLINT_HEADER = re.compile(r"^\s*\[\[?\s*tool\s*\.\s*[\"']?dlint\b", re.MULTILINE)


class ConfigError(Exception):
    """A config file that cannot be used; ``str()`` is ``path:line:column: message``.

    ``line`` and ``column`` are 1-based (1:1 when the problem has no better place, e.g.
    an unreadable file); ``key`` is the dotted path of the offending key inside the
    config (``per-path[0].ignore[2]``), or None when the problem is not about one key.
    """

    def __init__(
        self, path: Path, line: int, column: int, message: str, key: str | None = None
    ) -> None:
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.key = key

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.path, self.line, self.column, self.message, self.key))


class SelectorResolver(Protocol):
    """What config validation needs from the rule registry (`lint.registry.Registry`).

    ``resolve`` raises an exception with a ``suggestion`` attribute (str or None) for a
    selector that names nothing. A ``rules`` attribute, if present, lists rule classes
    whose ``settings`` class attribute declares further valid ``settings`` keys.
    """

    def resolve(self, selector: str) -> Sequence[object]: ...


@dataclass(frozen=True)
class PerPath:
    """Overrides for the files matching any of ``patterns``.

    Patterns are globs relative to the config file's directory, with ``/`` separators:
    ``*``, ``?`` and ``[...]`` stay within one path segment, ``**`` spans any number of
    segments. A pattern without ``/`` matches a file or directory name at any depth (as in
    ``.gitignore``); one that matches a directory applies to everything below it.
    """

    patterns: tuple[str, ...]
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)

    def matches(self, relative: str) -> bool:
        """Whether the ``/``-separated path (relative to the config's directory) matches."""
        segments = [s for s in relative.split("/") if s not in ("", ".")]
        if not segments:
            return False
        prefixes = ["/".join(segments[: k + 1]) for k in range(len(segments))]
        for pattern in self.patterns:
            regex, anchored, directory_only = _compile_glob(pattern)
            candidates = prefixes if anchored else segments
            if directory_only:
                candidates = candidates[:-1]
            if any(regex.fullmatch(candidate) for candidate in candidates):
                return True
        return False


@dataclass(frozen=True)
class Config:
    """One loaded configuration, in dlint's terms whatever file it came from.

    ``select`` is None when the config does not replace the default rule set. Selectors
    are kept as written (validated, not resolved). ``no_fail`` is True for ``fail-level:
    none`` (and hadolint's ``no-fail: true`` or ``failure-threshold: none|ignore``): never
    fail; ``fail_level`` is then None. ``fail_level`` is also None when the config does not
    set it (the caller's default applies); `fail_level_set` tells the two apart.
    ``context`` is absolute, resolved against the config file's directory.
    """

    path: Path | None = None
    kind: ConfigKind = "default"
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_level: Severity | None = None
    no_fail: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    per_path: tuple[PerPath, ...] = ()
    context: Path | None = None
    #: How ``dlint format`` writes files (the ``format`` table).
    format: FormatOptions = field(default_factory=FormatOptions)
    #: Where ``dlint pin`` looks digests up (the ``pin`` table).
    pin: PinOptions = field(default_factory=PinOptions)
    #: ``path:line:column: message`` of what is valid but does nothing (a selector of a
    #: hadolint or BuildKit code dlint has no rule for).
    warnings: tuple[str, ...] = ()

    @property
    def fail_level_set(self) -> bool:
        """Whether the config chose a fail level (`fail_level`, or None for never fail)."""
        return self.fail_level is not None or self.no_fail

    @property
    def base_dir(self) -> Path | None:
        """The directory relative paths in the config are resolved against."""
        return None if self.path is None else _absolute(self.path).parent

    def matching_overrides(self, file: Path) -> list[PerPath]:
        """The ``per-path`` entries that apply to ``file``, in config order."""
        base = self.base_dir
        if base is None or not self.per_path:
            return []
        target = _absolute(file)
        try:
            relative = target.relative_to(base).as_posix()
        except ValueError:
            relative = target.name  # outside the config's tree: only name patterns apply
        return [entry for entry in self.per_path if entry.matches(relative)]


DEFAULT_CONFIG = Config()


# -- discovery ---------------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The config file for a file or directory: see the module docstring for the order."""
    return ConfigFinder().find(start)


class ConfigFinder:
    """Config discovery with per-directory memo tables (plain strings and ``os.path``:
    it runs for every linted file, also when the result comes from the cache). It finds
    without loading anything, so the result cache can key on the config file that applies
    before any rule is loaded."""

    def __init__(self) -> None:
        self._dlint: dict[str, str | None] = {}
        self._hadolint: dict[str, str | None] = {}
        self._global: tuple[Path | None] | None = None

    def find(self, start: Path) -> Path | None:
        begin = os.path.abspath(start)
        directory = begin if os.path.isdir(begin) else os.path.dirname(begin)
        found = self._nearest(directory, _dlint_config_in, self._dlint)
        if found is None:
            found = self._nearest(directory, _hadolint_config_in, self._hadolint)
        if found is not None:
            return Path(found)
        if self._global is None:
            self._global = (_global_hadolint_config(),)
        return self._global[0]

    @staticmethod
    def _nearest(
        directory: str, probe: Callable[[str], str | None], memo: dict[str, str | None]
    ) -> str | None:
        walked: list[str] = []
        result: str | None = None
        current = directory
        while True:
            if current in memo:
                result = memo[current]
                break
            walked.append(current)
            result = probe(current)
            parent = os.path.dirname(current)
            if result is not None or parent == current:
                break
            current = parent
        for seen in walked:
            memo[seen] = result
        return result


def _first_file(directory: str, names: Iterable[str]) -> str | None:
    """The path of the first of ``names`` that is a file in ``directory``."""
    for name in names:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def _dlint_config_in(directory: str) -> str | None:
    found = _first_file(directory, DLINT_NAMES)
    if found is not None:
        return found
    pyproject = os.path.join(directory, PYPROJECT)
    if os.path.isfile(pyproject) and _has_dlint_table(Path(pyproject)):
        return pyproject
    return None


def _hadolint_config_in(directory: str) -> str | None:
    return _first_file(directory, HADOLINT_NAMES)


def _global_hadolint_config() -> Path | None:
    """hadolint's per-user config locations, in its lookup order."""
    candidates: list[Path] = []
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg:
        candidates.append(Path(xdg) / "hadolint")
    try:
        home = Path.home()
    except (RuntimeError, KeyError):  # pragma: no cover - no home directory at all
        home = None
    if home is not None:
        candidates += [
            home / ".config" / "hadolint",
            home / ".hadolint" / "hadolint",
            home / "hadolint" / "config",
            home / ".hadolint",
        ]
    for stem in candidates:
        for suffix in (".yaml", ".yml"):
            candidate = stem.with_name(stem.name + suffix)
            if candidate.is_file():
                return candidate
    return None


def _has_dlint_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has ``[tool.dlint]`` (a broken one that seems to: yes)."""
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if "dlint" not in text:
        return False
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError:
        return _TOOL_DLINT_HEADER.search(text) is not None
    tool = data.get("tool")
    return isinstance(tool, dict) and "dlint" in tool


# -- loading -----------------------------------------------------------------------------


def load_config(path: Path, registry: SelectorResolver) -> Config:
    """Read and validate one config file; its kind follows its name (see module docstring)."""
    name = path.name.lower()
    text = _read(path)
    if name.endswith(".toml"):
        return _load_pyproject(path, text, registry)
    data, locator = _parse_yaml(path, text)
    reader = _Reader(path, locator, registry)
    if "hadolint" in name:
        return _hadolint_config(reader, data)
    return _dlint_config(reader, data, "dlint")


def config_for(file: Path, registry: SelectorResolver, explicit: Path | None = None) -> Config:
    """The config that applies to ``file`` (``explicit`` from ``--config`` wins).

    Discovery and loading are cached per directory and per config file, for each registry;
    `clear_config_cache` forgets everything (e.g. after a config file changed).
    """
    resolver = _RESOLVERS.get(id(registry))
    if resolver is None or resolver.registry is not registry:
        resolver = _RESOLVERS[id(registry)] = ConfigResolver(registry)
    return resolver.config_for(file, explicit)


def clear_config_cache() -> None:
    """Forget every cached discovery and loaded config."""
    _RESOLVERS.clear()


class ConfigResolver:
    """Finds and loads configs, remembering both; one per registry (``finder``: one that
    has found configs already, shared with whoever found them)."""

    def __init__(self, registry: SelectorResolver, finder: ConfigFinder | None = None) -> None:
        self.registry = registry
        self._finder = finder if finder is not None else ConfigFinder()
        self._loaded: dict[Path, Config | ConfigError] = {}

    def config_for(self, file: Path, explicit: Path | None = None) -> Config:
        path = explicit if explicit is not None else self._finder.find(file)
        return DEFAULT_CONFIG if path is None else self.load(path)

    def load(self, path: Path) -> Config:
        key = _absolute(path)
        cached = self._loaded.get(key)
        if cached is None:
            try:
                cached = load_config(path, self.registry)
            except ConfigError as error:
                cached = error
            self._loaded[key] = cached
        if isinstance(cached, ConfigError):
            raise cached
        return cached


#: Held with their registry, so an ``id`` is never reused while its entry exists.
_RESOLVERS: dict[int, ConfigResolver] = {}


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(path, 1, 1, f"cannot read config file: {reason}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise ConfigError(path, line, column, "config file is not valid UTF-8") from None


def _parse_yaml(path: Path, text: str) -> tuple[Any, _Locator]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt")
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = error.problem or error.context or "syntax error"
        context = f" ({error.context})" if error.problem and error.context else ""
        raise ConfigError(path, line, column, f"invalid YAML: {problem}{context}") from None
    except YAMLError as error:
        raise ConfigError(path, 1, 1, f"invalid YAML: {error}") from None
    keys: dict[KeyPath, tuple[int, int]] = {}
    values: dict[KeyPath, tuple[int, int]] = {}
    data = _yaml_plain(document, (), keys, values)
    return data, _Locator(keys, values)


def _yaml_plain(
    node: object,
    where: KeyPath,
    keys: dict[KeyPath, tuple[int, int]],
    values: dict[KeyPath, tuple[int, int]],
) -> Any:
    """ruamel's round-trip data as plain Python, recording every key's and value's place."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        lc = cast(Any, node).lc
        table: dict[object, Any] = {}
        for key in node:
            plain_key = _yaml_scalar(key)
            inner = (*where, plain_key)
            key_place = _lc_place(lc.key, key)
            if key_place is not None:
                keys[inner] = key_place
            value = node[key]
            value_place = _lc_place(lc.value, key) if value is not None else key_place
            if value_place is not None:
                values[inner] = value_place
            table[plain_key] = _yaml_plain(value, inner, keys, values)
        return table
    if isinstance(node, CommentedSeq):
        lc = cast(Any, node).lc
        items: list[Any] = []
        for index, item in enumerate(node):
            inner = (*where, index)
            place = _lc_place(lc.item, index)
            if place is not None:
                values[inner] = place
            items.append(_yaml_plain(item, inner, keys, values))
        return items
    return _yaml_scalar(node)


def _lc_place(lookup: Callable[[object], Any], key: object) -> tuple[int, int] | None:
    try:
        line, column = lookup(key)
    except (KeyError, IndexError, TypeError, ValueError):  # merged keys have no place
        return None
    return (int(line) + 1, int(column) + 1)


def _yaml_scalar(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def _load_pyproject(path: Path, text: str, registry: SelectorResolver) -> Config:
    toml = _toml()
    try:
        document = toml.loads(text)
    except toml.TOMLDecodeError as error:
        line, column, message = _toml_error_place(error, text)
        raise ConfigError(path, line, column, f"invalid TOML: {message}") from None
    scanner = _TomlScanner(text)
    scanner.run()
    locator = _Locator(scanner.keys, scanner.values, prefix=("tool", "dlint"))
    tool = document.get("tool")
    if not isinstance(tool, dict) or "dlint" not in tool:
        raise ConfigError(path, 1, 1, "no [tool.dlint] table")
    return _dlint_config(_Reader(path, locator, registry), tool["dlint"], "pyproject")


def _toml_error_place(error: Exception, text: str) -> tuple[int, int, str]:
    message = str(getattr(error, "msg", None) or error)
    match = _TOML_POSITION.search(message)
    if match:
        message = message[: match.start()]
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)
    if isinstance(line, int) and isinstance(column, int):
        return line, column, message
    if match and match.group(1):
        return int(match.group(1)), int(match.group(2)), message
    lines = text.split("\n")  # at end of document
    return len(lines), len(lines[-1]) + 1, message


# -- positions ---------------------------------------------------------------------------


class _Locator:
    """1-based places of keys and values; a missing one falls back to its nearest parent."""

    def __init__(
        self,
        keys: dict[KeyPath, tuple[int, int]],
        values: dict[KeyPath, tuple[int, int]],
        prefix: KeyPath = (),
    ) -> None:
        self._keys = keys
        self._values = values
        self._prefix = prefix

    def key(self, where: KeyPath) -> tuple[int, int]:
        return self._find(self._keys, self._values, (*self._prefix, *where))

    def value(self, where: KeyPath) -> tuple[int, int]:
        return self._find(self._values, self._keys, (*self._prefix, *where))

    @staticmethod
    def _find(
        first: dict[KeyPath, tuple[int, int]],
        second: dict[KeyPath, tuple[int, int]],
        where: KeyPath,
    ) -> tuple[int, int]:
        while where:
            place = first.get(where) or second.get(where)
            if place is not None:
                return place
            where = where[:-1]
        return (1, 1)


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class _TomlScanner:
    """Places of keys, values and array items in TOML text that tomllib already accepted."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.keys: dict[KeyPath, tuple[int, int]] = {}
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self._arrays: dict[KeyPath, int] = {}  # array-of-tables path -> count so far
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def run(self) -> None:
        table: KeyPath = ()
        text = self.text
        while True:
            self._skip(newlines=True)
            if self.i >= len(text):
                return
            if text[self.i] == "[":
                table = self._header()
            else:
                self._pair(table)
            self._skip_line()

    def _header(self) -> KeyPath:
        is_array = self.text.startswith("[[", self.i)
        self.i += 2 if is_array else 1
        parts = self._dotted_key()
        path: list[object] = []
        for index, (name, offset) in enumerate(parts):
            path.append(name)
            self._record_key(tuple(path), offset, overwrite=False)
            last = index == len(parts) - 1
            if not last and tuple(path) in self._arrays:
                path.append(self._arrays[tuple(path)] - 1)
        if is_array:
            count = self._arrays.get(tuple(path), 0)
            self._arrays[tuple(path)] = count + 1
            path.append(count)
            if parts:
                self._record_key(tuple(path), parts[-1][1], overwrite=True)
        return tuple(path)

    def _pair(self, table: KeyPath) -> None:
        parts = self._dotted_key()
        if not parts:
            return
        path = table
        for index, (name, offset) in enumerate(parts):
            path = (*path, name)
            self._record_key(path, offset, overwrite=index == len(parts) - 1)
        self._skip()
        if self.text.startswith("=", self.i):
            self.i += 1
        self._skip()
        self.values[path] = self.place(self.i)
        self._value(path)

    def _record_key(self, path: KeyPath, offset: int, *, overwrite: bool) -> None:
        if overwrite or path not in self.keys:
            self.keys[path] = self.values[path] = self.place(offset)

    def _dotted_key(self) -> list[tuple[str, int]]:
        parts: list[tuple[str, int]] = []
        text = self.text
        while True:
            self._skip()
            start = self.i
            if text.startswith(('"', "'"), start):
                self._string()
                name = _toml_key_text(text[start : self.i])
            else:
                match = _BARE_KEY.match(text, start)
                if match is None:
                    return parts
                name = match.group()
                self.i = match.end()
            parts.append((name, start))
            self._skip()
            if not text.startswith(".", self.i):
                return parts
            self.i += 1

    def _value(self, path: KeyPath) -> None:
        text = self.text
        if self.i >= len(text):
            return
        char = text[self.i]
        if char == "[":
            self.i += 1
            index = 0
            while True:
                self._skip(newlines=True)
                if self.i >= len(text) or text[self.i] == "]":
                    self.i += 1
                    return
                if text[self.i] == ",":
                    self.i += 1
                    continue
                item = (*path, index)
                self.values[item] = self.place(self.i)
                before = self.i
                self._value(item)
                self.i = max(self.i, before + 1)
                index += 1
        elif char == "{":
            self.i += 1
            while True:
                self._skip(newlines=True)
                if self.i >= len(text) or text[self.i] == "}":
                    self.i += 1
                    return
                if text[self.i] == ",":
                    self.i += 1
                    continue
                before = self.i
                self._pair(path)
                self.i = max(self.i, before + 1)
        elif char in "\"'":
            self._string()
        else:
            while self.i < len(text) and text[self.i] not in ",]}#\n":
                self.i += 1

    def _string(self) -> None:
        text = self.text
        quote = text[self.i]
        if text.startswith(quote * 3, self.i):
            end = self.i + 3
            while end < len(text):
                if quote == '"' and text[end] == "\\":
                    end += 2
                elif text.startswith(quote * 3, end):
                    end += 3
                    while end < len(text) and text[end] == quote:
                        end += 1
                    break
                else:
                    end += 1
            self.i = min(end, len(text))
            return
        end = self.i + 1
        while end < len(text) and text[end] not in (quote, "\n"):
            end += 2 if quote == '"' and text[end] == "\\" else 1
        self.i = min(end + 1, len(text))

    def _skip(self, *, newlines: bool = False) -> None:
        """Skip blanks (and, with ``newlines``, line ends and comments)."""
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char in " \t" or (newlines and char in "\r\n"):
                self.i += 1
            elif newlines and char == "#":
                self._skip_line()
            else:
                return

    def _skip_line(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end + 1


def _toml_key_text(literal: str) -> str:
    if literal.startswith("'"):
        return literal[1:-1]
    toml = _toml()
    try:
        return str(toml.loads(f"k = {literal}")["k"])
    except toml.TOMLDecodeError:
        return literal[1:-1]


# -- validation --------------------------------------------------------------------------


class _Reader:
    """Checks one parsed document piece by piece, raising `ConfigError` at exact places."""

    def __init__(self, path: Path, locator: _Locator, registry: SelectorResolver) -> None:
        self.path = path
        self.locator = locator
        self.registry = registry
        self.base_dir = _absolute(path).parent
        self.warnings: list[str] = []

    def fail(self, where: KeyPath, message: str, *, at_key: bool = False) -> ConfigError:
        line, column = self.locator.key(where) if at_key else self.locator.value(where)
        return ConfigError(self.path, line, column, message, _dotted(where) or None)

    def wrong_type(self, where: KeyPath, expected: str, value: object) -> ConfigError:
        name = _dotted(where) or "the top level"
        subject = repr(name) if where else name
        return self.fail(where, f"{subject} must be {expected}, got {_type_name(value)}")

    def unknown_key(self, where: KeyPath, known: Iterable[str]) -> ConfigError:
        key = str(where[-1])
        parent = f" in {_dotted(where[:-1])!r}" if len(where) > 1 else ""
        hint = _hint(_closest(key, known))
        return self.fail(where, f"unknown key {key!r}{parent}{hint}", at_key=True)

    def table(self, value: object, where: KeyPath) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.wrong_type(where, "a mapping", value)
        for key in value:
            if not isinstance(key, str):
                message = f"keys must be strings, got {_type_name(key)}"
                raise self.fail((*where, key), message, at_key=True)
        return cast(dict[str, Any], value)

    def string(self, value: object, where: KeyPath) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(where, "a string", value)
        return value

    def boolean(self, value: object, where: KeyPath) -> bool:
        if not isinstance(value, bool):
            raise self.wrong_type(where, "true or false", value)
        return value

    def items(self, value: object, where: KeyPath, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.wrong_type(where, f"a list of {what}", value)
        return value

    def strings(self, value: object, where: KeyPath) -> tuple[str, ...]:
        items = self.items(value, where, "strings")
        return tuple(self.string(item, (*where, i)) for i, item in enumerate(items))

    def selectors(self, value: object, where: KeyPath) -> tuple[str, ...]:
        """Rule selectors; those that select (not ``ignore``) and name a foreign code dlint
        has no rule for are kept with a warning."""
        items = self.items(value, where, "rule selectors")
        names = tuple(self.selector(item, (*where, i)) for i, item in enumerate(items))
        if where[-1] in ("select", "extend-select"):
            for i, name in enumerate(names):
                if name.upper() in FOREIGN_CODES and not self.registry_knows(name):
                    line, column = self.locator.value((*where, i))
                    reason = no_rule_reason(name)
                    self.warnings.append(
                        f"{self.path}:{line}:{column}: {name} selects no rule: {reason}"
                    )
        return names

    def registry_knows(self, name: str) -> bool:
        try:
            self.registry.resolve(name)
        except Exception as error:
            if not hasattr(error, "suggestion"):
                raise
            return False
        return True

    def selector(self, value: object, where: KeyPath, *, at_key: bool = False) -> str:
        """A rule selector the registry knows, or a foreign (hadolint, BuildKit, SC) code."""
        if not isinstance(value, str):
            raise self.wrong_type(where, "a rule selector (string)", value)
        name = value.strip()
        if not name:
            raise self.fail(where, "empty rule selector", at_key=at_key)
        if name.upper() in FOREIGN_CODES or _SHELLCHECK.fullmatch(name):
            return name
        try:
            self.registry.resolve(name)
        except Exception as error:
            if not hasattr(error, "suggestion"):
                raise
            offered = getattr(error, "suggestion", None)
            suggestion = offered if isinstance(offered, str) and offered else None
            suggestion = suggestion or _closest(name.upper(), HADOLINT_CODES)
            message = f"unknown rule selector {name!r}{_hint(suggestion)}"
            raise self.fail(where, message, at_key=at_key) from None
        return name

    def severity(self, value: object, where: KeyPath, extra: Sequence[str] = ()) -> str:
        """A severity name (lower case) from ``_LEVELS`` or ``extra``."""
        choices = (*_LEVELS, *extra)
        text = self.string(value, where).strip().lower()
        if text not in choices:
            hint = _closest(text, choices)
            detail = f"did you mean {hint!r}?" if hint else f"expected one of {', '.join(choices)}"
            raise self.fail(where, f"invalid severity {value!r} ({detail})")
        return text

    def severity_map(self, value: object, where: KeyPath) -> dict[str, Severity]:
        result: dict[str, Severity] = {}
        for key, level in self.table(value, where).items():
            inner = (*where, key)
            selector = self.selector(key, inner, at_key=True)
            result[selector] = Severity.parse(self.severity(level, inner))
        return result

    def fail_level(self, value: object, where: KeyPath, extra: Sequence[str]) -> Severity | None:
        """The fail level, or None for ``none`` (never fail)."""
        text = self.severity(value, where, extra)
        return None if text in extra else Severity.parse(text)

    def image_table(self, value: object, where: KeyPath) -> dict[str, str]:
        """Build image → runtime image (``golang:1.23: debian:bookworm-slim``)."""
        table: dict[str, str] = {}
        for image, runtime in self.table(value, where).items():
            text = self.string(runtime, (*where, image))
            if not text.strip() or any(c.isspace() for c in text):
                raise self.fail((*where, image), f"{text!r} is not an image name")
            table[image] = text
        return table

    def label_schema(self, value: object, where: KeyPath) -> dict[str, str]:
        schema: dict[str, str] = {}
        for label, kind in self.table(value, where).items():
            inner = (*where, label)
            text = self.string(kind, inner)
            if text not in _LABEL_TYPES:
                hint = _closest(text, _LABEL_TYPES)
                detail = (
                    f"did you mean {hint!r}?" if hint else "expected " + ", ".join(_LABEL_TYPES)
                )
                raise self.fail(inner, f"unknown label type {text!r} for {label!r} ({detail})")
            schema[label] = text
        return schema

    def settings(self, value: object, where: KeyPath) -> dict[str, Any]:
        declared = _declared_settings(self.registry)
        result: dict[str, Any] = {}
        for key, item in self.table(value, where).items():
            inner = (*where, key)
            if key == "trusted-registries":
                result[key] = self.strings(item, inner)
            elif key == "label-schema":
                result[key] = self.label_schema(item, inner)
            elif key in ("strict-labels", "disable-ignore-pragma"):
                result[key] = self.boolean(item, inner)
            elif key == "runtime-bases":
                result[key] = self.image_table(item, inner)
            elif key in declared:
                result[key] = self.like(item, inner, declared[key])
            else:
                raise self.unknown_key(inner, [*_SETTINGS, *declared])
        return result

    def like(self, value: object, where: KeyPath, default: object) -> object:
        """A rule-declared setting: the same kind of value as its default (lists as tuples)."""
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        expected, ok = "", True
        if isinstance(default, bool):
            expected, ok = "true or false", isinstance(value, bool)
        elif isinstance(default, int):
            expected, ok = "an integer", number and isinstance(value, int)
        elif isinstance(default, float):
            expected, ok = "a number", number
        elif isinstance(default, str):
            expected, ok = "a string", isinstance(value, str)
        elif isinstance(default, (list, tuple, set, frozenset)):
            expected, ok = "a list", isinstance(value, list)
        elif isinstance(default, dict):
            expected, ok = "a mapping", isinstance(value, dict)
        if not ok:
            raise self.wrong_type(where, expected, value)
        return tuple(value) if isinstance(value, list) else value

    def format_options(self, value: object, where: KeyPath) -> FormatOptions:
        """The ``format`` table: how ``dlint format`` writes files."""
        options: dict[str, Any] = {}
        for key, item in self.table(value, where).items():
            inner = (*where, key)
            if key == "indent":
                ok = item in ("tab", "keep") or (
                    isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= 8
                )
                if not ok:
                    expected = "1 to 8 (spaces), \"tab\" or \"keep\""
                    raise self.fail(inner, f"'indent' must be {expected}, got {item!r}")
                options["indent"] = item
            elif key == "operators":
                if item not in ("start", "end"):
                    expected = "\"start\" or \"end\""
                    raise self.fail(inner, f"'operators' must be {expected}, got {item!r}")
                options["operators"] = item
            elif key == "sort-packages":
                options["sort_packages"] = self.boolean(item, inner)
            elif key == "split-packages":
                if isinstance(item, bool) or not isinstance(item, int) or item < 0:
                    raise self.fail(
                        inner,
                        "'split-packages' must be a whole number (0 never splits), "
                        f"got {item!r}",
                    )
                options["split_packages"] = item
            else:
                raise self.unknown_key(inner, FORMAT_KEYS)
        return FormatOptions(**options)

    def pin_options(self, value: object, where: KeyPath) -> PinOptions:
        """The ``pin`` table: where ``dlint pin`` looks digests up."""
        mirrors: dict[str, str] = {}
        insecure: tuple[str, ...] = ()
        platform: str | None = None
        for key, item in self.table(value, where).items():
            inner = (*where, key)
            if key == "mirrors":
                for host, mirror in self.table(item, inner).items():
                    text = self.string(mirror, (*inner, host)).strip()
                    if not text or any(c.isspace() or c == "/" for c in text):
                        raise self.fail((*inner, host), f"{text!r} is not a registry host")
                    mirrors[host.strip().lower()] = text
            elif key == "insecure-registries":
                insecure = tuple(h.strip() for h in self.strings(item, inner))
            elif key == "platform":
                platform = self.string(item, inner).strip()
                if platform.count("/") not in (1, 2):
                    raise self.fail(inner, f"{platform!r} is not a platform (os/arch[/variant])")
            else:
                raise self.unknown_key(inner, PIN_KEYS)
        return PinOptions(mirrors, insecure, platform)

    def per_path(self, value: object, where: KeyPath) -> tuple[PerPath, ...]:
        entries: list[PerPath] = []
        for index, entry in enumerate(self.items(value, where, "mappings")):
            inner = (*where, index)
            table = self.table(entry, inner)
            patterns: tuple[str, ...] | None = None
            ignore: tuple[str, ...] = ()
            extend: tuple[str, ...] = ()
            severity: dict[str, Severity] = {}
            for key, item in table.items():
                place = (*inner, key)
                if key == "paths":
                    patterns = self.strings(item, place)
                    for number, pattern in enumerate(patterns):
                        if not pattern.strip():
                            raise self.fail((*place, number), "empty path pattern")
                elif key == "ignore":
                    ignore = self.selectors(item, place)
                elif key == "extend-select":
                    extend = self.selectors(item, place)
                elif key == "severity":
                    severity = self.severity_map(item, place)
                else:
                    raise self.unknown_key(place, _PER_PATH_KEYS)
            if not patterns:
                detail = "needs" if patterns is None else "needs a non-empty"
                raise self.fail(inner, f"per-path entry {detail} 'paths'")
            entries.append(PerPath(patterns, ignore, extend, severity))
        return tuple(entries)


def _dlint_config(reader: _Reader, data: object, kind: ConfigKind) -> Config:
    if data is None:
        return Config(path=reader.path, kind=kind)
    table = reader.table(data, ())
    select: tuple[str, ...] | None = None
    extend: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}
    fail_level: Severity | None = None
    no_fail = False
    context: Path | None = None
    settings: dict[str, Any] = {}
    per_path: tuple[PerPath, ...] = ()
    format_options = FormatOptions()
    pin_options = PinOptions()
    for key, value in table.items():
        where = (key,)
        if key == "select":
            select = reader.selectors(value, where)
        elif key == "extend-select":
            extend = reader.selectors(value, where)
        elif key == "ignore":
            ignore = reader.selectors(value, where)
        elif key == "severity":
            severity = reader.severity_map(value, where)
        elif key == "fail-level":
            fail_level = reader.fail_level(value, where, ("none",))
            no_fail = fail_level is None
        elif key == "context":
            text = reader.string(value, where)
            if not text.strip():
                raise reader.fail(where, "'context' must not be empty")
            context = _absolute(reader.base_dir / text)
        elif key == "settings":
            settings = reader.settings(value, where)
        elif key == "per-path":
            per_path = reader.per_path(value, where)
        elif key == "format":
            format_options = reader.format_options(value, where)
        elif key == "pin":
            pin_options = reader.pin_options(value, where)
        else:
            raise reader.unknown_key(where, _TOP_KEYS)
    return Config(
        path=reader.path,
        kind=kind,
        select=select,
        extend_select=extend,
        ignore=ignore,
        severity=severity,
        fail_level=fail_level,
        no_fail=no_fail,
        settings=settings,
        per_path=per_path,
        context=context,
        format=format_options,
        pin=pin_options,
        warnings=tuple(reader.warnings),
    )


def _hadolint_config(reader: _Reader, data: object) -> Config:
    """A ``.hadolint.yaml`` in dlint's terms; cosmetic keys are checked, then dropped."""
    if data is None:
        return Config(path=reader.path, kind="hadolint")
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = {}
    settings: dict[str, Any] = {}
    fail_level: Severity | None = None
    no_fail = threshold_none = False
    for key, value in reader.table(data, ()).items():
        where = (key,)
        if value is None and key in _HADOLINT_KEYS:
            continue  # an empty key is as good as absent
        if key == "ignored":
            ignore = reader.selectors(value, where)
        elif key == "override":
            for level, codes in reader.table(value, where).items():
                inner = (*where, level)
                if level not in _LEVELS:
                    raise reader.unknown_key(inner, _LEVELS)
                if codes is not None:
                    for code in reader.selectors(codes, inner):
                        severity[code] = Severity.parse(level)
        elif key == "trustedRegistries":
            registries = (value,) if isinstance(value, str) else reader.strings(value, where)
            settings["trusted-registries"] = registries
        elif key == "failure-threshold":
            fail_level = reader.fail_level(value, where, ("ignore", "none"))
            threshold_none = fail_level is None
        elif key == "label-schema":
            settings["label-schema"] = reader.label_schema(value, where)
        elif key in ("strict-labels", "disable-ignore-pragma"):
            settings[key] = reader.boolean(value, where)
        elif key == "no-fail":
            no_fail = reader.boolean(value, where)
        elif key in ("no-color", "verbose"):
            reader.boolean(value, where)
        elif key == "format":
            reader.string(value, where)
        else:
            raise reader.unknown_key(where, _HADOLINT_KEYS)
    return Config(
        path=reader.path,
        kind="hadolint",
        ignore=ignore,
        severity=severity,
        fail_level=None if no_fail else fail_level,
        no_fail=no_fail or threshold_none,
        settings=settings,
    )


# -- helpers -----------------------------------------------------------------------------


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _declared_settings(registry: SelectorResolver) -> dict[str, object]:
    declared: dict[str, object] = {}
    for rule in getattr(registry, "rules", ()):
        settings = getattr(rule, "settings", None)
        if isinstance(settings, Mapping):
            for key, default in settings.items():
                if isinstance(key, str) and key not in _SETTINGS:
                    declared.setdefault(key, default)
    return declared


def _closest(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only for did-you-mean hints

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _hint(suggestion: str | None) -> str:
    return f" (did you mean {suggestion!r}?)" if suggestion else ""


def _dotted(where: KeyPath) -> str:
    text = ""
    for part in where:
        if isinstance(part, int) and not isinstance(part, bool):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _type_name(value: object) -> str:
    from datetime import date, datetime  # only for messages about wrong values

    if value is None:
        return "null"
    for kind, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "list"),
        (dict, "mapping"),
        (datetime, "date-time"),
        (date, "date"),
    ):
        if isinstance(value, kind):
            return name
    return type(value).__name__


@lru_cache(maxsize=512)
def _compile_glob(pattern: str) -> tuple[re.Pattern[str], bool, bool]:
    """``(regex, anchored, directory_only)`` for a per-path glob."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    directory_only = text.endswith("/") and len(text) > 1
    text = text.rstrip("/") or text
    anchored = "/" in text
    text = text.lstrip("/")
    parts: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "*":
            j = i
            while j < len(text) and text[j] == "*":
                j += 1
            whole_segment = (i == 0 or text[i - 1] == "/") and (j == len(text) or text[j] == "/")
            if j - i >= 2 and whole_segment:
                if j < len(text):
                    parts.append("(?:[^/]*/)*")
                    j += 1
                else:
                    parts.append(".*")
            else:
                parts.append("[^/]*")
            i = j
            continue
        if char == "?":
            parts.append("[^/]")
        elif char == "[" and (end := text.find("]", i + 2)) > 0 and "/" not in text[i:end]:
            body = text[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            parts.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        else:
            parts.append(re.escape(char))
        i += 1
    return re.compile("".join(parts)), anchored, directory_only
