"""Cache family (DLX1xx): what makes the build cache stale or useless."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.cache.dlx101_update_without_install import UpdateWithoutInstall
from dlint_dockerfile.rules.cache.dlx102_install_from_earlier_update import InstallFromEarlierUpdate
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install import (
    SourceCopiedBeforeInstall,
)
from dlint_dockerfile.rules.cache.dlx104_add_url_without_checksum import AddUrlWithoutChecksum
from dlint_dockerfile.rules.cache.dlx105_volatile_arg_declared_early import VolatileArgDeclaredEarly

__all__ = [
    "CACHE_RULES",
    "AddUrlWithoutChecksum",
    "InstallFromEarlierUpdate",
    "SourceCopiedBeforeInstall",
    "UpdateWithoutInstall",
    "VolatileArgDeclaredEarly",
]

CACHE_RULES: tuple[type[Rule], ...] = (
    UpdateWithoutInstall,
    InstallFromEarlierUpdate,
    SourceCopiedBeforeInstall,
    AddUrlWithoutChecksum,
    VolatileArgDeclaredEarly,
)
