"""Security family (DLX8xx): root users, leaked secrets, unverified downloads and permissions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint.lint.diagnostic import Severity
from dlint.lint.rule import Rule
from dlint.model.model import Stage
from dlint.rules._pip import pip_command, pip_spelling
from dlint.rules._runtime_util import in_final_image
from dlint.shell import Command, ShellWord
from dlint.syntax import Instruction, KeyValue, Text, Word

__all__ = [
    "InsecureTransport",
    "LastUserRoot",
    "PipeToShell",
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
    stage without any `USER` is not reported: the base image's user is not known.

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
_FINGERPRINTS = re.compile(r"(?:\s*(?:0x)?[0-9A-Fa-f]{8,40})+\s*")

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
        if (_FINGERPRINTS.fullmatch(stripped) and len(stripped) >= 16) or _is_path(stripped):
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


SECURITY_RULES: tuple[type[Rule], ...] = (
    LastUserRoot,
    SecretInArgOrEnv,
    PipeToShell,
    InsecureTransport,
    WorldWritablePermissions,
    PrivateKeyInImage,
)
