"""DLX402: A tar archive is COPYed and then extracted by a RUN; ADD does both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile._record import record
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import RuleContext
from dlint_dockerfile.model.copies import Source, is_remote
from dlint_dockerfile.model.copy_sources import basename, is_archive_name, is_tar_archive_name
from dlint_dockerfile.rules.copy._shared import CopyRule
from dlint_dockerfile.syntax import Instruction, Node

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.shell import Command, ShellWord

__all__ = ["CopyArchiveThenExtract"]


_TAR_COMMANDS = frozenset({"tar", "gtar", "bsdtar"})
# hadolint's list of decompressors, plus the *cat ones for xz, bzip2 and zstd.
_DECOMPRESSORS = frozenset(
    {
        "unzip",
        "gunzip",
        "bunzip2",
        "unlzma",
        "unxz",
        "zgz",
        "uncompress",
        "zcat",
        "gzcat",
        "xzcat",
        "bzcat",
        "zstdcat",
        "unzstd",
    }
)
# tar options ADD cannot reproduce: the extraction differs from ADD's.
_TAR_UNSUPPORTED = frozenset(
    {
        "strip-components",
        "transform",
        "xform",
        "exclude",
        "exclude-from",
        "X",
        "wildcards",
        "to-stdout",
        "O",
        "files-from",
        "T",
        "occurrence",
        "to-command",
        "t",
        "list",
    }
)


def _word_key(word: ShellWord) -> str:
    return basename(word.value if word.value is not None else word.text)


def _tar_extraction(command: Command) -> tuple[set[str], set[str]] | None:
    """For a ``tar`` that extracts as ADD would: (basenames of its words, basenames of
    its positional words). None if it does not extract or extracts differently."""
    args = command.args
    key = args[0].value if args else None
    old_style = key is not None and key.isalpha() and not key.startswith("-")
    options = command.options
    extracts = any(
        (o.long and o.name in ("extract", "get")) or (not o.long and o.name == "x") for o in options
    ) or (old_style and key is not None and "x" in key)
    if not extracts:
        return None
    if any(o.name in _TAR_UNSUPPORTED for o in options):
        return None
    if old_style and key is not None and ("O" in key or "t" in key):
        return None
    names = {_word_key(w) for w in args}
    names.update(basename(o.value) for o in options if o.value)
    positionals = command.positionals[1:] if old_style else command.positionals
    return names, {_word_key(w) for w in positionals}


def _extracted(command: Command) -> tuple[set[str], set[str], bool] | None:
    """(names, positional names, tar_only) of an extracting command, else None;
    ``tar_only``: the names count only if they name a tar archive (decompressors)."""
    name = command.basename
    if name in _TAR_COMMANDS:
        found = _tar_extraction(command)
        return (found[0], found[1], False) if found is not None else None
    if name in _DECOMPRESSORS:
        following = command.next
        if following is not None and following.operator == "|":
            target = following.unwrapped()
            if target.basename in _TAR_COMMANDS and any(
                o.name in _TAR_UNSUPPORTED for o in target.options
            ):
                return None  # e.g. zcat x.tar.gz | tar -x --strip-components=1
        names = {_word_key(w) for w in command.args}
        return names, set(), True
    return None


class CopyArchiveThenExtract(CopyRule):
    """A tar archive is COPYed and then extracted by a RUN; ADD does both.

    ## What it does
    Reports a COPY whose source (or destination) names a tar archive that a later RUN of
    the same stage extracts (`tar -x`, `tar --extract`, or a decompressor such as `gunzip`
    or `zcat` of a `.tar.*` file), with nothing ADD could not do: no
    `--strip-components`, `--exclude`, `--transform`, member list or `-O`.

    Differences from hadolint (DL3010): hadolint drops its findings in every stage but
    the last one (a FROM clears them); it reads any `-…x…` word as "extract", so
    `tar -czf out.tgz --exclude=x in.tgz` counts; it suggests ADD for `gunzip file.gz`,
    which ADD does not unpack (ADD only unpacks tar archives); and it does not look into
    `sudo tar`, `sh -c "tar ..."` or ONBUILD.

    ## Why
    The COPY layer keeps the archive forever, even when the RUN deletes it afterwards.
    `ADD archive.tar.gz /dest/` unpacks a local tar archive in a single layer.

    ## Example
    ```dockerfile
    FROM debian:12
    COPY app.tar.gz /tmp/
    RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ADD app.tar.gz /opt/
    ```

    ## Fix safety
    No automatic fix: the rewrite to `ADD archive dest/` means choosing the folder the RUN
    extracts into (`-C`) and removing the extraction and the cleanup from the RUN's shell
    script, which may do more with the archive; it is left to the author.
    """

    code = "DLX402"
    name = "copy-then-extract-archive"
    aliases = ("DL3010",)
    category = "copy"
    severity = Severity.INFO

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        # (stage index, in ONBUILD) -> the copied archives not reported yet
        self._archives: dict[tuple[int, bool], list[_Archive]] = {}

    def _state(self, instruction: Instruction) -> list[_Archive] | None:
        stage = self.model.stage_of(instruction)
        if stage is None:
            return None
        return self._archives.setdefault((stage.index, self.model.is_trigger(instruction)), [])

    def visit_copy(self, instruction: Instruction) -> None:
        args = self._args(instruction)
        state = self._state(instruction)
        if args.from_flag or args.dest is None or state is None:
            return
        dest = args.dest
        single = len(args.sources) == 1
        if single and is_archive_name(dest.text_or_raw) and not dest.raw.endswith("/"):
            state.append(_Archive.of(dest))  # COPY app /tmp/app.tar
            return
        for source in args.sources:
            text = source.text_or_raw
            if not source.heredoc and is_archive_name(text) and not is_remote(text):
                state.append(_Archive.of(source))

    def visit_run(self, instruction: Instruction) -> None:
        state = self._state(instruction)
        if not state:
            return
        script = self.model.script(instruction)
        if script is None:
            return
        for command in script.all_commands():
            found = _extracted(command.unwrapped())
            if found is None:
                continue
            names, positionals, tar_only = found
            for archive in list(state):
                matched = archive.keys & names
                if not matched or (tar_only and not is_tar_archive_name(archive.name)):
                    continue
                if positionals - matched:
                    continue  # extracts some members only
                state.remove(archive)
                line = self.model.index.lines.line(command.start)
                self.report(
                    archive.node,
                    f"'{archive.name}' is copied, then extracted by the RUN on line {line}: "
                    "ADD unpacks a local tar archive in one step, without keeping the "
                    "archive in a layer",
                )


@record
class _Archive:
    """A copied archive: the node naming it, its base name, and the base names a RUN may
    use for it (expanded, and as written, ``app-${V}.tgz``)."""

    node: Node
    name: str
    keys: frozenset[str]

    @classmethod
    def of(cls, source: Source) -> _Archive:
        name = basename(source.text_or_raw)
        return cls(source.node, name, frozenset({name, basename(source.raw)}))
