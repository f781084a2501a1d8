"""No input makes dlint hang: its regular expressions never backtrack exponentially.

A nested quantifier such as ``(?:[a-z]+)+`` takes 2**n steps to reject ``a...a!``; one
long word was enough to hang a whole run. These tests pump every pattern dlint compiles
and lint the inputs that hung, each under a time limit.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import pytest

import dlint_dockerfile
from dlint_dockerfile.lint.runner import LintSettings, lint_text


class _TooSlow(BaseException):
    """Not an Exception, so that no ``except Exception`` in dlint swallows it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled pattern a dlint module holds, directly or in a tuple, list or dict."""
    found: dict[str, re.Pattern[str]] = {}

    def collect(name: str, value: object) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found[name] = value
        elif isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                collect(f"{name}[{i}]", item)
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(f"{name}[{key!r}]", item)

    for module in pkgutil.walk_packages(dlint_dockerfile.__path__, "dlint_dockerfile."):
        if module.name.endswith("__main__"):
            continue
        for attribute, value in vars(importlib.import_module(module.name)).items():
            collect(f"{module.name}.{attribute}", value)
    return found


PATTERNS = _patterns()
#: Pieces repeated into long runs, then ended by a character that makes the match fail.
_UNITS = ("a", "0", "A", "f", " ", "\t", "-", "_", ".", "/", "=", ":", "$", "\\", "'", '"')
_UNITS += ("0x", "ab", " a", "a ", "a-", "a.", "a=", "$a", "${a}", "a/", "@", "\\\n", "#")
_ENDS = ("", "!", "~", "z", " ", "'", '"', "\n", "\x00")


def test_every_module_pattern_is_found() -> None:
    assert len(PATTERNS) > 50
    assert "dlint_dockerfile.edits.runtime._LITERAL_WORD" in PATTERNS


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_rejects_pumped_input_in_linear_time(name: str) -> None:
    pattern = PATTERNS[name]
    with _time_limit(2.0):
        try:
            for unit in _UNITS:
                for end in _ENDS:
                    text = unit * (200 // len(unit)) + end
                    pattern.search(text)
                    pattern.match(text)
                    pattern.fullmatch(text)
        except _TooSlow:
            pytest.fail(f"{name} backtracks exponentially on {unit!r} * n + {end!r}")


@pytest.mark.parametrize(
    "line",
    [
        "CMD echo " + "a" * 60 + "$HOME",
        "CMD " + "a" * 60 + "~",
        "ENV API_KEY=" + "0123456789abcdef" * 10 + "z",
        "ARG TOKEN=" + "0x0123456789abcdef " * 10 + "!",
    ],
)
def test_long_words_lint_in_time(line: str) -> None:
    with _time_limit(5.0):
        try:
            lint_text(f"FROM alpine:3.20\n{line}\n", LintSettings.default())
        except _TooSlow:
            pytest.fail(f"linting {line[:30]!r}... took over 5 s")
