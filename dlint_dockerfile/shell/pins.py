"""Package versions: sub-commands and their options (parsed by `parse_options`) and
"is this pinned?" predicates per package manager.

The predicates take a package word's static value (the caller skips words that expand
a variable: a version given through ``$VAR`` counts as pinned) and say whether it names
a fixed version. They are pure functions so they can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from dlint_dockerfile.shell import Command, Option, OptionSpec, ShellWord, parse_options, spec_for

__all__ = [
    "apk_pinned",
    "apt_pinned",
    "gem_pinned",
    "go_local",
    "go_pinned",
    "has_option",
    "is_path",
    "merged_spec",
    "npm_pinned",
    "pip_pinned",
    "ref_is_fixed",
    "rpm_pinned",
    "subcommand_options",
    "words_after",
    "zypper_pinned",
]


def words_after(command: Command, word: ShellWord) -> tuple[ShellWord, ...]:
    """The command's arguments after ``word`` (e.g. after its sub-command)."""
    args = command.args
    for i, arg in enumerate(args):
        if arg.text_start == word.text_start and arg.source is word.source:
            return args[i + 1 :]
    return ()


def subcommand_options(
    words: Sequence[ShellWord], spec: OptionSpec
) -> tuple[str | None, tuple[Option, ...], tuple[ShellWord, ...]]:
    """The sub-command (the first positional; None if there is none) and the options and
    positionals after it."""
    options, positionals = parse_options(words, spec)
    if not positionals:
        return None, options, ()
    sub = positionals[0]
    after = tuple(o for o in options if o.word.text_start > sub.text_start)
    return sub.value, after, positionals[1:]


def has_option(options: Sequence[Option], *names: str) -> bool:
    return any(option.name in names for option in options)


def merged_spec(
    name: str, short: str = "", long: str = "", *, single_dash: bool = False
) -> OptionSpec:
    """The shared option spec of command ``name`` plus sub-command options."""
    base = spec_for(name)
    return OptionSpec(
        base.short_values | frozenset(short),
        base.long_values | frozenset(long.split()),
        single_dash or base.single_dash,
    )


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
