"""DLX802 secret-in-arg-or-env: ARG or ENV passes a secret, which stays in the image."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.security._shared import unquote
from dlint_dockerfile.syntax import Instruction, KeyValue, Text, Word

__all__ = ["SecretInArgOrEnv", "secret_name", "secret_value"]


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
    value = unquote(value.strip())
    return value.startswith("/") and " " not in value


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
                self._env(instruction, where, pair.key, value_at, unquote(pair.value))

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
