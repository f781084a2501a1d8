"""Context family (DLX406-DLX410): what a COPY/ADD takes from the build context."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.context.dlx406_broad_copy_without_dockerignore import (
    BroadCopyWithoutIgnoreFile,
)
from dlint_dockerfile.rules.context.dlx407_context_ships_unwanted_files import (
    ContextShipsUnwantedFiles,
)
from dlint_dockerfile.rules.context.dlx408_context_ships_secrets import ContextShipsSecrets
from dlint_dockerfile.rules.context.dlx409_copy_ignored_file import CopyIgnoredFile
from dlint_dockerfile.rules.context.dlx410_copy_source_not_found import CopySourceNotFound

__all__ = [
    "CONTEXT_RULES",
    "BroadCopyWithoutIgnoreFile",
    "ContextShipsSecrets",
    "ContextShipsUnwantedFiles",
    "CopyIgnoredFile",
    "CopySourceNotFound",
]

CONTEXT_RULES: tuple[type[Rule], ...] = (
    BroadCopyWithoutIgnoreFile,
    ContextShipsUnwantedFiles,
    ContextShipsSecrets,
    CopyIgnoredFile,
    CopySourceNotFound,
)
