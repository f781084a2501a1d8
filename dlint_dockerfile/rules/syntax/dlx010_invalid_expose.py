"""EXPOSE takes container ports (0-65535), optionally with `/tcp`, `/udp` or `/sctp`."""

from __future__ import annotations

import re

from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, Word

__all__ = ["InvalidExpose"]


_PORT = re.compile(r"(?P<port>\d+)(?:-(?P<end>\d+))?(?:/(?P<proto>[A-Za-z]+))?\Z")


class InvalidExpose(Rule):
    """EXPOSE takes container ports (0-65535), optionally with `/tcp`, `/udp` or `/sctp`.

    ## What it does
    Reports ports out of range, host-port mappings and IP addresses (`8080:80`,
    `127.0.0.1:80`), unknown protocols and words that are not ports.

    ## Why
    `EXPOSE` only documents container ports; a mapping belongs in `docker run -p`. BuildKit
    warns about mappings (`ExposeInvalidFormat`) and fails on bad ports; hadolint DL3011
    reports ports out of range.

    ## Example
    ```dockerfile
    FROM nginx
    EXPOSE 80:80 70000
    ```

    ## Use instead
    ```dockerfile
    FROM nginx
    EXPOSE 80
    ```

    ## Fix safety
    Safe: for a host-port mapping or an IP address (`8080:80`, `127.0.0.1:8080:80/udp`),
    the fix keeps the container port, the part after the last `:` (`80`, `80/udp`).
    BuildKit exposes only that port from a mapping, so the image is the same; where it
    rejected the host part (`127.0.0.1:80`), the build now works and exposes the port the
    line names. Ports out of range, unknown protocols, words that are not ports and
    words holding variables get no fix: the port meant cannot be known.
    """

    code = "DLX010"
    name = "invalid-expose"
    aliases = ("DL3011", "ExposeInvalidFormat")
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_expose(self, instruction: Instruction) -> None:
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            expanded = self.model.expand(word.value, instruction)
            if not expanded.complete:
                continue
            for port in expanded.text.split():
                problem = _expose_problem(port)
                if problem:
                    self.report(word, problem, fix=self._fix(word, port))

    def _fix(self, word: Word, port: str) -> Fix | None:
        if ":" not in port or port != word.value or word.raw != word.value:
            return None
        container = port.rpartition(":")[2]
        if not container or _expose_problem(container) is not None:
            return None
        return Fix(
            f"keep the container port {container}", (replace_node(self.model, word, container),)
        )


def _expose_problem(text: str) -> str | None:
    if ":" in text:
        return (
            f"EXPOSE {text!r} defines a host port or IP address; EXPOSE takes container ports "
            "only (map ports with docker run -p)"
        )
    match = _PORT.match(text)
    if match is None:
        return f"EXPOSE {text!r} is not a port (expected PORT[-PORT][/tcp|/udp|/sctp])"
    for number in (match.group("port"), match.group("end")):
        if number is not None and int(number) > 65535:
            return f"port {number} is out of range: valid ports are 0 to 65535"
    if match.group("end") is not None and int(match.group("end")) < int(match.group("port")):
        return f"port range {text!r} ends before it starts"
    proto = match.group("proto")
    if proto is not None and proto.lower() not in ("tcp", "udp", "sctp"):
        return f"unknown protocol {proto!r} (expected tcp, udp or sctp)"
    return None
