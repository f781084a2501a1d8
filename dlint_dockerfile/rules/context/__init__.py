"""Context family (DLX406-DLX410): what a COPY/ADD takes from the build context."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx406_broad_copy_without_dockerignore", "BroadCopyWithoutIgnoreFile"),
    ("dlx407_context_ships_unwanted_files", "ContextShipsUnwantedFiles"),
    ("dlx408_context_ships_secrets", "ContextShipsSecrets"),
    ("dlx409_copy_ignored_file", "CopyIgnoredFile"),
    ("dlx410_copy_source_not_found", "CopySourceNotFound"),
)
