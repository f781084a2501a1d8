"""Codes of the tools dlint replaces: hadolint's DL rules and BuildKit's build checks.

A suppression naming one of these is valid even where dlint has no rule for it (an
obsolete hadolint rule, a check that needs a daemon), so it is never called unknown.
"""

from __future__ import annotations

__all__ = [
    "BUILDKIT_CHECKS",
    "BUILDKIT_CHECK_NAMES",
    "FOREIGN_CODES",
    "HADOLINT_CODES",
    "HADOLINT_OFF_BY_DEFAULT",
]

HADOLINT_CODES = frozenset(
    ["DL1001"]
    + [f"DL{n}" for n in range(3000, 3068)]
    + ["DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006"]
)

#: BuildKit's build checks, spelled as BuildKit spells them.
BUILDKIT_CHECK_NAMES = tuple(
    sorted(
        (
            "ConsistentInstructionCasing",
            "CopyIgnoredFile",
            "DuplicateStageName",
            "ExposeInvalidFormat",
            "ExposeProtoCasing",
            "FromAsCasing",
            "FromPlatformFlagConstDisallowed",
            "InvalidBaseImagePlatform",
            "InvalidDefaultArgInFrom",
            "InvalidDefinitionDescription",
            "JSONArgsRecommended",
            "LegacyKeyValueFormat",
            "MaintainerDeprecated",
            "MultipleInstructionsDisallowed",
            "NoEmptyContinuation",
            "RedundantTargetPlatform",
            "ReservedStageName",
            "SecretsUsedInArgOrEnv",
            "StageNameCasing",
            "UndefinedArgInFrom",
            "UndefinedVar",
            "WorkdirRelativePath",
        )
    )
)
BUILDKIT_CHECKS = frozenset(name.upper() for name in BUILDKIT_CHECK_NAMES)

FOREIGN_CODES = HADOLINT_CODES | BUILDKIT_CHECKS

#: hadolint rules that hadolint itself runs only when asked.
HADOLINT_OFF_BY_DEFAULT = frozenset({"DL1001", "DL3057"})
