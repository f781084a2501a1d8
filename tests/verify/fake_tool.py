"""A stand-in for the docker, podman and buildah programs in `test_builders`: it writes
its argument list to ``$FAKE_LOG`` (one JSON line per call) and answers as the real tool
would, as ``$FAKE_*`` variables say."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main() -> int:
    tool = Path(sys.argv[0]).name
    args = sys.argv[1:]
    with open(os.environ["FAKE_LOG"], "a") as log:
        log.write(json.dumps([tool, *args]) + "\n")
    if args[:1] == ["info"]:
        if os.environ.get("FAKE_INFO") == "fail":
            print("Cannot connect to the Docker daemon. Is it running?", file=sys.stderr)
            return 1
        return 0
    if args[:2] == ["buildx", "version"]:
        return 0 if os.environ.get("FAKE_BUILDX") else 1
    if args[:1] == ["version"]:
        return 0
    if "--iidfile" in args:  # a build
        print("STEP 1/2: FROM debian")
        if os.environ.get("FAKE_BUILD") == "fail":
            print("error: no such package")
            return 1
        Path(args[args.index("--iidfile") + 1]).write_text("sha256:0123\n")
        return 0
    if args[:2] == ["image", "inspect"] or args[:1] == ["inspect"]:
        print(Path(os.environ["FAKE_INSPECT"]).read_text())
        return 0
    if args[:1] == ["from"]:
        print("dlint-verify-smoke")
        return 0
    if args[:1] == ["run"]:
        command = args[args.index("--") + 1 :] if "--" in args else args
        print("ran " + " ".join(command))
        sys.stdout.flush()
        if tool == "buildah":
            print("subprocess exited with status 3\nError: exit status 3", file=sys.stderr)
            return 3
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
