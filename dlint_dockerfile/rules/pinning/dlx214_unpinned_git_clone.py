"""`git clone` of a branch rather than a tag or commit."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.rules.pinning._shared import after_subcommand
from dlint_dockerfile.shell import Command, ShellWord, parse_options
from dlint_dockerfile.shell.pins import is_path, merged_spec, ref_is_fixed
from dlint_dockerfile.syntax import Instruction

__all__ = ["UnpinnedGitClone"]


_CLONE_SPEC = merged_spec(
    "git",
    short="bojuc",
    long="branch origin upload-pack reference reference-if-able separate-git-dir depth "
    "jobs template shallow-since shallow-exclude config filter server-option bundle-uri "
    "revision",
)

_CHECKOUT_SPEC = merged_spec("git", short="bBcC", long="orphan conflict pathspec-from-file depth")

_FIXING_COMMANDS = frozenset({"checkout", "switch", "reset", "fetch"})


def _fixed_ref(word: ShellWord | None, value: str | None) -> bool:
    """A ref (``word``, holding ``value``) that pins: a variable (unknown, trusted) or a
    digit-bearing ref; not one that is missing."""
    if word is None:
        return False
    return True if value is None else ref_is_fixed(value)


class UnpinnedGitClone(Rule):
    """`git clone` of a branch rather than a tag or commit.

    ## What it does
    Reports the repository URL of a `git clone` that follows a branch: without
    `--branch`/`-b`, or with a branch name, and with no later `git checkout`,
    `git switch`, `git reset` or `git fetch` of a fixed ref in the same stage. Such a
    command (in the same RUN or a later one) fixes the closest clone before it.

    A ref counts as fixed when it contains a digit — a tag (`v1.2.3`, `2024.06`,
    `jdk-21+35`) or a commit sha — or is a variable (`--branch "$VERSION"`). A ref
    without a digit (`main`, `master`, `develop`, `stable`) is a branch. The heuristic
    cannot tell a branch called `release-2` from a tag; it then stays silent. Clones of
    local paths are not checked.

    ## Why
    A branch moves: every build gets whatever was pushed last, so two builds of the same
    Dockerfile can contain different code, and a cached layer silently keeps an old one.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN git clone --depth 1 https://github.com/madler/zlib.git /src/zlib
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN git clone --depth 1 --branch v1.3.1 https://github.com/madler/zlib.git /src/zlib
    ```

    ## Fix safety
    No automatic fix: which tag or commit to use is your choice.
    """

    code = "DLX214"
    name = "unpinned-git-clone"
    category = "pinning"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        # per stage (and ONBUILD or not): the clones on a branch, in order, and whether
        # a later checkout of a fixed ref follows each
        self.clones: dict[tuple[int, bool], list[tuple[ShellWord, bool]]] = {}

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        stage = self.model.stage_of(instruction)
        onbuild = self.model.outer(instruction).name == "ONBUILD"
        clones = self.clones.setdefault((stage.index if stage else -1, onbuild), [])
        for command in script.find("git"):
            sub = command.subcommand
            if sub == "clone":
                url = self._unpinned_clone(command)
                if url is not None:
                    clones.append((url, False))
            elif sub in _FIXING_COMMANDS and clones and not clones[-1][1]:
                _, positionals = parse_options(after_subcommand(command), _CHECKOUT_SPEC)
                if any(_fixed_ref(w, w.value) for w in positionals):
                    clones[-1] = (clones[-1][0], True)  # it fixes the latest clone

    def _unpinned_clone(self, command: Command) -> ShellWord | None:
        options, positionals = parse_options(after_subcommand(command), _CLONE_SPEC)
        if not positionals:
            return None
        url = positionals[0]
        if url.value is not None and (is_path(url.value) or url.value.startswith("file://")):
            return None
        for option in options:
            if option.name in ("b", "branch", "revision") and _fixed_ref(
                option.value_word, option.value
            ):
                return None
        return url

    def finish(self) -> None:
        for clones in self.clones.values():
            for url, fixed in clones:
                if fixed:
                    continue
                self.report(
                    (url.start, url.end),
                    f"git clone of '{url.value or url.text}' follows a branch: clone a tag "
                    "with --branch <tag>, or check out a commit after cloning",
                )
