"""`pip_command`: pip however a script runs it, as the cache, layers and pinning rules see it."""

from __future__ import annotations

import pytest

from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.shell.pip import pip_command


def _seen(line: str) -> tuple[str, str] | None:
    model = build_model(f"FROM python\nRUN {line}\n")
    script = model.script(model.instructions[-1])
    assert script is not None
    pip = pip_command(script.commands[0].unwrapped())
    if pip is None:
        return None
    return str(pip.basename), " ".join(w.text for w in pip.args)


@pytest.mark.parametrize(
    ("line", "seen"),
    [
        ("pip install flask", ("pip", "install flask")),
        ("pip3.12 install -r req.txt", ("pip", "install -r req.txt")),
        ("/usr/local/bin/pip3 install x", ("pip3", "install x")),
        ("python3 -m pip install x", ("pip", "install x")),
        ("python -u -mpip3 install x", ("pip", "install x")),
        ("sudo python3.12 -m pip install x", ("pip", "install x")),
        ("python -c 'import pip' -m pip install x", None),  # -c runs code: no pip
        ("python -m venv /venv", None),
        ("python setup.py install", None),
        ("pipx install black", None),
        ("pipenv install", None),
    ],
)
def test_pip_however_it_is_run(line: str, seen: tuple[str, str] | None) -> None:
    assert _seen(line) == seen


def test_every_family_reads_python_m_pip_alike() -> None:
    """One detection for all: an unpinned ``python -mpip install`` is reported by the
    pinning rule, and its requirements install by the cache-ordering rule."""
    text = (
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
        "RUN python -mpip install --no-cache-dir -r requirements.txt flask\n"
    )
    codes = {d.code for d in lint_text(text, LintSettings.default()).diagnostics}
    assert {"DLX207", "DLX103"} <= codes
