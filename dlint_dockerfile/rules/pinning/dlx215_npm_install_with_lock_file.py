"""`npm install` where a lock file is there and `npm ci` is meant."""

from __future__ import annotations

import fnmatch
import posixpath

from dlint_dockerfile.edits.shell import replace_word
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.copy_sources import copy_match
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.installs import install_steps
from dlint_dockerfile.syntax import Instruction

__all__ = ["NpmInstallWithLockFile"]


#: npm's lock files: ``npm ci`` installs exactly what one of them says.
_NPM_LOCKS = ("package-lock.json", "npm-shrinkwrap.json")

#: ``npm install`` options (without dashes) that mean the same to ``npm ci``. Any other
#: option (``--save``, ``--no-package-lock``, ``--package-lock-only``...) has no ``npm ci``
#: equivalent or is not known here: the fix is then not offered.
_CI_OPTIONS = frozenset(
    {
        *("omit", "include", "production", "only", "also", "ignore-scripts", "no-audit"),
        *("audit", "no-fund", "fund", "loglevel", "silent", "quiet", "verbose", "s", "q"),
        *("d", "dd", "ddd", "progress", "no-progress", "prefer-offline", "prefer-online"),
        *("offline", "legacy-peer-deps", "strict-peer-deps", "force", "registry", "cache"),
        *("prefix", "no-optional", "unsafe-perm", "no-update-notifier", "update-notifier"),
        *("foreground-scripts", "install-links", "workspace", "workspaces", "w", "color"),
        *("no-color", "userconfig", "install-strategy", "no-bin-links", "bin-links"),
        *("fetch-retries", "fetch-timeout", "maxsockets", "engine-strict", "script-shell"),
    }
)


def _is_lock(path: str) -> bool:
    return posixpath.basename(path) in _NPM_LOCKS


class NpmInstallWithLockFile(Rule):
    """`npm install` where a lock file is there and `npm ci` is meant.

    ## What it does
    Reports `npm install` (or `npm i`) without packages in a RUN whose directory holds an
    npm lock file (`package-lock.json` or `npm-shrinkwrap.json`) copied into the stage (or
    a stage it is built `FROM`): by a COPY/ADD source naming it, a wildcard matching its
    name (`package*.json`; when the build context is known, only if the wildcard takes a
    lock file from it), or a folder copy (`COPY . .`) that takes one from the build
    context. The RUN's directory is its WORKDIR, followed through `cd` and `--prefix`; it
    must be the folder the lock file lands in. Global installs (`npm install -g pkg`),
    installs of named packages (`npm install pkg@1.2.3`) and stages where no lock file is
    known are not reported.

    ## Why
    `npm install` resolves the version ranges of `package.json` again and may rewrite the
    lock file: two builds of the same commit can get different dependencies. `npm ci`
    installs exactly the locked versions, fails when `package.json` and the lock disagree,
    and is made for automated builds.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm install --omit=dev
    COPY . .
    CMD ["node", "server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
    COPY . .
    CMD ["node", "server.js"]
    ```

    ## Fix safety
    Unsafe: the fix replaces `install` (or `i`) with `ci` and keeps the options, which
    must all be ones `npm ci` takes the same way (`--omit=dev`, `--production`,
    `--ignore-scripts`, `--no-audit`, `--legacy-peer-deps`, `--registry`...). `npm ci`
    fails when the lock file is out of sync with `package.json` (the build breaks until
    it is regenerated), removes an existing `node_modules` before installing, and needs
    npm 5.7 or later (older images, such as Node.js 8.6, do not have it). No fix
    is offered for an option `npm ci` does not take the same way (`--save`,
    `--no-package-lock`...) or does not know, or when the word is inside a quoted
    `sh -c` script.
    """

    code = "DLX215"
    name = "npm-install-with-lock-file"
    category = "pinning"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage index: the folders a lock file was copied to.
        self.locks: dict[int, set[str]] = {}
        #: Per stage index: the folders ONBUILD COPY triggers copy a lock file to.
        self.trigger_locks: dict[int, set[str]] = {}

    def _folders(self, instruction: Instruction) -> set[str] | None:
        """The folders known to hold a lock file before ``instruction`` (for a trigger:
        those of the image and of the triggers before it)."""
        stage = self.model.stage_of(instruction)
        if stage is None:
            return None
        folders = self.locks.get(stage.index)
        if folders is None:
            parent = stage.parent
            inherited = self.locks.get(parent.index, set()) if parent is not None else set()
            folders = self.locks[stage.index] = set(inherited)
        if self.model.outer(instruction) is instruction:
            return folders
        return folders | self.trigger_locks.get(stage.index, set())

    def visit_copy(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        args = copy_args(self.model, instruction)
        if stage is None or args.dest is None or args.dest.text is None:
            return
        regular = self._folders(instruction)
        if self.model.is_trigger(instruction) or regular is None:
            folders = self.trigger_locks.setdefault(stage.index, set())
        else:
            folders = regular
        dest = posixpath.join(self.model.workdir_at(instruction), args.dest.text)
        several = len(args.sources) > 1
        for source in args.sources:
            text = source.text
            if text is None or source.heredoc or "://" in text:
                continue
            for inside in self._locks_taken(text, args.from_flag):
                # ``COPY package-lock.json /app`` copies into the folder /app, as usual
                target = posixpath.dirname(dest) if _is_lock(dest) and not several else dest
                folders.add(posixpath.normpath(posixpath.join(target, inside)))

    visit_add = visit_copy

    def _locks_taken(self, source: str, from_stage: bool) -> list[str]:
        """Where, relative to the destination, a source puts lock files: ``""`` (a lock
        file named or matched) or the folders of those a folder copy brings."""
        name = posixpath.basename(source.rstrip("/"))
        wildcard = any(c in name for c in "*?[")
        named = _is_lock(name) or (
            wildcard and any(fnmatch.fnmatchcase(lock, name) for lock in _NPM_LOCKS)
        )
        context = self.model.context
        if from_stage or context is None:
            return [""] if named else []
        match = copy_match(context, source)
        if match.matched_nothing or match.through_symlink:
            return [""] if named else []
        if named:
            return [""] if any(_is_lock(f) for f in match.included) else []
        base = match.path if not match.wildcard else ""
        found: list[str] = []
        for path in match.included:
            if _is_lock(path) and (not base or path.startswith(base + "/")):
                relative = path[len(base) + 1 :] if base else path
                found.append(posixpath.dirname(relative))
        return found

    def visit_run(self, instruction: Instruction) -> None:
        folders = self._folders(instruction)
        script = self.model.script(instruction)
        if not folders or script is None:
            return
        if not self._workdir_known(instruction):
            return
        for step in install_steps(script, self.model.workdir_at(instruction)):
            command = step.command
            sub = command.positionals[0] if command.positionals else None
            if step.tool != "npm" or sub is None or sub.value not in ("install", "i"):
                continue
            if step.directory is None or step.directory not in folders:
                continue
            name = command.name
            start = name.start if name is not None else sub.start
            self.report(
                (start, sub.end),
                f"npm {sub.value} with a lock file in {step.directory}: use npm ci, which "
                "installs exactly the locked versions and fails when package.json and the "
                "lock disagree",
                fix=self._fix(command, sub),
            )

    def _workdir_known(self, instruction: Instruction) -> bool:
        """No WORKDIR before the RUN (in its stage or those it is built on) uses a variable
        of unknown value (the model reads it as empty)."""
        model = self.model
        outer = model.outer(instruction)
        stage = model.stage_of(outer)
        for _ in model.stages:
            if stage is None:
                break
            for other in stage.instructions:
                if other is outer:
                    break
                if other.name == "WORKDIR":
                    text = "".join(a.code for a in other.arguments).strip()
                    if not model.expand(text, other).complete:
                        return False
            stage = stage.parent
        return True

    @staticmethod
    def _fix(command: Command, sub: ShellWord) -> Fix | None:
        if any(o.name not in _CI_OPTIONS for o in command.options):
            return None
        edit = replace_word(command, sub, "ci")
        if edit is None:
            return None
        return Fix("use npm ci", (edit,), Applicability.UNSAFE)
