"""The shell a stage runs RUN commands with, from ``SHELL`` (default ``/bin/sh -c``)."""

from __future__ import annotations

from dlint_dockerfile._record import record

__all__ = ["DEFAULT_SHELL", "ShellDialect", "dialect_of"]

_POSIX = frozenset({"sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"})
_PIPEFAIL = frozenset({"bash", "zsh", "ksh", "mksh", "ash", "busybox"})


@record
class ShellDialect:
    """A shell command line as set by ``SHELL``, e.g. ``("/bin/bash", "-o", "pipefail", "-c")``."""

    argv: tuple[str, ...]

    @property
    def name(self) -> str:
        """The shell's basename, lower case, without ``.exe``: ``bash``, ``pwsh``, ``cmd``."""
        if not self.argv:
            return ""
        base = self.argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower()
        return base.removesuffix(".exe")

    @property
    def is_posix(self) -> bool:
        """Whether RUN bodies are POSIX shell (sh, bash, dash, ash, zsh, ksh)."""
        return self.name in _POSIX

    @property
    def supports_pipefail(self) -> bool:
        """Whether ``set -o pipefail`` exists in this shell (not in dash or plain sh)."""
        return self.name in _PIPEFAIL

    @property
    def sets_pipefail(self) -> bool:
        """Whether the SHELL line itself turns pipefail on (``-o pipefail``, ``-eo pipefail``)."""
        args = self.argv[1:]
        return any(
            arg.startswith("-")
            and not arg.startswith("--")
            and arg.endswith("o")
            and args[i + 1 : i + 2] == ("pipefail",)
            for i, arg in enumerate(args)
        )


DEFAULT_SHELL = ShellDialect(("/bin/sh", "-c"))


def dialect_of(argv: tuple[str, ...]) -> ShellDialect:
    """The dialect of a ``SHELL`` exec-form argument list."""
    return ShellDialect(argv) if argv else DEFAULT_SHELL
