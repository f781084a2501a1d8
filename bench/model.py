"""Model build time vs parse time over the whole corpus.

The model (stages, scopes, references; shell scripts parsed lazily) must cost a small
fraction of parsing. Also times parsing every RUN's shell, which rules pay only when
they ask. Usage::

    python bench/model.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import parse

    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and "dockerignore" not in p.name)
    texts = [p.read_bytes().decode("utf-8", errors="surrogateescape") for p in files]
    parse_times, model_times, shell_times = [], [], []
    clock = time.perf_counter
    gc.disable()  # collections would land on whichever phase happens to allocate last
    for _ in range(args.rounds + 1):
        parse_t = model_t = shell_t = 0.0
        for text in texts:  # file by file, as the linter works
            t0 = clock()
            tree = parse(text)
            t1 = clock()
            model = DockerfileModel(tree)
            t2 = clock()
            for instruction in model.instructions:
                model.script(instruction)
            t3 = clock()
            parse_t += t1 - t0
            model_t += t2 - t1
            shell_t += t3 - t2
        gc.collect()
        parse_times.append(parse_t)
        model_times.append(model_t)
        shell_times.append(shell_t)
    parse_t = statistics.median(parse_times[1:])
    model_t = statistics.median(model_times[1:])
    shell_t = statistics.median(shell_times[1:])
    print(f"corpus: {len(texts)} files, {args.rounds} rounds, medians")
    print(f"parse          {parse_t * 1000:8.1f} ms")
    print(f"model          {model_t * 1000:8.1f} ms  ({model_t / parse_t:.0%} of parse)")
    print(f"shell (lazy)   {shell_t * 1000:8.1f} ms  ({shell_t / parse_t:.0%} of parse)")


if __name__ == "__main__":
    main()
