"""Helpers of two or more security rules: unquoting, interpreters."""

from __future__ import annotations

import re

__all__ = ["INTERPRETER", "unquote"]


def unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


INTERPRETER = re.compile(r"(?:python|perl|ruby|node|php)[0-9.]*\Z")
