"""Style family (DLX9xx): metadata, WORKDIR/USER style, FROM --platform and ENV checks."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.style.dlx901_workdir_relative_path import WorkdirRelativePath
from dlint_dockerfile.rules.style.dlx905_redundant_target_platform import RedundantTargetPlatform
from dlint_dockerfile.rules.style.dlx906_from_platform_flag_const import (
    FromPlatformFlagConstDisallowed,
)
from dlint_dockerfile.rules.style.dlx907_env_self_reference import EnvSelfReference
from dlint_dockerfile.rules.style.dlx908_user_without_numeric_id import UserWithoutNumericId
from dlint_dockerfile.rules.style.dlx909_copy_entire_filesystem import CopyEntireFilesystem
from dlint_dockerfile.rules.style.dlx910_healthcheck_missing import HealthcheckMissing
from dlint_dockerfile.rules.style.dlx911_invalid_label_key import InvalidLabelKey
from dlint_dockerfile.rules.style.dlx912_missing_required_label import MissingRequiredLabel
from dlint_dockerfile.rules.style.dlx913_superfluous_label import SuperfluousLabel
from dlint_dockerfile.rules.style.dlx914_empty_label import EmptyLabel
from dlint_dockerfile.rules.style.dlx915_label_not_url import LabelNotUrl
from dlint_dockerfile.rules.style.dlx916_label_not_rfc3339 import LabelNotRfc3339
from dlint_dockerfile.rules.style.dlx917_label_not_spdx import LabelNotSpdx
from dlint_dockerfile.rules.style.dlx918_label_not_git_hash import LabelNotGitHash
from dlint_dockerfile.rules.style.dlx919_label_not_semver import LabelNotSemver
from dlint_dockerfile.rules.style.dlx920_label_not_email import LabelNotEmail
from dlint_dockerfile.rules.style.dlx921_invalid_definition_description import (
    InvalidDefinitionDescription,
)

__all__ = [
    "STYLE_RULES",
    "CopyEntireFilesystem",
    "EmptyLabel",
    "EnvSelfReference",
    "FromPlatformFlagConstDisallowed",
    "HealthcheckMissing",
    "InvalidDefinitionDescription",
    "InvalidLabelKey",
    "LabelNotEmail",
    "LabelNotGitHash",
    "LabelNotRfc3339",
    "LabelNotSemver",
    "LabelNotSpdx",
    "LabelNotUrl",
    "MissingRequiredLabel",
    "RedundantTargetPlatform",
    "SuperfluousLabel",
    "UserWithoutNumericId",
    "WorkdirRelativePath",
]


STYLE_RULES: tuple[type[Rule], ...] = (
    WorkdirRelativePath,
    RedundantTargetPlatform,
    FromPlatformFlagConstDisallowed,
    EnvSelfReference,
    UserWithoutNumericId,
    CopyEntireFilesystem,
    HealthcheckMissing,
    InvalidLabelKey,
    MissingRequiredLabel,
    SuperfluousLabel,
    EmptyLabel,
    LabelNotUrl,
    LabelNotRfc3339,
    LabelNotSpdx,
    LabelNotGitHash,
    LabelNotSemver,
    LabelNotEmail,
    InvalidDefinitionDescription,
)
