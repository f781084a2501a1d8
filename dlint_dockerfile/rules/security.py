"""Security family (DLX8xx): root users, leaked secrets, unverified downloads and permissions."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from dlint_dockerfile.fixers.edits import word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.image_config import (
    final_cmd,
    final_entrypoint,
    in_final_image,
    shipped_stages,
)
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.model.reference import ImageReference
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.pip import pip_command, pip_spelling
from dlint_dockerfile.shell.urls import has_port, plain_http_host
from dlint_dockerfile.syntax import Instruction, KeyValue, Text, Word

__all__ = [
    "InsecureTransport",
    "LastUserRoot",
    "NoUser",
    "PipeToShell",
    "PlainHttpDownload",
    "PrivateKeyInImage",
    "SecretInArgOrEnv",
    "WorldWritablePermissions",
]


def _commands(rule: Rule, instruction: Instruction) -> Iterator[Command]:
    """Every command of a RUN script (``sh -c`` bodies too), unwrapped from ``sudo``..."""
    script = rule.model.script(instruction)
    if script is None:
        return
    for command in script.all_commands():
        yield command.unwrapped()


# ------------------------------------------------------------------------- DLX801


def _is_root(user: str) -> bool:
    name = user.strip().split(":", 1)[0]
    return name in ("root", "0")


class LastUserRoot(Rule):
    """The final image runs as root.

    ## What it does
    Reports the last `USER` instruction of the final stage (or, when the final stage has
    none, of the stage it is built `FROM`) when it switches to `root` or UID `0`. A final
    stage without any `USER` is `no-user` (DLX807)'s, which reports application images
    whose base runs as root. To keep an explicit `USER root` on purpose, say why above it:
    `# dlint: ignore=DLX801 -- reason`.

    Differences from hadolint: DL3002 checks the last `USER` of every stage; dlint only checks
    the image that is shipped, because builder stages commonly and harmlessly run as root.

    ## Why
    A process running as root inside a container is root on the host's kernel: any escape or
    writable host mount becomes a full compromise. Switch back to an unprivileged user once
    the steps that need root are done.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    USER root
    CMD ["sleep", "infinity"]
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd --create-home app
    USER app
    CMD ["sleep", "infinity"]
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX801"
    name = "last-user-root"
    aliases = ("DL3002",)
    category = "security"
    severity = Severity.WARNING

    def finish(self) -> None:
        stage: Stage | None = self.model.final_stage
        seen: set[int] = set()
        while stage is not None and stage.index not in seen:
            seen.add(stage.index)
            users = [i for i in stage.instructions if i.name == "USER" and i.inner is None]
            if users:
                self._check(users[-1])
                return
            stage = stage.parent

    def _check(self, instruction: Instruction) -> None:
        text = next((a for a in instruction.arguments if isinstance(a, (Text, Word))), None)
        if text is None:
            return
        expansion = self.model.expand(text.value, instruction)
        if not expansion.complete or not _is_root(expansion.text):
            return
        self.report(
            text,
            f"the image runs as root (USER {text.value}); switch to an unprivileged user "
            "after the steps that need root",
        )


# ------------------------------------------------------------------------- DLX807

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
            if name in _SHELLS or _INTERPRETER.match(name):
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


# ------------------------------------------------------------------------- DLX802

#: Name parts that mark a secret on their own.
_SECRET_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "passphrase",
        "secret",
        "secrets",
        "token",
        "apikey",
        "credential",
        "credentials",
        "auth",
    }
)
#: Words that, before ``KEY``, make it a secret key (``API_KEY``, ``SECRET_KEY``...).
_KEY_QUALIFIERS = frozenset(
    {
        "api",
        "secret",
        "private",
        "access",
        "master",
        "encryption",
        "signing",
        "license",
        "client",
        "auth",
        "session",
        "account",
        "app",
        "service",
        "root",
        "staging",
        "base",
        "ssh",
        "ssl",
        "tls",
    }
)
#: A last name part saying the variable holds something about a secret, not the secret.
_NOT_SECRET_SUFFIX = frozenset(
    {
        "file",
        "path",
        "dir",
        "url",
        "uri",
        "endpoint",
        "version",
        "id",
        "type",
        "method",
        "mode",
        "enabled",
        "host",
        "port",
        "name",
        "user",
        "username",
        "userdn",
        "header",
        "length",
        "size",
        "map",
        "server",
        "subject",
        "env",
        "var",
        "ref",
    }
)
#: Name parts meaning the value is public (``PUBLIC_KEY``, ``GPG_KEYS`` fingerprints).
_PUBLIC_WORDS = frozenset({"public", "pub", "gpg", "pgp", "fingerprint", "fingerprints"})

_NAME_PARTS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z0-9]+(?![a-z])")
#: One word of a list of key fingerprints or ids: hex runs of 8 digits or more, each but
#: the first may be marked ``0x``; no repetition nests another, so a long word that is
#: not one fails in linear time.
_FINGERPRINT = re.compile(r"(?:0x)?[0-9A-Fa-f]{8,}(?:0x[0-9A-Fa-f]{8,})*")

#: Known credential formats: (pattern, description).
_SECRET_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), "an AWS access key id"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "a GitHub token"),
    (re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}\b"), "a GitHub token"),
    (re.compile(r"\bglpat-[A-Za-z0-9_-]{20,}\b"), "a GitLab token"),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}\b"), "a Slack token"),
    (re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}\b"), "a Stripe live key"),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a Google API key"),
    (re.compile(r"\bnpm_[A-Za-z0-9]{36}\b"), "an npm token"),
)


_REFERENCE = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def _fingerprints(value: str) -> bool:
    """Whether ``value`` lists key fingerprints (``GPG_KEYS``-style), 16 characters or more."""
    return len(value) >= 16 and all(_FINGERPRINT.fullmatch(word) for word in value.split())


def _name_parts(name: str) -> list[str]:
    return [p.lower() for p in _NAME_PARTS.findall(name)]


def secret_name(name: str) -> bool:
    """Whether a variable name says it holds a secret (``DB_PASSWORD``, ``API_KEY``)."""
    parts = _name_parts(name)
    if not parts or parts[-1] in _NOT_SECRET_SUFFIX or _PUBLIC_WORDS.intersection(parts):
        return False
    if name.upper() in ("PWD", "OLDPWD"):
        return False
    for i, part in enumerate(parts):
        if part in _SECRET_WORDS:
            return True
        if part == "key" and i > 0 and parts[i - 1] in _KEY_QUALIFIERS:
            return True
        if part in ("apikey", "privatekey", "secretkey", "accesskey"):
            return True
    return False


#: Any of `_SECRET_VALUES`: one search rules out most values (every ARG and ENV value).
_ANY_SECRET_VALUE = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _SECRET_VALUES))


def secret_value(value: str) -> str | None:
    """What known credential format ``value`` holds, or None."""
    if _ANY_SECRET_VALUE.search(value) is None:
        return None
    for pattern, what in _SECRET_VALUES:
        if pattern.search(value):
            return what
    return None


def _is_path(value: str) -> bool:
    """An absolute path names where a secret is mounted, not the secret itself."""
    value = _unquote(value.strip())
    return value.startswith("/") and " " not in value


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class SecretInArgOrEnv(Rule):
    """A secret is passed through ARG or ENV, where it stays in the image.

    ## What it does
    Reports ARG and ENV variables whose name says they hold a secret (`DB_PASSWORD`,
    `API_KEY`, `GITHUB_TOKEN`, `SECRET_KEY_BASE`), and ARG/ENV values that look like a known
    credential (AWS access key ids, GitHub/GitLab/Slack/npm tokens, Stripe live keys, Google API
    keys, PEM private keys; reported as errors). Names that describe a secret rather than hold
    it (`PASSWORD_FILE`, `TOKEN_URL`, `SECRETS_DIR`, `KEY_VERSION`), public keys and GPG key
    fingerprints (`GPG_KEYS`), and ENV values that are empty or only a variable reference
    (the ARG that feeds them is reported instead) are not reported.

    Differences from hadolint: DL3064 matches substrings, so it also fires on `USERNAME`,
    `GOPRIVATE`, `TOKENIZER` and `PASSWORD_FILE`; it does not look at values.

    ## Why
    ENV values are stored in the image config, and ARG values in the build history
    (`docker history`): anyone who can pull the image can read them. Pass secrets with
    `RUN --mount=type=secret` instead.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    ARG PIP_TOKEN
    ENV DATABASE_PASSWORD=hunter2
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    RUN --mount=type=secret,id=pip_token,env=PIP_TOKEN pip install private-package
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX802"
    name = "secret-in-arg-or-env"
    aliases = ("DL3064", "SecretsUsedInArgOrEnv")
    category = "security"
    severity = Severity.WARNING

    def visit_arg(self, instruction: Instruction) -> None:
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            name, eq, default = word.value.partition("=")
            start, _ = self.model.index.span(word)
            where = (start, start + len(name)) if word.raw.startswith(name) else None
            value_at = (start + len(name) + 1, start + len(word.raw)) if where else word
            if eq and self._value(value_at, instruction.name, name, default):
                continue
            if secret_name(name) and not (eq and _is_path(default)):
                self._name(where or word, instruction.name, name)

    def visit_env(self, instruction: Instruction) -> None:
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            words = [a for a in args if isinstance(a, (Word, Text))]
            if len(words) == 2:
                self._env(instruction, words[0], words[0].value, words[1], words[1].value)
            return
        for pair in args:
            if isinstance(pair, KeyValue):
                start, _ = self.model.index.span(pair)
                where = (start, start + len(pair.key))
                value_at = (where[1] + 1, start + len(pair.raw))
                self._env(instruction, where, pair.key, value_at, _unquote(pair.value))

    def _env(
        self,
        instruction: Instruction,
        name_at: Word | Text | tuple[int, int],
        name: str,
        value_at: Word | Text | tuple[int, int],
        value: str,
    ) -> None:
        if self._value(value_at, "ENV", name, value):
            return
        stripped = value.strip()
        if not stripped or self._forwarded(instruction, stripped):
            return
        if _fingerprints(stripped) or _is_path(stripped):
            return
        if secret_name(name):
            self._name(name_at, "ENV", name)

    def _forwarded(self, instruction: Instruction, value: str) -> bool:
        """``$VAR`` of an undefined variable (empty) or of a secret-named ARG (reported there)."""
        match = _REFERENCE.fullmatch(value)
        if match is None:
            return False
        variable = self.model.scope_before(instruction).get(match.group(1))
        return variable is None or secret_name(variable.name)

    def _value(
        self, where: Word | Text | tuple[int, int], keyword: str, name: str, value: str
    ) -> bool:
        what = secret_value(value)
        if what is None:
            return False
        self.report(
            where,
            f"{keyword} {name} holds {what}, which stays readable in the image; revoke it "
            "and pass it with RUN --mount=type=secret",
            severity=Severity.ERROR,
        )
        return True

    def _name(self, where: Word | Text | tuple[int, int], keyword: str, name: str) -> None:
        self.report(
            where,
            f"{keyword} {name} looks like a secret and stays readable in the image "
            f"({'build history' if keyword == 'ARG' else 'image config'}); pass it with "
            "RUN --mount=type=secret instead",
        )


# ------------------------------------------------------------------------- DLX803

_DOWNLOADERS = frozenset({"curl", "wget", "fetch"})
_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"})
_INTERPRETER = re.compile(r"(?:python|perl|ruby|node|php)[0-9.]*\Z")


def _runs_stdin(command: Command) -> bool:
    """Whether ``command`` is a shell or interpreter running the script it reads on stdin."""
    base = command.basename or ""
    if base in _SHELLS:
        if command.has_option("-c"):
            return False
        if command.has_option("-s"):
            return True
        positionals = command.positionals
        if base == "busybox":
            if not positionals or positionals[0].value not in _SHELLS:
                return False
            positionals = positionals[1:]
        return not positionals or positionals[0].value in ("-", "/dev/stdin")
    if _INTERPRETER.match(base):
        if command.has_option("-c", "-e", "-m", "-r", "--eval", "-E"):
            return False
        values = [w.value for w in command.args]
        return not [v for v in values if v is None or not v.startswith("-")] or values[:1] == ["-"]
    return False


class PipeToShell(Rule):
    """A downloaded script is piped straight into a shell.

    ## What it does
    Reports `curl ... | sh`, `wget -O- ... | bash`, `curl ... | python3 -` and similar: a
    shell or interpreter reading its program from a download in the same pipeline.

    ## Why
    Nothing checks what was downloaded before it runs as root in the build: a compromised
    server, a hijacked DNS name or a truncated download runs arbitrary code, and the build is
    not reproducible. Download the script, check its checksum, then run it.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL https://example.com/install.sh | sh
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0d2a4e5d0c2 \\
        https://example.com/install.sh /tmp/install.sh
    RUN sh /tmp/install.sh && rm /tmp/install.sh
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX803"
    name = "pipe-to-shell"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        for raw in script.all_commands():
            if raw.operator != "|":
                continue
            command = raw.unwrapped()
            if not _runs_stdin(command):
                continue
            source = self._downloader(raw)
            if source is None or command.name is None:
                continue
            self.report(
                (command.name.start, raw.end),
                f"a script downloaded by {source} is piped into {command.basename}; download "
                "it to a file, verify its checksum, then run it",
            )

    @staticmethod
    def _downloader(command: Command) -> str | None:
        current: Command | None = command
        for _ in range(16):
            if current is None or current.operator != "|":
                return None
            current = current.previous
            if current is None:
                return None
            base = current.unwrapped().basename
            if base in _DOWNLOADERS:
                return base
        return None


# ------------------------------------------------------------------------- DLX804

_FALSE = frozenset({"false", "0", "no", "off"})
_TRUE = frozenset({"true", "1", "yes", "on"})


def _env_disables(name: str, value: str) -> str | None:
    """What an environment variable turns off, or None."""
    upper = name.upper()
    low = value.strip().lower()
    if upper == "GIT_SSL_NO_VERIFY" and low and low not in _FALSE:
        return "git's TLS certificate checks"
    if upper == "PIP_TRUSTED_HOST" and low:
        return "pip's TLS checks for the trusted hosts"
    if upper == "NODE_TLS_REJECT_UNAUTHORIZED" and low == "0":
        return "Node.js TLS certificate checks"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL") and low in _FALSE:
        return "npm's TLS certificate checks"
    if upper == "PYTHONHTTPSVERIFY" and low == "0":
        return "Python's TLS certificate checks"
    return None


def _local_packages(command: Command, suffix: str) -> bool:
    """Whether every package a command installs is a local file (built in the build)."""
    files = [w.text for w in command.positionals[1:]]
    return bool(files) and all(
        f.endswith(suffix) and "://" not in f and not f.startswith("http") for f in files
    )


def _command_disables(command: Command) -> tuple[int, int, str, str] | None:
    """Where ``command`` turns a check off, how it is spelled, and what it turns off."""
    base = command.basename or ""
    option = None
    what = ""
    if base == "curl":
        option, what = command.option("-k", "--insecure"), "TLS certificate checks"
    elif base == "wget":
        option, what = command.option("--no-check-certificate"), "TLS certificate checks"
    elif (pip := pip_command(command)) is not None:
        option, what = pip.option("--trusted-host"), "TLS checks for the trusted host"
        base = pip_spelling(pip)
    elif base == "apk":
        if _local_packages(command, ".apk"):
            return None
        option, what = command.option("--allow-untrusted"), "package signature checks"
    elif base in ("yum", "dnf", "microdnf", "tdnf"):
        if _local_packages(command, ".rpm"):
            return None
        option, what = command.option("--nogpgcheck"), "package signature checks"
    elif base in ("apt-get", "apt"):
        option = command.option("--allow-unauthenticated")
        what = "package signature checks"
    elif base == "git":
        for opt in command.options:
            if opt.name == "c" and not opt.long and opt.value is not None:
                key, _, setting = opt.value.partition("=")
                if key.lower() == "http.sslverify" and setting.lower() in _FALSE:
                    word = opt.word
                    last = opt.value_word or word
                    spelled = f"git -c {opt.value}"
                    return word.start, last.end, spelled, "TLS certificate checks"
        words = [w.value or "" for w in command.positionals]
        if words[:1] == ["config"]:
            for i, key in enumerate(words[:-1]):
                if key.lower() == "http.sslverify" and words[i + 1].lower() in _FALSE:
                    first, last = command.positionals[i], command.positionals[i + 1]
                    spelled = f"git config {first.text} {last.text}"
                    return first.start, last.end, spelled, "TLS certificate checks"
        return None
    elif base in ("npm", "yarn", "pnpm"):
        words = [w.value or "" for w in command.positionals]
        if words[:2] == ["config", "set"] and len(words) >= 3:
            key, _, value = words[2].partition("=")
            if not value and len(words) >= 4:
                value = words[3]
            if key == "strict-ssl" and value.lower() in _FALSE:
                first = command.positionals[2]
                last = command.positionals[3] if "=" not in words[2] else first
                spelled = " ".join(
                    w.text for w in command.positionals[: 4 if last is not first else 3]
                )
                return first.start, last.end, f"{base} {spelled}", "TLS certificate checks"
        return None
    if option is None:
        return None
    word = option.word
    return word.start, word.end, f"{base} {word.text}", what


class InsecureTransport(Rule):
    """TLS certificate or package signature checks are turned off.

    ## What it does
    Reports `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
    `apk --allow-untrusted`, `yum`/`dnf --nogpgcheck`, `apt-get --allow-unauthenticated`,
    `git -c http.sslVerify=false`, `git config http.sslVerify false`,
    `npm config set strict-ssl false`, and the variables with the same effect
    (`GIT_SSL_NO_VERIFY`, `PIP_TRUSTED_HOST`, `NODE_TLS_REJECT_UNAUTHORIZED=0`...) set by ENV
    or in a RUN command.

    ## Why
    Without these checks anyone on the network path (a proxy, a hijacked mirror) can swap
    what the build downloads, and the image runs it. Fix the certificate store (install
    `ca-certificates`, add the corporate CA) instead of turning verification off.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN wget --no-check-certificate -O /tmp/tool.tgz https://example.com/tool.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache ca-certificates \\
     && wget -O /tmp/tool.tgz https://example.com/tool.tgz
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX804"
    name = "insecure-transport"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            for assignment in command.assignments:
                name, eq, value = (assignment.value or "").partition("=")
                what = _env_disables(name, value) if eq else None
                if what:
                    self._say(assignment, what, f"{name}={value}")
            if command.basename == "export":
                for word in command.args:
                    name, eq, value = (word.value or "").partition("=")
                    what = _env_disables(name, value) if eq else None
                    if what:
                        self._say(word, what, f"{name}={value}")
            found = _command_disables(command)
            if found is not None:
                start, end, spelled, what = found
                self.report((start, end), self._message(what, spelled))

    def visit_env(self, instruction: Instruction) -> None:
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            words = [a for a in args if isinstance(a, (Word, Text))]
            if len(words) == 2:
                what = _env_disables(words[0].value, words[1].value)
                if what:
                    self.report(words[0], self._message(what, words[0].value))
            return
        for pair in args:
            if isinstance(pair, KeyValue):
                what = _env_disables(pair.key, _unquote(pair.value))
                if what:
                    self.report(pair, self._message(what, pair.key))

    def _say(self, word: ShellWord, what: str, spelled: str) -> None:
        self.report((word.start, word.end), self._message(what, spelled))

    @staticmethod
    def _message(what: str, spelled: str) -> str:
        return (
            f"{spelled} turns off {what}; keep them on and fix the certificate or key store instead"
        )


# ------------------------------------------------------------------------- DLX805

_SYMBOLIC = re.compile(r"([ugoa]*)([-+=])([rwxXst]*)\Z")


def world_writable(mode: str) -> bool:
    """Whether a chmod mode makes files writable by everyone, without the sticky bit."""
    if re.fullmatch(r"[0-7]{1,4}", mode):
        value = int(mode, 8)
        return bool(value & 0o002) and not value & 0o1000
    writable = False
    for clause in mode.split(","):
        match = _SYMBOLIC.match(clause)
        if match is None:
            return False
        who, op, perms = match.groups()
        if "t" in perms and op in "+=":
            return False
        if "w" in perms and ("o" in who or "a" in who):
            writable = op != "-"
    return writable


def _temporary(word: ShellWord) -> bool:
    """Whether a chmod target is a scratch path (``/tmp/x``, ``"$tempDir"``)."""
    if word.value is not None:
        return word.value.startswith(("/tmp/", "/var/tmp/"))
    return any("tmp" in name.lower() or "temp" in name.lower() for name in word.variables)


class WorldWritablePermissions(Rule):
    """chmod makes files or directories writable by every user.

    ## What it does
    Reports `chmod` modes that give write access to others: `777`, `666`, `o+w`, `a+rwx`.
    Modes with the sticky bit (`1777`, `+t`), the usual idiom for shared scratch directories
    like `/tmp`, are not reported.

    ## Why
    Any user or process in the container can then replace those files, for example a script
    or binary that root runs later. Give ownership to the user that needs to write instead
    (`chown`, `COPY --chown`), with a mode like `755` or `775`.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN mkdir /data && chmod -R 777 /data
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN mkdir /data && chown -R 1000:1000 /data
    USER 1000
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX805"
    name = "world-writable-permissions"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in _commands(self, instruction):
            if command.basename != "chmod" or not command.positionals:
                continue
            mode = command.positionals[0]
            targets = command.positionals[1:]
            if targets and all(_temporary(t) for t in targets):
                continue
            if mode.value is not None and world_writable(mode.value):
                self.report(
                    (mode.start, mode.end),
                    f"chmod {mode.value} makes the files writable by every user; chown them "
                    "to the user that writes and use a mode like 755",
                )

    def visit_copy(self, instruction: Instruction) -> None:
        flag = instruction.flag("chmod")
        if flag is not None and flag.argument and world_writable(flag.argument):
            self.report(
                flag,
                f"--chmod={flag.argument} makes the files writable by every user; use "
                "--chown for the user that writes and a mode like 755",
            )

    visit_add = visit_copy


# ------------------------------------------------------------------------- DLX806

_PEM_PRIVATE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
#: ssh-keygen options that read, convert or inspect keys instead of generating one.
_KEYGEN_NO_NEW_KEY = frozenset("yelFRLiepcQrsBDHkYGTMK")


def _keygen_file(command: Command) -> tuple[bool, str | None]:
    """Whether ``ssh-keygen`` generates a key, and the ``-f`` file it writes (if static)."""
    options = [o for o in command.options if not o.long]
    generates = not any(o.name in _KEYGEN_NO_NEW_KEY for o in options)
    path = next((o.value for o in reversed(options) if o.name == "f"), None)
    return generates, path


def _removed_later(command: Command, path: str | None) -> bool:
    """Whether a later command of the same script runs ``rm`` on ``path`` or a parent of it."""
    current = command.next
    while current is not None:
        target = current.unwrapped()
        if target.basename in ("rm", "shred") and path is not None:
            for word in target.positionals:
                value = (word.value or "").rstrip("/")
                if value and (path == value or path.startswith(value + "/")):
                    return True
        current = current.next
    return False


class PrivateKeyInImage(Rule):
    """A RUN instruction writes a private key into the image.

    ## What it does
    Reports a PEM private key (`-----BEGIN ... PRIVATE KEY-----`) written by a RUN command
    or heredoc, and `ssh-keygen` generating a key in the final image's stages without
    removing it later in the same RUN. Keys generated in a builder stage that is not part of
    the final image are not reported.

    ## Why
    Every file of a layer ships with the image: anyone who pulls it gets the key, and all
    containers share the same one (for SSH host keys, every container then has the same
    identity). Mount keys at build time with `RUN --mount=type=ssh` or
    `--mount=type=secret`, and generate host keys when the container starts.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN ssh-keygen -q -t ed25519 -N "" -f /root/.ssh/id_ed25519
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN --mount=type=ssh git clone git@github.com:example/private.git /src
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX806"
    name = "private-key-in-image"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        spans: list[tuple[int, int]] = []
        if script is not None:
            shipped = in_final_image(self.model, instruction)
            for raw in script.all_commands():
                command = raw.unwrapped()
                for word in command.args:
                    if word.value is not None and _PEM_PRIVATE.search(word.value):
                        spans.append((word.start, word.end))
                        self.report(
                            (word.start, word.end),
                            "a private key is written by this RUN and ships in the image "
                            "layer; mount it with RUN --mount=type=secret instead",
                        )
                if command.basename == "ssh-keygen" and shipped and command.name is not None:
                    generates, path = _keygen_file(command)
                    if generates and not _removed_later(raw, path):
                        self.report(
                            (command.name.start, command.end),
                            "ssh-keygen writes a private key into the image layer, shared by "
                            "every container; generate it at container start or remove it in "
                            "the same RUN",
                        )
        for heredoc in instruction.heredocs:
            match = _PEM_PRIVATE.search(heredoc.body)
            if match is None:
                continue
            start, _ = self.model.index.span(heredoc)
            if not any(a <= start + match.start() < b for a, b in spans):
                self.report(
                    (start + match.start(), start + match.end()),
                    "a private key is written by this RUN and ships in the image layer; mount "
                    "it with RUN --mount=type=secret instead",
                )


# ------------------------------------------------------------------------- DLX808

#: Commands that check a download against a checksum or signature (with their options).
_CHECKSUM_TOOLS = frozenset(
    {"sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "shasum", "b2sum", "md5sum"}
)


def _verifies(command: Command) -> bool:
    """Whether ``command`` checks a file against a known checksum or signature."""
    base = command.basename or ""
    if base in _CHECKSUM_TOOLS:
        return command.has_option("-c", "--check")
    if base in ("gpg", "gpg2"):
        return command.has_option("--verify")
    if base in ("gpgv", "gpgv2"):
        return True
    if base == "cosign":
        return command.subcommand in ("verify-blob", "verify-blob-attestation")
    if base in ("minisign", "signify"):
        return command.has_option("-V")
    return False


def _download_urls(command: Command) -> Iterator[ShellWord]:
    """The words of a ``curl``/``wget`` command that name what it downloads."""
    if command.basename not in ("curl", "wget"):
        return
    yield from command.positionals


class PlainHttpDownload(Rule):
    """A RUN downloads with curl or wget over plain HTTP.

    ## What it does
    Reports a `curl` or `wget` URL in a RUN that starts with `http://` (literally, or once
    the ARG/ENV variables it uses are expanded with known values), unless the host is the
    local machine (`localhost`, `127.0.0.1`, `[::1]`, `host.docker.internal`) or a later
    command of the same RUN checks a checksum or signature (`sha256sum -c`, `shasum -c`,
    `gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`): a verified download can be
    read on the way but not replaced unnoticed, which is how official images fetch their
    sources. A URL whose value is not known (an ARG without default, a variable set in the
    script) is not reported. `ADD` over HTTP is `add-over-http` (DLX405); apt's own
    repositories (`http://deb.debian.org`) are signed and not downloaded with curl or wget.

    ## Why
    Anyone on the network path (a proxy, a hijacked mirror, a hostile Wi-Fi) can read and
    replace a plain-HTTP download, and the build then installs or runs what it received.
    HTTPS authenticates the server; a checksum or signature check makes the build fail if
    the content is not the expected one.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL -o /tmp/tool.tgz http://example.com/tool.tgz \\
     && tar -xzf /tmp/tool.tgz -C /usr/local/bin
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool.tgz \\
     && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0d2a4e5d0c2  /tmp/tool.tgz" \\
        | sha256sum -c - \\
     && tar -xzf /tmp/tool.tgz -C /usr/local/bin
    ```

    ## Fix safety
    Unsafe: the fix changes `http://` to `https://` in a URL written literally in the
    command, as `add-over-http` does. The server may not offer HTTPS, or serve something
    else there, so the build may fail or download other content; check the URL. No fix is
    offered for a URL that comes from a variable, names a port, or sits inside a quoted
    `sh -c` script.
    """

    code = "DLX808"
    name = "plain-http-download"
    category = "security"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        commands = [raw.unwrapped() for raw in script.all_commands()]
        last_check = max((i for i, c in enumerate(commands) if _verifies(c)), default=-1)
        for index, command in enumerate(commands):
            if index > last_check:
                for word in _download_urls(command):
                    self._check(instruction, command, word)

    def _check(self, instruction: Instruction, command: Command, word: ShellWord) -> None:
        url = word.value
        if url is None:
            if not word.variables:
                return
            expansion = self.model.expand(word.text, instruction)
            if not expansion.complete or expansion.error is not None:
                return
            url = expansion.text
        host = plain_http_host(url)
        if host is None:
            return
        self.report(
            (word.start, word.end),
            f"{command.basename} downloads '{url}' over plain HTTP, which anyone on the "
            "network path can tamper with: use https:// or check a checksum in the same RUN",
            fix=self._fix(command, word, host),
        )

    def _fix(self, command: Command, word: ShellWord, host: str) -> Fix | None:
        if has_port(host) or word.value is None or not word_is_plain(command, word):
            return None
        raw = self.model.tree.code[word.start : word.end]
        at = 1 if raw[:1] in ("'", '"') else 0
        if raw[at : at + 7].lower() != "http://":
            return None
        letter = "S" if raw[at + 3].isupper() else "s"
        offset = word.start + at + 4
        return Fix("download over https://", (Edit(offset, offset, letter),), Applicability.UNSAFE)


SECURITY_RULES: tuple[type[Rule], ...] = (
    LastUserRoot,
    NoUser,
    SecretInArgOrEnv,
    PipeToShell,
    InsecureTransport,
    WorldWritablePermissions,
    PrivateKeyInImage,
    PlainHttpDownload,
)
