"""Copy family (DLX401-DLX405): ADD and COPY used the wrong way."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.copy.dlx401_add_instead_of_copy import AddInsteadOfCopy
from dlint_dockerfile.rules.copy.dlx402_copy_then_extract_archive import CopyArchiveThenExtract
from dlint_dockerfile.rules.copy.dlx403_copy_sources_to_file import CopyMultipleSourcesToFile
from dlint_dockerfile.rules.copy.dlx404_relative_destination_without_workdir import (
    RelativeDestinationWithoutWorkdir,
)
from dlint_dockerfile.rules.copy.dlx405_add_over_http import AddOverHttp

__all__ = [
    "COPY_RULES",
    "AddInsteadOfCopy",
    "AddOverHttp",
    "CopyArchiveThenExtract",
    "CopyMultipleSourcesToFile",
    "RelativeDestinationWithoutWorkdir",
]

COPY_RULES: tuple[type[Rule], ...] = (
    AddInsteadOfCopy,
    CopyArchiveThenExtract,
    CopyMultipleSourcesToFile,
    RelativeDestinationWithoutWorkdir,
    AddOverHttp,
)
