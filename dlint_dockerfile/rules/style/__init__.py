"""Style family (DLX9xx): metadata, WORKDIR/USER style, FROM --platform and ENV checks."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx901_workdir_relative_path", "WorkdirRelativePath"),
    ("dlx905_redundant_target_platform", "RedundantTargetPlatform"),
    ("dlx906_from_platform_flag_const", "FromPlatformFlagConstDisallowed"),
    ("dlx907_env_self_reference", "EnvSelfReference"),
    ("dlx908_user_without_numeric_id", "UserWithoutNumericId"),
    ("dlx909_copy_entire_filesystem", "CopyEntireFilesystem"),
    ("dlx910_healthcheck_missing", "HealthcheckMissing"),
    ("dlx911_invalid_label_key", "InvalidLabelKey"),
    ("dlx912_missing_required_label", "MissingRequiredLabel"),
    ("dlx913_superfluous_label", "SuperfluousLabel"),
    ("dlx914_empty_label", "EmptyLabel"),
    ("dlx915_label_not_url", "LabelNotUrl"),
    ("dlx916_label_not_rfc3339", "LabelNotRfc3339"),
    ("dlx917_label_not_spdx", "LabelNotSpdx"),
    ("dlx918_label_not_git_hash", "LabelNotGitHash"),
    ("dlx919_label_not_semver", "LabelNotSemver"),
    ("dlx920_label_not_email", "LabelNotEmail"),
    ("dlx921_invalid_definition_description", "InvalidDefinitionDescription"),
    ("dlx922_unformatted", "Unformatted"),
)
