"""Multistage family (DLX6xx): stage names, references between stages, what ships."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.multistage.dlx601_duplicate_stage_name import DuplicateStageName
from dlint_dockerfile.rules.multistage.dlx602_reserved_stage_name import ReservedStageName
from dlint_dockerfile.rules.multistage.dlx603_stage_name_casing import StageNameCasing
from dlint_dockerfile.rules.multistage.dlx604_invalid_stage_name import InvalidStageName
from dlint_dockerfile.rules.multistage.dlx605_copy_from_unknown_stage import CopyFromUnknownStage
from dlint_dockerfile.rules.multistage.dlx606_copy_from_own_stage import CopyFromOwnStage
from dlint_dockerfile.rules.multistage.dlx607_copy_from_stage_index import CopyFromStageIndex
from dlint_dockerfile.rules.multistage.dlx608_unused_stage import UnusedStage
from dlint_dockerfile.rules.multistage.dlx609_build_in_final_stage import BuildInFinalStage

__all__ = [
    "MULTISTAGE_RULES",
    "BuildInFinalStage",
    "CopyFromOwnStage",
    "CopyFromStageIndex",
    "CopyFromUnknownStage",
    "DuplicateStageName",
    "InvalidStageName",
    "ReservedStageName",
    "StageNameCasing",
    "UnusedStage",
]

MULTISTAGE_RULES: tuple[type[Rule], ...] = (
    DuplicateStageName,
    ReservedStageName,
    StageNameCasing,
    InvalidStageName,
    CopyFromUnknownStage,
    CopyFromOwnStage,
    CopyFromStageIndex,
    UnusedStage,
    BuildInFinalStage,
)
