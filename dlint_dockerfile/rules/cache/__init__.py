"""Cache family (DLX1xx): what makes the build cache stale or useless."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx101_update_without_install", "UpdateWithoutInstall"),
    ("dlx102_install_from_earlier_update", "InstallFromEarlierUpdate"),
    ("dlx103_source_copied_before_install", "SourceCopiedBeforeInstall"),
    ("dlx104_add_url_without_checksum", "AddUrlWithoutChecksum"),
    ("dlx105_volatile_arg_declared_early", "VolatileArgDeclaredEarly"),
)
