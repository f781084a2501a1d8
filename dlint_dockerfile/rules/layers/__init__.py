"""Layers family (DLX3xx): layer count, layer order for the build cache, and image size."""

from __future__ import annotations

import posixpath
from collections.abc import Set as AbstractSet
from typing import ClassVar

from dlint_dockerfile.fixers.edits import insert_after_word, line_ending, word_is_plain
from dlint_dockerfile.fixers.layers import (
    append_command,
    block_span,
    is_root,
    merge_runs,
    remove_command,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args, dest_path
from dlint_dockerfile.model.image_config import in_final_image, line_of
from dlint_dockerfile.model.layer_caches import CacheAnalysis, Producer, analyse
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.model.package_caches import RunContext
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.installs import maybe_installs
from dlint_dockerfile.shell.options import APT_DRY_RUN
from dlint_dockerfile.shell.packages import PackageCommand, package_name
from dlint_dockerfile.syntax import ErrorInstruction, Instruction

__all__ = [
    "ApkCache",
    "AptListsLeft",
    "AptRecommends",
    "CleanupInLaterLayer",
    "ConsecutiveRuns",
    "DnfCache",
    "PipCache",
    "StableStepAfterCopy",
    "UnsortedPackages",
    "YarnCache",
    "YumCache",
    "ZypperCache",
]


def _analysis(model: DockerfileModel, instruction: Instruction) -> CacheAnalysis | None:
    """The cache analysis of a RUN, computed once per file for all the rules here (kept in
    the model: a module-level table keyed weakly by the model leaked every model, as the
    analysis refers back to it)."""

    def compute() -> CacheAnalysis | None:
        script = model.script(instruction)
        return analyse(RunContext(model, instruction), script) if script else None

    return model.derive("cache_analysis", instruction, compute)


def _line(model: DockerfileModel, instruction: Instruction) -> int:
    """The line of the instruction's keyword."""
    if model.outer(instruction) is instruction:
        # on the instruction's first line, after its indentation at most
        return line_of(model, instruction)
    index = model.index
    return index.lines.line(index.span(instruction.keyword)[0])  # ONBUILD's trigger


def _is_onbuild(model: DockerfileModel, instruction: Instruction) -> bool:
    return model.outer(instruction) is not instruction


# ---------------------------------------------------------------- DLX301


class ConsecutiveRuns(Rule):
    """Two RUN instructions in a row that could be one.

    ## What it does
    Reports a RUN that directly follows another RUN (only comments between them) when both
    run a single command and use the same flags (`--mount`, `--network`, `--security`).
    Like hadolint, it leaves alone RUNs that already chain several commands (their author
    split them on purpose), RUNs with different flags, and ONBUILD triggers.

    **Differences from hadolint.** A command whose name is a variable (`$CABAL build`)
    counts as a command; hadolint does not count it, so it sees `cd $DIR && $CABAL build`
    as one command.

    ## Why
    Every RUN makes a layer and a build step. Joining short commands with `&&` gives fewer
    layers, a smaller history and faster builds; files deleted in the same RUN never reach
    the image.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    RUN mkdir -p /srv/data
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app \\
     && mkdir -p /srv/data
    ```

    ## Fix safety
    Unsafe: the fix joins the RUN to the one above it: the first RUN's last command gets
    ` && \\`, the comment lines between the two stay inside the continuation (blank lines
    go), and the second command follows on a new line indented like the first RUN's
    continued lines (four spaces past the keyword when it has none). Each RUN failed when
    its command failed, and `&&` keeps that: the joined RUN stops at the first failure. It
    is unsafe because the image gets one layer instead of two and the build cache splits
    differently, and because the second command now runs in the first one's shell: if
    the first installs a program earlier in PATH than one it ran itself
    (`pip install -U pip`), the shell may still run the old one. No fix is offered for
    exec-form or heredoc RUNs, when the first RUN's command changes the shell's state for
    the next one (`cd`, `export`, `umask`, `source`, `exec`, `exit`, a bare assignment, a
    `set` other than `-e`/`-u`/`-x`/`-o pipefail`, or one of those that would change how
    the second command runs) or may replace `/bin/sh` (`ln -sf bash /bin/sh`,
    `dpkg-reconfigure dash`: the second would run in the old shell), ends with `&` or a
    trailing comment, when a linter pragma sits between them, or when a script does not
    parse.
    """

    code = "DLX301"
    name = "consecutive-runs"
    aliases = ("DL3059",)
    category = "layers"
    severity = Severity.INFO
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._previous: tuple[Instruction, tuple[tuple[str, str | None], ...], int] | None = None

    def visit_instruction(self, instruction: Instruction) -> None:
        previous, self._previous = self._previous, None
        if isinstance(instruction, ErrorInstruction) or instruction.name != "RUN":
            return
        script = self.model.script(instruction)
        count = len(script.commands) if script is not None else 2
        flags = _flags(instruction)
        self._previous = (instruction, flags, count)
        if previous is None:
            return
        before, before_flags, before_count = previous
        if before_flags != flags or before_count > 1 or count > 1:
            return
        edits = merge_runs(self.model, before, instruction)
        self.report(
            instruction.keyword,
            f"this RUN directly follows the RUN on line {_line(self.model, before)}; "
            "join them with `&&` into one RUN",
            fix=Fix("join with the previous RUN", edits, Applicability.UNSAFE) if edits else None,
        )


# ---------------------------------------------------------------- DLX302

#: Commands that neither read the copied sources nor build anything.
_NEUTRAL = frozenset(
    {
        "set",
        "true",
        ":",
        "echo",
        "printf",
        "export",
        "mkdir",
        "rm",
        "ln",
        "useradd",
        "groupadd",
        "adduser",
        "addgroup",
        "usermod",
        "update-ca-certificates",
        "locale-gen",
        "localedef",
        "ldconfig",
        "apt-mark",
        "dpkg-reconfigure",
        "update-alternatives",
        "add-apt-repository",
        "apt-key",
        "curl",
        "wget",
        "gpg",
        "chmod",
        "chown",
        "cd",
        "which",
        "command",
        "test",
        "[",
        "sleep",
        "corepack",
    }
)
#: Neutral commands whose bare operands are file names (relative to the WORKDIR).
_FILE_OPERANDS = frozenset({"mkdir", "rm", "ln", "chmod", "chown", "cd"})
#: System package installs and tool installs that name what they install.
_INSTALL_ACTIONS: dict[str, frozenset[str | None]] = {
    "apt": frozenset({"update", "install", "upgrade", "dist-upgrade", "full-upgrade"}),
    "apk": frozenset({"update", "add", "upgrade"}),
    "yum": frozenset({"install", "groupinstall", "group install", "upgrade", "update"}),
    "dnf": frozenset({"install", "groupinstall", "group install", "upgrade", "update"}),
    "zypper": frozenset({"install", "in", "update", "up", "dist-upgrade", "dup"}),
    "pip": frozenset({"install"}),
    "gem": frozenset({"install"}),
    "npm": frozenset({"install", "i", "add"}),
    "yarn": frozenset({"global add"}),
}
#: Other package-manager actions that do not read sources.
_HOUSEKEEPING: dict[str, frozenset[str | None]] = {
    "apt": frozenset({"clean", "autoclean", "autoremove", "purge", "remove"}),
    "apk": frozenset({"del", "cache clean", "cache purge"}),
    "yum": frozenset({"clean", "makecache", "remove", "erase", "config-manager"}),
    "dnf": frozenset({"clean", "makecache", "remove", "erase", "config-manager", "module enable"}),
    "zypper": frozenset({"refresh", "ref", "clean", "cc", "addrepo", "ar"}),
    "pip": frozenset({"cache purge"}),
    "npm": frozenset({"cache clean"}),
    "yarn": frozenset({"cache clean"}),
}
_PACKAGE_FILES = (".deb", ".rpm", ".apk", ".whl", ".gem", ".tar.gz", ".tgz", ".zip")
#: COPY sources that are usually dependency manifests, not the code that changes.
_MANIFESTS = frozenset(
    {
        "package.json",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        ".yarnrc",
        ".yarnrc.yml",
        ".npmrc",
        "requirements.txt",
        "pipfile",
        "pipfile.lock",
        "poetry.lock",
        "pyproject.toml",
        "setup.py",
        "setup.cfg",
        "uv.lock",
        "go.mod",
        "go.sum",
        "gemfile",
        "gemfile.lock",
        "composer.json",
        "composer.lock",
        "cargo.toml",
        "cargo.lock",
        "pom.xml",
        "build.gradle",
        "settings.gradle",
        "mix.exs",
        "mix.lock",
    }
)


class StableStepAfterCopy(Rule):
    """A package install placed after a COPY of the sources it does not use.

    ## What it does
    Reports a RUN that installs system packages or tools (`apt-get install`, `apk add`,
    `pip install <names>`, `npm install -g`...) and reads nothing from the files copied by
    an earlier `COPY`/`ADD` of the build context in the same stage, when that COPY takes
    the whole context (`COPY . .`) or, when the build context is known, a directory or
    wildcard that matches several files other than dependency manifests.

    A RUN is not reported when it uses the copy: a path under the COPY destination or a
    relative path, a requirements file, a local package, a bind mount of the context, or a
    command dlint cannot vouch for (a build, a script). A COPY of single files such as
    `package.json` or a config file is not considered volatile.

    ## Why
    The build cache is invalidated from the first changed step onward. Every edit of the
    copied sources re-runs the installs placed after them, although their result cannot
    change: builds get slower and the network is hit each time. Install first, copy last.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \\
     && rm -rf /var/lib/apt/lists/*
    WORKDIR /app
    COPY . .
    ```

    ## Fix safety
    Unsafe: when the RUN comes right after the COPY (only comment and blank lines
    between), the fix swaps them; the comment lines directly above each move with it. The
    RUN then runs without the copied files, which dlint believes it does not read (the
    judgement is a heuristic), and a file both write ends up as the copy has it instead
    of as the RUN left it. No fix when the COPY's destination is not known, is `/` or
    lies under a directory installs write to (`/etc`, `/usr`, `/var`, `/opt`, `/srv`,
    `/home`, `/root`, `/run`, `/bin`, `/sbin`, `/lib*`; `useradd -m` makes home
    directories). A RUN further down is not moved: what lies between could depend on the
    copy; the fix loop moves RUNs up one at a time as they come next to it.
    """

    code = "DLX302"
    name = "stable-step-after-copy"
    category = "layers"
    severity = Severity.INFO
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: (stage index, onbuild) -> the first volatile COPY and its destination
        self._copies: dict[tuple[int, bool], tuple[Instruction, str | None]] = {}

    def _key(self, instruction: Instruction) -> tuple[int, bool] | None:
        stage = self.model.stage_of(instruction)
        if stage is None:
            return None
        return stage.index, _is_onbuild(self.model, instruction)

    def visit_copy(self, instruction: Instruction) -> None:
        self._copy(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._copy(instruction)

    def _copy(self, instruction: Instruction) -> None:
        key = self._key(instruction)
        if key is None or key in self._copies or instruction.flag("from") is not None:
            return
        sources = copy_args(self.model, instruction).sources
        if not any(self._volatile(s.raw, instruction) for s in sources):
            return
        self._copies[key] = (instruction, dest_path(self.model, instruction))

    def _volatile(self, source: str, instruction: Instruction) -> bool:
        if "://" in source or source.startswith("git@"):
            return False
        expansion = self.model.expand(source, instruction)
        if not expansion.complete:
            return False
        text = expansion.text
        if posixpath.normpath(text) in (".", "*", "./*") or text in ("./", "/"):
            return True
        context = self.model.context
        if context is None:
            return False
        match = context.copy_sources(text)
        files = [f for f in match.included if f.rsplit("/", 1)[-1].lower() not in _MANIFESTS]
        return len(files) >= 2 and not _is_manifest_pattern(text)

    def visit_run(self, instruction: Instruction) -> None:
        key = self._key(instruction)
        if key is None or key not in self._copies:
            return
        copy, dest = self._copies[key]
        if self._stable(instruction, dest):
            self.report(
                instruction.keyword,
                f"this RUN installs packages without using the files copied on line "
                f"{_line(self.model, copy)}, yet every change to them re-runs it; "
                "move it above that COPY",
                fix=self._fix(copy, instruction, dest),
            )

    def _fix(self, copy: Instruction, instruction: Instruction, dest: str | None) -> Fix | None:
        """Swap the RUN with the COPY right above it (comment lines directly above
        each move with it), unless the COPY goes where installs write."""
        if dest is None or _under_system_dir(dest):
            return None
        model = self.model
        above, run = model.outer(copy), model.outer(instruction)
        instructions = model.instructions
        at = next((i for i, item in enumerate(instructions) if item is run), 0)
        if at == 0 or instructions[at - 1] is not above:
            return None
        code = model.tree.code
        copy_start, copy_end = block_span(model, above)
        run_start, run_end = block_span(model, run)
        run_text = code[run_start:run_end]
        middle = code[copy_end:run_start]
        copy_text = code[copy_start:copy_end]
        if not run_text.endswith("\n"):  # the last line of a file without a final newline
            newline = line_ending(model, copy_start)
            run_text += newline
            copy_text = copy_text.removesuffix("\n").removesuffix("\r")
        return Fix(
            "move the RUN above the COPY",
            (Edit(copy_start, run_end, run_text + middle + copy_text),),
            Applicability.UNSAFE,
        )

    def _stable(self, instruction: Instruction, dest: str | None) -> bool:
        model = self.model
        script = model.script(instruction)
        if script is None or script.errors or not script.commands:
            return False
        ctx = RunContext(model, instruction)
        if ctx.binds_context:
            return False
        workdir = model.workdir_at(instruction)
        analysis = _analysis(model, instruction)
        found = analysis.commands if analysis is not None else []
        commands = {pc.origin: pc for pc in found}
        installs = 0
        for raw in script.all_commands():
            pc = commands.get(raw.start)
            command = pc.command if pc is not None else raw.unwrapped()
            if pc is not None:
                verdict = _package_verdict(pc)
                if verdict is None:
                    return False
                installs += verdict
            elif command.basename not in _NEUTRAL:
                if command.name is None and not command.args:
                    continue  # a bare assignment
                return False
            if not _paths_elsewhere(command, dest, workdir, pc is None):
                return False
        return installs > 0


#: Where package installs (and `useradd -m`) write: a COPY there, moved after the
#: install, could overwrite what it wrote instead of being overwritten by it.
_SYSTEM_DIRS = (
    *("/etc", "/usr", "/var", "/opt", "/srv", "/home", "/root", "/run"),
    *("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"),
)


def _under_system_dir(path: str) -> bool:
    return path == "/" or any(path == d or path.startswith(d + "/") for d in _SYSTEM_DIRS)


def _is_manifest_pattern(text: str) -> bool:
    name = text.rstrip("/").rsplit("/", 1)[-1].lower()
    return any(ch in name for ch in "*?[") and any(
        m.startswith(name.split("*", 1)[0]) for m in _MANIFESTS if name.split("*", 1)[0]
    )


def _package_verdict(pc: PackageCommand) -> int | None:
    """1 for a stable install, 0 for harmless housekeeping, None when it may read sources."""
    action = pc.action
    if action in _HOUSEKEEPING.get(pc.family, ()):
        return 0
    if action not in _INSTALL_ACTIONS.get(pc.family, ()):
        return None
    command = pc.command
    if pc.family == "pip" and command.has_option(
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "--find-links", "-f"
    ):
        return None
    if pc.family == "npm" and not command.has_option("-g", "--global"):
        return None
    for word in pc.packages:
        text = word.value if word.value is not None else word.text
        if "://" in text:
            continue
        if text in (".", "..") or "/" in text or text.lower().endswith(_PACKAGE_FILES):
            return None
    return 1


def _paths_elsewhere(command: Command, dest: str | None, workdir: str, neutral: bool) -> bool:
    """No word of ``command`` names a path under ``dest`` (or a relative path there)."""
    operands = list(command.args)
    if neutral and command.basename in ("chmod", "chown") and command.positionals:
        operands.remove(command.positionals[0])
    file_operands = neutral and command.basename in _FILE_OPERANDS
    words: list[tuple[ShellWord, str]] = [(w, "arg") for w in operands]
    words += [(w, "redirect") for w in command.redirects]
    for word, role in words:
        text = word.value if word.value is not None else word.text
        if role == "redirect":
            text = text.lstrip("0123456789&<>| ")
        elif text.startswith("-"):
            text = text.partition("=")[2]
        if not text or "://" in text:
            continue
        path_like = "/" in text or text.startswith(".")
        if not path_like and not (file_operands or role == "redirect"):
            continue
        if text.startswith("$") or text.startswith(("'", '"')):
            if text.lstrip("'\"").startswith("/"):
                text = text.strip("'\"")
            else:
                continue
        if text in (".", "..") or text.startswith(("./", "../")):
            return False
        if dest is None:
            return False  # the copy may have gone anywhere
        path = posixpath.normpath(posixpath.join(workdir, text))
        if dest != "/" and (path == dest or path.startswith(dest + "/")):
            return False
    return True


# ---------------------------------------------------------------- DLX303


class CleanupInLaterLayer(Rule):
    """A cleanup in a later RUN than the install it cleans up after.

    ## What it does
    Reports cache removals (`rm -rf /var/lib/apt/lists/*`, `apt-get clean`, `yum clean all`,
    `rm -rf ~/.cache/pip`, `yarn cache clean`...) and package removals (`apk del`,
    `apt-get purge`) in a RUN that does not itself produce what it removes, when an earlier
    RUN of the stage (or of a stage it builds FROM) left it behind.

    ## Why
    Each RUN is a layer, and a layer cannot shrink the ones below it: the files deleted by
    a later RUN are still in the image, only hidden. The cleanup has to happen in the same
    RUN as the install (or use a BuildKit cache mount so the cache never lands in a layer).

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    RUN rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: when the RUN it cleans up after is the one right above (only comment lines
    between, the same flags), the fix joins the two RUNs into one, the way
    `consecutive-runs` does: ` && \\` and a new continued line; a second RUN that chains
    commands with `;`, `||` or line breaks is wrapped in `{ ...; }`, so it still runs
    only after the first succeeded, as a whole (`set -e` would not help: it ignores a
    failure on the left of `&&`). The layers and the image change (that is the point).
    No fix when the RUNs are not adjacent, use other flags, use heredocs or exec form, a
    linter pragma sits between them, or the first changes the shell's state for the
    second (`cd`, `export`...; `set -e` before a second script that needs wrapping,
    `set -u` before one that expands variables) or may replace `/bin/sh`, which the
    second would no longer run in.
    """

    code = "DLX303"
    name = "cleanup-in-later-layer"
    category = "layers"
    severity = Severity.WARNING
    fix = "sometimes"

    _DESCRIPTIONS: ClassVar[dict[str, str]] = {
        "apt-lists": "the apt lists",
        "apt-archives": "the apt package cache",
        "apk": "the apk cache",
        "pip": "the pip cache",
        "rpm": "the yum/dnf cache",
        "zypper": "the zypper cache",
        "yarn": "the yarn cache",
        "npm": "the npm cache",
    }

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: (stage index, onbuild) -> cache kind -> (line, command) of the RUNs that left it
        self._left: dict[tuple[int, bool], dict[str, list[tuple[int, str]]]] = {}
        #: (stage index, onbuild) -> (family, package) -> (line, command) that installed it
        self._installed: dict[tuple[int, bool], dict[tuple[str, str], tuple[int, str]]] = {}

    def _keys(self, instruction: Instruction) -> list[tuple[int, bool]]:
        """This instruction's key, then its ancestor stages' (not for ONBUILD)."""
        stage = self.model.stage_of(instruction)
        if stage is None:
            return [(-1, False)]
        onbuild = _is_onbuild(self.model, instruction)
        keys = [(stage.index, onbuild)]
        parent = stage.parent
        while parent is not None and not onbuild:
            keys.append((parent.index, False))
            parent = parent.parent
        return keys

    def visit_run(self, instruction: Instruction) -> None:
        analysis = _analysis(self.model, instruction)
        if analysis is None:
            return
        keys = self._keys(instruction)
        line = _line(self.model, instruction)
        self._check_caches(analysis, keys)
        self._check_removals(analysis, keys, line)
        left = self._left.setdefault(keys[0], {})
        for producer in analysis.producers:
            if producer.left:
                left.setdefault(producer.kind, []).append((line, producer.command.head))

    def _earlier(self, keys: list[tuple[int, bool]], kind: str) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for key in keys:
            found += self._left.get(key, {}).get(kind, [])
        return sorted(set(found))

    def _check_caches(self, analysis: CacheAnalysis, keys: list[tuple[int, bool]]) -> None:
        for cleaner, kinds in analysis.cleaners:
            for kind in sorted(kinds):
                if analysis.produced(kind):
                    continue
                earlier = self._earlier(keys, kind)
                if not earlier:
                    continue
                lines = sorted({n for n, _ in earlier})
                where = ", ".join(str(n) for n in lines)
                runs = "those RUNs" if len(lines) > 1 else "that RUN"
                start, end = _span(cleaner)
                self.report(
                    (start, end),
                    f"this removes {self._DESCRIPTIONS[kind]} left by `{earlier[-1][1]}` on "
                    f"line{'s' if len(lines) > 1 else ''} {where}, but a later RUN cannot "
                    f"shrink the image; clean up in {runs}",
                    fix=self._fix(analysis, lines),
                )
                break

    def _check_removals(
        self, analysis: CacheAnalysis, keys: list[tuple[int, bool]], line: int
    ) -> None:
        installed_here: set[tuple[str, str]] = set()
        for pc in analysis.commands:
            if pc.family == "apk" and pc.action == "add":
                names = [package_name(w) for w in pc.packages]
                virtual = pc.command.option("-t", "--virtual")
                if virtual is not None and virtual.value:
                    names.append(virtual.value.lower())
            elif pc.family == "apt" and pc.action == "install":
                names = [package_name(w) for w in pc.packages]
            else:
                continue
            for name in names:
                if name:
                    installed_here.add((pc.family, name))
        for pc in analysis.commands:
            removing = (pc.family == "apk" and pc.action == "del") or (
                pc.family == "apt" and pc.action in ("purge", "remove")
            )
            if not removing:
                continue
            for word in pc.packages:
                name = package_name(word)
                if name is None or (pc.family, name) in installed_here:
                    continue
                for key in keys:
                    origin = self._installed.get(key, {}).get((pc.family, name))
                    if origin is not None:
                        self.report(
                            (word.start, word.end),
                            f"'{name}' was installed by `{origin[1]}` on line {origin[0]}; "
                            "removing it in a later RUN cannot shrink the image, so remove it "
                            "in that RUN",
                            fix=self._fix(analysis, [origin[0]]),
                        )
                        break
        if installed_here:
            table = self._installed.setdefault(keys[0], {})
            head = {"apk": "apk add", "apt": "apt-get install"}
            for family, name in installed_here:
                table[(family, name)] = (line, head[family])

    def _fix(self, analysis: CacheAnalysis, lines: list[int]) -> Fix | None:
        """Join this RUN to the one right above it when that one is the RUN to clean up
        after (same flags, only comment lines between)."""
        model = self.model
        instruction = analysis.ctx.instruction
        if model.outer(instruction) is not instruction or len(lines) != 1:
            return None
        instructions = model.instructions
        at = next((i for i, item in enumerate(instructions) if item is instruction), 0)
        previous = instructions[at - 1] if at > 0 else None
        if previous is None or previous.name != "RUN" or _line(model, previous) != lines[0]:
            return None
        if _flags(previous) != _flags(instruction):
            return None
        edits = merge_runs(model, previous, instruction)
        if edits is None:
            return None
        return Fix("join with the RUN it cleans up after", edits, Applicability.UNSAFE)


def _flags(instruction: Instruction) -> tuple[tuple[str, str | None], ...]:
    return tuple(
        sorted(
            ((f.name.lower(), f.argument) for f in instruction.flags),
            key=lambda item: (item[0], item[1] or ""),
        )
    )


def _span(command: Command | PackageCommand) -> tuple[int, int]:
    if isinstance(command, PackageCommand):
        return command.start, command.head_end
    return command.start, command.end


# ---------------------------------------------------------------- fix helpers


def _action_word(pc: PackageCommand) -> ShellWord | None:
    """The last word of the action (``install`` of ``apt-get -y install``)."""
    if pc.action is None:
        return None
    count = len(pc.action.split())
    words = pc.command.positionals
    return words[count - 1] if len(words) >= count else None


def _option_fix(
    pc: PackageCommand, option: str, title: str, applicability: Applicability
) -> Fix | None:
    """Insert ``option`` right after the action word (never into exec form's JSON)."""
    word = _action_word(pc)
    if word is None or "exec" in pc.command.context:
        return None
    edit = insert_after_word(pc.command, word, option)
    return Fix(title, (edit,), applicability) if edit is not None else None


def _raw_producer(script: Script, pc: PackageCommand) -> Command | None:
    for raw in script.all_commands():
        if raw.start == pc.origin:
            return raw
    return None


def _cleanup_fix(
    model: DockerfileModel,
    instruction: Instruction,
    pc: PackageCommand,
    command: str,
    *,
    needs_root: bool = True,
) -> Fix | None:
    """Append ``command`` to the RUN (with ``sudo`` when the producer used it)."""
    script = model.script(instruction)
    raw = _raw_producer(script, pc) if script is not None else None
    if raw is None:
        return None
    sudo = raw.basename == "sudo"
    if needs_root and not sudo and not is_root(model.user_at(model.outer(instruction))):
        return None
    text = f"sudo {command}" if sudo else command
    edit = append_command(model, instruction, text)
    if edit is None:
        return None
    return Fix(f"end the RUN with `{text}`", (edit,), Applicability.UNSAFE)


#: apt sub-commands that read the package lists.
_APT_READS = frozenset(
    {
        "install",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "build-dep",
        "source",
        "download",
        "reinstall",
        "satisfy",
        "search",
        "show",
        "policy",
        "madison",
        "depends",
        "rdepends",
    }
)


def _later_apt_reader(model: DockerfileModel, instruction: Instruction) -> Instruction | None:
    """A later RUN of the stage (or of a stage built on it, or a trigger) that reads the
    apt lists before updating them itself: it relies on the lists this RUN leaves."""
    stage = model.stage_of(instruction)
    outer = model.outer(instruction)
    refreshed: set[int] = set()  # stages whose own update replaced the lists
    seen = False
    for item in model.instructions:
        if item is outer:
            seen = True
            continue
        target = item.inner or item
        if not seen or target.name != "RUN":
            continue
        own = model.stage_of(item)
        current = own
        while current is not None and current is not stage and current.index not in refreshed:
            current = current.parent
        if current is not stage or (stage is not None and stage.index in refreshed):
            continue  # another lineage, or lists refreshed on the way
        script = model.script(item)
        first = _first_apt_use(script) if script is not None else None
        if first == "read":
            return item
        if first == "update" and own is not None and item.inner is None:
            refreshed.add(own.index)
    return None


def _first_apt_use(script: Script) -> str | None:
    for raw in script.all_commands():
        command = raw.unwrapped()
        if command.basename in ("apt-get", "apt", "aptitude", "apt-cache"):
            sub = command.subcommand
            if sub == "update" and command.basename != "apt-cache":
                return "update"
            if sub in _APT_READS:
                return "read"
    return None


# ---------------------------------------------------------------- package caches


class _CacheRule(Rule):
    """Reports package-manager commands that leave their cache in the layer."""

    category = "layers"
    #: Families and actions this rule checks.
    families: ClassVar[frozenset[str]] = frozenset()
    actions: ClassVar[frozenset[str | None] | None] = None
    #: Only RUNs whose stage ends up in the final image (hadolint's DL3009 / DL3060).
    final_only: ClassVar[bool] = False
    advice: ClassVar[str] = ""

    def visit_run(self, instruction: Instruction) -> None:
        if self.final_only and not in_final_image(self.model, instruction):
            return
        analysis = _analysis(self.model, instruction)
        if analysis is None:
            return
        for producer in analysis.producers:
            pc = producer.command
            if pc.family not in self.families or not producer.left:
                continue
            if self.actions is not None and pc.action not in self.actions:
                continue
            if self.wanted(instruction, producer):
                self.report(
                    (pc.start, pc.head_end),
                    self.message(instruction, producer),
                    fix=self.make_fix(instruction, producer),
                )

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        return True

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        return None

    def message(self, instruction: Instruction, producer: Producer) -> str:
        return f"`{producer.command.head}` {self.advice}"


class AptListsLeft(_CacheRule):
    """`apt-get update` without removing the apt lists in the same RUN.

    ## What it does
    Reports `apt-get update` (and `apt update`) in a RUN that does not end with
    `rm -rf /var/lib/apt/lists/*` (or `apt-get dist-clean`) and has no cache or tmpfs mount
    on `/var/lib/apt/lists`. Like hadolint, only stages that end up in the final image (the
    last stage and the stages it builds FROM) are checked.

    **Differences from hadolint.**
    The removal must come after the update and must remove the lists: hadolint accepts any
    `rm -rf` anywhere in the RUN, but not `apt-get dist-clean` (which removes the lists and
    which the official Debian-based images use). A cache mount on `/var/lib/apt` (a parent
    of the lists) counts; paths in `rm` and mount targets are expanded with the stage's
    ARG/ENV values; `sudo apt-get update` is checked. A stage used only by non-final stages
    is not checked, and neither is an ONBUILD trigger in a stage outside the final image.

    ## Why
    The lists are tens of megabytes the image never needs at runtime. Removing them in a
    later RUN does not help: they stay in the layer that downloaded them.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `rm -rf /var/lib/apt/lists/*` (`sudo rm` when the
    update used `sudo`): ` && rm ...` on a one-line RUN; on continued lines, a new
    continued line with the RUN's own operator placement (`&& \\` at the end of the line
    or ` \\` then `&&` at the start of the next), indentation and escape character; `;`
    is kept instead of `&&` only under `set -e`. In a heredoc, a new line after
    `set -e`, else ` && rm ...` on the last line, so the RUN still fails when its last
    command does. The lists are gone from the image, so a later `apt-get install` without
    its own update would fail: no fix is offered when a later RUN of the stage (or of a
    stage built on it, or an ONBUILD trigger) reads the lists before updating them (the
    message then says to update in that RUN too, see `install-from-earlier-update`). No
    fix either when nothing after the update in the RUN could use the lists (the update
    itself is the problem, see `update-without-install`), for exec form, a RUN ending
    in `&`, a heredoc mixed with other commands, or a non-root USER without `sudo`.
    """

    code = "DLX304"
    name = "apt-lists-not-removed"
    aliases = ("DL3009",)
    severity = Severity.INFO
    families = frozenset({"apt"})
    actions = frozenset({"update"})
    final_only = True
    fix = "sometimes"

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        return producer.kind == "apt-lists"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        if not self._used_here(instruction, producer):
            return None  # nothing here uses the lists: the update itself is the problem
        if self._reader(instruction) is not None:
            return None  # a later install relies on these lists
        return _cleanup_fix(
            self.model, instruction, producer.command, "rm -rf /var/lib/apt/lists/*"
        )

    def _used_here(self, instruction: Instruction, producer: Producer) -> bool:
        """Whether a command after the update in the same RUN may use the lists."""
        script = self.model.script(instruction)
        return script is not None and any(
            c.start > producer.command.origin and maybe_installs(c) for c in script.all_commands()
        )

    def _reader(self, instruction: Instruction) -> Instruction | None:
        """The later RUN that reads the lists this one leaves (worked out once)."""
        model = self.model
        return model.derive(
            "apt-reader", instruction, lambda: _later_apt_reader(model, instruction)
        )

    def message(self, instruction: Instruction, producer: Producer) -> str:
        head = f"`{producer.command.head}` leaves the apt lists in this layer"
        mount = "(or mount a cache on /var/lib/apt/lists)"
        reader = self._reader(instruction)
        if reader is None:
            return f"{head}; end the RUN with `rm -rf /var/lib/apt/lists/*` {mount}"
        # removing them here would break the later RUN: it must update itself
        line = _line(self.model, reader)
        if not self._used_here(instruction, producer):
            return (
                f"{head} for the RUN on line {line}: update in that RUN instead, and end it "
                f"with `rm -rf /var/lib/apt/lists/*` {mount}"
            )
        return (
            f"{head}, and the RUN on line {line} reads them: update in that RUN too, then "
            f"end both with `rm -rf /var/lib/apt/lists/*` {mount}"
        )


class AptRecommends(Rule):
    """`apt-get install` without `--no-install-recommends`.

    ## What it does
    Reports `apt-get install` and `apt install` without `--no-install-recommends` or
    `-o APT::Install-Recommends=false`. An install that asks for the recommended packages
    explicitly (`--install-recommends`, `-o APT::Install-Recommends=true`) is the
    author's choice and is not reported.

    **Differences from hadolint.**
    dlint also checks `apt install` and `sudo apt-get install`, accepts
    `APT::Install-Recommends=0|no|off`, skips dry runs (`apt-get install -s`), and only
    looks at the `install` sub-command (hadolint fires on any `apt-get` command with an
    `install` argument, e.g. `apt-get remove install`). hadolint also reports an install
    that asks for the recommended packages explicitly.

    ## Why
    Recommended packages are not needed to run the package; installing them makes the image
    larger (often much larger) and widens its attack surface.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: the fix inserts `--no-install-recommends` right after `install`. The image
    then lacks the recommended packages, which later RUNs and the image's programs may
    need. No fix when the sub-command is escaped or inside an `sh -c` string, or when
    the install names `curl`, `wget` or `git` and neither it nor an apt install before
    it (in the stage or a stage it is built on) names `ca-certificates`, which they
    recommend: without it they cannot verify HTTPS servers, and a later download would
    fail.
    """

    code = "DLX305"
    name = "apt-install-recommends"
    aliases = ("DL3015",)
    category = "layers"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        analysis = _analysis(self.model, instruction)
        if analysis is None:
            return
        for pc in analysis.commands:
            if pc.family != "apt" or pc.action != "install" or _simulated(pc):
                continue
            if pc.has_option("--no-install-recommends") or _recommends_option(pc):
                continue  # chosen either way: an explicit option is the author's choice
            self.report(
                (pc.start, pc.head_end),
                f"`{pc.head}` also installs recommended packages; add `--no-install-recommends`",
                fix=self._fix(instruction, pc),
            )

    def _fix(self, instruction: Instruction, pc: PackageCommand) -> Fix | None:
        if _names(pc) & _RECOMMEND_CERTIFICATES and not self._certificates(instruction, pc):
            return None  # HTTPS would fail without the ca-certificates they recommend
        return _option_fix(
            pc,
            "--no-install-recommends",
            "add --no-install-recommends",
            Applicability.UNSAFE,
        )

    def _certificates(self, instruction: Instruction, pc: PackageCommand) -> bool:
        """Whether this install, or an apt install in a RUN before it in the stage or a
        stage it is built on, names ca-certificates."""
        if _CERTIFICATES in _names(pc):
            return True
        model = self.model
        before: Instruction | None = model.outer(instruction)
        stage = model.stage_of(model.outer(instruction))
        seen = 0
        while stage is not None and seen <= len(model.stages):
            for item in stage.instructions:
                if item is before:
                    break
                analysis = _analysis(model, item) if item.name == "RUN" else None
                for other in analysis.commands if analysis is not None else ():
                    if other.family == "apt" and _CERTIFICATES in _names(other):
                        return True
            stage, before, seen = stage.parent, None, seen + 1
        return False


#: Packages that recommend ca-certificates, without which they cannot verify HTTPS servers.
_RECOMMEND_CERTIFICATES = frozenset({"curl", "wget", "git"})
_CERTIFICATES = "ca-certificates"


def _names(pc: PackageCommand) -> set[str]:
    """The package names an install names (versions dropped; static words only)."""
    return {name for word in pc.packages if (name := package_name(word)) is not None}


def _simulated(pc: PackageCommand) -> bool:
    """``apt-get install -s``: a dry run that installs nothing."""
    return pc.has_option(*APT_DRY_RUN)


def _recommends_option(pc: PackageCommand) -> bool:
    """``--install-recommends``, or ``-o APT::Install-Recommends=...`` (any value)."""
    if pc.has_option("--install-recommends"):
        return True
    for option in pc.command.options:
        if option.name not in ("o", "option") or option.value is None:
            continue
        key, _, _ = option.value.partition("=")
        if key.lower() == "apt::install-recommends":
            return True
    return False


class ApkCache(_CacheRule):
    """`apk add` without `--no-cache`.

    ## What it does
    Reports `apk add` without `--no-cache`, unless the RUN mounts a cache (or tmpfs) on
    `/var/cache/apk` or `/etc/apk/cache`, or removes `/var/cache/apk` (or runs
    `apk cache clean`) after it. Also reports an `apk update` whose index stays in the
    layer although every apk command after it in the RUN that reads an index fetches its
    own (`apk update && apk add --no-cache curl`): the update only leaves the index
    behind. An `apk update` that a later `apk upgrade` (or another command without
    `--no-cache`) reads is left alone.

    **Differences from hadolint.**
    hadolint also fires when the same RUN removes `/var/cache/apk/*` or runs
    `apk cache clean` afterwards, which leaves nothing behind; it accepts only a cache mount
    on `/var/cache/apk` written literally, and fires on any `apk` command with an `add`
    argument (`apk del add`).

    ## Why
    Without `--no-cache` apk keeps the package index it downloaded in `/var/cache/apk`, a
    few megabytes in every image built this way.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Fix safety
    Safe: the fix inserts `--no-cache` right after `add`. apk installs the same packages
    from a freshly fetched index and keeps nothing in `/var/cache/apk`. An `apk update`
    before it that nothing else in the RUN reads is then useless, and would still leave
    its index: the fix removes it (with the `&&` joining it), and the fix of a reported
    `apk update` does just that. A later RUN that installs without `--no-cache` fetches
    an index itself when it finds none. No fix when the word is escaped or inside an
    `sh -c` string, or for an update inside an `sh -c` string or a compound command.
    """

    code = "DLX306"
    name = "apk-add-cache"
    aliases = ("DL3019",)
    severity = Severity.INFO
    families = frozenset({"apk"})
    actions = frozenset({"add", "update"})
    advice = "keeps the package index in /var/cache/apk; use `apk add --no-cache`"
    fix = "sometimes"

    def wanted(self, instruction: Instruction, producer: Producer) -> bool:
        if producer.command.action != "update":
            return True
        return self._useless(instruction, producer.command, frozenset())

    def message(self, instruction: Instruction, producer: Producer) -> str:
        if producer.command.action != "update":
            return super().message(instruction, producer)
        return (
            f"`{producer.command.head}` keeps the package index in /var/cache/apk, and "
            "nothing after it in this RUN reads it (`apk add --no-cache` fetches its own); "
            "remove the update"
        )

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        pc = producer.command
        if pc.action == "update":
            removal = self._removal(instruction, pc)
            return Fix("remove the update", (removal,)) if removal is not None else None
        fix = _option_fix(pc, "--no-cache", "add --no-cache", Applicability.SAFE)
        update = self._update_before(instruction, pc)
        if fix is None or update is None or not self._useless(instruction, update, {pc.origin}):
            return fix
        removal = self._removal(instruction, update)
        if removal is None:
            return fix
        return Fix("add --no-cache and remove the update", (removal, *fix.edits))

    def _useless(
        self, instruction: Instruction, update: PackageCommand, fetching: AbstractSet[int]
    ) -> bool:
        """Whether nothing after ``update`` in the RUN may read its index: the apk
        commands that read one (there is one at least) all fetch their own, with
        ``--no-cache`` (or at ``fetching``), and no script or installer tool runs."""
        analysis = _analysis(self.model, instruction)
        script = self.model.script(instruction)
        if analysis is None or script is None:
            return False
        apk = {pc.origin: pc for pc in analysis.commands if pc.family == "apk"}
        readers = []
        for raw in script.all_commands():
            if raw.start <= update.origin:
                continue
            pc = apk.get(raw.start)
            if pc is None:
                if maybe_installs(raw):
                    return False  # `make`, `./build.sh`, `abuild -r`... may read it
            elif pc.action == "update":
                break  # a new index from here on
            elif pc.action in _APK_READS or pc.has_option("-U", "--update", "--update-cache"):
                readers.append(pc)
        return bool(readers) and all(
            r.has_option("--no-cache") or r.origin in fetching for r in readers
        )

    def _update_before(
        self, instruction: Instruction, add: PackageCommand
    ) -> PackageCommand | None:
        """The ``apk update`` whose index ``add`` reads, when it leaves it in the layer."""
        analysis = _analysis(self.model, instruction)
        found = None
        for producer in analysis.producers if analysis is not None else ():
            pc = producer.command
            if pc.family == "apk" and pc.action == "update" and pc.origin < add.origin:
                found = pc if producer.left else None
        return found

    def _removal(self, instruction: Instruction, update: PackageCommand) -> Edit | None:
        """The edit removing ``update`` (with the operator joining it) from the RUN."""
        script = self.model.script(instruction)
        raw = _raw_producer(script, update) if script is not None else None
        removed = remove_command(self.model, instruction, raw) if raw is not None else None
        return removed[0] if removed is not None and not removed[1] else None


#: apk applets that read the package index.
_APK_READS = frozenset(
    {"add", "upgrade", "fix", "search", "fetch", "info", "list", "policy", "dot", "version"}
)


class PipCache(_CacheRule):
    """`pip install` without `--no-cache-dir`.

    ## What it does
    Reports `pip install` (`pip3`, `pip3.12`, `python -m pip`) without `--no-cache-dir`,
    unless `PIP_NO_CACHE_DIR` is set (ENV or ARG in the stage, or on the command), the RUN
    mounts a cache or tmpfs on the pip cache (`~/.cache/pip`, `$PIP_CACHE_DIR`), or removes
    it after the install (`rm -rf ~/.cache/pip`, `pip cache purge`).

    **Differences from hadolint.**
    pip disables its cache for any boolean value of `PIP_NO_CACHE_DIR`, even `0` or
    `false` (a documented compatibility quirk), so dlint accepts them where hadolint does
    not. dlint also accepts an ARG, a cache or tmpfs mount on a parent such as
    `/root/.cache` or on another user's home, a removal of the cache (`rm -rf ~/.cache/pip`,
    `pip cache purge`, a `--cache-dir` removed afterwards) in the same RUN, and an ENV seen
    by an ONBUILD trigger; it checks `sudo pip` and `/usr/local/bin/pip`.

    ## Why
    pip keeps every wheel it downloads in its cache; in an image that cache is dead weight,
    often larger than the installed packages.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install flask
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    ```

    ## Fix safety
    Safe: the fix inserts `--no-cache-dir` right after `install`. pip installs the same
    packages without keeping the downloads. No fix when the word is escaped or inside an
    `sh -c` string.
    """

    code = "DLX307"
    name = "pip-cache"
    aliases = ("DL3042",)
    severity = Severity.WARNING
    families = frozenset({"pip"})
    actions = frozenset({"install"})
    advice = (
        "keeps the downloaded packages in the pip cache; add `--no-cache-dir` "
        "(or set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache on /root/.cache/pip)"
    )
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        return _option_fix(
            producer.command, "--no-cache-dir", "add --no-cache-dir", Applicability.SAFE
        )


class YarnCache(_CacheRule):
    """`yarn install` without `yarn cache clean` in the same RUN.

    ## What it does
    Reports `yarn install` (and a bare `yarn`) in a RUN that does not run `yarn cache clean`
    after it, has no cache or tmpfs mount on the yarn cache and does not remove it. Like
    hadolint, only stages that end up in the final image are checked.

    **Differences from hadolint.**
    dlint also counts a bare `yarn`, which is `yarn install`; it accepts removing the cache
    directory, and cache mounts on `--cache-folder`, `YARN_CACHE_FOLDER` or a parent of the
    default cache.

    ## Why
    Yarn keeps a copy of every package in its global cache, which in an image doubles the
    size of `node_modules` for nothing.

    ## Example
    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    WORKDIR /app
    COPY package.json yarn.lock ./
    RUN yarn install --frozen-lockfile && yarn cache clean
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `yarn cache clean`, in the RUN's own style (see
    `apt-lists-not-removed`). A later `yarn install --offline` that relied on the cache
    would fail. No fix when the install uses `--cache-folder` (the clean would empty
    another folder; the message says to remove that folder instead), for exec form, a
    RUN ending in `&` or a heredoc mixed with other commands.
    """

    code = "DLX308"
    name = "yarn-cache"
    aliases = ("DL3060",)
    severity = Severity.INFO
    families = frozenset({"yarn"})
    actions = frozenset({None, "install"})
    final_only = True
    advice = (
        "leaves the yarn cache in this layer; run `yarn cache clean` at the end of the RUN "
        "(or mount a cache on it)"
    )
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        if producer.command.has_option("--cache-folder"):
            return None  # `yarn cache clean` would clean another folder
        return _cleanup_fix(
            self.model, instruction, producer.command, "yarn cache clean", needs_root=False
        )

    def message(self, instruction: Instruction, producer: Producer) -> str:
        option = producer.command.command.option("--cache-folder")
        if option is None:
            return super().message(instruction, producer)
        # `yarn cache clean` empties the default cache, not this one
        head = f"`{producer.command.head}` leaves the yarn cache in"
        folder = option.value
        if not folder:  # a variable
            return (
                f"{head} its --cache-folder in this layer; remove that folder at the end of "
                "the RUN (or mount a cache on it)"
            )
        return (
            f"{head} {folder} in this layer; end the RUN with `rm -rf {folder}` (or mount a "
            "cache on it)"
        )


class YumCache(_CacheRule):
    """`yum install` without `yum clean all` in the same RUN.

    ## What it does
    Reports `yum install` (and `update`, `groupinstall`, `reinstall`...) in a RUN that does
    not run `yum clean all` or remove `/var/cache/yum` after it, and has no cache or tmpfs
    mount on it.

    **Differences from hadolint.**
    hadolint only looks at `install`, accepts `yum clean` of anything (`yum clean packages`
    leaves the metadata), misses a `yum makecache` after the clean, and does not accept cache
    mounts.

    ## Why
    yum keeps repository metadata and packages in `/var/cache/yum`: tens to hundreds of
    megabytes left in the layer.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `yum clean all` (`sudo` too when the install used
    it), in the RUN's own style (see `apt-lists-not-removed`). A later step that relied
    on the cached metadata downloads it again (one run with `-C`/`--cacheonly` fails).
    No fix for exec form, a RUN ending in `&`, a heredoc mixed with other commands, or a
    non-root USER without `sudo`.
    """

    code = "DLX309"
    name = "yum-cache"
    aliases = ("DL3032",)
    severity = Severity.WARNING
    families = frozenset({"yum"})
    advice = "leaves the yum cache in this layer; end the RUN with `yum clean all`"
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        return _cleanup_fix(self.model, instruction, producer.command, "yum clean all")


class DnfCache(_CacheRule):
    """`dnf install` without `dnf clean all` in the same RUN.

    ## What it does
    Reports `dnf`, `microdnf` and `tdnf` installs and upgrades in a RUN that does not run
    `dnf clean all` or remove `/var/cache/dnf` (`/var/cache/yum`) after them, and has no
    cache or tmpfs mount on the cache.

    **Differences from hadolint.**
    hadolint accepts any `rm -rf` as a cleanup (`rm -rf /tmp/*`) and does not accept cache
    mounts; it skips `dnf update` but checks `dnf upgrade` (the same command): dlint checks
    both.

    ## Why
    dnf keeps repository metadata in `/var/cache/dnf`, often more than a hundred megabytes.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `dnf clean all` (`microdnf`/`tdnf` as used, with
    `sudo` when the install used it), in the RUN's own style (see
    `apt-lists-not-removed`). A later step that relied on the cached metadata downloads
    it again (one run with `-C`/`--cacheonly` fails). No fix for exec form, a RUN ending
    in `&`, a heredoc mixed with other commands, or a non-root USER without `sudo`.
    """

    code = "DLX310"
    name = "dnf-cache"
    aliases = ("DL3040",)
    severity = Severity.WARNING
    families = frozenset({"dnf"})

    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        tool = producer.command.command.basename or "dnf"
        return _cleanup_fix(self.model, instruction, producer.command, f"{tool} clean all")

    def message(self, instruction: Instruction, producer: Producer) -> str:
        tool = producer.command.command.basename or "dnf"
        return (
            f"`{producer.command.head}` leaves the {tool} cache in this layer; end the RUN "
            f"with `{tool} clean all`"
        )


class ZypperCache(_CacheRule):
    """`zypper install` without `zypper clean` in the same RUN.

    ## What it does
    Reports `zypper install` (`in`, `update`, `dist-upgrade`, `patch`...) in a RUN that does
    not run `zypper clean` (`cc`) or remove `/var/cache/zypp` after it, and has no cache or
    tmpfs mount on it.

    **Differences from hadolint.**
    hadolint only looks at `install`/`in` (and fires on `zypper remove install`), so it
    misses `zypper dup`; it does not accept removing `/var/cache/zypp`.

    ## Why
    zypper keeps repository metadata in `/var/cache/zypp`, left in the layer for nothing.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl && zypper clean --all
    ```

    ## Fix safety
    Unsafe: the fix ends the RUN with `zypper clean --all` (`sudo` too when the install
    used it), in the RUN's own style (see `apt-lists-not-removed`). A later step that
    relied on the cached metadata refreshes it again (one run with `--no-refresh` may
    fail). No fix for exec form, a RUN ending in `&`, a heredoc mixed with other
    commands, or a non-root USER without `sudo`.
    """

    code = "DLX311"
    name = "zypper-cache"
    aliases = ("DL3036",)
    severity = Severity.WARNING
    families = frozenset({"zypper"})
    advice = "leaves the zypper cache in this layer; end the RUN with `zypper clean --all`"
    fix = "sometimes"

    def make_fix(self, instruction: Instruction, producer: Producer) -> Fix | None:
        return _cleanup_fix(self.model, instruction, producer.command, "zypper clean --all")


# ---------------------------------------------------------------- DLX312

_SORTED_INSTALLS: dict[str, frozenset[str | None]] = {
    "apt": frozenset({"install"}),
    "apk": frozenset({"add"}),
    "yum": frozenset({"install"}),
    "dnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in"}),
    "pip": frozenset({"install"}),
    "gem": frozenset({"install"}),
    "npm": frozenset({"install", "i", "add"}),
    "yarn": frozenset({"add", "global add"}),
}


class UnsortedPackages(Rule):
    """A one-package-per-line install list that is not sorted.

    ## What it does
    When an install (`apt-get install`, `apk add`, `dnf install`, `pip install`...) lists
    its packages one per continuation line, reports the first package that is out of
    alphabetical order. Comment lines and blank lines inside the list start a new group,
    sorted on its own; version pins (`curl=8.5.0-2`) are ignored for the order, and so are
    variables, URLs and file paths. Both byte order (`LC_ALL=C sort`) and the order that
    ignores punctuation are accepted (`python3-pip` and `python3.12-dev` in either order).

    ## Why
    A sorted list is easier to review: a diff adds or removes one line in a predictable
    place, and duplicates stand next to each other.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        git \\
        curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends \\
        curl \\
        git \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Safe: the fix sorts each group of the list (the groups comment and blank lines
    make), in the order that moves the fewest words among the two accepted ones (byte
    order, or the order that ignores punctuation). Only the package words trade places:
    every line keeps its indentation, options, pins and `\\`; variables, URLs and paths
    stay where they are. The same packages are installed. No fix when a package word is
    escaped or inside an `sh -c` string.
    """

    code = "DLX312"
    name = "unsorted-packages"
    category = "layers"
    severity = Severity.STYLE
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        analysis = _analysis(self.model, instruction)
        if analysis is None:
            return
        for pc in analysis.commands:
            if pc.action in _SORTED_INSTALLS.get(pc.family, ()):
                self._check(pc)

    def _check(self, pc: PackageCommand) -> None:
        words = [w for w in pc.packages if not (w.value or w.text).startswith("-")]
        if len(words) < 2:
            return
        lines = self.model.index.lines
        numbers = [lines.line(w.start) for w in words]
        if len(set(numbers)) != len(numbers):
            return  # not one per line
        code = self.model.tree.code
        previous: tuple[ShellWord, str] | None = None
        for word in words:
            name = package_name(word)
            if previous is not None and _group_break(code[previous[0].end : word.start]):
                previous = None
            if name is None or "/" in name or ":/" in name:
                continue  # a variable, a URL or a file
            if previous is not None and _before(name, previous[1]):
                self.report(
                    (word.start, word.end),
                    f"package '{name}' is out of alphabetical order (it sorts before "
                    f"'{previous[1]}'); keep the list sorted",
                    fix=self._fix(pc, words),
                )
                return
            previous = (word, name)

    def _fix(self, pc: PackageCommand, words: list[ShellWord]) -> Fix | None:
        """Sort each group of package words in place: every line keeps its layout, only
        the words trade places (variables, URLs and paths stay where they are). One
        edit per group, over the lines from the first word that moves to the last."""
        if "exec" in pc.command.context:
            return None  # JSON strings, not shell words
        code = self.model.tree.code
        groups: list[list[tuple[ShellWord, str]]] = [[]]
        for i, word in enumerate(words):
            if i and _group_break(code[words[i - 1].end : word.start]):
                groups.append([])
            name = package_name(word)
            if name is not None and "/" not in name:
                groups[-1].append((word, name))
        edits: list[Edit] = []
        for group in groups:
            by_bytes = sorted(group, key=lambda pair: pair[1])
            by_letters = sorted(group, key=lambda pair: (_alnum(pair[1]), pair[1]))
            moved_bytes = sum(a is not b for a, b in zip(group, by_bytes, strict=True))
            moved_letters = sum(a is not b for a, b in zip(group, by_letters, strict=True))
            order = by_letters if moved_letters < moved_bytes else by_bytes
            moves = [
                (slot, word)
                for (slot, _), (word, _) in zip(group, order, strict=True)
                if slot is not word
            ]
            if not moves:
                continue
            if not all(word_is_plain(pc.command, w) for pair in moves for w in pair):
                return None
            # one edit over the whole lines that change: the bytes between are written
            # back as they are, and a reader of the fix sees the block that moved
            start = code.rfind("\n", 0, moves[0][0].start) + 1
            newline = code.find("\n", moves[-1][0].end)
            end = len(code) if newline < 0 else newline + 1
            pieces: list[str] = []
            position = start
            for slot, word in moves:
                pieces.append(code[position : slot.start])
                pieces.append(code[word.start : word.end])
                position = slot.end
            pieces.append(code[position:end])
            edits.append(Edit(start, end, "".join(pieces)))
        if not edits:
            return None
        return Fix("sort the packages", tuple(edits), Applicability.SAFE)


def _before(name: str, other: str) -> bool:
    """``name`` sorts before ``other`` both byte-wise (``sort`` with ``LC_ALL=C``) and
    ignoring punctuation (editors' natural order), so either habit is accepted."""
    return name < other and _alnum(name) < _alnum(other)


def _alnum(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum())


def _group_break(between: str) -> bool:
    """A comment line or a blank line between two package words."""
    lines = between.split("\n")
    return any(not line.strip(" \t\\\r") or line.lstrip().startswith("#") for line in lines[1:-1])


LAYERS_RULES: tuple[type[Rule], ...] = (
    ConsecutiveRuns,
    StableStepAfterCopy,
    CleanupInLaterLayer,
    AptListsLeft,
    AptRecommends,
    ApkCache,
    PipCache,
    YarnCache,
    YumCache,
    DnfCache,
    ZypperCache,
    UnsortedPackages,
)
