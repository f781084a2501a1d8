"""The fuzz properties under hypothesis: short by default, long with ``DLINT_FUZZ=long``
(see `tests.fuzz`)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import FuzzInput, fuzz_inputs
from tests.fuzz.properties import check_command, check_fix_loop

LONG = os.environ.get("DLINT_FUZZ") == "long"


def _settings(examples: int) -> settings:
    """Short: derandomized (the same inputs on every run); long: random. Never an
    example database (a failure is reproduced from what hypothesis prints)."""
    return settings(
        max_examples=examples,
        derandomize=not LONG,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


if LONG:
    EXAMPLES = int(os.environ.get("DLINT_FUZZ_EXAMPLES", "2000"))
    FIX_SETTINGS = COMMAND_SETTINGS = _settings(EXAMPLES)
    INPUTS = st.one_of(fuzz_inputs(max_lines=80, max_ops=8), fuzz_inputs(None, max_ops=8))
else:
    FIX_SETTINGS, COMMAND_SETTINGS = _settings(200), _settings(40)
    INPUTS = fuzz_inputs(max_lines=40, max_ops=6)

#: The fix and selection options the command is run with.
FLAGS = (
    (),
    ("--unsafe-fixes",),
    ("--select", "ALL"),
    ("--select", "ALL", "--unsafe-fixes"),
)


@FIX_SETTINGS
@given(case=INPUTS, unsafe=st.booleans())
def test_fix_loop(case: FuzzInput, unsafe: bool) -> None:
    note(f"text={case.text!r}")
    check_fix_loop(case.text, unsafe)


@COMMAND_SETTINGS
@given(case=INPUTS, flags=st.sampled_from(FLAGS))
def test_command(case: FuzzInput, flags: tuple[str, ...]) -> None:
    note(f"data={case.data!r}")
    check_command(case.data, flags)


def test_edits_are_located_exactly_when_lines_repeat() -> None:
    """The campaign's first false alarm: a line-by-line diff aligned the merged RUN with
    its twin below and called the twin changed outside every edit."""
    check_fix_loop("RUN s\nRUN exit 1\nRUN exit 1\n", unsafe=True)
