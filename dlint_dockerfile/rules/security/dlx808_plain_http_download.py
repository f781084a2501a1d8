"""DLX808 plain-http-download: a RUN downloads with curl or wget over plain HTTP."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.shell.urls import has_port, plain_http_host
from dlint_dockerfile.syntax import Instruction

__all__ = ["PlainHttpDownload"]


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
