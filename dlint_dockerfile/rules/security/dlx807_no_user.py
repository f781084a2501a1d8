"""DLX807 no-user: an application image runs as root, with no USER anywhere."""

from __future__ import annotations

import posixpath
import re

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.image_config import final_cmd, final_entrypoint, shipped_stages
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.model.reference import ImageReference
from dlint_dockerfile.rules.security._shared import INTERPRETER
from dlint_dockerfile.shell.script import SHELLS
from dlint_dockerfile.syntax import Instruction

__all__ = ["NoUser"]


#: Programs that start a container's main process as another user: an image that runs or
#: installs one drops root on purpose (postgres, redis and many others do it in their
#: entrypoint script).
_PRIVILEGE_DROPPERS = frozenset(
    {"gosu", "su-exec", "setpriv", "runuser", "chpst", "s6-setuidgid", "setuidgid"}
)
#: Servers that start as root (to bind low ports, read keys) and run their workers as
#: an unprivileged user themselves, and process supervisors that do the same per program.
_SELF_DROPPING = frozenset(
    {
        *("nginx", "openresty", "httpd", "httpd-foreground", "apache2", "apache2-foreground"),
        *("apachectl", "php-fpm", "sshd", "cron", "crond", "supervisord", "init", "systemd"),
        *("s6-svscan", "runsvdir", "my_init"),
    }
)
#: Init wrappers that run the next argument.
_INITS = frozenset({"tini", "tini-static", "dumb-init", "catatonit"})
#: Where COPY puts helpers and configuration rather than the application.
_HELPER_DIRS = (
    "/etc/",
    "/tmp/",
    "/root/",
    "/docker-entrypoint.d/",
    "/usr/local/bin/",
    "/usr/local/sbin/",
    "/usr/bin/",
    "/usr/sbin/",
    "/bin/",
    "/sbin/",
)
#: Words of a final stage name that say the image is for development, not deployment.
_DEV_STAGE_WORDS = frozenset(
    {"dev", "devel", "develop", "development", "devenv", "devenvs", "devcontainer", "debug"}
    | {"test", "tests", "testing"}
)


def _runs_unprivileged(image: ImageReference) -> bool:
    """Whether a base image is known to set a non-root USER."""
    tag = (image.tag or "").lower()
    words = set(re.split(r"[-_.]", tag))
    repository = image.repository.lower()
    if words & {"nonroot", "rootless", "chiseled", "unprivileged"}:
        return True
    if repository.endswith(("-unprivileged", "-rootless")):
        return True
    return image.registry == "cgr.dev" and "dev" not in words


def _main_command(argv: list[str]) -> list[str]:
    """The command line an init wrapper (``tini --``, ``dumb-init``) runs, or ``argv``."""
    at = 0
    while at < len(argv) and argv[at].rsplit("/", 1)[-1] in _INITS:
        at += 1
        while at < len(argv) and argv[at].startswith("-"):
            at += 1
    return argv[at:]


class NoUser(Rule):
    """An application image runs as root: no USER anywhere.

    ## What it does
    Reports the final stage of an application image when neither it nor the stages it is
    built `FROM` set any `USER`, and its base image runs as root (`scratch` does too). An
    application image ships an application and starts it: it copies files from the build
    context (not only configuration to `/etc` or helper scripts to a `bin` folder) or
    from another stage of the file, and has a `CMD` or `ENTRYPOINT`.

    Base images and official-image-style files are not reported: a final stage without
    `CMD`/`ENTRYPOINT` of its own or that copies nothing (`FROM debian`, install a
    runtime, `CMD ["python3"]`), an image that installs or runs a privilege dropper
    (`gosu`, `su-exec`, `setpriv`, `runuser`...: its entrypoint switches user, as the
    postgres image does), a main program that drops privileges itself (`nginx`, `httpd`,
    `php-fpm`, `sshd`, `supervisord`, an init system), a base image known to run as a
    non-root user (`*-unprivileged`, distroless `:nonroot`, Chainguard's `cgr.dev`
    images except `-dev`, .NET `-chiseled`, `rootless` tags), a base of unknown value, a
    Windows base, and a final stage whose name says it is for development or tests
    (`dev`, `development`, `dev-envs`, `debug`, `test`).

    A final stage with a `USER` is `last-user-root` (DLX801)'s: it reports an explicit
    `USER root` as the last one. To keep root on purpose, say why on the final `FROM`
    line: `# dlint: ignore=DLX807 -- binds port 80 and drops to www-data itself`.

    Like Trivy's DS002 and Checkov's CKV_DOCKER_3; hadolint has no equivalent.

    ## Why
    Without a `USER`, the application runs as root (UID 0) in the container, and root in
    a container is root on the host's kernel: a code execution bug, a container escape or
    a writable host mount becomes a full compromise. An unprivileged user costs one
    instruction.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci --omit=dev
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
    USER node
    CMD ["node", "server.js"]
    ```

    ## Fix safety
    No automatic fix: which unprivileged user exists (`node` in the Node.js images,
    `nobody`, or one the file must create) and what it must own depend on the image.
    """

    code = "DLX807"
    name = "no-user"
    category = "security"
    severity = Severity.WARNING

    def finish(self) -> None:
        model = self.model
        chain = shipped_stages(model)
        if not chain or self._development(chain[0]):
            return
        instructions = [i for stage in chain for i in stage.instructions]
        if any(i.name == "USER" for i in instructions):
            return
        root = chain[-1]
        if not root.is_scratch:
            if root.image is None or _runs_unprivileged(root.image):
                return
            if not model.shell_at(root.from_instruction).is_posix:
                return  # Windows: the user is ContainerUser or ContainerAdministrator
        final = chain[0]
        command = final_entrypoint(final) or final_cmd(final)
        if command is None or not any(self._ships_application(i) for i in instructions):
            return
        if self._drops_privileges(instructions, final):
            return
        where = final.base_word or final.from_instruction
        base = "scratch" if root.is_scratch else f"the base image ({root.base.text})"
        self.report(
            where,
            f"the application runs as root: no USER in the final stage or the stages it "
            f"is built from, and {base} runs as root; add USER with an unprivileged user "
            "before CMD/ENTRYPOINT",
        )

    @staticmethod
    def _development(stage: Stage) -> bool:
        name = (stage.name or "").lower()
        return bool(set(re.split(r"[-_.]", name)) & _DEV_STAGE_WORDS)

    def _ships_application(self, instruction: Instruction) -> bool:
        """A COPY/ADD of the application: from a stage of this file, or from the build
        context to somewhere else than configuration and helper-script folders."""
        if instruction.name not in ("COPY", "ADD"):
            return False
        args = copy_args(self.model, instruction)
        flag = instruction.flag("from")
        if flag is not None:
            text = flag.argument or ""
            return "$" not in text and self.model.stage_named(text) is not None
        if args.dest is None or args.dest.text is None:
            return False
        dest = posixpath.join(self.model.workdir_at(instruction), args.dest.text)
        folder = dest if args.dest.text.endswith("/") else posixpath.dirname(dest) + "/"
        if folder.startswith(_HELPER_DIRS) or dest.rstrip("/") + "/" in _HELPER_DIRS:
            return False
        sources = [s for s in args.sources if not s.heredoc and "://" not in s.raw]
        return bool(sources) and not all(
            "entrypoint" in posixpath.basename(s.raw).lower() for s in sources
        )

    def _drops_privileges(self, instructions: list[Instruction], final: Stage) -> bool:
        """Whether the image switches user at run time: a privilege dropper installed or
        copied, or a CMD/ENTRYPOINT program that drops root itself."""
        for instruction in instructions:
            if instruction.name == "RUN":
                script = self.model.script(instruction)
                words = [w for c in script.all_commands() for w in c.args] if script else []
                if any(_dropper(w.value) for w in words):
                    return True
            elif instruction.name in ("COPY", "ADD"):
                args = copy_args(self.model, instruction)
                paths = [s.raw for s in args.sources] + ([args.dest.raw] if args.dest else [])
                if any(_dropper(p) for p in paths):
                    return True
        argv: list[str] = []
        programs: set[str] = set()
        for found in (final_entrypoint(final), final_cmd(final)):
            line = self._command_line(found) if found is not None else []
            programs.update(w.rsplit("/", 1)[-1] for w in _main_command(line)[:1])
            argv += line
        main = _main_command(argv)
        if len(main) == 1:
            name = main[0].rsplit("/", 1)[-1]
            if name in SHELLS or INTERPRETER.match(name):
                return True  # an interactive shell or REPL: a toolbox, not a service
        return any(
            p in _PRIVILEGE_DROPPERS
            or p in _SELF_DROPPING
            or p.startswith("php-fpm")
            or p.endswith(".wasm")  # a WebAssembly module: no Linux user runs it
            for p in programs
        )

    def _command_line(self, instruction: Instruction) -> list[str]:
        """The words of a CMD/ENTRYPOINT: the exec-form array, or the first command of
        the shell form."""
        if instruction.exec_form is not None:
            return list(instruction.exec_form.values)
        script = self.model.script(instruction)
        commands = script.unwrapped_commands if script is not None else ()
        if not commands or commands[0].name_value is None:
            return []
        first = commands[0]
        return [str(first.name_value)] + [w.value or "" for w in first.args]


def _dropper(value: str | None) -> bool:
    """A word naming a privilege dropper: ``gosu``, ``/usr/local/bin/su-exec``."""
    if not value:
        return False
    name = value.rstrip("/").rsplit("/", 1)[-1]
    return name in _PRIVILEGE_DROPPERS and name not in ("setpriv", "runuser")
