"""Big and pathological Dockerfiles: does dlint's time grow linearly with the input?

Four generated families, each at sizes n, 2n and 4n:

- ``big``: a realistic Dockerfile of many stages (FROM/ARG/ENV/WORKDIR/COPY, RUN apt-get
  with continuation lines, heredocs, cache mounts...), 2.5, 5 and 10 MB: the 10 MB case
  must lint in < 10 s and < 500 MB of peak RSS;
- ``continuations``: one RUN of 25,000, 50,000 and 100,000 continuation lines
  (``RUN set -eux; \\`` then ``    echo N; \\``);
- ``stages``: 1,000, 2,000 and 4,000 stages, each ``FROM alpine:3.20 AS sN`` with a
  ``COPY --from=`` the previous one and a RUN;
- ``heredoc``: one ``RUN <<EOF`` heredoc of 25,000, 50,000 and 100,000 lines;
- ``joined``: the Dockerfiles of corpus/real joined, in order and again, until 2.5, 5 and
  10 MB: real files' density (3 instructions a KB; ``big`` has 13, corpus/wild 12), to
  tell the cost of the bytes from that of the instructions (the target is ``big``'s).

hadolint cannot parse heredocs (it reports one error and lints nothing), so for a ratio
against it both tools lint a heredoc-free variant of the smallest ``big`` file (its
build scripts as RUNs of continued lines), one run each with JSON output, timed and
counted; ``--no-hadolint`` skips it.

Each file is linted with ``dlint --no-cache --exit-zero FILE`` (output to /dev/null),
``--runs`` times (median); prints wall time, peak RSS, the growth factors
time(2n)/time(n) and time(4n)/time(2n) (linear is about 2; above 3 is flagged
SUPERLINEAR; the "net" factor subtracts the start-up, a one-line file's time, and is
flagged too once the smaller case's work is 0.5 s or more) and the number of findings
(one more, untimed ``--format json`` run) to show the run did real work: the
pathological files end with an ``apt-get install curl`` (two findings) at the end of the
big RUN, of the heredoc or of the last stage, so dlint must read them to the end.
``--scale`` multiplies every n (``--scale 0.05`` for a quick try). The files live in a
temporary directory removed at the end (``--keep DIR`` keeps them). Usage::

    python bench/scaling.py [--runs 1] [--scale 1.0] [--only big,stages] [--keep DIR]
                            [--no-findings] [--no-hadolint] [--json PATH]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _proc import (
    Run,
    check,
    corpus_files,
    dlint_command,
    dlint_env,
    ensure_bytecode,
    hadolint_command,
    machine,
    measure,
    median,
    seconds,
    table,
    workspace,
)

SUPERLINEAR = 3.0
TRUSTED_NET = 0.5
TARGET_SECONDS = 10.0
TARGET_RSS_MB = 500.0
TARGET_BYTES = 10_000_000
#: The last command of the pathological files: two findings at their very end.
TAIL = "apt-get install curl"

BASES = ("debian:bookworm-slim", "ubuntu:24.04", "python:3.12-slim-bookworm", "node:20-bookworm")
PACKAGES = (
    "ca-certificates",
    "curl",
    "git",
    "gnupg",
    "libssl-dev",
    "make",
    "gcc",
    "libffi-dev",
    "unzip",
    "xz-utils",
    "tzdata",
    "locales",
)


def realistic_stage(k: int, heredoc: bool = True) -> str:
    """Stage ``k`` of the ``big`` family (copies a binary from stage ``k - 1``); without
    ``heredoc``, its build script is a RUN of continued lines instead (hadolint cannot
    parse heredocs)."""
    shift = k % len(PACKAGES)
    packages = " \\\n        ".join(sorted((PACKAGES[shift:] + PACKAGES[:shift])[:8]))
    copy = f"COPY --from=stage{k - 1} /opt/app{k - 1}/bin/ /usr/local/bin/\n" if k else ""
    script = [
        "set -eux",
        f"mkdir -p /opt/app{k}/bin",
        "for step in configure build install; do",
        f'    echo "component {k}: $step" >> /opt/app{k}/build.log',
        "done",
        f"printf '#!/bin/sh\\necho app{k} %s\\n' \"$APP_VERSION\" > /opt/app{k}/bin/app{k}",
        f"chmod +x /opt/app{k}/bin/app{k}",
    ]
    if heredoc:
        build = "RUN <<EOF\n" + "\n".join(script) + "\nEOF\n"
    else:
        separated = [line + ("" if line.endswith(("do", "then")) else ";") for line in script]
        build = "RUN " + " \\\n    ".join(separated)[:-1] + "\n"
    return f"""\
# Stage {k}: build and package component {k}
FROM {BASES[k % len(BASES)]} AS stage{k}
ARG APP_VERSION={k // 10}.{k % 10}.0
ARG DEBIAN_FRONTEND=noninteractive
ENV APP_HOME=/opt/app{k} \\
    PATH="/opt/app{k}/bin:$PATH" \\
    LANG=C.UTF-8
WORKDIR /opt/app{k}
RUN apt-get update \\
    && apt-get install -y --no-install-recommends \\
        {packages} \\
    && rm -rf /var/lib/apt/lists/*
{copy}COPY requirements.txt package.json ./
{build}RUN --mount=type=cache,target=/root/.cache/pip \\
    pip install -r requirements.txt
USER 1000:1000
EXPOSE {8000 + k % 1000}
HEALTHCHECK --interval=30s --timeout=3s CMD ["/opt/app{k}/bin/app{k}", "--health"]
CMD ["/opt/app{k}/bin/app{k}"]
"""


def big(size: int, heredoc: bool = True) -> str:
    """Realistic stages until the text is ``size`` bytes or more."""
    parts = ["# syntax=docker/dockerfile:1\n"]
    total = len(parts[0])
    while total < size:
        parts.append(realistic_stage(len(parts) - 1, heredoc))
        total += len(parts[-1])
    return "".join(parts)


def continuations(lines: int) -> str:
    """One RUN of ``lines`` continuation lines."""
    body = "".join(f"    echo {i}; \\\n" for i in range(lines))
    return f"FROM alpine:3.20\nRUN set -eux; \\\n{body}    {TAIL}\n"


def stages(count: int) -> str:
    """``count`` stages, each copying from the one before."""
    parts = ["FROM alpine:3.20 AS s0\nRUN echo 0 > /out\n"]
    for k in range(1, count):
        parts.append(
            f"FROM alpine:3.20 AS s{k}\nCOPY --from=s{k - 1} /out /prev\n"
            f"RUN cat /prev > /out && echo {k} >> /out\n"
        )
    parts.append(f"RUN {TAIL}\n")
    return "".join(parts)


def heredoc(lines: int) -> str:
    """One ``RUN <<EOF`` heredoc of ``lines`` lines."""
    body = "".join(f"echo {i}\n" for i in range(lines))
    return (
        f"# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN <<EOF\nset -eux\n{body}{TAIL}\nEOF\n"
    )


def joined(size: int) -> str:
    """corpus/real's Dockerfiles, one after the other (again from the first when all are
    in), until the text is ``size`` bytes or more."""
    texts = [p.read_text(encoding="utf-8") for p in corpus_files("real")]
    parts: list[str] = []
    total = 0
    for text in itertools.cycle(texts):
        if total >= size:
            break
        text = text if text.endswith("\n") else text + "\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)


@dataclass(frozen=True)
class Family:
    name: str
    unit: str
    n: int
    make: Callable[[int], str]


FAMILIES = (
    Family("big", "bytes", TARGET_BYTES // 4, big),
    Family("continuations", "lines", 25_000, continuations),
    Family("stages", "stages", 1_000, stages),
    Family("heredoc", "lines", 25_000, heredoc),
    Family("joined", "bytes", TARGET_BYTES // 4, joined),
)


@dataclass
class Case:
    family: str
    size: int
    path: Path
    bytes: int
    lines: int
    runs: list[Run] = field(default_factory=list)
    findings: int | None = None

    @property
    def seconds(self) -> float:
        return median([r.seconds for r in self.runs])

    @property
    def rss_mb(self) -> float:
        return max(r.rss_mb for r in self.runs)


def write_case(scratch: Path, family: Family, size: int) -> Case:
    """The file of one size of ``family``, alone in its folder (its build context)."""
    text = family.make(size)
    path = scratch / family.name / str(size) / "Dockerfile"
    path.parent.mkdir(parents=True)
    data = text.encode()
    path.write_bytes(data)
    return Case(family.name, size, path, len(data), data.count(b"\n"))


def lint(case: Case, dlint: list[str], env: dict[str, str], runs: int, findings: bool) -> None:
    for _ in range(runs):
        run = measure([*dlint, "--no-cache", "--exit-zero", str(case.path)], env=env)
        check(run, f"dlint on {case.family} {case.size}")
        case.runs.append(run)
    if findings:
        command = [*dlint, "--no-cache", "--exit-zero", "--format", "json", str(case.path)]
        run = measure(command, env=env, stdout=True)
        if check(run, f"dlint --format json on {case.family} {case.size}"):
            case.findings = len(json.loads(run.stdout or b"[]"))
    print(
        f"{case.family} {case.size:,}: {seconds(case.seconds)}, {case.rss_mb:.0f} MB, "
        f"{case.findings} findings",
        file=sys.stderr,
    )


@dataclass
class Versus:
    """hadolint and dlint on one heredoc-free big file."""

    bytes: int
    hadolint: Run
    dlint: Run
    hadolint_findings: int
    dlint_findings: int

    def line(self) -> str:
        ratio = self.hadolint.seconds / self.dlint.seconds
        return (
            f"heredoc-free big file, {self.bytes / 1e6:.2f} MB: hadolint "
            f"{seconds(self.hadolint.seconds)} ({self.hadolint.rss_mb:.0f} MB, "
            f"{self.hadolint_findings:,} findings), dlint {seconds(self.dlint.seconds)} "
            f"({self.dlint.rss_mb:.0f} MB, {self.dlint_findings:,} findings): "
            f"hadolint / dlint {ratio:.1f}x"
        )


def versus_hadolint(
    scratch: Path, size: int, dlint: list[str], env: dict[str, str]
) -> Versus | None:
    """Both tools, one run each, on the heredoc-free ``big`` file of ``size`` bytes."""
    path = scratch / "versus" / "Dockerfile"
    path.parent.mkdir(parents=True)
    data = big(size, heredoc=False).encode()
    path.write_bytes(data)
    # the JSON runs are timed and counted both: one run of each tool (hadolint takes
    # over a minute)
    theirs = measure([*hadolint_command(), "--no-fail", "--format", "json", str(path)], stdout=True)
    mine = measure(
        [*dlint, "--no-cache", "--exit-zero", "--format", "json", str(path)], env=env, stdout=True
    )
    if not (check(theirs, "hadolint on the heredoc-free file") and check(mine, "dlint on it")):
        return None
    return Versus(
        len(data),
        theirs,
        mine,
        len(json.loads(theirs.stdout or b"[]")),
        len(json.loads(mine.stdout or b"[]")),
    )


def startup(scratch: Path, dlint: list[str], env: dict[str, str]) -> float:
    """dlint's time on a one-line Dockerfile (median of 3): the part that does not scale."""
    path = scratch / "startup" / "Dockerfile"
    path.parent.mkdir(parents=True)
    path.write_text("FROM alpine:3.20\n")
    command = [*dlint, "--no-cache", "--exit-zero", str(path)]
    return median([measure(command, env=env).seconds for _ in range(3)])


def growth(cases: Sequence[Case], base: float) -> list[tuple[str, str]]:
    """Per case: time / time of the previous size, raw and net of start-up.

    Above 3 is flagged SUPERLINEAR; the net factor only when the smaller case did at least
    ``TRUSTED_NET`` seconds of work (below that, noise dominates the difference).
    """
    out = [("-", "-")]
    for before, after in itertools.pairwise(cases):
        raw = after.seconds / before.seconds
        net_before = before.seconds - base
        net = (after.seconds - base) / net_before if net_before > 0 else float("nan")
        raw_flag = " SUPERLINEAR" if raw > SUPERLINEAR else ""
        net_flag = " SUPERLINEAR" if net > SUPERLINEAR and net_before >= TRUSTED_NET else ""
        out.append((f"{raw:.2f}{raw_flag}", f"{net:.2f}{net_flag}"))
    return out


def report(family: Family, cases: Sequence[Case], base: float) -> str:
    rows = [
        [
            f"{case.size:,} {family.unit}",
            f"{case.bytes / 1e6:.2f} MB",
            f"{case.lines:,}",
            seconds(case.seconds),
            f"{case.rss_mb:.0f} MB",
            "-" if case.findings is None else f"{case.findings:,}",
            raw,
            net,
        ]
        for case, (raw, net) in zip(cases, growth(cases, base), strict=True)
    ]
    headers = ["size", "bytes", "lines", "time", "peak RSS", "findings", "growth", "net growth"]
    return table(headers, rows)


def target_line(case: Case) -> str:
    ok = case.seconds < TARGET_SECONDS and case.rss_mb < TARGET_RSS_MB
    verdict = "met" if ok else "MISSED"
    scaled = "" if case.bytes >= TARGET_BYTES else " (file smaller than 10 MB: --scale < 1)"
    return (
        f"target for {case.bytes / 1e6:.1f} MB: < {TARGET_SECONDS:.0f} s and "
        f"< {TARGET_RSS_MB:.0f} MB: {verdict} ({case.seconds:.2f} s, {case.rss_mb:.0f} MB){scaled}"
    )


def as_json(
    results: dict[str, list[Case]], base: float, info: dict[str, Any], versus: Versus | None
) -> dict[str, Any]:
    return {
        "machine": info,
        "startup_seconds": base,
        "heredoc_free_versus_hadolint": None
        if versus is None
        else {
            "bytes": versus.bytes,
            "hadolint_seconds": versus.hadolint.seconds,
            "hadolint_max_rss_kib": versus.hadolint.max_rss_kib,
            "hadolint_findings": versus.hadolint_findings,
            "dlint_seconds": versus.dlint.seconds,
            "dlint_max_rss_kib": versus.dlint.max_rss_kib,
            "dlint_findings": versus.dlint_findings,
        },
        "families": {
            name: [
                {
                    "size": case.size,
                    "bytes": case.bytes,
                    "lines": case.lines,
                    "seconds": [r.seconds for r in case.runs],
                    "median_seconds": case.seconds,
                    "max_rss_kib": [r.max_rss_kib for r in case.runs],
                    "findings": case.findings,
                }
                for case in cases
            ]
            for name, cases in results.items()
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1, help="runs per file (default 1; median)")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (default 1)")
    parser.add_argument(
        "--only",
        metavar="NAMES",
        help=f"families, comma-separated ({', '.join(f.name for f in FAMILIES)})",
    )
    parser.add_argument("--no-findings", action="store_true", help="skip the --format json runs")
    parser.add_argument(
        "--no-hadolint", action="store_true", help="skip hadolint on the heredoc-free big file"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write the files in DIR and keep them"
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the numbers here")
    args = parser.parse_args()
    families = list(FAMILIES)
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {f.name for f in FAMILIES}
        if unknown:
            parser.error(f"unknown families: {', '.join(sorted(unknown))}")
        families = [f for f in FAMILIES if f.name in wanted]
    if args.runs < 1 or args.scale <= 0:
        parser.error("--runs must be at least 1 and --scale positive")

    ensure_bytecode()
    results: dict[str, list[Case]] = {}
    versus: Versus | None = None
    with workspace(args.keep, "dlint-bench-scaling-") as scratch:
        env = dlint_env(scratch / "cache")
        dlint = dlint_command(env)
        info = machine(dlint, None)
        base = startup(scratch, dlint, env)
        print(
            f"{info['cpus']} CPUs; {info['dlint']} ({' '.join(dlint)}); "
            f"start-up (one-line file): {seconds(base)}"
        )
        for family in families:
            n = max(1, round(family.n * args.scale))
            cases = [write_case(scratch, family, size) for size in (n, 2 * n, 4 * n)]
            for case in cases:
                lint(case, dlint, env, args.runs, not args.no_findings)
            results[family.name] = cases
            print(f"\n## {family.name}\n")
            print(report(family, cases, base))
            if family.name == "big":
                print(f"\n{target_line(cases[-1])}")
                if not args.no_hadolint:
                    versus = versus_hadolint(scratch, n, dlint, env)
                    if versus is not None:
                        print(f"\n{versus.line()}")
        if args.keep:
            print(f"\nfiles kept in {args.keep}")

    if args.json:
        args.json.write_text(json.dumps(as_json(results, base, info, versus), indent=2) + "\n")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
