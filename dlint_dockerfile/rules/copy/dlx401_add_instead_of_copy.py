"""DLX401: ADD copies a local file or folder; COPY says what it does."""

from __future__ import annotations

from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.model.copies import is_remote
from dlint_dockerfile.model.copy_sources import copy_match, holds_archive, is_archive_name
from dlint_dockerfile.rules.copy._shared import CopyRule
from dlint_dockerfile.syntax import Instruction

__all__ = ["AddInsteadOfCopy"]


def _same_case(keyword: str, word: str) -> str:
    """``word`` written in the case of ``keyword`` (``add`` -> ``copy``)."""
    if keyword.islower():
        return word.lower()
    if keyword[:1].isupper() and keyword[1:].islower():
        return word.capitalize()
    return word.upper()


class AddInsteadOfCopy(CopyRule):
    """ADD copies a local file or folder; COPY says what it does.

    ## What it does
    Reports `ADD` when one of its sources is a local file or folder that is not a tar
    archive: a source that is not a URL, not a git repository and whose name does not end
    in an archive extension (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`...).
    ADD unpacks a local tar archive whatever its name, so with the build context at hand
    a file that is one by content (a tar archive, plain or compressed with gzip, bzip2, xz
    or zstd) is not reported either: `COPY` would copy the archive instead of unpacking it.

    Differences from hadolint (DL3020): archive extensions are matched without regard to
    case and include zstd (BuildKit unpacks `.tar.zst`); git sources (`git@...`,
    `git://...`) are downloads, not local files; variables are expanded, so `ADD ${URL} /x/`
    after `ARG URL=https://...` is a download, and a source whose variable has no known
    value (`ADD $SRC /x/`) is not reported, as it may be a URL; ADD inside ONBUILD and ADD
    of a heredoc (which hadolint cannot parse) are checked too.

    ## Why
    `ADD` also downloads URLs and unpacks archives. For a plain file, `COPY` does the same
    copy without that hidden behaviour, so a reader (and a later edit that renames the file
    to `.tar.gz`) gets no surprise.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD app.conf /etc/app/
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    COPY app.conf /etc/app/
    ```

    ## Fix safety
    Safe: the fix replaces the keyword `ADD` with `COPY` (in the keyword's case), when
    every source is a local file, folder or heredoc whose name is not an archive name and
    every flag is one COPY takes (`--chown`, `--chmod`, `--link`, `--exclude`): the two
    then copy the same files. No fix is offered when ADD also downloads a URL or unpacks an
    archive, when a source has a variable of unknown value, or when a flag only ADD takes
    is present (`--checksum`, `--keep-git-dir`, `--unpack`). Without the build context
    (standard input, ONBUILD) the files cannot be read: a tar archive under a name like
    `app.conf` is then the one case the fix would change.
    """

    code = "DLX401"
    name = "add-instead-of-copy"
    aliases = ("DL3020",)
    category = "copy"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_add(self, instruction: Instruction) -> None:
        args = self._args(instruction)
        plain = [s for s in args.sources if s.heredoc or self._plain(instruction, s.text)]
        if not plain:
            return  # every source is downloaded or unpacked: ADD is the right instruction
        first = plain[0]
        local = "a heredoc" if first.heredoc else f"'{first.text}'"
        fix = self._fix(instruction) if len(plain) == len(args.sources) else None
        self.report(
            instruction.keyword,
            f"use COPY instead of ADD to copy {local}: ADD is for URLs, git "
            "repositories and local tar archives",
            fix=fix,
        )

    def _plain(self, instruction: Instruction, text: str | None) -> bool:
        """A source ADD copies as COPY would: local, not named like an archive, and (with
        the build context at hand) not a tar archive by content."""
        if text is None or is_remote(text) or is_archive_name(text):
            return False
        context = self.model.context
        if context is None or self.model.is_trigger(instruction):
            return True  # its content cannot be known (see the docstring)
        return not holds_archive(context, copy_match(context, text))

    def _fix(self, instruction: Instruction) -> Fix | None:
        if any(flag.name not in _COPY_FLAGS for flag in instruction.flags):
            return None
        keyword = instruction.keyword
        return Fix(
            "use COPY",
            (replace_node(self.model, keyword, _same_case(keyword.raw, "COPY")),),
        )


#: The flags of ADD that COPY takes too.
_COPY_FLAGS = frozenset({"chown", "chmod", "link", "exclude"})
