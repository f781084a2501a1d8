"""Rebuild prediction checked against buildah's layer cache, step by step.

Each project in ``bench/rebuild/<name>/`` is a small context with a Dockerfile and
``changes.json``, a list of scenarios::

    {"name": "source", "why": "...", "edits": [{"path": "src/app.py"}],
     "target": "stage" (optional), "format": "docker" (optional: buildah's --format)}

An edit appends a line (``"text"`` chooses it, ``{nonce}`` is replaced; the default is a
comment in the file's syntax), or ``"op"`` is ``create``, ``delete``, ``mkdir`` or
``replace`` (``"old"`` → ``"new"``). Every edit carries a fresh nonce, so a scenario
never finds its own result in the cache of an earlier run.

For each scenario: copy the project (without ``changes.json``) to a temporary directory,
build it with ``buildah --storage-driver vfs bud --isolation chroot --network host
--layers``, edit, build again, and read which steps printed ``--> Using cache``; then
compare with `predict_rebuild` (``onbuild`` when the scenario builds ``--format
docker``). A project with a ``.served/`` folder gets it served on
``http://127.0.0.1:18731/`` (for ``ADD <url>``). The images a project created are removed
after it (the base images stay).

Verdicts: ``equal`` (the rebuilt steps are exactly the predicted ones), ``within`` (the
prediction has uncertain steps, ``COPY --from`` a stage where a RUN re-ran, and every
certain step and nothing outside the uncertain ones was rebuilt), ``MISMATCH``.
Exit status 1 on any mismatch or failed build.

Needs root, buildah and the stand-in base images (``bench/multistage/images/build.sh
debian python-slim node-slim``). Usage::

    python bench/rebuild.py [--only NAME ...] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from _proc import table

from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.model import DockerfileModel, Stage, build_model
from dlint_dockerfile.model.rebuild import predict_rebuild, stage_steps

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "bench" / "rebuild"
BUILDAH = ["buildah", "--storage-driver", "vfs"]
BUILD = ["bud", "--isolation", "chroot", "--network", "host", "--layers", "--pull=never"]
SERVE_PORT = 18731
_STEP = re.compile(r"^(?:\[(\d+)/\d+\] )?STEP (\d+)/\d+: (.*)$")
_IMAGE_ID = re.compile(r"^--> (?:Using cache )?([0-9a-f]{11,64})$")
_COMMENT_STYLES = {
    ".js": "/* {} */",
    ".css": "/* {} */",
    ".html": "<!-- {} -->",
    ".svg": "<!-- {} -->",
    ".txt": "{}",
    ".log": "{}",
    ".bin": "{}",
    ".md": "{}",
}


@dataclass
class Build:
    """One build: per stage position (1-based), the steps (number, text, cached)."""

    ok: bool
    seconds: float
    stages: dict[int, list[tuple[int, str, bool]]] = field(default_factory=dict)
    image_ids: set[str] = field(default_factory=set)
    log: str = ""


@dataclass
class Outcome:
    project: str
    scenario: str
    why: str
    changed: list[str]
    predicted: str
    observed: str
    verdict: str
    uncertain_rebuilt: int = 0
    uncertain_cached: int = 0
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0


# ------------------------------------------------------------------------ building


def parse_build(output: str) -> tuple[dict[int, list[tuple[int, str, bool]]], set[str]]:
    """Steps per stage position and whether each printed ``--> Using cache``; the image
    IDs the build printed.

    buildah runs stages concurrently: a ``COPY --from`` prints its STEP line, then waits
    for the stage it reads, whose steps print meanwhile. Result lines carry no stage, so
    they belong to the latest step still open; its image ID line (``--> <id>``) closes it.
    """
    stages: dict[int, list[tuple[int, str, bool]]] = {}
    ids: set[str] = set()
    open_steps: list[tuple[int, int]] = []  # (stage position, index in its list)
    for line in output.splitlines():
        step = _STEP.match(line)
        if step:
            position = int(step.group(1) or 1)
            steps = stages.setdefault(position, [])
            steps.append((int(step.group(2)), step.group(3), False))
            if int(step.group(2)) > 1:  # FROM prints no result
                open_steps.append((position, len(steps) - 1))
            continue
        image = _IMAGE_ID.match(line.strip())
        if image:
            ids.add(image.group(1))
            if not open_steps:
                continue
            position, index = open_steps[-1]
            if line.startswith("--> Using cache"):
                number, text, _ = stages[position][index]
                stages[position][index] = (number, text, True)
            else:
                open_steps.pop()
        elif re.fullmatch(r"[0-9a-f]{64}", line.strip()):
            ids.add(line.strip())
    return stages, ids


def buildah_build(context: Path, tag: str, image_format: str | None) -> Build:
    command = [*BUILDAH, *BUILD, "--force-rm", "-t", tag]
    if image_format:
        command += ["--format", image_format]
    start = time.perf_counter()
    run = subprocess.run(
        [*command, "."], cwd=context, capture_output=True, text=True, check=False, timeout=900
    )
    seconds = time.perf_counter() - start
    output = run.stdout + run.stderr
    stages, ids = parse_build(run.stdout)
    return Build(run.returncode == 0, seconds, stages, ids, output)


def all_image_ids() -> set[str]:
    run = subprocess.run(
        [*BUILDAH, "images", "-a", "-q", "--no-trunc"], capture_output=True, text=True, check=True
    )
    return {line.strip().removeprefix("sha256:") for line in run.stdout.split() if line.strip()}


def remove_images(created: set[str], printed: set[str], tag: str) -> int:
    """Remove the images a project created: new since it started and printed by its
    builds (another user's images are never touched)."""
    ours = sorted(i for i in created if any(i.startswith(p) for p in printed))
    subprocess.run([*BUILDAH, "rmi", tag], capture_output=True, check=False)
    if ours:
        subprocess.run([*BUILDAH, "rmi", *ours], capture_output=True, check=False)
    return len(ours)


@contextmanager
def served(project: Path) -> Iterator[None]:
    """Serve ``project/.served`` on 127.0.0.1 while the project is checked."""
    folder = project / ".served"
    if not folder.is_dir():
        yield
        return
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", SERVE_PORT)) == 0:
            raise SystemExit(f"error: port {SERVE_PORT} is in use: {project.name} serves there")
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(SERVE_PORT), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield
    finally:
        server.terminate()
        server.wait(timeout=10)


# ------------------------------------------------------------------------ editing


def _default_text(path: Path, nonce: str) -> str:
    style = _COMMENT_STYLES.get(path.suffix.lower(), "# {}")
    return style.format(f"edited {nonce}") + "\n"


def apply_edits(root: Path, edits: list[dict[str, str]], nonce: str) -> list[str]:
    """Apply a scenario's edits below ``root``; the changed paths, as given."""
    changed = []
    for edit in edits:
        rel = edit["path"]
        path = root / rel
        op = edit.get("op", "append")
        if op == "append":
            text = edit.get("text", "").replace("{nonce}", nonce) or _default_text(path, nonce)
            with path.open("a", encoding="utf-8") as stream:
                stream.write(text)
        elif op == "create":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_default_text(path, nonce).replace("edited", "created"))
        elif op == "delete":
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        elif op == "mkdir":
            path.mkdir(parents=True)
        elif op == "replace":
            content = path.read_text(encoding="utf-8")
            if edit["old"] not in content:
                raise SystemExit(f"error: {rel}: {edit['old']!r} not found to replace")
            path.write_text(content.replace(edit["old"], edit["new"].replace("{nonce}", nonce)))
        else:
            raise SystemExit(f"error: {rel}: unknown edit op {op!r}")
        changed.append(rel)
    return changed


# ------------------------------------------------------------------------ comparing


def _label(stage: Stage) -> str:
    return stage.name or str(stage.index)


def _runs(steps: list[tuple[int, str]]) -> str:
    """``[(2, "?"), (3, "?"), (4, ""), (5, "")]`` → ``2?-3?,4-5``: STEP numbers, ``?``
    for an uncertain step, consecutive ones of the same kind as a range."""
    runs: list[list[tuple[int, str]]] = []
    for number, mark in steps:
        if runs and runs[-1][-1] == (number - 1, mark):
            runs[-1].append((number, mark))
        else:
            runs.append([(number, mark)])
    return ",".join(
        f"{r[0][0]}{r[0][1]}" if len(r) == 1 else f"{r[0][0]}{r[0][1]}-{r[-1][0]}{r[-1][1]}"
        for r in runs
    )


def _steps_text(marks: dict[str, list[tuple[int, str]]]) -> str:
    parts = [f"{stage}: {_runs(steps)}" for stage, steps in marks.items() if steps]
    return "; ".join(parts) or "nothing"


def compare(
    model: DockerfileModel,
    changed: list[str],
    build: Build,
    target: str | None,
    onbuild: bool,
) -> tuple[str, str, str, int, int, list[str], list[str]]:
    """(predicted, observed, verdict, uncertain rebuilt, uncertain cached, notes, details)."""
    prediction = predict_rebuild(model, changed, target, onbuild=onbuild)
    predicted_marks: dict[str, list[tuple[int, str]]] = {}
    observed_marks: dict[str, list[tuple[int, str]]] = {}
    details: list[str] = []
    ok = exact = True
    uncertain_rebuilt = uncertain_cached = 0
    predicted_positions = {s.stage.index + 1 for s in prediction.stages}
    for position in sorted(set(build.stages) - predicted_positions):
        ok = exact = False
        details.append(f"stage {position} was built but not predicted")
    for rebuild in prediction.stages:
        stage = rebuild.stage
        label = _label(stage)
        steps = stage_steps(model, stage, onbuild=onbuild)
        printed = build.stages.get(stage.index + 1)
        if printed is None:
            ok = exact = False
            details.append(f"stage {label} was predicted but buildah did not build it")
            continue
        ran: set[int] = set()
        for number, text, cached in printed:
            if number == 1:
                continue  # FROM
            index = number - 2
            if index >= len(steps) or text.split(" ", 1)[0].upper() != steps[index].name:
                ok = exact = False
                details.append(f"stage {label}: cannot map STEP {number} {text!r}")
                continue
            if not cached:
                ran.add(index)
        certain = {steps.index(s.instruction) for s in rebuild.steps if s.certain}
        maybe = {steps.index(s.instruction) for s in rebuild.steps if not s.certain}
        predicted_marks[label] = [
            (i + 2, "" if i in certain else "?") for i in sorted(certain | maybe)
        ]
        observed_marks[label] = [(i + 2, "") for i in sorted(ran)]
        uncertain_rebuilt += len(maybe & ran)
        uncertain_cached += len(maybe - ran)
        if maybe:
            exact = False
        if not (certain <= ran <= certain | maybe):
            ok = exact = False
            for index in sorted((certain | maybe) ^ ran):
                if index in certain or index not in maybe:
                    said = "rebuilt" if index in certain else "cached"
                    done = "rebuilt" if index in ran else "cached"
                    details.append(
                        f"stage {label} STEP {index + 2} {steps[index].name}: "
                        f"predicted {said}, buildah {done}"
                    )
    verdict = "equal" if exact else "within" if ok else "MISMATCH"
    return (
        _steps_text(predicted_marks),
        _steps_text(observed_marks),
        verdict,
        uncertain_rebuilt,
        uncertain_cached,
        prediction.notes,
        details,
    )


def run_scenario(
    project: Path, scenario: dict[str, Any], tag: str, work: Path
) -> tuple[Outcome, set[str]]:
    name = scenario["name"]
    context = work / name
    shutil.copytree(project, context, symlinks=True, ignore=shutil.ignore_patterns("changes.json"))
    image_format = scenario.get("format")
    first = buildah_build(context, tag, image_format)
    outcome = Outcome(project.name, name, scenario.get("why", ""), [], "", "", "BUILD FAILED")
    if not first.ok:
        outcome.details = first.log.splitlines()[-15:]
        return outcome, first.image_ids
    nonce = f"{time.time_ns()}-{name}"
    outcome.changed = apply_edits(context, scenario["edits"], nonce)
    second = buildah_build(context, tag, image_format)
    outcome.seconds = first.seconds + second.seconds
    ids = first.image_ids | second.image_ids
    if not second.ok:
        outcome.details = second.log.splitlines()[-15:]
        return outcome, ids
    dockerfile = context / "Dockerfile"
    model = build_model(
        dockerfile.read_text(), dockerfile, BuildContext.for_dockerfile(dockerfile)
    )
    (
        outcome.predicted,
        outcome.observed,
        outcome.verdict,
        outcome.uncertain_rebuilt,
        outcome.uncertain_cached,
        outcome.notes,
        outcome.details,
    ) = compare(model, outcome.changed, second, scenario.get("target"), image_format == "docker")
    return outcome, ids


def run_project(project: Path) -> tuple[list[Outcome], float]:
    scenarios = json.loads((project / "changes.json").read_text())
    tag = f"localhost/dlint-rebuild-{project.name}"
    before = all_image_ids()
    printed: set[str] = set()
    outcomes: list[Outcome] = []
    start = time.perf_counter()
    with served(project), tempfile.TemporaryDirectory(prefix="dlint-rebuild-") as work:
        for scenario in scenarios:
            outcome, ids = run_scenario(project, scenario, tag, Path(work))
            printed |= ids
            outcomes.append(outcome)
            mark = "" if outcome.verdict in ("equal", "within") else "  <--"
            print(f"  {project.name}/{outcome.scenario}: {outcome.verdict}{mark}", flush=True)
    seconds = time.perf_counter() - start
    remove_images(all_image_ids() - before, printed, tag)
    return outcomes, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="check these projects only")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    if shutil.which("buildah") is None:
        sys.exit("error: buildah is not installed (apt-get install buildah)")
    projects = sorted(p for p in PROJECTS.iterdir() if (p / "changes.json").is_file())
    if args.only:
        unknown = set(args.only) - {p.name for p in projects}
        if unknown:
            sys.exit(f"error: no such project: {', '.join(sorted(unknown))}")
        projects = [p for p in projects if p.name in args.only]
    outcomes: list[Outcome] = []
    times: dict[str, float] = {}
    for project in projects:
        print(f"{project.name}:", flush=True)
        found, seconds = run_project(project)
        outcomes.extend(found)
        times[project.name] = seconds
    rows = [
        [
            o.project,
            o.scenario,
            ", ".join(o.changed),
            o.predicted,
            o.observed,
            o.verdict,
        ]
        for o in outcomes
    ]
    print()
    print(table(["project", "scenario", "changed", "predicted", "buildah", "verdict"], rows))
    print()
    per_project = [
        [name, sum(1 for o in outcomes if o.project == name), f"{secs:.0f}"]
        for name, secs in times.items()
    ]
    print(table(["project", "scenarios", "seconds"], per_project))
    for o in outcomes:
        for line in o.details:
            print(f"{o.project}/{o.scenario}: {line}")
    bad = [o for o in outcomes if o.verdict not in ("equal", "within")]
    counts = {v: sum(1 for o in outcomes if o.verdict == v) for v in ("equal", "within")}
    print(
        f"\n{len(outcomes)} scenarios: {counts['equal']} equal, {counts['within']} within, "
        f"{len(bad)} mismatched or failed; uncertain steps: "
        f"{sum(o.uncertain_rebuilt for o in outcomes)} rebuilt, "
        f"{sum(o.uncertain_cached for o in outcomes)} cached"
    )
    if args.json:
        args.json.write_text(
            json.dumps({"scenarios": [asdict(o) for o in outcomes], "seconds": times}, indent=1)
            + "\n"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
