"""``dlint pin [PATH...]``: pin the images Dockerfiles pull by digest, and keep the pins fresh.

Every image a file pulls (a FROM base, ``COPY --from=<image>``, ``RUN --mount=from=<image>``;
not stages, not ``scratch``; references with variables only when their defaults resolve)
becomes ``name:tag@sha256:<digest>``, the tag kept for people to read. The digest is the one
the tag points to now, looked up in the registry (`dlint_dockerfile.registry`): the
multi-platform index's, unless ``--platform`` (or the configuration's ``pin.platform``)
names one platform. ``--update`` also replaces pins whose tag has moved; ``--check`` writes
nothing and reports missing and stale pins; ``--diff`` shows the changes; ``--offline``
looks nothing up (the digest cache only).

Exit codes: 0 done (or nothing to do); 1 ``--check``/``--diff`` found a missing or stale pin
or a change; 2 a usage, configuration, file or lookup error (each reference that could not
be resolved is named; the others are still pinned).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.edits.pin import PinPlan
    from dlint_dockerfile.lint.pin_options import PinOptions
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.registry import Resolution

__all__ = ["EXIT_CHANGES", "EXIT_ERROR", "EXIT_OK", "main", "parser"]

EXIT_OK = 0
EXIT_CHANGES = 1
EXIT_ERROR = 2


def parser() -> argparse.ArgumentParser:
    """The command line of ``dlint pin``."""
    made = argparse.ArgumentParser(
        prog="dlint pin",
        description="Pin the images Dockerfiles pull by digest (name:tag@sha256:...), looked "
        "up in their registries, and keep the pins fresh. Exit codes: 0 done, 1 --check or "
        "--diff found a missing or stale pin, 2 a usage, configuration, file or lookup error.",
    )
    made.add_argument(
        "paths", nargs="*", default=["."], metavar="PATH",
        help="Dockerfiles or folders to search (default: .)",
    )
    made.add_argument(
        "--update", action="store_true",
        help="also replace the pins whose tag now points to another digest",
    )
    made.add_argument(
        "--check", action="store_true",
        help="write nothing; report missing and stale pins and exit 1 if any (for CI)",
    )
    made.add_argument(
        "--diff", action="store_true",
        help="write nothing; print a unified diff of the changes and exit 1 if any",
    )
    made.add_argument(
        "--offline", action="store_true",
        help="look nothing up: use the digests cached by earlier runs only",
    )
    made.add_argument(
        "--platform", metavar="OS/ARCH[/VARIANT]",
        help="pin this platform's image instead of the multi-platform index",
    )
    made.add_argument(
        "--config", metavar="PATH",
        help="configuration file (default: found walking up from each Dockerfile)",
    )
    return made


def main(argv: Sequence[str]) -> int:
    """Run ``dlint pin``; returns the exit code."""
    args = parser().parse_args(list(argv))
    if args.platform is not None and args.platform.count("/") not in (1, 2):
        print(f"dlint pin: error: --platform {args.platform!r} is not os/arch[/variant]",
              file=sys.stderr)
        return EXIT_ERROR
    from dlint_dockerfile.lint.config import ConfigError
    from dlint_dockerfile.lint.files import discover, read_dockerfile
    from dlint_dockerfile.lint.session import LintSession, SessionOptions

    session = LintSession(SessionOptions(config=Path(args.config) if args.config else None))
    failed = False
    files: list[_File] = []
    for found in discover(args.paths):
        if found.error is not None or found.path is None:
            print(found.error or "-: error: dlint pin needs files, not standard input",
                  file=sys.stderr)
            failed = True
            continue
        text, problem = read_dockerfile(found.path)
        if text is None:
            print(f"{found.display}: error: {problem}", file=sys.stderr)
            failed = True
            continue
        try:
            config = session.config_for(session.lookup(found.path))
        except ConfigError as exc:
            print(f"{found.display}: error: {exc}", file=sys.stderr)
            failed = True
            continue
        files.append(_File.read(found.display, found.path, text, config.pin))
    resolutions = _resolve(files, args)
    changes = 0
    for file in files:
        outcome = _pin_file(file, resolutions, args)
        failed = failed or outcome.failed
        changes += outcome.changes
    verb = "would change" if args.check or args.diff else "changed"
    print(f"dlint: {changes} pin{'s' if changes != 1 else ''} {verb} in {len(files)} "
          f"file{'s' if len(files) != 1 else ''}", file=sys.stderr)
    if failed:
        return EXIT_ERROR
    return EXIT_CHANGES if changes and (args.check or args.diff) else EXIT_OK


@dataclass
class _File:
    """A Dockerfile read, with its images' plans and its ``pin`` options."""

    display: str
    path: Path
    text: str
    model: DockerfileModel
    plans: list[PinPlan]
    options: PinOptions

    @classmethod
    def read(cls, display: str, path: Path, text: str, options: PinOptions) -> _File:
        from dlint_dockerfile.edits.pin import pin_plan
        from dlint_dockerfile.model.model import DockerfileModel
        from dlint_dockerfile.syntax import parse

        model = DockerfileModel(parse(text))
        return cls(display, path, text, model, pin_plan(model), options)

    def where(self, plan: PinPlan) -> str:
        position = self.model.index.lines.position(plan.use.span[0])
        return f"{self.display}:{position.line}:{position.column}"


@dataclass
class _Outcome:
    """What pinning one file did: pins written (or due), and whether something failed."""

    changes: int = 0
    failed: bool = False


def _needs_lookup(plan: PinPlan, args: argparse.Namespace) -> bool:
    return plan.lookup is not None and (
        plan.current is None or args.update or args.check
    )


def _resolve(
    files: list[_File], args: argparse.Namespace
) -> dict[tuple[PinOptions, str], Resolution]:
    """Each reference the files need, resolved once per set of ``pin`` options (files
    under one configuration share its mirrors and platform)."""
    from dlint_dockerfile.registry import DigestCache, resolve_pins

    cache = DigestCache()
    groups: dict[PinOptions, set[str]] = {}
    for file in files:
        refs = groups.setdefault(file.options, set())
        refs.update(p.lookup for p in file.plans if _needs_lookup(p, args) and p.lookup)
    found: dict[tuple[PinOptions, str], Resolution] = {}
    for options, refs in groups.items():
        # --check and --update ask the registry where the tags point now; pinning what
        # has no pin yet may use a digest looked up before
        results = resolve_pins(
            sorted(refs), options, cache=cache, platform=args.platform,
            offline=args.offline, refresh=(args.check or args.update) and not args.offline,
        )
        for ref, resolution in results.items():
            found[(options, ref)] = resolution
    return found


def _pin_file(
    file: _File, resolutions: dict[tuple[PinOptions, str], Resolution], args: argparse.Namespace
) -> _Outcome:
    """Pin (or check) one file's images; report each on stderr."""
    from dlint_dockerfile.edits.pin import plan_edit
    from dlint_dockerfile.lint.files import write_files

    outcome = _Outcome()
    edits = []
    for plan in file.plans:
        what = plan.use.what
        if plan.lookup is None:
            if plan.current is None:
                print(f"{file.where(plan)}: not pinned: {what}: {plan.reason}", file=sys.stderr)
            continue
        if not _needs_lookup(plan, args):
            continue
        resolution = resolutions.get((file.options, plan.lookup))
        if resolution is None or resolution.digest is None:
            reason = resolution.error if resolution is not None else "not looked up"
            print(f"{file.where(plan)}: error: cannot pin {what}: {reason}", file=sys.stderr)
            outcome.failed = True
            continue
        digest = resolution.digest
        if plan.current == digest:
            continue
        if plan.current is not None and not (args.update or args.check):
            continue
        state = "missing pin" if plan.current is None else "stale pin (the tag moved)"
        if args.check:
            print(f"{file.where(plan)}: {state}: {what}: {plan.lookup} is {digest}",
                  file=sys.stderr)
            outcome.changes += 1
            continue
        edit = plan_edit(file.model, plan, digest)
        if edit is None:
            print(f"{file.where(plan)}: error: cannot write the pin of {what} (the digest "
                  "is not where the text shows it)", file=sys.stderr)
            outcome.failed = True
            continue
        edits.append(edit)
        verb = "would pin" if args.diff else "pinned"
        print(f"{file.where(plan)}: {verb} {what} to {digest}", file=sys.stderr)
        outcome.changes += 1
    if not edits:
        return outcome
    text = file.text
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.content + text[edit.end :]
    if args.diff:
        from dlint_dockerfile.output.common import file_diff, write_stdout

        write_stdout(file_diff(file.text, text, file.display))
        return outcome
    error = write_files([(file.path, file.text, text)], what="the pins", again="dlint pin")
    if error is not None:
        print(f"{file.display}: error: {error}", file=sys.stderr)
        outcome.failed = True
    return outcome
