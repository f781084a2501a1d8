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
    "NO_RULE",
    "no_rule_reason",
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

#: hadolint and BuildKit codes no dlint rule claims, and why (upper case).
NO_RULE: dict[str, str] = {
    "DL1001": "hadolint's ban on inline ignore pragmas; dlint reports unused and invalid ones "
    "instead (DLX014, DLX015)",
    "DL3005": "removed from hadolint (apt-get upgrade is a choice, not a mistake)",
    "DL3017": "removed from hadolint (apk upgrade)",
    "DL3031": "removed from hadolint (yum update)",
    "DL3039": "removed from hadolint (dnf update)",
    "INVALIDBASEIMAGEPLATFORM": "needs the base image's platforms from a registry; not offline",
}


def no_rule_reason(code: str) -> str:
    """Why no dlint rule answers to a foreign ``code`` (one `FOREIGN_CODES` holds)."""
    return NO_RULE.get(code.strip().upper(), "not implemented yet")
