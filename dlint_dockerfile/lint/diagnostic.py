"""Findings and fixes: what rules report and what every output format and the LSP consume.

A `Diagnostic` is located by absolute character offsets into the file's text and by the
matching `Range` (1-based lines and columns, end exclusive). A `Fix` is a list of text
`Edit`s on the same offsets with an `Applicability`; it may also edit or create another
file beside the Dockerfile (the `.dockerignore`), as `FileEdit`s.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax.lines import Range

__all__ = ["Applicability", "Diagnostic", "Edit", "FileEdit", "FileResult", "Fix", "Severity"]


class Severity(enum.IntEnum):
    """How bad a finding is; higher is worse. ``none`` only appears as a fail level."""

    STYLE = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``"warning"`` → `Severity.WARNING` (also hadolint's ``ignore``-free names)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (choose from error, warning, info, style)"
            ) from None


class Applicability(enum.Enum):
    """Whether a fix can be applied without review."""

    SAFE = "safe"  # keeps the image's behaviour
    UNSAFE = "unsafe"  # may change behaviour; needs --unsafe-fixes
    DISPLAY = "display-only"  # shown, never applied


@record
class Edit:
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str

    def __reduce__(self) -> tuple[type[Edit], tuple[int, int, str]]:
        return Edit, (self.start, self.end, self.content)


@record
class FileEdit:
    """Edits of another file than the Dockerfile (the `.dockerignore` that applies to it).

    ``path`` is absolute. ``original`` is the file's text the edits apply to, None when the
    file does not exist and is created (its one edit inserts the whole text at 0); a fix
    whose ``original`` no longer matches the file is stale and never applied.
    """

    path: str
    original: str | None
    edits: tuple[Edit, ...]

    @property
    def creates(self) -> bool:
        return self.original is None

    def __reduce__(self) -> tuple[type[FileEdit], tuple[str, str | None, tuple[Edit, ...]]]:
        return FileEdit, (self.path, self.original, self.edits)


@record
class Fix:
    """A titled set of non-overlapping edits of the Dockerfile, and of other files."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    files: tuple[FileEdit, ...] = ()

    def __reduce__(
        self,
    ) -> tuple[type[Fix], tuple[str, tuple[Edit, ...], Applicability, tuple[FileEdit, ...]]]:
        return Fix, (self.title, self.edits, self.applicability, self.files)


@record
class Diagnostic:
    """One finding of one rule in one file."""

    code: str
    name: str
    message: str
    severity: Severity
    start: int
    end: int
    range: Range
    aliases: tuple[str, ...] = ()
    fix: Fix | None = None
    path: str = ""
    #: Extra structured data for formats and fixers (never shown as text).
    data: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.start, self.end, self.code, self.message)

    def __reduce__(self) -> tuple[type[Diagnostic], tuple[object, ...]]:
        # Pickled as a constructor call: results cross from worker processes, and the
        # default for a frozen, slotted dataclass (a state per field) is several times
        # slower to load. Fix, Edit, Range and Position do the same.
        return Diagnostic, (
            self.code,
            self.name,
            self.message,
            self.severity,
            self.start,
            self.end,
            self.range,
            self.aliases,
            self.fix,
            self.path,
            self.data,
        )


@dataclass
class FileResult:
    """The outcome of linting one file: diagnostics, or the error that stopped it."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    error: str | None = None
    #: The text format's output for this file, when it was rendered already (by a worker
    #: process, or stored in the result cache).
    rendered: str | None = None
    #: ``(code, name, severity)`` of each finding when ``diagnostics`` were left out (a
    #: rendered result needs no more for the summary and the exit code).
    summary: tuple[tuple[str, str, int], ...] | None = None

    def counted(self) -> list[tuple[str, str, Severity]]:
        """``(code, name, severity)`` of each finding, from whichever form is here."""
        if self.summary is not None:
            return [(code, name, Severity(level)) for code, name, level in self.summary]
        return [(d.code, d.name, d.severity) for d in self.diagnostics]

    def summarise(self) -> None:
        """Keep only the summary of the findings (what crosses from a worker process)."""
        if self.summary is None:
            self.summary = tuple((d.code, d.name, int(d.severity)) for d in self.diagnostics)
        self.diagnostics = []
        self.text = None
