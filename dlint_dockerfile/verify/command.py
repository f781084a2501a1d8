"""``dlint verify [PATH] [AFTER]``: build a Dockerfile before and after its fixes (or two
Dockerfiles) with a real builder and compare the images.

Without AFTER, the fixed text is what ``dlint --fix --unsafe-fixes`` would write (a lint
session as the command line's; ``--select`` narrows the rules); it is written to a temporary
folder outside the build context and built with ``-f``: the user's files are never
changed. Exit codes: 0 ``same`` or ``nothing-to-fix``, 1 ``different`` or
``fix-does-not-build``, 2 a usage, configuration or builder error, 3
``original-does-not-build``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlint_dockerfile.verify.builders import BUILDER_NAMES, Builder, BuilderError, find_builder
from dlint_dockerfile.verify.builders.process import tail
from dlint_dockerfile.verify.compare import (
    Difference,
    compare_configs,
    dockerfile_sets,
    normalize,
    size_change_percent,
)
from dlint_dockerfile.verify.report import Side, Smoke, Verification, render_json, render_text

__all__ = ["EXIT_CODES", "main"]

#: The exit code of each verdict (2 is a usage, configuration or builder error).
EXIT_CODES = {
    "same": 0,
    "nothing-to-fix": 0,
    "different": 1,
    "fix-does-not-build": 1,
    "original-does-not-build": 3,
}
EXIT_ERROR = 2
#: Lines of a failed build's log shown.
LOG_LINES = 30


class VerifyError(Exception):
    """A usage, configuration or file problem (exit 2)."""


@dataclass
class Plan:
    """The two files to build and where."""

    before: Path
    before_text: str
    after: Path | None  # None: nothing to fix
    after_text: str
    after_display: str
    context: Path
    work: Path
    fixes: list[dict[str, str]] = field(default_factory=list)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dlint verify",
        description="Build a Dockerfile before and after the fixes 'dlint --fix --unsafe-fixes' "
        "would apply (or two Dockerfiles), and compare the images: config, size, and a smoke "
        "run. Exit codes: 0 same or nothing to fix, 1 different or the fix does not build, "
        "2 usage or builder error, 3 the original does not build.",
    )
    parser.add_argument(
        "path", nargs="?", default="Dockerfile", metavar="PATH", help="the Dockerfile"
    )
    parser.add_argument(
        "after", nargs="?", metavar="AFTER", help="a second Dockerfile to compare PATH with"
    )
    parser.add_argument(
        "--builder",
        choices=("auto", *BUILDER_NAMES),
        default="auto",
        help="the builder (auto: docker with a reachable daemon, else podman, else buildah)",
    )
    parser.add_argument("--context", metavar="DIR", help="build context (default: PATH's folder)")
    parser.add_argument(
        "--smoke",
        metavar="CMD",
        help="shell command (/bin/sh -c) to run in each image instead of its own command",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=60.0,
        metavar="SECONDS",
        help="time limit of each smoke run (default: 60)",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="only the fixes of these rules (codes, names, prefixes or categories)",
    )
    parser.add_argument(
        "--config", metavar="PATH", help="configuration file (default: found walking up)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--keep-images", action="store_true", help="keep the two images (and the build logs)"
    )
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def main(argv: Sequence[str], *, select_builder: Callable[[str], Builder] | None = None) -> int:
    """Run ``dlint verify``; returns the exit code (``select_builder``: how the builder
    named by ``--builder`` is found, `find_builder` by default)."""
    args = _parser().parse_args(list(argv))
    work = Path(tempfile.mkdtemp(prefix="dlint-verify-"))
    keep_work = False
    try:
        plan = _plan(args, work)
        if plan.after is None:
            result = _nothing_to_fix(plan)
        else:
            builder = (select_builder or find_builder)(args.builder)
            result = _verify(plan, builder, args)
            keep_work = result.log_dir is not None
    except (VerifyError, BuilderError) as exc:
        print(f"dlint verify: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if not keep_work:
            shutil.rmtree(work, ignore_errors=True)
    if args.format == "json":
        render_json(result, sys.stdout)
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        render_text(result, sys.stdout, color=color)
    sys.stdout.flush()
    return EXIT_CODES[result.verdict]


# ------------------------------------------------------------------------ the plan


def _plan(args: argparse.Namespace, work: Path) -> Plan:
    """The files to build: PATH and AFTER, or PATH and its fixed text (written in
    ``work``, which must lie outside the context)."""
    path = Path(args.path)
    before_text = _read(path)
    if args.after is not None:
        if args.select:
            raise VerifyError("--select chooses fixes: it has no effect with AFTER")
        after = Path(args.after)
        after_text = _read(after)
        context = _context(args, path, None)
        plan = Plan(path, before_text, after, after_text, str(after), context, work)
        if after_text == before_text:
            plan.after = None
        return plan
    fixed, fixes, configured, ignore_text = _fixed_text(path, before_text, args)
    context = _context(args, path, configured)
    plan = Plan(path, before_text, None, fixed, f"{path} (fixed)", context, work, fixes)
    if fixed == before_text and ignore_text is None:
        return plan
    if work.resolve().is_relative_to(context.resolve()):
        raise VerifyError(
            f"the temporary folder {work} is inside the build context {context}: "
            "set TMPDIR to a folder outside it"
        )
    target = work / path.name
    target.write_bytes(fixed.encode("utf-8", "surrogateescape"))
    ignore = path.with_name(path.name + ".dockerignore")
    beside = target.with_name(target.name + ".dockerignore")  # read instead of the context's
    if ignore_text is not None:  # the ignore file as the fixes leave it
        beside.write_bytes(ignore_text.encode("utf-8", "surrogateescape"))
    elif ignore.is_file():
        shutil.copyfile(ignore, beside)
    plan.after = target
    return plan


def _read(path: Path) -> str:
    from dlint_dockerfile.lint.files import read_dockerfile

    text, error = read_dockerfile(path)
    if text is None:
        raise VerifyError(f"{path}: {error}")
    return text


def _context(args: argparse.Namespace, path: Path, configured: Path | None) -> Path:
    context = Path(args.context) if args.context else configured or path.parent
    if not context.is_dir():
        raise VerifyError(f"build context {context}: not a directory")
    return context


def _fixed_text(
    path: Path, text: str, args: argparse.Namespace
) -> tuple[str, list[dict[str, str]], Path | None, str | None]:
    """What ``dlint --fix --unsafe-fixes`` would make of ``text`` (a `LintSession` that
    fixes without writing), the fixes it applies, the context the configuration names, and
    the ignore file's text when the fixes change it (None: they do not)."""
    from dlint_dockerfile.lint.command_line import CommandLineSelection
    from dlint_dockerfile.lint.config import ConfigError
    from dlint_dockerfile.lint.session import LintSession, SessionError, SessionOptions

    select = None
    if args.select:
        select = tuple(s.strip() for v in args.select for s in v.split(",") if s.strip())
    options = SessionOptions(
        selection=CommandLineSelection(select=select),
        config=Path(args.config) if args.config else None,
        context=Path(args.context) if args.context else None,
        fix=True,
        unsafe_fixes=True,
    )
    session = LintSession(options)
    try:
        # a configuration with an error stops verify wherever it was found (the session
        # would only skip the file)
        config = session.config_for(session.lookup(path))
        change = session.lint_file(str(path), path).change  # never written: no --fix
    except (ConfigError, SessionError) as exc:
        raise VerifyError(str(exc)) from None
    assert change is not None
    fixes = [
        {"code": d.code, "title": d.fix.title if d.fix is not None else d.message}
        for d in change.applied
    ]
    ignore_text = next((o.text for o in change.others), None)  # the only other files
    return change.text, fixes, config.context, ignore_text


def _nothing_to_fix(plan: Plan) -> Verification:
    side = Side(str(plan.before))
    return Verification(
        None,
        str(plan.context),
        side,
        Side(plan.after_display),
        verdict="nothing-to-fix",
    )


# ----------------------------------------------------------------------- building


def _verify(plan: Plan, builder: Builder, args: argparse.Namespace) -> Verification:
    """Build, inspect, smoke-run and compare; the images are removed at the end unless
    ``--keep-images``."""
    assert plan.after is not None
    digest = hashlib.sha256(
        "\0".join((plan.before_text, plan.after_text, str(plan.context.resolve()))).encode(
            "utf-8", "surrogateescape"
        )
    ).hexdigest()[:12]
    before = Side(str(plan.before))
    after = Side(plan.after_display)
    result = Verification(builder.name, str(plan.context), before, after, fixes=plan.fixes)
    tags: list[str] = []
    try:
        builds = ((before, plan.before, "before"), (after, plan.after, "after"))
        for side, dockerfile, name in builds:
            tag = f"dlint-verify-{digest}-{name}"
            _progress(f"building {name}: {dockerfile} with {builder.name}")
            if not _build(builder, side, dockerfile, plan, tag, plan.work / f"{name}.log"):
                result.verdict = f"{'original' if name == 'before' else 'fix'}-does-not-build"
                result.log_dir = str(plan.work)
                break
            tags.append(tag)
        for side, tag in zip((before, after), tags, strict=False):
            info = builder.inspect(tag)
            side.config = normalize(info.config)
            side.image_size = info.size
            side.image = tag if args.keep_images else None
        if len(tags) == 2:
            _smoke_and_compare(result, builder, tags, plan, args)
    finally:
        for tag in tags if not args.keep_images else ():
            try:
                builder.remove(tag)
            except BuilderError as exc:
                print(f"dlint verify: warning: {exc}", file=sys.stderr)
    if args.keep_images:
        result.log_dir = str(plan.work)
    result.size_change_percent = size_change_percent(before.image_size, after.image_size)
    return result


def _build(
    builder: Builder, side: Side, dockerfile: Path, plan: Plan, tag: str, log: Path
) -> bool:
    started = time.monotonic()
    image = builder.build(dockerfile, plan.context, tag, log)
    side.build_seconds = round(time.monotonic() - started, 1)
    side.built = image is not None
    if image is None:
        try:
            side.build_error = tail(log.read_text("utf-8", "replace"), LOG_LINES)
        except OSError as exc:
            side.build_error = f"(no build log: {exc})"
    return side.built


def _smoke_and_compare(
    result: Verification,
    builder: Builder,
    tags: list[str],
    plan: Plan,
    args: argparse.Namespace,
) -> None:
    """Run the smoke command in both images, then compare configs and smoke results."""
    from dlint_dockerfile.model.model import build_model

    before, after = result.before, result.after
    assert before.config is not None and after.config is not None
    for side, tag in zip((before, after), tags, strict=True):
        assert side.config is not None
        argv = ["/bin/sh", "-c", args.smoke] if args.smoke else _own_command(side.config)
        if argv:
            _progress(f"smoke run in {tag}: {' '.join(argv)}")
            done = builder.run(tag, argv, args.timeout)
            side.smoke = Smoke(argv, done.exit_code, done.output, done.timed_out)
    compared = compare_configs(
        before.config,
        after.config,
        dockerfile_sets(build_model(plan.before_text, plan.before)),
        dockerfile_sets(build_model(plan.after_text, plan.after)),
    )
    result.differences = compared.differences + _smoke_differences(before.smoke, after.smoke)
    result.dropped_with_base = compared.dropped
    result.added_by_fix = compared.added
    result.verdict = "different" if result.differences else "same"


def _own_command(config: dict[str, object]) -> list[str]:
    """What the image runs by itself: ENTRYPOINT followed by CMD."""
    entrypoint = config.get("Entrypoint") or []
    command = config.get("Cmd") or []
    assert isinstance(entrypoint, list) and isinstance(command, list)
    return [*entrypoint, *command]


def _smoke_differences(before: Smoke | None, after: Smoke | None) -> list[Difference]:
    if before is None or after is None:
        if before is after:
            return []
        return [Difference("smoke", _summary(before), _summary(after), "command")]
    found = []
    if (before.exit_code, before.timed_out) != (after.exit_code, after.timed_out):
        found.append(Difference("smoke", _exit(before), _exit(after), "exit_code"))
    if before.output != after.output:
        found.append(Difference("smoke", before.output, after.output, "output"))
    return found


def _summary(smoke: Smoke | None) -> list[str] | None:
    return None if smoke is None else smoke.command


def _exit(smoke: Smoke) -> int | str | None:
    return "timed out" if smoke.timed_out else smoke.exit_code


def _progress(message: str) -> None:
    print(f"dlint verify: {message}", file=sys.stderr, flush=True)
