"""Copy family (DLX401-DLX405): ADD and COPY used the wrong way."""

#: The family's rules, in order: each rule's module (named by its code and name) and
#: its class. Listed, not imported: a run imports a rule's module when it needs the rule.
RULES = (
    ("dlx401_add_instead_of_copy", "AddInsteadOfCopy"),
    ("dlx402_copy_then_extract_archive", "CopyArchiveThenExtract"),
    ("dlx403_copy_sources_to_file", "CopyMultipleSourcesToFile"),
    ("dlx404_relative_destination_without_workdir", "RelativeDestinationWithoutWorkdir"),
    ("dlx405_add_over_http", "AddOverHttp"),
)
