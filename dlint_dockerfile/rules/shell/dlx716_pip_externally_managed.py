"""DLX716 pip-externally-managed: pip installs into a system Python marked externally managed."""

from __future__ import annotations

import posixpath
import re

from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.model.run_commands import shell_script
from dlint_dockerfile.rules.shell._shared import option_fix
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.syntax import Instruction

__all__ = ["PipExternallyManaged", "pep668_base"]


#: Debian and Ubuntu releases whose system Python is marked EXTERNALLY-MANAGED (PEP 668):
#: Debian 12 (bookworm) and later, Ubuntu 23.04 (lunar) and later.
_PEP668_CODENAMES = frozenset(
    {"bookworm", "trixie", "forky", "sid", "lunar", "mantic", "noble", "oracular"}
    | {"plucky", "questing"}
)
#: Tags of the distribution images that name such a release without a codename.
_PEP668_DISTRO_TAGS = {
    "debian": frozenset({"latest", "stable", "testing", "unstable", "experimental"}),
    "ubuntu": frozenset({"latest", "rolling", "devel"}),
    "alpine": frozenset({"latest", "edge"}),
}
#: Where a release number starts a tag: Debian 12+, Ubuntu 23.04+, Alpine 3.19+.
_PEP668_FIRST = {"debian": (12,), "ubuntu": (23, 4), "alpine": (3, 19)}
_RELEASE = re.compile(r"(\d+)(?:\.(\d+))?")
_ALPINE_TAG = re.compile(r"alpine(\d+)\.(\d+)")
#: Images with a Python of their own (built from source, conda): no marker there.
_OWN_PYTHON = ("python", "pypy", "conda", "mamba", "jupyter")
#: pip options that skip pip's externally-managed check (``--dry-run`` only with
#: ``--report``).
_PEP668_SKIP = ("--break-system-packages", "-t", "--target", "--prefix", "--root")
#: Commands after which, in the same RUN, pip may be another Python's.
_ENVIRONMENT_CHANGERS = frozenset(
    {".", "source", "conda", "mamba", "micromamba", "pyenv", "virtualenv", "uv", "poetry"}
)
#: Variables that turn the check off or point pip elsewhere when ENV or ARG sets them.
_PEP668_VARIABLES = ("PIP_BREAK_SYSTEM_PACKAGES", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "CONDA_PREFIX")
_STANDARD_PATH = frozenset(
    {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"}
)


def _release_at_least(tag: str, first: tuple[int, ...]) -> bool:
    match = _RELEASE.match(tag)
    if match is None:
        return False
    numbers = tuple(int(n) for n in match.groups() if n is not None)
    return numbers >= first


def pep668_base(stage: Stage) -> bool | None:
    """Whether a root stage's image is a release whose apt/apk Python is externally managed:
    True for the distribution's own image (``debian:12``, ``ubuntu:24.04``,
    ``alpine:3.20``), False for another image whose tag names such a release
    (``node:22-bookworm``, ``golang:1.23-alpine3.20``), None when not known to be one."""
    image = stage.image
    if image is None:
        return None
    name = image.repository.rsplit("/", 1)[-1]
    tag = (image.tag or "latest").lower()
    if image.repository in (f"library/{name}", name) and name in _PEP668_FIRST:
        words = set(re.split(r"[-_.]", tag))
        if tag in _PEP668_DISTRO_TAGS[name] or words & _PEP668_CODENAMES:
            return True
        if name == "debian" and tag.startswith("stable-"):
            return True
        return _release_at_least(tag, _PEP668_FIRST[name]) or None
    if any(word in image.repository for word in _OWN_PYTHON):
        return None
    if set(re.split(r"[-_]", tag)) & _PEP668_CODENAMES:
        return False
    alpine = _ALPINE_TAG.search(tag)
    if alpine and (int(alpine.group(1)), int(alpine.group(2))) >= _PEP668_FIRST["alpine"]:
        return False
    return None


def _installs_system_python(command: Command) -> bool:
    """``apt-get install python3...`` or ``apk add python3 / py3-...``."""
    base = command.basename
    sub = command.subcommand
    packages = [w.value or "" for w in command.arguments_after_subcommand()]
    if base in ("apt-get", "apt") and sub == "install":
        return any(p.startswith("python3") or p == "python-is-python3" for p in packages)
    if base == "apk" and sub == "add":
        return any(p == "python3" or p.startswith(("python3=", "py3-")) for p in packages)
    return False


def _turns_check_off(word: ShellWord) -> bool:
    """A word that may turn pip's check off: the marker file named (removed), the
    ``break-system-packages`` setting (pip config, pip.conf) or its environment variable."""
    text = word.text
    return (
        "EXTERNALLY-MANAGED" in text
        or "break-system-packages" in text.lower()
        or "PIP_BREAK_SYSTEM_PACKAGES" in text
    )


class PipExternallyManaged(Rule):
    """`pip install` into a system Python that PEP 668 marks externally managed: the build fails.

    ## What it does
    Reports `pip install` and `pip uninstall` (also `pip3`, `python3 -m pip`) run with the
    Python of the distribution's packages on a release that marks it externally managed
    (PEP 668): Debian 12 (bookworm) and later, Ubuntu 23.04 (lunar) and later, Alpine 3.19
    and later, once the Dockerfile installs `python3` (or any `python3-*` / `py3-*`
    package) with `apt-get` or `apk` in the stage or a stage it is built on. It is an error
    on the distribution's own images (`debian:12`, `ubuntu:24.04`, `alpine:3.20`), where
    pip certainly fails with `error: externally-managed-environment`, and a warning on
    other images whose tag names such a release (`node:22-bookworm`).

    Not reported: the `python` and conda images (their Python is built apart, without the
    marker), pip run from a path (`/opt/venv/bin/pip`), the options pip exempts
    (`--break-system-packages`, `--target`, `--prefix`, `--root`, `--dry-run --report`;
    `--user` is not exempt), `PIP_BREAK_SYSTEM_PACKAGES` set by ENV, ARG or in the RUN, a
    `PATH` or `VIRTUAL_ENV` set by ENV (a venv), and a RUN that activates an environment
    (`. venv/bin/activate`, `conda`, `pyenv`...) before pip. Earlier commands that remove
    the `EXTERNALLY-MANAGED` file or set `break-system-packages` (`pip config set`,
    a `pip.conf`) also silence it. `pipx install` is fine.

    ## Why
    Since PEP 668, pip refuses to install into a Python that the system's package
    manager owns, because the two would overwrite each other's files: the RUN fails. A
    virtual environment keeps the application's packages apart; `apt-get install
    python3-<name>` installs the distribution's build of a package.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends python3-pip \\
     && rm -rf /var/lib/apt/lists/*
    RUN pip install --no-cache-dir requests==2.32.3
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends python3-venv \\
     && rm -rf /var/lib/apt/lists/*
    RUN python3 -m venv /opt/venv
    RUN /opt/venv/bin/pip install --no-cache-dir requests==2.32.3
    ```

    ## Fix safety
    Unsafe: the fix adds `--break-system-packages` after `install`: the build then works,
    but pip writes over the distribution's Python packages, which can break the system's
    own Python tools (and a later `apt-get` upgrade can overwrite what pip installed). A
    virtual environment is the better change; the fix only restores what the Dockerfile
    did before PEP 668. No fix for `pip uninstall` or when the word is inside a quoted
    `sh -c` script.
    """

    code = "DLX716"
    name = "pip-externally-managed"
    category = "shell"
    severity = Severity.ERROR
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage index: (a system Python was installed, the check was turned off).
        self.state: dict[int, tuple[bool, bool]] = {}

    def _state(self, stage: Stage) -> tuple[bool, bool]:
        found = self.state.get(stage.index)
        if found is None:
            parent = stage.parent
            found = self._state(parent) if parent is not None else (False, False)
            self.state[stage.index] = found
        return found

    def visit_run(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        script = shell_script(self.model, instruction)
        if stage is None or script is None:
            return
        installed, escaped = self._state(stage)
        certain = self._base(stage)
        exported = changed = False
        for raw in script.all_commands():
            command = raw.unwrapped()
            installed = installed or _installs_system_python(command)
            pip = pip_command(command)
            runs_pip = pip is not None and pip.subcommand in ("install", "uninstall")
            off = any(_turns_check_off(w) for w in (*raw.assignments, *raw.args))
            if off and command.basename == "export":
                exported = True  # for the rest of this RUN
            elif off and not runs_pip:
                escaped = True  # a file or setting that stays
            changed = changed or command.basename in _ENVIRONMENT_CHANGERS
            if certain is None or not installed or escaped or exported or changed or off:
                continue
            if pip is not None and runs_pip and self._fails(instruction, command, pip):
                self._report(command, pip, certain)
        if self.model.outer(instruction) is instruction:
            self.state[stage.index] = (installed, escaped)

    def visit_copy(self, instruction: Instruction) -> None:
        """A copied pip configuration may set ``break-system-packages``: stay quiet."""
        stage = self.model.stage_of(instruction)
        if stage is None or self.model.is_trigger(instruction):
            return
        args = copy_args(self.model, instruction)
        paths = [s.text_or_raw for s in args.sources]
        if args.dest is not None:
            paths.append(args.dest.text_or_raw)
        if any(posixpath.basename(p.rstrip("/")) in ("pip.conf", "pip.ini") for p in paths):
            self.state[stage.index] = (self._state(stage)[0], True)

    visit_add = visit_copy

    def _base(self, stage: Stage) -> bool | None:
        """`pep668_base` of the image at the root of the stage's ``FROM`` chain."""
        root = stage
        for _ in self.model.stages:
            if root.parent is None:
                break
            root = root.parent
        return pep668_base(root)

    def _fails(self, instruction: Instruction, command: Command, pip: Command) -> bool:
        name = command.name_value or ""
        if "/" in name and posixpath.dirname(name) not in ("/usr/bin", "/bin"):
            return False
        base = command.basename or ""
        if not base.startswith(("pip", "python3")):
            return False
        if pip.has_option(*_PEP668_SKIP) or (
            pip.has_option("--dry-run") and pip.has_option("--report")
        ):
            return False
        scope = self.model.scope_before(instruction)
        if any(scope.get(n) is not None for n in _PEP668_VARIABLES):
            return False
        path = scope.get("PATH")
        if path is not None and path.kind == "env":
            entries = (path.value or "").split(":")
            if any(e and e not in _STANDARD_PATH and "$" not in e for e in entries):
                return False
        return True

    def _report(self, command: Command, pip: Command, certain: bool) -> None:
        sub = pip.positionals[0]
        name = command.name
        start = name.start if name is not None else sub.start
        fails = "fails" if certain else "likely fails (the base image tag names such a release)"
        self.report(
            (start, sub.end),
            f"pip {sub.value} {fails}: the system Python belongs to apt/apk and is marked "
            "externally managed (PEP 668); install into a venv (python3 -m venv /opt/venv), "
            "use the distribution's python3-<name> packages, or pass --break-system-packages",
            severity=Severity.ERROR if certain else Severity.WARNING,
            fix=self._fix(pip, sub),
        )

    @staticmethod
    def _fix(pip: Command, sub: ShellWord) -> Fix | None:
        if sub.value != "install":
            return None
        return option_fix(pip, sub, "--break-system-packages", Applicability.UNSAFE)
