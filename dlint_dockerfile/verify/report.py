"""The result of ``dlint verify`` and how it is shown: a rich table, or a JSON object
(its schema is documented in docs/verify.md; ``schema`` is its version)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TextIO

from dlint_dockerfile.verify.compare import FIELDS, Difference, Dropped

__all__ = [
    "SCHEMA_VERSION",
    "VERDICTS",
    "Side",
    "Smoke",
    "Verification",
    "render_json",
    "render_text",
]

#: The version of the JSON object; it changes only when a field changes meaning or goes.
SCHEMA_VERSION = 1
#: Every verdict.
VERDICTS = (
    "same",
    "different",
    "original-does-not-build",
    "fix-does-not-build",
    "nothing-to-fix",
)
#: Lines and characters of a smoke output shown in the table.
_OUTPUT_LINES = 6
_OUTPUT_CHARS = 400


@dataclass
class Smoke:
    """A smoke run: the command, its exit code (None when it timed out or could not
    start) and its output (stdout and stderr together)."""

    command: list[str]
    exit_code: int | None
    output: str
    timed_out: bool = False

    def outcome(self) -> tuple[int | None, bool, str]:
        return self.exit_code, self.timed_out, self.output

    def to_json(self) -> dict[str, Any]:
        return {
            "command": self.command,
            "exit_code": self.exit_code,
            "output": self.output,
            "timed_out": self.timed_out,
        }


@dataclass
class Side:
    """One of the two builds."""

    dockerfile: str
    #: None: not built (nothing to fix, or the original does not build).
    built: bool | None = None
    build_error: str | None = None
    build_seconds: float | None = None
    image: str | None = None
    image_size: int | None = None
    config: dict[str, Any] | None = None
    smoke: Smoke | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "dockerfile": self.dockerfile,
            "built": self.built,
            "build_error": self.build_error,
            "build_seconds": self.build_seconds,
            "image": self.image,
            "image_size": self.image_size,
            "config": self.config,
            "smoke": self.smoke.to_json() if self.smoke is not None else None,
        }


@dataclass
class Verification:
    """Everything ``dlint verify`` found."""

    builder: str | None
    context: str
    before: Side
    after: Side
    verdict: str = "same"
    #: The fixes applied to make the after file (code and title); empty with two files.
    fixes: list[dict[str, str]] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    dropped_with_base: list[Dropped] = field(default_factory=list)
    added_by_fix: list[Dropped] = field(default_factory=list)
    size_change_percent: float | None = None
    #: Where the build logs were kept (a build failed, or --keep-images), else None.
    log_dir: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "verdict": self.verdict,
            "builder": self.builder,
            "context": self.context,
            "fixes": self.fixes,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "differences": [
                {"field": d.field, "key": d.key, "before": d.before, "after": d.after}
                for d in self.differences
            ],
            "dropped_with_base": [_entry(d) for d in self.dropped_with_base],
            "added_by_fix": [_entry(d) for d in self.added_by_fix],
            "size_change_percent": self.size_change_percent,
            "log_dir": self.log_dir,
        }


def _entry(entry: Dropped) -> dict[str, str]:
    return {"field": entry.field, "key": entry.key, "value": entry.value}


def render_json(result: Verification, stream: TextIO) -> None:
    json.dump(result.to_json(), stream, indent=2)
    stream.write("\n")


def render_text(result: Verification, stream: TextIO, *, color: bool) -> None:
    """The table (before and after side by side), the dropped entries, the build errors
    and the verdict."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(
        file=stream,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        width=None if color else 120,
    )
    title = f"dlint verify ({result.builder or 'no builder'}, context {result.context})"
    table = Table(title=Text(title), title_justify="left")
    table.add_column("")
    table.add_column("before", overflow="fold")
    table.add_column("after", overflow="fold")
    for label, before, after in _rows(result):
        table.add_row(label, Text(before), Text(after))
    console.print(table)
    if result.fixes:
        fixes = ", ".join(f"{f['code']} ({f['title']})" for f in result.fixes)
        console.print(Text(f"fixes applied: {fixes}"))
    for entries, what in (
        (result.dropped_with_base, "dropped with the build base"),
        (result.added_by_fix, "added by the fix"),
    ):
        if entries:
            listed = ", ".join(f"{d.field} {d.key}={d.value}" for d in entries)
            console.print(Text(f"{what}: {listed}"))
    for name, side in (("before", result.before), ("after", result.after)):
        if side.build_error is not None:
            console.print(Text(f"{name}: the build failed; its last lines:", style="bold"))
            console.print(Text(side.build_error))
    if result.log_dir is not None:
        console.print(Text(f"build logs: {result.log_dir}"))
    change = result.size_change_percent
    size = f", size {change:+.1f}%" if change is not None else ""
    style = "green" if result.verdict in ("same", "nothing-to-fix") else "red"
    console.print(Text.assemble("verdict: ", (result.verdict, f"bold {style}"), size))


def _rows(result: Verification) -> list[tuple[str, str, str]]:
    before, after = result.before, result.after
    rows = [
        ("Dockerfile", before.dockerfile, after.dockerfile),
        ("builds", _built(before), _built(after)),
        ("size", _size(before.image_size), _size(after.image_size)),
    ]
    if before.image is not None or after.image is not None:
        rows.append(("image (kept)", before.image or "", after.image or ""))
    differing = {d.name(): d for d in result.differences}
    for name in FIELDS:
        found = differing.pop(name, None)
        if found is not None:
            rows.append((f"{name} ≠", _value(found.before), _value(found.after)))
    for name, found in differing.items():
        if found.field in ("Env", "Labels"):
            rows.append((f"{name} ≠", _value(found.before), _value(found.after)))
    old, new = before.smoke, after.smoke
    if old is not None or new is not None:
        rows.append(("smoke", _command(old), _command(new)))
        rows.append(("smoke exit", _exit(old), _exit(new)))
        rows.append(("smoke output", _output(old), _output(new)))
    return rows


def _built(side: Side) -> str:
    if side.built is None:
        return "not built"
    if not side.built:
        return "no"
    return f"yes ({side.build_seconds:.1f} s)" if side.build_seconds is not None else "yes"


def _size(size: int | None) -> str:
    if size is None:
        return ""
    return f"{size / 1_000_000:.1f} MB ({size:,} bytes)"


def _value(value: Any) -> str:
    return "(none)" if value is None else json.dumps(value)


def _command(smoke: Smoke | None) -> str:
    return "" if smoke is None else json.dumps(smoke.command)


def _exit(smoke: Smoke | None) -> str:
    if smoke is None:
        return ""
    if smoke.timed_out:
        return "timed out"
    return "could not start" if smoke.exit_code is None else str(smoke.exit_code)


def _output(smoke: Smoke | None) -> str:
    if smoke is None:
        return ""
    lines = smoke.output.rstrip("\n").split("\n")
    shown = "\n".join(lines[:_OUTPUT_LINES])
    if len(shown) > _OUTPUT_CHARS:
        shown = shown[:_OUTPUT_CHARS]
    if shown != smoke.output.rstrip("\n"):
        shown += " …"
    return shown
