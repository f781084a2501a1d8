"""Shell layer: the shell inside RUN, CMD, ENTRYPOINT and HEALTHCHECK.

``instruction_script`` parses an instruction's shell into a `Script` of `Command`s with
exact source ranges; `ShellDialect` says which shell ``SHELL`` selected.
"""

from dlint_dockerfile.shell.dialect import DEFAULT_SHELL, ShellDialect, dialect_of
from dlint_dockerfile.shell.extract import instruction_script
from dlint_dockerfile.shell.options import OPTION_SPECS, OptionSpec, spec_for
from dlint_dockerfile.shell.script import (
    Command,
    Option,
    Script,
    ScriptError,
    ShellWord,
    parse_options,
    parse_script,
)
from dlint_dockerfile.shell.source import ShellSource

__all__ = [
    "DEFAULT_SHELL",
    "OPTION_SPECS",
    "Command",
    "Option",
    "OptionSpec",
    "Script",
    "ScriptError",
    "ShellDialect",
    "ShellSource",
    "ShellWord",
    "dialect_of",
    "instruction_script",
    "parse_options",
    "parse_script",
    "spec_for",
]
