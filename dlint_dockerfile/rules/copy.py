"""Copy family (DLX401-DLX405): ADD and COPY used the wrong way; context family
(DLX406-DLX410): what a COPY/ADD takes from the build context.

Context rules set ``needs_context`` and stay silent when the model has no build context
(standard input, or a file without its folder): they never guess what is on disk. They
also skip COPY/ADD inside ONBUILD (those run later, with another build's context),
``--from`` copies, heredoc sources, URLs and sources with a variable of unknown value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from dlint_dockerfile._record import record
from dlint_dockerfile.fixers.edits import replace_node
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import CopyArgs, Source, copy_args, is_absolute_dest, is_remote
from dlint_dockerfile.model.copy_sources import (
    StageFacts,
    basename,
    copy_match,
    holds_archive,
    is_archive_name,
    is_tar_archive_name,
    iter_local_sources,
    listing,
    secret_kind,
    stage_facts,
    unwanted_items,
)
from dlint_dockerfile.model.dockerignore import IgnorePattern
from dlint_dockerfile.shell.urls import has_port, plain_http_host
from dlint_dockerfile.syntax import Instruction, Node

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext, CopyMatch
    from dlint_dockerfile.model.model import Stage
    from dlint_dockerfile.shell import Command, ShellWord

__all__ = [
    "AddInsteadOfCopy",
    "AddOverHttp",
    "BroadCopyWithoutIgnoreFile",
    "ContextShipsSecrets",
    "ContextShipsUnwantedFiles",
    "CopyArchiveThenExtract",
    "CopyIgnoredFile",
    "CopyMultipleSourcesToFile",
    "CopySourceNotFound",
    "RelativeDestinationWithoutWorkdir",
]


class _CopyRule(Rule):
    """Shared plumbing: COPY and ADD arguments, and whether an instruction is a trigger."""

    def _args(self, instruction: Instruction) -> CopyArgs:
        return copy_args(self.model, instruction)

    def _is_trigger(self, instruction: Instruction) -> bool:
        return self.model.outer(instruction) is not instruction


def _same_case(keyword: str, word: str) -> str:
    """``word`` written in the case of ``keyword`` (``add`` -> ``copy``)."""
    if keyword.islower():
        return word.lower()
    if keyword[:1].isupper() and keyword[1:].islower():
        return word.capitalize()
    return word.upper()


# ---------------------------------------------------------------------- DLX401


class AddInsteadOfCopy(_CopyRule):
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
        if context is None or self._is_trigger(instruction):
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


# ---------------------------------------------------------------------- DLX402

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


class CopyArchiveThenExtract(_CopyRule):
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
        return self._archives.setdefault((stage.index, self._is_trigger(instruction)), [])

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


# ---------------------------------------------------------------------- DLX403


class CopyMultipleSourcesToFile(_CopyRule):
    """Several sources copied to a destination that does not end with `/`.

    ## What it does
    Reports COPY and ADD with more than one source (heredocs count) whose destination does
    not end with `/`, including `.`.

    Differences from hadolint (DL3021): ADD is checked too (the classic builder fails on
    it just the same); a Windows destination ending with `\\` is a directory; variables in
    the destination are expanded, so `COPY a b $APP_HOME` after `ENV APP_HOME /app/` is
    fine (hadolint reports it) and a destination whose variable has no known value is not
    reported; COPY and ADD inside ONBUILD are checked.

    ## Why
    The classic builder fails: "When using COPY with more than one source file, the
    destination must be a directory and end with a /". BuildKit accepts it but, unless the
    destination already is a directory, copies each source onto the same path in turn, so
    only the last one survives (moby/buildkit#1853). A trailing `/` makes the destination
    a directory everywhere.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json .
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    ```

    ## Fix safety
    Safe: the fix adds the `/` at the end of the destination (`.` becomes `./`), inside its
    quotes when it is quoted or in exec form. The classic builder's error becomes the copy
    into a folder the instruction evidently means, and BuildKit copies every source into
    that folder instead of overwriting one file with each in turn. No fix is offered for a
    destination holding a backslash (a Windows path, or an escape).
    """

    code = "DLX403"
    name = "copy-sources-to-file"
    aliases = ("DL3021",)
    category = "copy"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_copy(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        args = self._args(instruction)
        dest = args.dest
        if dest is None or len(args.sources) < 2:
            return
        if dest.raw.endswith(("/", "\\")) or dest.text is None:
            return
        if dest.text.endswith(("/", "\\")):
            return
        count = len(args.sources)
        if dest.text in (".", "..") or dest.text.endswith(("/.", "/..")):
            why = "the classic builder fails"
        else:
            why = (
                f"the classic builder fails, and BuildKit copies each source onto "
                f"'{dest.text}' in turn unless it already is a directory"
            )
        self.report(
            dest.node,
            f"{count} sources need a destination directory ending with '/': {why}; "
            f"write '{dest.raw}/'",
            fix=self._fix(dest),
        )

    def _fix(self, dest: Source) -> Fix | None:
        raw = dest.node.code
        if "\\" in raw or self.model.escape in raw or dest.heredoc or not raw:
            return None
        end = self.model.index.span(dest.node)[1]
        if len(raw) >= 2 and raw[-1] in "\"'" and raw[0] == raw[-1]:
            end -= 1  # inside the quotes (a JSON string too)
        return Fix("end the destination with '/'", (Edit(end, end, "/"),))


# ---------------------------------------------------------------------- DLX404


class RelativeDestinationWithoutWorkdir(_CopyRule):
    """COPY or ADD to a relative destination before any WORKDIR in the stage.

    ## What it does
    Reports a relative COPY/ADD destination (`.`, `app/`, `./config`) when no WORKDIR was
    set in the stage or in the stages it is built from. In ONBUILD, a WORKDIR anywhere in
    the stage counts (the trigger runs in the image this stage produces), as does an
    earlier `ONBUILD WORKDIR`.

    Differences from hadolint (DL3045): ADD is checked too; a destination starting with a
    variable is checked when the variable has a known, non-empty value (`ENV DIR ./src`
    then `COPY . $DIR` is relative); a stage `FROM debian` does not
    inherit the WORKDIR of an earlier, unrelated stage that was also `FROM debian`
    (hadolint keys stages by image name); ONBUILD triggers are checked.

    ## Why
    A relative destination is resolved against the working directory, which then comes
    from the base image: `/` for most, but whatever the image author chose for others, and
    it can change with a new base tag. Setting WORKDIR (or writing an absolute path) makes
    the destination explicit.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    ```

    ## Fix safety
    No automatic fix: the destination is relative to the base image's working directory,
    which dlint does not know; an absolute path or a WORKDIR would have to guess it.
    """

    code = "DLX404"
    name = "relative-destination-without-workdir"
    aliases = ("DL3045",)
    category = "copy"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._set: set[int] = set()  # stages with a WORKDIR so far
        self._onbuild_set: set[int] = set()  # stages with an ONBUILD WORKDIR so far
        self._final: dict[int, bool] = {}

    def visit_workdir(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        if stage is not None:
            target = self._onbuild_set if self._is_trigger(instruction) else self._set
            target.add(stage.index)

    def visit_copy(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _has_workdir(self, stage: Stage) -> bool:
        """Does the image ``stage`` produces set a WORKDIR (its own or its parents')."""
        known = self._final.get(stage.index)
        if known is None:
            self._final[stage.index] = False  # guards against cycles
            known = any(i.name == "WORKDIR" for i in stage.instructions) or (
                stage.parent is not None and self._has_workdir(stage.parent)
            )
            self._final[stage.index] = known
        return known

    def _check(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        if self._is_trigger(instruction):
            if stage.index in self._onbuild_set or self._has_workdir(stage):
                return
        elif stage.index in self._set or (
            stage.parent is not None and self._has_workdir(stage.parent)
        ):
            return
        dest = self._args(instruction).dest
        if dest is None or not dest.text or is_absolute_dest(dest.text):
            return  # an empty value: an ARG meant to be set with --build-arg
        if is_absolute_dest(dest.raw):
            return  # C:\app or \app with the default escape character (Windows)
        keyword = instruction.name
        self.report(
            dest.node,
            f"{keyword} to the relative destination '{dest.text}' with no WORKDIR set in "
            "this stage: it depends on the base image's working directory; set WORKDIR "
            "or use an absolute path",
        )


# ---------------------------------------------------------------------- DLX405

class AddOverHttp(_CopyRule):
    """ADD downloads a file over plain HTTP.

    ## What it does
    Reports an `ADD` source that is an `http://` URL (after variable expansion), unless
    `--checksum` pins the content or the host is the local machine.

    ## Why
    Anything between the builder and the server can read and replace a download over
    plain HTTP, and the image then runs whatever it received. HTTPS authenticates the
    server; `--checksum=sha256:...` makes the build fail if the content changes.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD http://example.com/tool.tar.gz /opt/
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ADD https://example.com/tool.tar.gz /opt/
    ```

    ## Fix safety
    Unsafe: the fix changes `http://` to `https://` in the URL as written. The server may
    not offer HTTPS, or serve something else there, so the build may fail or download
    other content; check the URL. No fix is offered when the URL comes from a variable or
    names a port (HTTPS is rarely served on the port HTTP was).
    """

    code = "DLX405"
    name = "add-over-http"
    category = "copy"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_add(self, instruction: Instruction) -> None:
        if instruction.flag("checksum") is not None:
            return
        for source in self._args(instruction).sources:
            text = source.text
            host = plain_http_host(text) if text is not None else None
            if text is None or host is None:
                continue
            self.report(
                source.node,
                f"ADD downloads '{text}' over plain HTTP, which anyone on the network path "
                "can tamper with: use https:// or pin the content with --checksum",
                fix=self._fix(source, host),
            )

    def _fix(self, source: Source, host: str) -> Fix | None:
        if has_port(host):
            return None  # an explicit port
        raw = source.node.code
        at = 1 if raw[:1] in ("'", '"') else 0
        if raw[at : at + 7].lower() != "http://":
            return None  # the URL comes from a variable
        offset = self.model.index.span(source.node)[0] + at + 4
        letter = "S" if raw[at + 3].isupper() else "s"
        return Fix("download over https://", (Edit(offset, offset, letter),), Applicability.UNSAFE)


# ------------------------------------------------------------------ context rules


class _ContextRule(_CopyRule):
    """A rule that reads the build context; silent without one."""

    needs_context: ClassVar[bool] = True
    category = "context"

    def visit_copy(self, instruction: Instruction) -> None:
        self._visit(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._visit(instruction)

    def _visit(self, instruction: Instruction) -> None:
        context = self.model.context
        if context is None or self._is_trigger(instruction):
            return
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        for source in iter_local_sources(self._args(instruction)):
            if "\\" in source.text_or_raw:
                continue  # a Windows path: BuildKit's matching differs, dlint does not guess
            self.check_source(context, instruction, stage, source)

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        raise NotImplementedError  # pragma: no cover


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


def _is_broad(match: CopyMatch) -> bool:
    """A source that sends files it does not name: the root, a folder or a wildcard."""
    if match.wildcard:
        return True
    return not match.path or (bool(match.included) and match.included != [match.path])


def _ignore_name(context: BuildContext) -> str:
    return context.ignore_path.name if context.ignore_path is not None else ".dockerignore"


class _FilesRule(_ContextRule):
    """Shared state of the rules that look at what a broad source sends."""

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._facts: dict[int, StageFacts] = {}

    def _stage_facts(self, stage: Stage) -> StageFacts:
        return stage_facts(self.model, stage, self._facts)

    def _unwanted(self, context: BuildContext, stage: Stage, files: list[str]) -> list[str]:
        items = unwanted_items(context, files, self._stage_facts(stage))
        return [f"'{path}' ({reason})" for path, reason in items]


# ---------------------------------------------------------------------- DLX406


class BroadCopyWithoutIgnoreFile(_FilesRule):
    """`COPY . .` with no .dockerignore: the whole build context ships.

    ## What it does
    Reports a COPY/ADD of the whole context (`.`, `./`, `/`, `*`) when the context has no
    `.dockerignore` (nor a `<Dockerfile>.dockerignore`). The message names what should
    clearly stay out (`.git`, virtualenvs, `node_modules` the image installs itself...) when
    the context has any. Needs the build context; silent without one.

    ## Why
    Everything in the folder is sent to the builder and copied into the image: version
    control data, local dependencies and build output, editor files, secrets. The image
    grows, and any change to any file (even a `git fetch`) invalidates the cache of this
    layer and of every one after it.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # with a .dockerignore beside the Dockerfile listing .git, .venv, __pycache__ ...
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Fix safety
    No automatic fix: the remedy is a new .dockerignore file, and dlint only edits the
    Dockerfile; what to keep out is the author's choice (the message names the obvious
    candidates).
    """

    code = "DLX406"
    name = "broad-copy-without-dockerignore"
    category = "context"
    severity = Severity.WARNING

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        if context.ignore_path is not None:
            return
        match = copy_match(context, source.text_or_raw)
        if match.path and match.path != "*":
            return
        files = match.included
        unwanted = self._unwanted(context, stage, files)
        detail = f", including {listing(unwanted)}" if unwanted else ""
        self.report(
            source.node,
            f"{_shown(source)} copies the whole build context ({_files(len(files))}) with no "
            f".dockerignore{detail}; add a .dockerignore that keeps out what the image "
            "does not need",
        )


# ---------------------------------------------------------------------- DLX407


class ContextShipsUnwantedFiles(_FilesRule):
    """The .dockerignore lets through folders that should not ship.

    ## What it does
    For a COPY/ADD of a folder, a wildcard or the whole context, reports what it would send
    that belongs in `.dockerignore`: `.git` (unless a RUN of the stage uses git), Python
    virtualenvs (`.venv`, `venv`, any folder with a `pyvenv.cfg`), `__pycache__`,
    `node_modules` when the stage installs its own dependencies (npm/yarn/pnpm/bun
    install), and build output (`dist`, `build`, `out`, `.next`, `target`, `bin`/`obj`)
    next to its project file when the stage runs that build itself. Only files that
    really reach the builder count: what `.dockerignore` already excludes is fine. Needs
    the build context; with no `.dockerignore` at all, DLX406 reports instead.

    ## Why
    These folders make the context slower to send and the image bigger, and they change
    all the time, so the COPY layer is rebuilt for nothing. Worse, a local `node_modules`
    or virtualenv overwrites the dependencies the image just installed with ones built
    for another platform, and local build output can mask the output of the image's own
    build.

    ## Example
    ```dockerfile
    # .dockerignore exists but does not list node_modules
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: node_modules, .git
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY . .
    ```

    ## Fix safety
    No automatic fix: the remedy belongs in .dockerignore, which dlint does not edit.
    """

    code = "DLX407"
    name = "context-ships-unwanted-files"
    category = "context"
    severity = Severity.WARNING

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        if context.ignore_path is None:
            return  # DLX406 reports the missing ignore file
        match = copy_match(context, source.text_or_raw)
        if not _is_broad(match):
            return
        files = _without_excludes(instruction, match)
        unwanted = self._unwanted(context, stage, files)
        if unwanted:
            self.report(
                source.node,
                f"{_shown(source)} sends {listing(unwanted)}: add "
                f"{'it' if len(unwanted) == 1 else 'them'} to {_ignore_name(context)}",
            )


def _without_excludes(instruction: Instruction, match: CopyMatch) -> list[str]:
    """The included files minus those a ``--exclude`` flag keeps out."""
    patterns: list[IgnorePattern] = []
    for flag in instruction.flags:
        if flag.name == "exclude" and flag.argument:
            try:
                patterns.append(IgnorePattern.compile(flag.argument))
            except ValueError:
                continue
    if not patterns:
        return match.included
    base = match.path.rstrip("/")
    kept: list[str] = []
    for path in match.included:
        relative = path[len(base) + 1 :] if base and path.startswith(base + "/") else path
        if not any(p.matches_or_parent(path) or p.matches_or_parent(relative) for p in patterns):
            kept.append(path)
    return kept


# ---------------------------------------------------------------------- DLX408


class ContextShipsSecrets(_FilesRule):
    """A COPY of a folder sends private keys, `.env` files or credentials.

    ## What it does
    For a COPY/ADD of a folder, a wildcard or the whole context, reports files it would
    send that hold secrets: SSH private keys (`id_rsa`, `id_ed25519`...), PEM files with a
    private key, `.key`, `.p12` and `.pfx` files, `.env` and `.env.*` files (not
    `.env.example`, `.env.sample`, `.env.template`...), and `.npmrc`, `.yarnrc.yml`,
    `.pypirc`, `.netrc`, `.git-credentials` or `.aws/credentials` holding a literal token or
    password. A file the COPY names explicitly is not reported here. Needs the build
    context; silent without one.

    ## Why
    Whatever is copied stays in the image layers: anyone who can pull the image can read
    the key or password, even if a later RUN deletes the file. Keep secrets out with
    `.dockerignore` and pass them to the build with `RUN --mount=type=secret`.

    ## Example
    ```dockerfile
    # the context holds .env with API keys and no .dockerignore lists it
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: .env, *.pem
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    ```

    ## Fix safety
    No automatic fix: the remedy belongs in .dockerignore (and the secrets in
    `RUN --mount=type=secret`), which dlint does not edit.
    """

    code = "DLX408"
    name = "context-ships-secrets"
    category = "context"
    severity = Severity.ERROR

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        match = copy_match(context, source.text_or_raw)
        if not _is_broad(match):
            return
        secrets = [
            f"'{path}' ({kind})"
            for path in _without_excludes(instruction, match)
            if (kind := secret_kind(context, path)) is not None
        ]
        if secrets:
            self.report(
                source.node,
                f"{_shown(source)} copies secrets into the image: {listing(secrets)}; add "
                f"{'it' if len(secrets) == 1 else 'them'} to {_ignore_name(context)} and "
                "pass secrets with RUN --mount=type=secret",
            )


# ---------------------------------------------------------------------- DLX409


class CopyIgnoredFile(_ContextRule):
    """A COPY/ADD source that .dockerignore excludes.

    ## What it does
    Reports a source that the ignore file keeps out of the context, naming the pattern:
    a file or folder the ignore file excludes (the build then fails with "not found"), or
    a folder or wildcard whose every file is excluded (nothing is copied). A folder that
    is excluded but has files re-included with `!` patterns is fine. Needs the build
    context; silent without one.

    Differences from BuildKit (check CopyIgnoredFile): BuildKit matches the source text
    against the patterns, so `COPY *.md` with `*.md` and `!README.md` in the ignore file
    is reported although README.md is copied; dlint looks at the files.

    ## Why
    The ignore file and the Dockerfile disagree: either the build breaks or a copy
    silently brings nothing. Remove the pattern (or add a `!` exception) or the COPY.

    ## Example
    ```dockerfile
    # .dockerignore: *.md
    FROM nginx:1.27
    COPY README.md /usr/share/nginx/html/
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: *.md and !README.md
    FROM nginx:1.27
    COPY README.md /usr/share/nginx/html/
    ```

    ## Fix safety
    No automatic fix: either the pattern or the COPY is wrong, and only the author knows
    which.
    """

    code = "DLX409"
    name = "copy-ignored-file"
    aliases = ("CopyIgnoredFile",)
    category = "context"
    severity = Severity.ERROR

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        ignore = context.ignore
        if ignore is None or context.truncated:
            return
        match = copy_match(context, source.text_or_raw)
        if match.through_symlink or not match.path or match.included:
            return
        name = _ignore_name(context)
        if match.missing:
            pattern = ignore.matching_pattern(match.path)
            if pattern is None or pattern.exclusion:
                return
            self.report(
                source.node,
                f"{_shown(source)} is excluded by {name} pattern {_pattern(pattern)}: the "
                "build fails with 'not found'",
            )
        elif match.excluded:
            pattern = ignore.matching_pattern(match.excluded[0])
            if pattern is None or pattern.exclusion:
                return
            self.report(
                source.node,
                f"every file {_shown(source)} matches is excluded by {name} pattern "
                f"{_pattern(pattern)}: nothing is copied",
            )


def _shown(source: Source) -> str:
    """The source as written, with its value when a variable was expanded."""
    if source.text is None or source.text == source.raw:
        return f"'{source.raw}'"
    return f"'{source.raw}' ('{source.text}')"


def _pattern(pattern: IgnorePattern) -> str:
    return f"'{pattern.text}' (line {pattern.line})"


# ---------------------------------------------------------------------- DLX410


class CopySourceNotFound(_ContextRule):
    """A COPY/ADD source that does not exist in the build context.

    ## What it does
    Reports a source without wildcards that is not in the context: BuildKit fails with
    `"/name": not found`. A wildcard that matches nothing is not reported: BuildKit allows
    it (`COPY requirements.txt* ./` is a common way to copy an optional file), although
    the classic builder fails. Sources excluded by `.dockerignore` are DLX409's. Skipped:
    `--from` copies, heredocs, URLs, sources with a variable of unknown value, and ONBUILD.
    When no source of the whole file is found in the context, dlint assumes the
    Dockerfile is built with another context (`docker build -f sub/Dockerfile .`) and
    reports nothing. Needs the build context; silent without one.

    ## Why
    The build stops at this instruction. Usually the path is misspelt, relative to the
    wrong folder (sources are relative to the context root, not to the Dockerfile), or
    names a file that a previous build step was supposed to generate.

    ## Example
    ```dockerfile
    # the context holds requirements.txt and app.py
    FROM python:3.12-slim
    COPY requirments.txt app.py /app/
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt app.py /app/
    ```

    ## Fix safety
    No automatic fix: the right path cannot be known (a misspelling, a file an earlier
    step should generate, another build context).
    """

    code = "DLX410"
    name = "copy-source-not-found"
    category = "context"
    severity = Severity.ERROR

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._missing: list[tuple[Source, CopyMatch]] = []
        self._found_any = False

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        match = copy_match(context, source.text_or_raw)
        if match.through_symlink:
            return
        if match.path and not match.matched_nothing:
            self._found_any = True
        if not match.missing:
            return
        ignore = context.ignore
        if ignore is not None and ignore.is_excluded(match.path):
            return  # DLX409
        self._missing.append((source, match))

    def finish(self) -> None:
        context = self.model.context
        if context is None or not self._found_any or context.truncated:
            return
        for source, match in self._missing:
            outside = " ('..' cannot leave the context)" if match.outside else ""
            self.report(
                source.node,
                f"{_shown(source)} is not in the build context{outside}: the build fails "
                "with 'not found'",
            )


COPY_RULES: tuple[type[Rule], ...] = (
    AddInsteadOfCopy,
    CopyArchiveThenExtract,
    CopyMultipleSourcesToFile,
    RelativeDestinationWithoutWorkdir,
    AddOverHttp,
    BroadCopyWithoutIgnoreFile,
    ContextShipsUnwantedFiles,
    ContextShipsSecrets,
    CopyIgnoredFile,
    CopySourceNotFound,
)
