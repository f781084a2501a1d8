"""Shell layer: the shell inside RUN, CMD, ENTRYPOINT and HEALTHCHECK.

``instruction_script`` parses an instruction's shell into a `Script` of `Command`s with
exact source ranges; `ShellDialect` says which shell ``SHELL`` selected.
"""

from dlint.shell.dialect import DEFAULT_SHELL, ShellDialect, dialect_of
from dlint.shell.extract import instruction_script
from dlint.shell.options import OPTION_SPECS, OptionSpec, spec_for
from dlint.shell.script import (
    Command,
    Option,
    Script,
    ScriptError,
    ShellWord,
    parse_options,
    parse_script,
)
from dlint.shell.source import ShellSource

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
