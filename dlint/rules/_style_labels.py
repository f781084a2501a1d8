"""Label key and value validators for the style family's label rules (DLX911-DLX920)."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

__all__ = ["LABEL_CHECKS", "label_key_problem"]

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
