"""Container image references (``FROM python:3.12``), parsed and normalised like Docker.

BuildKit reads a ``FROM`` image with ``reference.ParseNormalizedNamed`` from
``github.com/distribution/reference``; this module follows that function
(``normalize.go``), the grammar it checks (``reference.go``, ``regexp.go``) and the digest
rules of ``github.com/opencontainers/go-digest`` that it applies::

    reference := name [ ":" tag ] [ "@" digest ]
    name      := [ domain "/" ] path-component [ "/" path-component ]*
    domain    := (domain-name | "[" IPv6 "]") [ ":" port ]
    tag       := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
    digest    := algorithm ":" hex           (sha256: 64, sha384: 96, sha512: 128 hex digits)

Normalisation: a first path component is the registry only if it contains ``.`` or ``:``,
is ``localhost``, or has an upper-case letter; otherwise the registry is ``docker.io``.
``index.docker.io`` becomes ``docker.io``, and a single-component Docker Hub path gets the
``library/`` prefix. Path components are lower case. Like the current upstream code, the
255-character limit applies to the repository path, not counting the registry.

Errors: `parse_reference` raises `ReferenceError` (a `ValueError`) that carries the
0-based ``column`` and exclusive ``end`` of the offending part of the text, so rules can
point at it. One deliberate difference from Go: when a first component looks like a
registry but is not a valid host (``my_host.com/app``), Go falls back to reading the whole
name as a registry-less path and accepts it, although no pull can succeed; here it is an
error ("invalid registry host").

``parse_reference`` expects text whose variables are already expanded; use
`has_variables` first (a ``$`` is always an error here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DEFAULT_REGISTRY",
    "DEFAULT_TAG",
    "ImageReference",
    "ImageReferenceError",
    "ReferenceError",
    "has_variables",
    "parse_reference",
]

DEFAULT_REGISTRY = "docker.io"
LEGACY_REGISTRY = "index.docker.io"
OFFICIAL_PREFIX = "library/"
DEFAULT_TAG = "latest"
SCRATCH = "scratch"
MAX_PATH_LENGTH = 255

# The grammar of regexp.go, spelled with ASCII classes (Go's ``\w`` is ASCII-only).
_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|-+)"
_PATH_COMPONENT = re.compile(rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*")
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = re.compile(
    rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
)
_TAG = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
_ALGORITHM = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*")
_IDENTIFIER = re.compile(r"[a-f0-9]{64}")
_HEX = re.compile(r"[0-9a-fA-F]+")
#: The algorithms BuildKit registers (crypto/sha256 and crypto/sha512), with hex lengths.
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}
_SPECIAL_PARAMETERS = frozenset("@*#?-$!0")


class ReferenceError(ValueError):
    """An image reference Docker would reject; ``column``/``end`` locate the bad part.

    This shadows Python's built-in ``ReferenceError`` where imported by name; import
    `ImageReferenceError` instead to avoid that.
    """

    def __init__(self, message: str, text: str, column: int, end: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.text = text
        self.column = column
        self.end = max(end if end is not None else column + 1, column)


ImageReferenceError = ReferenceError


@dataclass(frozen=True, slots=True)
class ImageReference:
    """A parsed, normalised image reference.

    ``registry`` and ``repository`` are normalised (``python`` → ``docker.io`` and
    ``library/python``); ``tag`` and ``digest`` are as written or None. The spans are
    ``[start, end)`` offsets into ``raw``: the name (registry and repository as written),
    the tag after ``:`` and the digest after ``@``.
    """

    raw: str
    registry: str
    repository: str
    tag: str | None = None
    digest: str | None = None
    name_span: tuple[int, int] = (0, 0)
    tag_span: tuple[int, int] | None = None
    digest_span: tuple[int, int] | None = None

    @property
    def full_name(self) -> str:
        """Registry and repository: ``docker.io/library/python``."""
        return f"{self.registry}/{self.repository}"

    @property
    def name(self) -> str:
        """The full name, like Go's ``Named.Name()``: ``docker.io/library/python``."""
        return self.full_name

    @property
    def familiar_name(self) -> str:
        """The short name Docker shows: ``python``, ``myorg/app``, ``ghcr.io/x/y``."""
        if self.registry != DEFAULT_REGISTRY:
            return self.full_name
        if self.is_official:
            return self.repository[len(OFFICIAL_PREFIX) :]
        return self.repository

    @property
    def is_official(self) -> bool:
        """A Docker Official Image: ``docker.io/library/<name>`` (no deeper path)."""
        return (
            self.registry == DEFAULT_REGISTRY
            and self.repository.startswith(OFFICIAL_PREFIX)
            and "/" not in self.repository[len(OFFICIAL_PREFIX) :]
        )

    @property
    def is_scratch(self) -> bool:
        """``FROM scratch``: BuildKit compares the expanded text with ``scratch`` exactly."""
        return self.raw == SCRATCH

    @property
    def tag_or_default(self) -> str | None:
        """The tag; ``latest`` when there is neither tag nor digest; None for digest only."""
        if self.tag is not None:
            return self.tag
        return DEFAULT_TAG if self.digest is None else None

    @property
    def familiar(self) -> str:
        """Go's ``FamiliarString``: familiar name with the tag and digest as written."""
        return self._with_suffixes(self.familiar_name)

    @property
    def canonical(self) -> str:
        """The full name with the tag and digest as written: ``docker.io/library/python:3``."""
        return self._with_suffixes(self.full_name)

    def _with_suffixes(self, name: str) -> str:
        tag = f":{self.tag}" if self.tag is not None else ""
        digest = f"@{self.digest}" if self.digest is not None else ""
        return name + tag + digest

    def __str__(self) -> str:
        return self.familiar


def has_variables(text: str, escape: str = "\\") -> bool:
    """Whether BuildKit would expand something in ``text`` (``$a``, ``${a}``, ``${a:-b}``...).

    Follows BuildKit's word lexer: the escape token escapes the next character, single
    quotes suppress expansion, and a ``$`` not followed by a name, a special parameter or
    ``{`` stays a literal dollar.
    """
    i = 0
    n = len(text)
    single = double = False
    while i < n:
        ch = text[i]
        if single:
            single = ch != "'"
        elif ch == escape:
            i += 1
        elif ch == "'" and not double:
            single = True
        elif ch == '"':
            double = not double
        elif ch == "$" and i + 1 < n:
            following = text[i + 1]
            if (
                following == "{"
                or following == "_"
                or following.isalpha()
                or following.isdecimal()
                or following in _SPECIAL_PARAMETERS
            ):
                return True
        i += 1
    return False


def parse_reference(text: str) -> ImageReference:
    """Parse ``text`` like ``reference.ParseNormalizedNamed``; raise `ReferenceError`."""
    if not text:
        raise ReferenceError("image reference is empty", text, 0, 0)
    dollar = text.find("$")
    if dollar >= 0:
        raise ReferenceError("image reference has an unexpanded variable", text, dollar)
    if _IDENTIFIER.fullmatch(text):
        raise ReferenceError(
            "invalid repository name: cannot be a 64-character hexadecimal string",
            text,
            0,
            len(text),
        )

    at = text.find("@")
    name_tag_end = len(text) if at < 0 else at
    if name_tag_end == 0:
        raise ReferenceError("image reference has no repository name", text, 0, 1)
    name_end = name_tag_end
    tag_span: tuple[int, int] | None = None
    colon = text.rfind(":", 0, name_tag_end)
    if colon > text.rfind("/", 0, name_tag_end):
        name_end = colon
        tag_span = (colon + 1, name_tag_end)
    if name_end == 0:
        raise ReferenceError("image reference has no repository name", text, 0, 1)

    # Left to right, so the first problem in the text is the one reported.
    registry, path_start = _split_registry(text, name_end)
    _check_path(text, path_start, name_end)
    path = text[path_start:name_end]
    if registry == DEFAULT_REGISTRY and "/" not in path:
        path = OFFICIAL_PREFIX + path
    if len(path) > MAX_PATH_LENGTH:
        raise ReferenceError(
            f"repository name must not be more than {MAX_PATH_LENGTH} characters",
            text,
            path_start,
            name_end,
        )
    tag = _check_tag(text, *tag_span) if tag_span is not None else None
    digest_span = (at + 1, len(text)) if at >= 0 else None
    digest = _check_digest(text, at + 1) if at >= 0 else None
    return ImageReference(
        raw=text,
        registry=registry,
        repository=path,
        tag=tag,
        digest=digest,
        name_span=(0, name_end),
        tag_span=tag_span,
        digest_span=digest_span,
    )


def _split_registry(text: str, name_end: int) -> tuple[str, int]:
    """Go's ``splitDockerDomain``: the registry and where the repository path starts."""
    slash = text.find("/", 0, name_end)
    if slash < 0:
        return DEFAULT_REGISTRY, 0
    first = text[:slash]
    if first == LEGACY_REGISTRY:
        return DEFAULT_REGISTRY, slash + 1
    if first == "localhost" or "." in first or ":" in first or first.lower() != first:
        if not _DOMAIN.fullmatch(first):
            raise ReferenceError(f"invalid registry host {first!r}", text, 0, slash)
        return first, slash + 1
    return DEFAULT_REGISTRY, 0


def _check_path(text: str, start: int, end: int) -> None:
    """Each ``/``-separated component must be lower-case ``[a-z0-9]`` runs and separators."""
    pos = start
    while True:
        stop = text.find("/", pos, end)
        if stop < 0:
            stop = end
        component = text[pos:stop]
        if not component:
            # Point at the extra '/' (or at the trailing one).
            at = pos if pos < end else pos - 1
            raise ReferenceError("repository name has an empty path component", text, at)
        if not _PATH_COMPONENT.fullmatch(component):
            upper = next((i for i, ch in enumerate(component) if ch != ch.lower()), None)
            if upper is not None:
                raise ReferenceError(
                    "repository name must be lowercase", text, pos + upper, pos + upper + 1
                )
            raise ReferenceError(
                f"invalid repository name component {component!r}: use lower-case letters "
                "and digits, separated by '.', '_', '__' or dashes",
                text,
                pos,
                stop,
            )
        if stop == end:
            return
        pos = stop + 1


def _check_tag(text: str, start: int, end: int) -> str:
    tag = text[start:end]
    if not tag:
        raise ReferenceError("image tag is empty", text, start - 1, start)
    if not _TAG.fullmatch(tag):
        raise ReferenceError(
            f"invalid tag {tag!r}: use up to 128 letters, digits, '_', '.' and '-', "
            "not starting with '.' or '-'",
            text,
            start,
            end,
        )
    return tag


def _check_digest(text: str, start: int) -> str:
    """The digest after ``@``: the reference grammar, then go-digest's validation."""
    end = len(text)
    digest = text[start:end]
    second = text.find("@", start)
    if second >= 0:
        raise ReferenceError("image reference has more than one '@'", text, second)
    colon = text.find(":", start)
    if colon < 0:
        raise ReferenceError(
            f"invalid digest {digest!r}: expected 'algorithm:hex'", text, start, end
        )
    algorithm = text[start:colon]
    encoded = text[colon + 1 : end]
    if not _ALGORITHM.fullmatch(algorithm):
        raise ReferenceError(f"invalid digest algorithm {algorithm!r}", text, start, colon)
    if not _HEX.fullmatch(encoded):
        bad = next((i for i, ch in enumerate(encoded) if ch not in "0123456789abcdefABCDEF"), 0)
        raise ReferenceError("invalid digest: not a hexadecimal string", text, colon + 1 + bad, end)
    expected = DIGEST_HEX_LENGTHS.get(algorithm)
    if expected is None:
        raise ReferenceError(
            f"unsupported digest algorithm {algorithm!r} (use sha256, sha384 or sha512)",
            text,
            start,
            colon,
        )
    if len(encoded) != expected:
        raise ReferenceError(
            f"invalid {algorithm} digest length: expected {expected} hex digits, "
            f"got {len(encoded)}",
            text,
            colon + 1,
            end,
        )
    upper = next((i for i, ch in enumerate(encoded) if ch in "ABCDEF"), None)
    if upper is not None:
        raise ReferenceError(
            "invalid digest: hex digits must be lower case",
            text,
            colon + 1 + upper,
            colon + 2 + upper,
        )
    return digest
