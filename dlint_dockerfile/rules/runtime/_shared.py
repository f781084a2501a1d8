"""What the runtime rules share: exec-form helpers, failed JSON arrays, overridden instructions."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import ClassVar

from dlint_dockerfile.edits.runtime import delete_dead_instruction, exec_form_edits, json_string
from dlint_dockerfile.lint.diagnostic import Applicability, Fix
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import instruction_span, line_of
from dlint_dockerfile.syntax import ErrorInstruction, Instruction

__all__ = [
    "WINDOWS_SHELLS",
    "OnlyLastTakesEffect",
    "basename",
    "exec_form_fix",
    "json_attempt",
    "json_list",
]


#: Shells of Windows images: there exec-form arguments are joined into one command line.
WINDOWS_SHELLS = frozenset({"cmd", "powershell", "pwsh"})


def basename(word: str) -> str:
    return word.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")


def json_list(values: list[str]) -> str:
    return "[" + ", ".join(json_string(v) for v in values) + "]"


def exec_form_fix(rule: Rule, instruction: Instruction) -> Fix | None:
    """The unsafe fix rewriting a shell-form CMD/ENTRYPOINT into exec form."""
    edits = exec_form_edits(rule.model, instruction)
    if edits is None:
        return None
    return Fix(f"rewrite {instruction.name} in exec form (no shell)", edits, Applicability.UNSAFE)


class OnlyLastTakesEffect(Rule):
    """Reports every instruction of one kind in a stage but the last."""

    kind: ClassVar[str] = ""

    def finish(self) -> None:
        for stage in self.model.stages:
            found = [
                i
                for i in stage.instructions
                if i.name == self.kind and not isinstance(i, ErrorInstruction)
            ]
            if len(found) < 2:
                continue
            last = line_of(self.model, found[-1])
            for instruction in found[:-1]:
                self.report(
                    instruction_span(self.model, instruction),
                    f"only the last {self.kind} of a stage takes effect (line {last}): this "
                    "one is overridden; remove it",
                    fix=Fix(
                        f"remove the overridden {self.kind}",
                        delete_dead_instruction(self.model, instruction),
                    ),
                )


def json_attempt(text: str, *, run: bool = False) -> tuple[str, list[str]] | None:
    """``(problem, values)`` when ``text`` is a failed attempt at a JSON string array.

    For RUN (``run``), text that could be a shell test (``[ "$x" ] && ...``) is not one.
    """
    stripped = text.strip()
    if not stripped.startswith("["):
        return None
    try:
        array, end = json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError:
        pass
    else:
        extra = stripped[end:].strip()
        # in a RUN, one string could be a shell test: `[ "$x" ] && ...`
        if isinstance(array, list) and len(array) > (1 if run else 0) and extra:
            if not all(isinstance(v, str) for v in array):
                return None
            if extra.startswith("#"):
                return "a comment cannot follow it on the same line", array
            return f"text after the closing bracket: {extra!r}", array
        return None
    if len(stripped) < 2 or stripped[-1] != "]":
        return None
    inner = stripped[1:-1]
    tokens: list[str] = []  # "'", '"' or ","
    values: list[str] = []
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch.isspace():
            i += 1
        elif ch == ",":
            tokens.append(",")
            i += 1
        elif ch in "\"'":
            end = i + 1
            while end < len(inner) and inner[end] != ch:
                end += 2 if inner[end] == "\\" else 1
            if end >= len(inner):
                return None
            raw = inner[i + 1 : end]
            values.append(_decode(raw) if ch == '"' else raw)
            tokens.append(ch)
            i = end + 1
        else:
            return None  # a bare word: a shell command such as `[ -f x ]`
    if not values or (run and "," not in tokens and "'" not in tokens):
        return None
    if "'" in tokens:
        problem = "JSON strings need double quotes"
    elif tokens[-1] == ",":
        problem = "trailing comma"
    elif tokens[0] == "," or any(a == b == "," for a, b in pairwise(tokens)):
        problem = "missing element between commas"
    elif any(a != "," and b != "," for a, b in pairwise(tokens)):
        problem = "missing comma between elements"
    else:
        try:
            json.loads(stripped)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON: {exc.msg.lower()}"
        else:  # pragma: no cover - valid JSON is parsed as exec form
            return None
    return problem, values


def _decode(raw: str) -> str:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw
