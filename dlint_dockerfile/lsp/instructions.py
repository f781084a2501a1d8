"""One paragraph about each Dockerfile instruction, shown when hovering its keyword."""

from __future__ import annotations

__all__ = ["INSTRUCTION_DOCS", "REFERENCE_URL", "instruction_markdown"]

#: The Dockerfile reference; ``#name`` jumps to one instruction.
REFERENCE_URL = "https://docs.docker.com/reference/dockerfile/"

INSTRUCTION_DOCS: dict[str, tuple[str, str]] = {
    "ADD": (
        "ADD [--chown=…] [--chmod=…] [--checksum=…] <src>… <dest>",
        "Copies files into the image like COPY, and also fetches remote URLs, clones Git "
        "repositories and unpacks local tar archives into the destination. Because of those "
        "extra behaviours, prefer COPY for plain files and keep ADD for the cases that need it.",
    ),
    "ARG": (
        "ARG <name>[=<default>]",
        "Declares a build argument that `docker build --build-arg` can set. Before the first "
        "FROM it is global and usable only in FROM lines; inside a stage it is visible to the "
        "instructions after it until the stage ends. Values are recorded in the image "
        "history, so never pass secrets this way.",
    ),
    "CMD": (
        'CMD ["executable", "param"…]  |  CMD command param…',
        "Sets the default command (or the default arguments of ENTRYPOINT) a container runs "
        "when no command is given to `docker run`. Only the last CMD of the final stage "
        "counts. The JSON (exec) form runs without a shell and receives signals directly.",
    ),
    "COPY": (
        "COPY [--from=…] [--chown=…] [--chmod=…] [--link] <src>… <dest>",
        "Copies files and directories from the build context, or with `--from` from another "
        "stage or image, into the image's filesystem at the destination path. Files excluded "
        "by .dockerignore are not sent to the builder and cannot be copied.",
    ),
    "ENTRYPOINT": (
        'ENTRYPOINT ["executable", "param"…]  |  ENTRYPOINT command param…',
        "Sets the executable a container always runs; CMD and the arguments of `docker run` "
        "are appended to it. In shell form the command runs under `/bin/sh -c`, which "
        "ignores CMD and keeps the process from receiving signals such as SIGTERM.",
    ),
    "ENV": (
        "ENV <key>=<value>…",
        "Sets environment variables for the rest of the stage and for containers started "
        "from the image. Values persist in the image and in later stages built from it, so "
        "they must not hold secrets; use an ARG or a build secret for build-time values.",
    ),
    "EXPOSE": (
        "EXPOSE <port>[/<protocol>]…",
        "Documents the network ports the container listens on (TCP unless /udp is given). "
        "It publishes nothing by itself: `docker run -p` or `-P` does that.",
    ),
    "FROM": (
        "FROM [--platform=…] <image>[:<tag>|@<digest>] [AS <name>]",
        "Starts a new build stage from a base image (or `scratch`). A Dockerfile may have "
        "several stages; `AS name` lets COPY --from, RUN --mount and later FROM lines refer "
        "to a stage. Pin the base by tag or digest for reproducible builds.",
    ),
    "HEALTHCHECK": (
        "HEALTHCHECK [--interval=…] [--timeout=…] [--retries=…] CMD command  |  HEALTHCHECK NONE",
        "Tells the container runtime how to test that the container still works: the command "
        "runs periodically and a non-zero exit marks the container unhealthy. `NONE` turns "
        "off a check inherited from the base image.",
    ),
    "LABEL": (
        "LABEL <key>=<value>…",
        "Adds metadata to the image as key-value pairs (maintainer, version, source "
        "repository…), readable with `docker inspect`. Labels are inherited from base images "
        "and a later value replaces an earlier one.",
    ),
    "MAINTAINER": (
        "MAINTAINER <name>",
        "Sets the author field of the image. Deprecated: use "
        '`LABEL org.opencontainers.image.authors="…"` instead.',
    ),
    "ONBUILD": (
        "ONBUILD <INSTRUCTION>",
        "Registers an instruction to run later, when another build uses this image as its "
        "base: the trigger executes right after that build's FROM. ONBUILD cannot wrap FROM, "
        "MAINTAINER or another ONBUILD.",
    ),
    "RUN": (
        'RUN [--mount=…] [--network=…] command  |  RUN ["executable", "param"…]',
        "Executes a command in a new layer on top of the current image and commits the "
        "result. The shell form runs under the stage's SHELL (`/bin/sh -c` by default); "
        "heredocs (`<<EOF`) and `--mount` caches or secrets keep scripts and layers tidy.",
    ),
    "SHELL": (
        'SHELL ["executable", "param"…]',
        "Replaces the shell used by the shell form of RUN, CMD and ENTRYPOINT for the rest of "
        'the stage, e.g. `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`. It must be written in '
        "JSON form.",
    ),
    "STOPSIGNAL": (
        "STOPSIGNAL <signal>",
        "Sets the system call signal sent to the container to stop it, by name (`SIGTERM`) "
        "or number. The default is SIGTERM.",
    ),
    "USER": (
        "USER <user>[:<group>]",
        "Sets the user (and optionally the group) that the following RUN, CMD and "
        "ENTRYPOINT instructions and the container run as. Ending the final stage as a "
        "non-root user limits what a compromised process can do.",
    ),
    "VOLUME": (
        'VOLUME ["/path"…]  |  VOLUME /path…',
        "Marks paths as mount points for externally managed volumes. Changes a later build "
        "step makes to a declared volume path are discarded, so populate it before declaring "
        "it.",
    ),
    "WORKDIR": (
        "WORKDIR <path>",
        "Sets the working directory for the instructions that follow and for the container, "
        "creating it if needed. A relative path is resolved against the previous WORKDIR; "
        "prefer it to `cd` inside RUN.",
    ),
}


def instruction_markdown(name: str) -> str | None:
    """Markdown for hovering the keyword ``name`` (None for an unknown keyword)."""
    entry = INSTRUCTION_DOCS.get(name.upper())
    if entry is None:
        return None
    usage, text = entry
    anchor = name.lower()
    link = f"[Dockerfile reference]({REFERENCE_URL}#{anchor})"
    return f"**{name.upper()}**\n\n```dockerfile\n{usage}\n```\n\n{text}\n\n{link}\n"
