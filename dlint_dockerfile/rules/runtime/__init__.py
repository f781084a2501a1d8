"""Runtime family (DLX5xx): CMD, ENTRYPOINT and HEALTHCHECK, how the container starts."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.runtime.dlx501_json_args_recommended import JsonArgsRecommended
from dlint_dockerfile.rules.runtime.dlx502_multiple_cmd import MultipleCmd
from dlint_dockerfile.rules.runtime.dlx503_multiple_entrypoint import MultipleEntrypoint
from dlint_dockerfile.rules.runtime.dlx504_multiple_healthcheck import MultipleHealthcheck
from dlint_dockerfile.rules.runtime.dlx505_shell_entrypoint_ignores_cmd import (
    ShellEntrypointIgnoresCmd,
)
from dlint_dockerfile.rules.runtime.dlx506_exec_form_command_line import ExecFormCommandLine
from dlint_dockerfile.rules.runtime.dlx507_exec_form_variable import ExecFormVariable
from dlint_dockerfile.rules.runtime.dlx508_not_json_exec_form import NotJsonExecForm
from dlint_dockerfile.rules.runtime.dlx509_debian_frontend_in_env import DebianFrontendInEnv

__all__ = [
    "RUNTIME_RULES",
    "DebianFrontendInEnv",
    "ExecFormCommandLine",
    "ExecFormVariable",
    "JsonArgsRecommended",
    "MultipleCmd",
    "MultipleEntrypoint",
    "MultipleHealthcheck",
    "NotJsonExecForm",
    "ShellEntrypointIgnoresCmd",
]

RUNTIME_RULES: tuple[type[Rule], ...] = (
    JsonArgsRecommended,
    MultipleCmd,
    MultipleEntrypoint,
    MultipleHealthcheck,
    ShellEntrypointIgnoresCmd,
    ExecFormCommandLine,
    ExecFormVariable,
    NotJsonExecForm,
    DebianFrontendInEnv,
)
