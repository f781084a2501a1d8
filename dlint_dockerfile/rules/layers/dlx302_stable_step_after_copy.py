"""DLX302 stable-step-after-copy: a package install after a COPY of sources it does not use."""

from __future__ import annotations

import posixpath

from dlint_dockerfile.edits.layers import block_span
from dlint_dockerfile.edits.text import line_ending
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args, dest_path
from dlint_dockerfile.model.package_caches import RunContext
from dlint_dockerfile.rules.layers._shared import cache_analysis, keyword_line
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.packages import PackageCommand
from dlint_dockerfile.syntax import Instruction

__all__ = ["StableStepAfterCopy"]


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
        return stage.index, self.model.is_trigger(instruction)

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
                f"{keyword_line(self.model, copy)}, yet every change to them re-runs it; "
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
        analysis = cache_analysis(model, instruction)
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
