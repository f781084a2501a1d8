"""Which images of a file `dlint pin` pins, what it looks up for each, and the edit that
writes the digest (no registry here: `edits.pin` only)."""

from __future__ import annotations

from dlint_dockerfile.edits.pin import pin_plan, plan_edit
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import parse

OLD = "sha256:" + "1" * 64
NEW = "sha256:" + "2" * 64


def _model(text: str) -> DockerfileModel:
    return DockerfileModel(parse(text))


def _apply(text: str, digest: str) -> str:
    model = _model(text)
    out = text
    edits = [plan_edit(model, p, digest) for p in pin_plan(model) if p.lookup]
    for edit in sorted((e for e in edits if e), key=lambda e: e.start, reverse=True):
        out = out[: edit.start] + edit.content + out[edit.end :]
    return out


def test_what_is_looked_up() -> None:
    text = (
        "ARG TAG=3.12\n"
        "FROM python:$TAG AS build\n"
        "FROM build AS again\n"
        "FROM scratch\n"
        "FROM ghcr.io/org/app\n"
        "COPY --from=build /a /a\n"
        "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"
        "RUN --mount=from=busybox:1.36,target=/b true\n"
        f"FROM alpine@{OLD}\n"
        "ARG UNSET\n"
        "FROM debian:$UNSET\n"
    )
    plans = pin_plan(_model(text))
    assert [(p.lookup, p.current, p.reason) for p in plans] == [  # in the file's order
        ("docker.io/library/python:3.12", None, None),
        ("ghcr.io/org/app:latest", None, None),
        ("docker.io/library/nginx:1.27", None, None),
        ("docker.io/library/busybox:1.36", None, None),
        (None, OLD, "pinned without a tag: nothing to look up"),
        (None, None, "a variable without a default hides it"),
    ]


def test_the_digest_goes_after_the_reference_as_written() -> None:
    text = "FROM python:3.12-slim AS build\nCOPY --from=nginx:1.27 /a /a\n"
    assert _apply(text, NEW) == (
        f"FROM python:3.12-slim@{NEW} AS build\nCOPY --from=nginx:1.27@{NEW} /a /a\n"
    )


def test_a_reference_with_a_variable_keeps_it() -> None:
    text = "ARG TAG=3.12\nFROM python:${TAG}\n"
    assert _apply(text, NEW) == f"ARG TAG=3.12\nFROM python:${{TAG}}@{NEW}\n"


def test_a_stale_pin_is_replaced_and_a_current_one_kept() -> None:
    text = f"FROM python:3.12@{OLD}\n"
    assert _apply(text, NEW) == f"FROM python:3.12@{NEW}\n"
    assert _apply(text, OLD) == text
