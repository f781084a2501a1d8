"""Image labels: the labels a LABEL sets, and validators of label keys and values."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction, KeyValue, Text, Word
from dlint_dockerfile.syntax.nodes import Node

__all__ = ["LABEL_CHECKS", "image_labels", "label_key_problem", "label_pairs", "label_set_before"]

_KEY_CHARS = re.compile(r"[a-z0-9._-]+")
_RESERVED = ("com.docker.", "io.docker.", "org.dockerproject.")
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?"
)
_HEX = re.compile(r"[0-9a-fA-F]+")
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+")
_SPDX_ID = re.compile(r"[A-Za-z0-9.+-]+|\(|\)")


def label_pairs(instruction: Instruction) -> list[tuple[Node, str, str]]:
    """``(node, key, value)`` of each label set by a LABEL, both still unexpanded."""
    args = instruction.arguments
    pairs: list[tuple[Node, str, str]] = [
        (a, a.key, a.value) for a in args if isinstance(a, KeyValue)
    ]
    if pairs:
        return pairs
    words = [a for a in args if isinstance(a, (Word, Text))]
    if len(words) == 2:  # legacy ``LABEL key value``
        return [(words[0], words[0].value, words[1].value)]
    return []


def image_labels(
    model: DockerfileModel, instruction: Instruction
) -> list[tuple[Node, str | None]]:
    """``(node, expanded key)`` of the labels that end up in the same image as those of
    ``instruction`` (None: a key written with a variable): the LABELs of its stage and
    of the stages it is built on; for an ONBUILD trigger, the stage's LABEL triggers too
    (the child image gets them all)."""
    trigger = model.is_trigger(instruction)
    found: list[tuple[Node, str | None]] = []
    stage = model.stage_of(model.outer(instruction))
    seen = 0
    while stage is not None and seen <= len(model.stages):
        for other in stage.instructions:
            inner = other.inner if other.name == "ONBUILD" else None
            target = inner if trigger and inner is not None and seen == 0 else other
            if target.name != "LABEL":
                continue
            for node, raw, _ in label_pairs(target):
                expansion = model.expand(raw, target)
                found.append((node, expansion.text if expansion.complete else None))
        stage, seen = stage.parent, seen + 1
    return found


def label_set_before(model: DockerfileModel, instruction: Instruction, key: str) -> bool:
    """Whether a LABEL before ``instruction`` in its stage, or in a stage it is built on,
    sets ``key`` (or a key written with a variable)."""
    outer = model.outer(instruction)
    stage = model.stage_of(outer)
    seen = 0
    while stage is not None and seen <= len(model.stages):
        for other in stage.instructions:
            if other is outer:
                break
            if other.name != "LABEL":
                continue
            for _, raw, _ in label_pairs(other):
                expansion = model.expand(raw, other)
                if not expansion.complete or expansion.text == key:
                    return True
        stage, seen = stage.parent, seen + 1
    return False


def label_key_problem(key: str) -> str | None:
    """Why ``key`` breaks Docker's label key conventions, or None."""
    if key.lower().startswith(_RESERVED):
        return "uses a namespace reserved for Docker (com.docker., io.docker., org.dockerproject.)"
    if not _KEY_CHARS.fullmatch(key):
        return "may only hold lower-case letters, digits, '.', '-' and '_'"
    if not key[0].isalpha() or not key[-1].isalnum():
        return "must start with a letter and end with a letter or digit"
    if ".." in key or "--" in key:
        return "must not repeat '.' or '-'"
    return None


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and parts.netloc) and " " not in value


def _is_rfc3339(value: str) -> bool:
    if not _RFC3339.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_hash(value: str) -> bool:
    return bool(_HEX.fullmatch(value)) and (7 <= len(value) <= 40 or len(value) == 64)


def _is_email(value: str) -> bool:
    if value.endswith(">") and "<" in value:
        value = value[value.rindex("<") + 1 : -1]  # Name <address>
    return bool(_ADDRESS.fullmatch(value)) and "." not in (value[0], value[-1])


def _is_spdx(value: str) -> bool:
    try:
        from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression
    except ImportError:  # packaging is optional: check the expression's shape only
        tokens = value.replace("(", " ( ").replace(")", " ) ").split()
        return bool(tokens) and all(_SPDX_ID.fullmatch(t) for t in tokens)
    try:
        canonicalize_license_expression(value)
    except InvalidLicenseExpression:
        return False
    return True


#: label type -> (validator, what the value must be)
LABEL_CHECKS = {
    "url": (_is_url, "a URL with a scheme and host (https://...)"),
    "rfc3339": (_is_rfc3339, "an RFC 3339 date-time (2024-05-01T12:00:00Z)"),
    "spdx": (_is_spdx, "an SPDX license identifier or expression (MIT, Apache-2.0 OR MIT)"),
    "hash": (_is_hash, "a git commit hash (7 to 40 hexadecimal digits)"),
    "semver": (lambda v: bool(_SEMVER.fullmatch(v)), "a semantic version (1.2.3, no 'v')"),
    "email": (_is_email, "an e-mail address (name@example.com)"),
}
