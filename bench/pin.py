"""``dlint pin`` on corpus/real against a real registry that holds stand-ins of its images.

Starts ``docker-registry`` (plain HTTP, named insecure) on 127.0.0.1, pushes a small image
under every name:tag corpus/real pulls (Docker Hub and mcr.microsoft.com names alike), and
points the ``pin`` configuration's mirrors at it. Then, on a copy of corpus/real:

1. ``dlint pin`` with a cold digest cache: every reference pinned, or a reason given;
2. ``dlint pin`` again: nothing changes;
3. ``dlint pin --check``: passes;
4. one tag moved (a new image pushed under it): ``--check`` fails on exactly the files
   that use it;
5. ``dlint pin`` on a fresh copy with the warm cache.

Times are wall times of the whole command. Needs ``docker-registry`` (``apt-get install
docker-registry``). Usage::

    python bench/pin.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dlint_dockerfile.edits.pin import pin_plan  # noqa: E402
from dlint_dockerfile.model.model import DockerfileModel  # noqa: E402
from dlint_dockerfile.syntax import parse  # noqa: E402
from tests.registry.conftest import (  # noqa: E402
    Registry,
    free_port,
    start_registry,
    stop_registry,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
DLINT = str(Path(sys.executable).parent / "dlint")


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and "dockerignore" not in p.name)


def copy_corpus(target: Path) -> None:
    for path in corpus_files():
        destination = target / path.relative_to(CORPUS)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)


def uses(folder: Path) -> dict[str, set[str]]:
    """Each reference looked up, with the files (relative) that pull it."""
    found: dict[str, set[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".dlint.yaml"):
        model = DockerfileModel(parse(path.read_text()))
        for plan in pin_plan(model):
            if plan.lookup:
                found.setdefault(plan.lookup, set()).add(str(path.relative_to(folder)))
    return found


def run(*args: str, cwd: Path, cache: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    environment = dict(os.environ, DLINT_CACHE_DIR=str(cache))
    start = time.perf_counter()
    done = subprocess.run([DLINT, *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, check=False)
    return time.perf_counter() - start, done


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("docker-registry") is None:
        sys.exit("docker-registry is not installed (apt-get install docker-registry)")
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        (base / "registry").mkdir()
        port = free_port()
        process = start_registry(base / "registry", port, "", "http", None)
        try:
            registry = Registry(f"127.0.0.1:{port}", "http")
            report(base, registry, args.rounds)
        finally:
            stop_registry(process)


def report(base: Path, registry: Registry, rounds: int) -> None:
    work = base / "work"
    copy_corpus(work)
    config = (
        f"pin:\n  mirrors:\n    docker.io: {registry.host}\n"
        f"    mcr.microsoft.com: {registry.host}\n"
        f"  insecure-registries: [{registry.host}]\n"
    )
    (work / ".dlint.yaml").write_text(config)
    references = uses(work)
    pushed = time.perf_counter()
    for reference in references:
        name, tag = reference.split("/", 1)[1].rsplit(":", 1)
        registry.push_image(name, tag)
    pushed = time.perf_counter() - pushed
    files = len(corpus_files())
    print(f"corpus/real: {files} files, {sum(map(len, references.values()))} image uses, "
          f"{len(references)} distinct references; stand-ins pushed in {pushed:.1f} s")

    cold, first = run("pin", ".", cwd=work, cache=base / "cache")
    pinned = len(re.findall(r": pinned ", first.stderr))
    errors = [line for line in first.stderr.splitlines() if ": error: " in line]
    reasons = [line for line in first.stderr.splitlines() if ": not pinned: " in line]
    print(f"1. dlint pin (cold cache): exit {first.returncode}, {pinned} pins written, "
          f"{len(errors)} errors, {len(reasons)} not pinned with a reason, {cold:.2f} s")
    for line in (errors + reasons)[:10]:
        print(f"     {line}")
    before = snapshot(work)
    _, second = run("pin", ".", cwd=work, cache=base / "cache")
    same = snapshot(work) == before
    print(f"2. dlint pin again: exit {second.returncode}, files unchanged: {same} "
          f"({second.stderr.strip().splitlines()[-1]})")
    checked, check = run("pin", "--check", ".", cwd=work, cache=base / "cache")
    print(f"3. dlint pin --check: exit {check.returncode}, {checked:.2f} s")

    moved_reference, users = max(references.items(), key=lambda item: len(item[1]))
    name, tag = moved_reference.split("/", 1)[1].rsplit(":", 1)
    registry.push_image(name, tag)
    _, stale = run("pin", "--check", ".", cwd=work, cache=base / "cache")
    reported = {line.split(":", 1)[0] for line in stale.stderr.splitlines() if "stale pin" in line}
    print(f"4. moved {moved_reference} (used by {len(users)} files): --check exit "
          f"{stale.returncode}, {len(reported)} files reported, exactly its users: "
          f"{reported == users}")

    warm_times, cold_times = [], []
    for round_number in range(rounds):
        fresh = base / f"fresh{round_number}"
        copy_corpus(fresh)
        (fresh / ".dlint.yaml").write_text(config)
        warm, _ = run("pin", "--diff", ".", cwd=fresh, cache=base / "cache")
        warm_times.append(warm)
        empty = base / f"cold-cache{round_number}"
        cold_again, _ = run("pin", "--diff", ".", cwd=fresh, cache=empty)
        cold_times.append(cold_again)
    cold_median, warm_median = statistics.median(cold_times), statistics.median(warm_times)
    print(f"5. dlint pin --diff on {files} unpinned files, median of {rounds}: cold cache "
          f"{cold_median:.2f} s, warm cache {warm_median:.2f} s")
    kinds = Counter(r.split("/")[0] for r in references)
    print(f"   registries mirrored: {dict(kinds)}")


if __name__ == "__main__":
    main()
