"""Helpers of the pinning rules: argument parsing and "is this pinned?" predicates.

The predicates take a package word's static value (the caller skips words that expand
a variable: a version given through ``$VAR`` counts as pinned) and say whether it names
a fixed version. They are pure functions so they can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from dlint._record import record
from dlint.shell import Command, OptionSpec, ShellWord, spec_for

__all__ = [
    "ParsedArgs",
    "apk_pinned",
    "apt_pinned",
    "gem_pinned",
    "go_local",
    "go_pinned",
    "is_path",
    "npm_pinned",
    "parse_args",
    "pip_pinned",
    "ref_is_fixed",
    "rpm_pinned",
    "subcommand_args",
    "words_after",
    "zypper_pinned",
]


@record
class ParsedArgs:
    """Options (name without dashes → value word or None) and positional words."""

    options: tuple[tuple[str, ShellWord, ShellWord | None], ...]
    positionals: tuple[ShellWord, ...]

    def has(self, *names: str) -> bool:
        return any(name in names for name, _, _ in self.options)

    def values(self, *names: str) -> list[ShellWord | None]:
        """The value words of options named ``names`` (None: a value that is not a word).

        ``--opt=value`` gives the option word itself, whose text holds the value.
        """
        return [value for name, _, value in self.options if name in names]


def words_after(command: Command, word: ShellWord) -> tuple[ShellWord, ...]:
    """The command's arguments after ``word`` (e.g. after its sub-command)."""
    args = command.args
    for i, arg in enumerate(args):
        if arg.text_start == word.text_start and arg.source is word.source:
            return args[i + 1 :]
    return ()


def parse_args(
    words: Sequence[ShellWord],
    spec: OptionSpec,
    *,
    single_dash_long: bool = False,
    stop_at_double_dash: bool = False,
) -> ParsedArgs:
    """Split ``words`` into options and positionals by ``spec``.

    ``single_dash_long``: ``-tags x`` is one option with a value (Go's flag package).
    ``stop_at_double_dash``: words after ``--`` belong to someone else (``gem install x --
    --with-opt``); otherwise they are positionals. A word that is not static is always a
    positional.
    """
    options: list[tuple[str, ShellWord, ShellWord | None]] = []
    positionals: list[ShellWord] = []
    i = 0
    n = len(words)
    while i < n:
        word = words[i]
        text = word.value
        i += 1
        if text is None or text == "-" or not text.startswith("-"):
            positionals.append(word)
            continue
        if text == "--":
            if not stop_at_double_dash:
                positionals.extend(words[i:])
            break
        if text.startswith("--") or single_dash_long:
            name, eq, _ = text.lstrip("-").partition("=")
            if eq:
                options.append((name, word, word))
            elif (name in spec.long_values or name in spec.short_values) and i < n:
                options.append((name, word, words[i]))
                i += 1
            else:
                options.append((name, word, None))
            continue
        cluster = text[1:]
        for j, letter in enumerate(cluster):
            if letter in spec.short_values:
                if cluster[j + 1 :]:
                    options.append((letter, word, word))
                elif i < n:
                    options.append((letter, word, words[i]))
                    i += 1
                else:
                    options.append((letter, word, None))
                break
            options.append((letter, word, None))
    return ParsedArgs(tuple(options), tuple(positionals))


def subcommand_args(
    words: Sequence[ShellWord], spec: OptionSpec, **kwargs: bool
) -> tuple[str | None, ParsedArgs]:
    """The sub-command (first positional) and the options and positionals after it."""
    parsed = parse_args(words, spec, **kwargs)
    if not parsed.positionals:
        return None, parsed
    sub = parsed.positionals[0]
    after = tuple(o for o in parsed.options if o[1].text_start > sub.text_start)
    return sub.value, ParsedArgs(after, parsed.positionals[1:])


def merged_spec(name: str, short: str = "", long: str = "") -> OptionSpec:
    """The shared option spec of command ``name`` plus sub-command options."""
    base = spec_for(name)
    return OptionSpec(
        base.short_values | frozenset(short), base.long_values | frozenset(long.split())
    )


def option_value(word: ShellWord | None, option: ShellWord) -> str | None:
    """The static value of an option: the value word, or the text after ``=``."""
    if word is None:
        return None
    if word is option:
        text = word.value
        if text is None:
            return None
        if text.startswith("--"):
            return text.partition("=")[2]
        return text[2:]  # -bVALUE
    return word.value


# ----------------------------------------------------------------- predicates


_ARCHIVES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".whl")


def is_path(value: str) -> bool:
    """A local file or directory rather than a package name."""
    return value.startswith(("/", "./", "../", "~/")) or value in (".", "..")


def apt_pinned(value: str) -> bool:
    """``pkg=version``; ``pkg/release`` and ``./file.deb`` also name what is installed."""
    return "=" in value or "/" in value or value.endswith(".deb")


def apk_pinned(value: str) -> bool:
    """``pkg=1.2``, ``pkg~1.2``, ``pkg>=1.2``, ``pkg<2``; a local ``.apk`` file."""
    return any(c in value for c in "=~<>") or value.endswith(".apk") or is_path(value)


_PIP_OPERATORS = ("==", ">=", "<=", "!=", "~=", ">", "<")
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+", "git://", "svn://")


def pip_pinned(value: str) -> bool:
    """A version specifier, a VCS URL with ``@ref``, a file, a directory or an archive URL."""
    if value.startswith(_VCS_PREFIXES):
        rest = value.split("://", 1)[-1] if "://" in value else value.split("+", 1)[-1]
        path = rest.partition("/")[2]
        return "@" in path
    if any(op in value for op in _PIP_OPERATORS):
        return True
    if "://" in value or is_path(value) or "/" in value:
        return True  # a URL to an archive, a local path
    return " @ " in value or value.endswith(_ARCHIVES) or value.startswith(".")


_NPM_GIT_PREFIXES = (
    "git://",
    "git+ssh://",
    "git+http://",
    "git+https://",
    "github:",
    "gitlab:",
    "bitbucket:",
    "gist:",
)


def npm_pinned(value: str) -> bool:
    """``name@version``, a git URL with ``#ref``, a tarball or a folder.

    A dist-tag without a digit (``@latest``, ``@next``, ``@beta``) is not a version.
    """
    if value.startswith(_NPM_GIT_PREFIXES):
        return "#" in value
    if value.endswith((".tar", ".tar.gz", ".tgz")) or is_path(value) or value.startswith("file:"):
        return True
    if value.startswith(("http://", "https://")):
        return False
    name = value
    if name.startswith("@"):
        _, slash, rest = name.partition("/")
        if not slash:
            return False
        name = rest
    elif "/" in name.partition("@")[0]:
        return "#" in value  # user/repo on GitHub
    _, at, version = name.partition("@")
    return bool(at) and ref_is_fixed(version)


def gem_pinned(value: str) -> bool:
    """``gem:version``, a local ``.gem`` file or a path."""
    return ":" in value or value.endswith(".gem") or is_path(value)


def go_local(value: str) -> bool:
    """A package of the current module or the standard library: no domain in its path."""
    if is_path(value) or value.startswith(".") or value in ("all", "std", "cmd"):
        return True
    first = value.split("@", 1)[0].split("/", 1)[0]
    return "." not in first


def go_pinned(value: str) -> bool:
    """``path@version`` with a version (``@latest``, ``@master``... move)."""
    _, at, version = value.rpartition("@")
    return bool(at) and ref_is_fixed(version)


def rpm_pinned(value: str) -> bool:
    """``name-version`` or ``name-version-release``: the last ``-`` part is a version.

    ``python3-pip`` and ``java-11-openjdk`` are names; ``httpd-2.4.6``,
    ``httpd-2.4.6-97.el7`` and ``openssl-1:1.1.1k`` carry a version. Local ``.rpm`` files,
    paths, URLs, capabilities (``'pkg >= 1'``, ``'perl(JSON)'``) are left alone.
    """
    if value.endswith(".rpm") or is_path(value) or "://" in value:
        return True
    if any(c in value for c in "=<>()"):
        return True
    head, dash, last = value.rpartition("-")
    return bool(dash and head) and last[:1].isdigit()


def zypper_pinned(value: str) -> bool:
    """``pkg=1.2``, ``pkg>=1.2``, ``pkg<2``, a local ``.rpm`` file, a path or URL."""
    return (
        any(c in value for c in "=<>") or value.endswith(".rpm") or is_path(value) or "://" in value
    )


_BRANCHES = frozenset({"head", "fetch_head", "orig_head"})


def ref_is_fixed(ref: str) -> bool:
    """Whether a git ref / module query names something that does not move.

    A ref with a digit is taken as a tag or a commit (``v1.2.3``, ``2024.01``, a sha); one
    without (``main``, ``master``, ``develop``, ``latest``, ``HEAD``) as a branch or a
    moving query. The heuristic can be fooled by a branch like ``release-2``: it errs on
    the side of silence.
    """
    if ref.lower() in _BRANCHES:
        return False
    return any(c.isdigit() for c in ref)
