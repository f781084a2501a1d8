"""The ``pin`` table of the configuration: what it holds, and its errors' places."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.lint.config import ConfigError
from dlint_dockerfile.lint.pin_options import PinOptions
from tests.lint.test_config import load


def test_the_pin_table(tmp_path: Path) -> None:
    path = tmp_path / ".dlint.yaml"
    path.write_text(
        "pin:\n  mirrors:\n    docker.io: 127.0.0.1:5000\n"
        "  insecure-registries: [127.0.0.1:5000]\n  platform: linux/arm64\n"
    )
    assert load(path).pin == PinOptions(
        {"docker.io": "127.0.0.1:5000"}, ("127.0.0.1:5000",), "linux/arm64"
    )


def test_defaults(tmp_path: Path) -> None:
    path = tmp_path / ".dlint.yaml"
    path.write_text("ignore: []\n")
    assert load(path).pin == PinOptions()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pin:\n  mirror: {}\n", "2:3: unknown key 'mirror' in 'pin' (did you mean 'mirrors'?)"),
        ("pin:\n  mirrors:\n    docker.io: 'a b'\n", "3:16: 'a b' is not a registry host"),
        ("pin:\n  platform: amd64\n", "2:13: 'amd64' is not a platform (os/arch[/variant])"),
        ("pin:\n  insecure-registries: x\n", "2:24: 'pin.insecure-registries' must be a list"),
    ],
)
def test_errors_name_the_place(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / ".dlint.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert message in str(caught.value)
