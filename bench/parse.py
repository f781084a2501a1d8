"""Parsing throughput: dlint's parser vs BuildKit's Go parser (PyPI ``dockerfile``).

Parses every Dockerfile of ``../shared/corpus`` several times with each parser, in one
process and one run, and prints files/s, MB/s and the ratio. Usage::

    python bench/parse.py [--rounds N]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load() -> list[str]:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and "dockerignore" not in p.name)
    return [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in files]


def measure(parse: Callable[[str], object], texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            # BuildKit's parser raises on bad files; that is part of its work
            with contextlib.suppress(Exception):
                parse(text)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import dockerfile  # type: ignore[import-not-found]

    from dlint_dockerfile.syntax import parse

    texts = load()
    megabytes = sum(len(t.encode("utf-8", "surrogateescape")) for t in texts) / 1e6
    measure(parse, texts, 1)  # warm-up
    measure(dockerfile.parse_string, texts, 1)
    ours = measure(parse, texts, args.rounds)
    theirs = measure(dockerfile.parse_string, texts, args.rounds)
    print(f"corpus: {len(texts)} files, {megabytes:.2f} MB, {args.rounds} rounds, median shown")
    for name, times in (("dlint_dockerfile.parse", ours), ("buildkit (dockerfile)", theirs)):
        median = statistics.median(times)
        print(f"{name:24s} {len(texts) / median:10.0f} files/s {megabytes / median:8.2f} MB/s")
    ratios = [t / o for o, t in zip(ours, theirs, strict=True)]
    print(
        f"dlint / buildkit throughput: {statistics.median(ratios):.2f}x (per-round ratios "
        f"{min(ratios):.2f}-{max(ratios):.2f})"
    )


if __name__ == "__main__":
    main()
