"""Every built-in rule, listed once. The engine finds them through the registry."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.cache import CACHE_RULES
from dlint_dockerfile.rules.context import CONTEXT_RULES
from dlint_dockerfile.rules.copy import COPY_RULES
from dlint_dockerfile.rules.layers import LAYERS_RULES
from dlint_dockerfile.rules.multistage import MULTISTAGE_RULES
from dlint_dockerfile.rules.pinning import PINNING_RULES
from dlint_dockerfile.rules.runtime import RUNTIME_RULES
from dlint_dockerfile.rules.security import SECURITY_RULES
from dlint_dockerfile.rules.shell import SHELL_RULES
from dlint_dockerfile.rules.shellcheck import SHELLCHECK_RULES
from dlint_dockerfile.rules.style import STYLE_RULES
from dlint_dockerfile.rules.syntax import SYNTAX_RULES

__all__ = ["ALL_RULES"]

ALL_RULES: tuple[type[Rule], ...] = (
    *SYNTAX_RULES,
    *CACHE_RULES,
    *PINNING_RULES,
    *LAYERS_RULES,
    *COPY_RULES,
    *CONTEXT_RULES,
    *RUNTIME_RULES,
    *MULTISTAGE_RULES,
    *SHELL_RULES,
    *SHELLCHECK_RULES,
    *SECURITY_RULES,
    *STYLE_RULES,
)
